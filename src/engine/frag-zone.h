/* frag-zone.h: one zone of physical memory and its Linux-style buddy allocator (engine-internal).
 *
 * Everything here works on absolute pfns; buddy blocks are aligned on the absolute pfn, as in
 * Linux, and never cross the zone's end. The zone owns the frame words (frag-frame.h), the
 * pageblock migrate types and the free lists per order and migrate type, in either list order:
 *   address: hierarchical bitmaps per (order, type): the lowest-addressed block is found in a few
 *            word reads (find-first-set down the summary levels);
 *   lifo:    doubly linked lists threaded through the frame words and one link array, with
 *            Linux's head/tail rules.
 * Callers (frag-sim.c, the bench) never touch the lists; they allocate and free blocks, take and
 * release arbitrary runs (contiguous placement carves its frames out of the buddy lists so the
 * buddy view is true in every mode), and read statistics.
 *
 * Choices where Linux gives no single answer:
 * - A freed block goes to the list of its pageblock's type (the migratetype __free_one_page is
 *   given); at order >= pageblock_order it merges unless that type and the buddy's pageblock type
 *   differ and either is not mergeable. Blocks carved by take_run / alloc_at leave their pieces on
 *   the list they came from, as expand() does. rebuild_free puts each block on its head's
 *   pageblock list and joins pageblocks only when they are all of one type or all mergeable.
 * - Movable requests may use CMA lists (ALLOC_CMA): first when CMA holds more than half of the
 *   free frames, else after their own lists and before the fallback, as __rmqueue does.
 * - Calls with bad arguments (out of the zone, misaligned, freeing a frame that is not used,
 *   taking one that is not free) change nothing; allocations return FRAG_PFN_NONE.
 * Memory: 4 bytes of word per frame, plus 2 bits per frame and type of bitmaps (address) or a
 * 4-byte link (lifo); all in one block, so frag_zone_copy is two memcpy calls.
 */
#pragma once

#include "frag-engine.h"
#include "frag-frame.h"

typedef struct FragZone FragZone;

typedef struct {
  uint64_t          start_pfn;
  uint64_t          frames;          /* 1 .. FRAG_MAX_FRAMES */
  unsigned          max_order;       /* <= FRAG_MAX_ORDER_LIMIT */
  unsigned          pageblock_order; /* <= max_order */
  FragFreeListOrder discipline;
  FragMigrateType   initial_mt;      /* every pageblock at the start */
} FragZoneParams;

typedef struct {
  uint64_t extfrag_events;     /* fallbacks that mixed types in a pageblock (mm_page_alloc_extfrag
                                * with fragmenting=1: the block taken was below pageblock_order) */
  uint64_t pageblocks_stolen;  /* pageblocks re-tagged by stealing (that had another type) */
  uint64_t fallbacks;          /* __rmqueue_fallback calls that took a block (CMA use excluded) */
} FragZoneCounters;

#define FRAG_PFN_NONE UINT64_MAX

FragZone *frag_zone_new (const FragZoneParams *params);           /* all frames free */
void      frag_zone_destroy (FragZone *zone);
FragZone *frag_zone_clone (const FragZone *zone);
/* Makes dst equal to src (both made from the same params): a checkpoint restore, memcpy only. */
void      frag_zone_copy (FragZone *dst, const FragZone *src);
size_t    frag_zone_memory_bytes (const FragZone *zone);
const FragZoneParams *frag_zone_params (const FragZone *zone);

/* Linux's __rmqueue: smallest order of `mt`'s lists, then __rmqueue_fallback with stealing.
 * Marks the 2^order frames USED by `owner` (head flagged). Returns the pfn or FRAG_PFN_NONE. */
uint64_t  frag_zone_alloc (FragZone *zone, unsigned order, FragMigrateType mt, uint32_t owner);
/* Linux's __free_one_page for a block allocated with frag_zone_alloc (or any aligned used block):
 * merges with free buddies (pageblock rule), list type = the pageblock's type. */
