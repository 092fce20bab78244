/* frag-holes.h: the hole index of one zone (engine-internal).
 *
 * A hole is a maximal run of free frames. Segmentation and compaction place each segment in one
 * hole chosen by a fit, and must not scan holes or frames to do so: this index answers every fit,
 * "which hole holds this pfn", the largest hole and the counts in O(log n) for n holes.
 *
 * Layout: one treap node per hole, all nodes in one growable array addressed by uint32 indices
 * (a free list threads the unused ones), so a checkpoint is one memcpy of the array. Two treaps
 * share the nodes: one keyed by start pfn and augmented with the largest hole of each subtree
 * (first, next and worst fit descend it), one keyed by (frames, start) for best fit. The size
 * treap is built in O(n) by the first best-fit query and kept from then on (until a clear), so
 * runs that never ask for best fit do not pay for it. Priorities are a bijective hash of the node
 * index, so the shape is a pure function of the operation history: a clone behaves exactly like
 * its original.
 *
 * Fits (the segment always takes the LOWEST addresses of the chosen hole; ties go to the lowest
 * address):
 *   FIRST: the lowest-addressed hole with frames >= n.
 *   NEXT:  Knuth's roving pointer. `next_cursor` is the pfn where the previous placement ended.
 *          The search starts at the hole that holds the cursor, counted with its FULL size (the
 *          rover stays on the hole it stopped in, even if a free since then merged frames below
 *          the cursor into it), else at the first hole above the cursor; it takes the first hole
 *          with frames >= n from there upwards, then wraps round to the lowest address.
 *   BEST:  the smallest hole with frames >= n, ties to the lowest address.
 *   WORST: the largest hole, ties to the lowest address; fails if even that one is < n.
 *
 * Bulk rebuilds (after compaction): frag_holes_clear, then frag_holes_free_range in increasing
 * address order. Those appends are O(1) each: the trees are left unbuilt and made in O(n) by the
 * next call that needs them (a query or any other update; frag_holes_settle does it explicitly).
 * A query may therefore write to the index it is given as const: one FragHoles must not be used
 * from two threads at once, not even by readers only.
 *
 * Limits: a single hole holds fewer than 2^32 frames; at most 2^32 - 2 holes.
 */
#pragma once

#include "frag-engine.h"

typedef struct FragHoles FragHoles;

FragHoles *frag_holes_new (uint64_t zone_start_pfn, uint64_t zone_frames); /* one hole: the zone */
FragHoles *frag_holes_new_empty (void);                                    /* no holes */
void       frag_holes_destroy (FragHoles *h);
FragHoles *frag_holes_clone (const FragHoles *h);
void       frag_holes_copy (FragHoles *dst, const FragHoles *src); /* dst becomes equal to src */
void       frag_holes_clear (FragHoles *h);                         /* no holes (bulk rebuild) */
void       frag_holes_settle (FragHoles *h); /* build the trees now after a bulk rebuild (optional) */

/* Frames [start, start + frames) become free and merge with the neighbouring holes. Returns false
 * and changes nothing if frames is 0 or any of those frames is already free. */
bool frag_holes_free_range (FragHoles *h, uint64_t start, uint64_t frames);
/* Frames [start, start + frames) become used, splitting the hole that holds them. Returns false
 * and changes nothing if frames is 0 or they do not all lie in one hole. */
bool frag_holes_take_range (FragHoles *h, uint64_t start, uint64_t frames);

/* Where `fit` would place `frames` frames (see above): the start pfn of the chosen hole. False if
 * no hole qualifies (or frames is 0). `next_cursor` is read by FRAG_FIT_NEXT only. */
bool frag_holes_find (const FragHoles *h, FragFit fit, uint64_t frames, uint64_t next_cursor,
                      uint64_t *start);

/* Bytes a copy of this index holds (the node array in use plus the header): for checkpoint
 * budgets. Capacity beyond the nodes in use is not counted. */
size_t   frag_holes_bytes (const FragHoles *h);
uint64_t frag_holes_count (const FragHoles *h);
uint64_t frag_holes_largest (const FragHoles *h);     /* frames of the largest hole, 0 if none */
uint64_t frag_holes_free_frames (const FragHoles *h); /* sum of all holes */
/* The hole holding pfn, if pfn is free. start/frames may be NULL. */
bool frag_holes_hole_at (const FragHoles *h, uint64_t pfn, uint64_t *start, uint64_t *frames);
/* Calls fn for each hole in address order until fn returns false. */
void frag_holes_foreach (const FragHoles *h, FragExtentFunc fn, void *user_data);

/* Checks every invariant (both trees ordered and heap-ordered, subtree maxima, holes disjoint and
 * maximal, counts, node accounting). True, or false with a message in err. */
bool frag_holes_check (const FragHoles *h, char *err, size_t errlen);

/* Micro benchmark for `fragscope-cli bench`: n_ops mixed placements (all four fits) and frees on
 * a 4M-frame zone, from a fixed seed. Writes the wall time of the operations (CLOCK_MONOTONIC) to
 * *seconds; false if the run went wrong (an index check failed). */
bool frag_holes_bench (uint64_t n_ops, double *seconds);