void      frag_zone_free (FragZone *zone, uint64_t pfn, unsigned order);
/* Allocates exactly the aligned block at pfn (it must lie inside one free block): trace replay. */
bool      frag_zone_alloc_at (FragZone *zone, uint64_t pfn, unsigned order, FragMigrateType mt,
                              uint32_t owner);

/* Contiguous runs of any length. take: the frames must all be free; the free blocks overlapping
 * the run are split and what is left of them goes back as aligned blocks on the lists they came
 * from. release: the frames must all be used; they go back as aligned blocks, merging. */
bool      frag_zone_run_is_free (const FragZone *zone, uint64_t pfn, uint64_t frames);
void      frag_zone_take_run (FragZone *zone, uint64_t pfn, uint64_t frames, uint32_t owner,
                              FragMigrateType mt, bool pinned);
void      frag_zone_release_run (FragZone *zone, uint64_t pfn, uint64_t frames);
/* Rewrites the words of used frames (compaction moved them; owner tables are the caller's). */
void      frag_zone_set_used (FragZone *zone, uint64_t pfn, uint64_t frames, uint32_t owner,
                              FragMigrateType mt, bool pinned);
/* Writable words for bulk rewrites (compaction); after them call frag_zone_rebuild_free, which
 * rebuilds every free list from the USED bits: maximal aligned blocks (pageblock rule applied),
 * each on its pageblock's list. O(frames / 64 + blocks). */
uint32_t *frag_zone_words_mut (FragZone *zone);
void      frag_zone_rebuild_free (FragZone *zone);

const uint32_t *frag_zone_words (const FragZone *zone);
uint64_t  frag_zone_free_frames (const FragZone *zone);        /* ISOLATE lists not counted */
uint64_t  frag_zone_nr_free (const FragZone *zone, unsigned order, FragMigrateType mt);
bool      frag_zone_has_free_block (const FragZone *zone, unsigned order, FragMigrateType mt);
/* The free block holding pfn: its head and order; false if pfn is used. O(max_order). */
bool      frag_zone_free_block_of (const FragZone *zone, uint64_t pfn, uint64_t *head,
                                   unsigned *order);
uint64_t  frag_zone_n_pageblocks (const FragZone *zone);
FragMigrateType frag_zone_pageblock_mt (const FragZone *zone, uint64_t pageblock); /* absolute */
/* Re-tags a pageblock and moves its free pages to the new type's lists (move_freepages_block). */
void      frag_zone_set_pageblock_mt (FragZone *zone, uint64_t pageblock, FragMigrateType mt);
const FragZoneCounters *frag_zone_counters (const FragZone *zone);

/* Changes with every call that may change the zone (frag_zone_words_mut included: its callers
 * write after it and rebuild the lists after that, which changes it again). */
uint64_t  frag_zone_generation (const FragZone *zone);
/* Calls fn for each run of max_order-aligned blocks (clipped to the zone) whose frame words,
 * free heads or pageblock types changed after generation `since`; false, calling nothing,
 * when the whole zone is to be taken as changed (copied, or written through words_mut). */
bool      frag_zone_changes_since (const FragZone *zone, uint64_t since, FragRangeFunc fn,
                                   void *data);
/* The use of every pageblock of the zone (frag_zone_n_pageblocks entries, the zone's first
 * pageblock first), and how many are mixed: computed in one pass on the first call after a
 * change and cached in the zone (outside the blob: copies and clones start without it). NULL
 * when out of memory. */
const FragPageblockUse *frag_zone_pageblock_use (const FragZone *zone, uint64_t *mixed);
/* Calls fn for every free block, in address order. */
typedef void (*FragZoneBlockFunc) (uint64_t pfn, unsigned order, FragMigrateType mt, void *data);
void      frag_zone_foreach_free_block (const FragZone *zone, FragZoneBlockFunc fn, void *data);

/* Internal consistency: words vs lists vs counts vs bitmaps/links, alignment, no two free buddies
 * left unmerged where merging is allowed. */
bool      frag_zone_check (const FragZone *zone, char *err, size_t errlen);
