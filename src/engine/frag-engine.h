/* frag-engine.h: the public face of the Fragscope engine.
 *
 * Plain C11, no GLib, no GTK, no json-c: the scenario loader and the importers fill the plain
 * structures declared here (FragConfig, FragProgram), the engine (FragSim) runs them step by step
 * and answers queries that the renderer, the CLI report and the GUI read. Nothing above the engine
 * reaches into its internals; everything it needs is declared in this file.
 *
 * Units: addresses and sizes given by users are bytes; everything the engine reports about
 * physical memory is in page frames, identified by absolute pfn.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Limits (documented in docs/scenario-format.md; the loader enforces them) ------------- */

#define FRAG_MAX_ORDER_LIMIT   15u          /* orders 0..15 at most (Linux: 10 on x86-64) */
#define FRAG_MAX_ZONES         8u
#define FRAG_MAX_FRAMES        ((1u << 24) - 2u) /* total frames of a memory: 16M (64 GiB of 4 KiB) */
#define FRAG_MAX_STEPS         100000000ull /* after `random` expansion */
#define FRAG_MAX_NAME_LEN      63u          /* process, segment, zone and raw-id names, in bytes */
#define FRAG_MAX_TEXT_LEN      4096u        /* titles, descriptions and notes, in bytes */
#define FRAG_MAX_SEGMENTS      64u          /* segments per process */
#define FRAG_MAX_PT_LEVELS     5u
#define FRAG_MAX_FRAME_SIZE    (1ull << 30)
#define FRAG_ZONE_NAME_LEN     16u
#define FRAG_NONE              UINT32_MAX   /* "no string", "no index" */

/* ---- Enumerations ---------------------------------------------------------------------------- */

typedef enum {
  FRAG_MT_UNMOVABLE = 0,
  FRAG_MT_MOVABLE,
  FRAG_MT_RECLAIMABLE,
  FRAG_MT_HIGHATOMIC,
  FRAG_MT_CMA,
  FRAG_MT_ISOLATE,
  FRAG_MT_COUNT
} FragMigrateType;

typedef enum {
  FRAG_MODE_SEGMENTATION = 0,
  FRAG_MODE_PAGING,
  FRAG_MODE_COMPACTION,
  FRAG_MODE_BUDDY,
  FRAG_MODE_COUNT
} FragMode;

typedef enum {
  FRAG_FIT_FIRST = 0,
  FRAG_FIT_NEXT,
  FRAG_FIT_BEST,
  FRAG_FIT_WORST,
  FRAG_FIT_COUNT
} FragFit;

typedef enum {
  FRAG_FREE_LIST_ADDRESS = 0, /* the lowest-addressed block of a list is taken first */
  FRAG_FREE_LIST_LIFO,        /* Linux: head of the list, with the tail rule on merge */
  FRAG_FREE_LIST_COUNT
} FragFreeListOrder;

typedef enum {
  FRAG_TRIGGER_ON_FAILURE = 0,
  FRAG_TRIGGER_MANUAL,
  FRAG_TRIGGER_THRESHOLD,
  FRAG_TRIGGER_COUNT
} FragTrigger;

typedef enum {
  FRAG_OP_SPAWN = 0,
  FRAG_OP_EXIT,
  FRAG_OP_GROW,
  FRAG_OP_ALLOC,
  FRAG_OP_FREE,
  FRAG_OP_COMPACT,
  FRAG_OP_ACCESS,
  FRAG_OP_NOTE,
  FRAG_OP_RANDOM,
  /* Ops that the importers produce (ftrace replay on a fixed pfn), not written in scenarios. */
  FRAG_OP_TRACE_ALLOC,
  FRAG_OP_TRACE_FREE,
  FRAG_OP_COUNT
} FragOpKind;

typedef enum {
  FRAG_REASON_NONE = 0,
  FRAG_REASON_EXTERNAL_FRAGMENTATION,
  FRAG_REASON_OUT_OF_MEMORY,
  FRAG_REASON_NO_SUCH_PROCESS,
  FRAG_REASON_PROCESS_EXISTS,
  FRAG_REASON_FAULT,
  FRAG_REASON_COUNT
} FragReason;

/* Classes of a frame read from a real machine (/proc/kpageflags) or left unknown by a trace. */
typedef enum {
  FRAG_CLASS_NONE = 0,   /* not an imported frame */
  FRAG_CLASS_ANON,
  FRAG_CLASS_FILE,       /* page cache */
  FRAG_CLASS_SLAB,
  FRAG_CLASS_PAGE_TABLE,
  FRAG_CLASS_HUGE,       /* THP or hugetlb */
  FRAG_CLASS_KERNEL,     /* used, none of the above (kernel allocations, buffers...) */
  FRAG_CLASS_RESERVED,   /* NOPAGE / reserved: not usable memory */
  FRAG_CLASS_OFFLINE,
  FRAG_CLASS_UNKNOWN,    /* a trace touched memory it never saw allocated */
  FRAG_CLASS_COUNT
} FragFrameClass;

/* Lower-case Linux names ("movable", ...) and parsing (case-insensitive). Return NULL/false when
 * out of range or unknown. */
const char *frag_migrate_type_name (FragMigrateType mt);
bool        frag_migrate_type_parse (const char *s, FragMigrateType *out);
const char *frag_mode_name (FragMode mode);
bool        frag_mode_parse (const char *s, FragMode *out);
const char *frag_fit_name (FragFit fit);
bool        frag_fit_parse (const char *s, FragFit *out);
const char *frag_free_list_name (FragFreeListOrder o);
bool        frag_free_list_parse (const char *s, FragFreeListOrder *out);
const char *frag_trigger_name (FragTrigger t);
bool        frag_trigger_parse (const char *s, FragTrigger *out);
const char *frag_op_name (FragOpKind op);          /* "spawn", ..., "trace-alloc" */
bool        frag_op_parse (const char *s, FragOpKind *out);
const char *frag_reason_name (FragReason r);       /* "external-fragmentation", ... ; NULL for NONE */
const char *frag_frame_class_name (FragFrameClass c);

/* ---- Configuration ---------------------------------------------------------------------------- */

typedef struct {
  char     name[FRAG_ZONE_NAME_LEN];
  uint64_t start_pfn;
  uint64_t frames;
} FragZoneSpec;

typedef struct {
  uint64_t          frame_size;        /* bytes per frame, >= 1 (default 4096) */
  unsigned          n_zones;           /* 1..FRAG_MAX_ZONES, in pfn order, no overlap */
  FragZoneSpec      zones[FRAG_MAX_ZONES];
  unsigned          max_order;         /* default 10 */
  unsigned          pageblock_order;   /* default min(9, max_order) */
  FragMode          mode;
  FragFit           fit;
  FragFreeListOrder free_list;
  FragTrigger       trigger;           /* compaction mode */
  double            threshold;         /* trigger "threshold": compact when external fragmentation > it */
  unsigned          pt_levels;         /* paging: 1..5, default 1 */
  unsigned          pt_bits_per_level; /* paging: default 9 */
  FragMigrateType   initial_pageblock_type; /* MOVABLE, as Linux boots */
} FragConfig;

/* Defaults of the contract: 4096-byte frames, one "Normal" zone of 0 frames (caller sets it),
 * max_order 10, pageblock_order 9, segmentation, first fit, address lists, on-failure. */
void frag_config_init (FragConfig *cfg);
/* Checks ranges and zone order; on failure writes a message into err and returns false. */
bool frag_config_check (const FragConfig *cfg, char *err, size_t errlen);
uint64_t frag_config_total_frames (const FragConfig *cfg);

/* ---- Programs: what a scenario (or a trace) asks the engine to do ------------------------------ */

typedef struct {
  uint32_t name;  /* string id, FRAG_NONE for an anonymous single segment */
  uint64_t size;  /* bytes, >= 1 */
} FragSegmentSpec;

typedef enum {
  FRAG_WORKLOAD_PROCESSES = 0, /* spawn / exit */
  FRAG_WORKLOAD_RAW,           /* alloc / free */
} FragWorkload;

typedef struct {
  uint64_t     seed;
  uint64_t     count;           /* steps this op expands into */
  FragWorkload workload;
  uint64_t     min_size;        /* processes: bytes per segment, uniform in [min, max] frames */
  uint64_t     max_size;        /* 0: the engine picks (1/64 of memory) */
  unsigned     max_segments;    /* processes: 1..FRAG_MAX_SEGMENTS segments each, uniform */
  unsigned     min_order;       /* raw: orders drawn like the bench traces, clamped to [min,max] */
  unsigned     max_order;
  double       alloc_ratio;     /* probability that a step allocates (spawn/alloc) rather than frees */
  double       target_use;      /* 0..1: above this fraction of memory in use, use high_ratio instead */
  double       high_ratio;
  double       mt_weights[FRAG_MT_COUNT]; /* migrate types of new allocations (defaults: all movable) */
  double       pinned_ratio;    /* processes: probability that a new process is pinned */
} FragRandomSpec;

void frag_random_spec_init (FragRandomSpec *spec);

typedef struct {
  FragOpKind      kind;
  uint32_t        name;        /* spawn/exit/grow/access: process; alloc/free: raw id; note: text */
  uint32_t        segment;     /* grow: segment name, or FRAG_NONE */
  uint32_t        first_segment; /* spawn: index into program->segments */
  uint32_t        n_segments;
  uint64_t        size;        /* grow: "by" bytes */
  uint64_t        address;     /* spawn "at" (bytes) when has_at; access: virtual address */
  bool            has_at;
  bool            pinned;
  FragMigrateType mt;
  int             order;       /* alloc: order; compact: wanted order or -1 */
  uint32_t        random;      /* random: index into program->randoms */
  uint64_t        pfn;         /* trace-alloc / trace-free: absolute pfn */
  uint32_t        first_pfn;   /* spawn "frames": [...] (extension, paging): explicit frame of each */
  uint32_t        n_pfns;      /*   virtual page, index into program->pfns; 0 when not given */
  uint32_t        line, column; /* where the op was written (0 when not from a file) */
} FragOp;

typedef struct FragProgram FragProgram;

struct FragProgram {
  char            *title;       /* owned, may be NULL */
  char            *description; /* owned, may be NULL */
  FragOp          *ops;
  size_t           n_ops, cap_ops;
  FragSegmentSpec *segments;
  size_t           n_segments, cap_segments;
  FragRandomSpec  *randoms;
  size_t           n_randoms, cap_randoms;
  uint64_t        *pfns;        /* explicit frames of spawn ops (extension "frames") */
  size_t           n_pfns, cap_pfns;
  char           **strings;     /* interned, owned */
  size_t           n_strings, cap_strings;
  void            *string_index; /* private hash of strings */
  uint64_t         n_steps;     /* steps after expanding `random` ops */
  int              refcount;
};

FragProgram *frag_program_new (void);
void         frag_program_free (FragProgram *prog);
/* All return false only when memory runs out or a limit (FRAG_MAX_STEPS) is passed. */
bool         frag_program_set_title (FragProgram *prog, const char *title);
bool         frag_program_set_description (FragProgram *prog, const char *description);
uint32_t     frag_program_intern (FragProgram *prog, const char *s); /* FRAG_NONE on failure */
const char  *frag_program_string (const FragProgram *prog, uint32_t id); /* NULL for FRAG_NONE */
FragOp      *frag_program_add_op (FragProgram *prog, FragOpKind kind); /* zeroed, names FRAG_NONE */
uint32_t     frag_program_add_segment (FragProgram *prog, uint32_t name, uint64_t size);
uint32_t     frag_program_add_random (FragProgram *prog, const FragRandomSpec *spec);
uint32_t     frag_program_add_pfn (FragProgram *prog, uint64_t pfn);  /* FRAG_NONE on failure */
/* Steps after expanding `random` ops (also stored in prog->n_steps). */
uint64_t     frag_program_n_steps (FragProgram *prog);
/* Maps a step (0-based, after expansion) to its op and, for `random`, the index inside it. */
bool         frag_program_locate_step (const FragProgram *prog, uint64_t step,
                                       size_t *op_index, uint64_t *sub_index);

/* ---- The simulation ---------------------------------------------------------------------------- */

typedef struct FragSim FragSim;

typedef struct {
  uint64_t start;   /* pfn */
  uint64_t frames;
} FragExtent;

typedef struct {
  uint64_t pfn;        /* frame holding that level's table (virtual tables: an id, see docs) */
  uint32_t index;      /* index used at that level */
  bool     present;
} FragWalkLevel;

/* One event per step. Pointers stay valid until the next call that changes the simulation. */
typedef struct {
  uint64_t          step;        /* 0-based */
  FragOpKind        op;          /* for an expanded `random`, the op it expanded to */
  bool              ok;
  FragReason        reason;
  const char       *name;        /* process or raw-alloc id, note text; NULL when none */
  const char       *segment;     /* grow */
  const FragExtent *extents;     /* spawn, alloc, grow: one per segment or block */
  size_t            n_extents;
  uint64_t          bytes;       /* spawn/grow: bytes asked; alloc: 2^order * frame_size */
  /* access */
  uint64_t          vaddr, paddr;
  const FragWalkLevel *walk;
  unsigned          walk_levels;
  /* compaction done during this step (explicit compact, or triggered) */
  uint64_t          frames_moved;
  bool              compacted;
  /* frees: frames returned */
  uint64_t          frames_freed;
  /* the order asked (alloc) */
  int               order;
  /* trace replay: event ignored because it contradicted what was known (double free...) */
  bool              skipped;
  /* `compact` with a costly order (> 3) in paging and buddy modes, as mm/compaction.c: a zone
   * whose fragmentation index for that order is in [0, extfrag_threshold = 500] is not
   * compacted (the failure would be for lack of memory). True when a zone was skipped so;
   * compaction_fragindex is that zone's index x1000 (the last one skipped). */
  bool              compaction_skipped;
  int               compaction_fragindex;
} FragEvent;

/* Frames that a step changed, for highlighting. */
typedef enum {
  FRAG_CHANGE_ALLOCATED = 0,
  FRAG_CHANGE_FREED,
  FRAG_CHANGE_MOVED_FROM,
  FRAG_CHANGE_MOVED_TO,
} FragChangeKind;

typedef struct {
  uint64_t       start;
  uint64_t       frames;
  FragChangeKind kind;
} FragChange;

typedef struct {
  uint64_t free_frames;
  uint64_t used_frames;
  uint64_t total_frames;
  uint64_t largest_free_run;
  double   external_fragmentation;     /* 1 - largest_free_run / free_frames; 0 when none free */
  uint64_t internal_fragmentation_bytes;
  uint64_t failed_allocations;         /* cumulative */
  uint64_t failed_external_fragmentation;
  uint64_t failed_out_of_memory;
  uint64_t compaction_frames_moved;    /* cumulative */
  uint64_t compaction_bytes_moved;
  uint64_t compactions;                /* compaction runs */
  uint64_t extfrag_events;             /* Linux's mm_page_alloc_extfrag */
  uint64_t pageblocks_stolen;
  uint64_t live_processes;
  uint64_t live_allocations;           /* raw allocations */
  uint64_t page_faults;
  uint64_t trace_allocs, trace_frees, trace_skipped;
} FragMetrics;

typedef struct {
  char     name[FRAG_ZONE_NAME_LEN];
  uint64_t start_pfn;
  uint64_t frames;
  uint64_t free_frames;
  uint64_t largest_free_run;
  unsigned n_orders;                   /* max_order + 1 */
  uint64_t nr_free[FRAG_MAX_ORDER_LIMIT + 1];                /* /proc/buddyinfo */
  uint64_t nr_free_by_type[FRAG_MT_COUNT][FRAG_MAX_ORDER_LIMIT + 1]; /* /proc/pagetypeinfo */
  uint64_t pageblocks_by_type[FRAG_MT_COUNT];
  uint64_t n_pageblocks;
  uint64_t mixed_pageblocks;           /* pageblocks holding used frames of another type */
} FragZoneStats;

/* One sample per applied step (index = step), for plots over time. */
typedef struct {
  uint64_t free_frames;
  uint64_t largest_free_run;
  uint64_t failed_allocations;
  uint64_t compaction_bytes_moved;
  float    external_fragmentation;
  float    unusable_index[FRAG_MAX_ORDER_LIMIT + 1]; /* whole memory, 0..1 */
} FragSample;

/* A process, as the views and the report need it. */
typedef struct {
  const char *name;
  uint32_t    id;          /* stable for the life of the run: same name -> same colour */
  bool        pinned;
  FragMigrateType mt;
  unsigned    n_segments;
  uint64_t    bytes;       /* asked */
  uint64_t    frames;      /* held */
} FragProcessInfo;

typedef struct {
  const char *name;        /* may be NULL for an unnamed single segment */
  uint64_t    bytes;
  uint64_t    frames;
  uint64_t    base_vaddr;  /* virtual address of the segment (segments laid out in order) */
  /* segmentation/compaction/buddy: one extent; paging: see frag_sim_process_frames */
  uint64_t    start_pfn;   /* FRAG_NONE-as-u64 (UINT64_MAX) in paging unless contiguous */
} FragSegmentInfo;

/* What occupies a frame. */
typedef enum {
  FRAG_OWNER_NONE = 0,     /* free */
  FRAG_OWNER_PROCESS,      /* a process's segment or page */
  FRAG_OWNER_RAW,          /* a raw kernel-style allocation */
  FRAG_OWNER_IMPORTED,     /* a frame read from a real machine / trace */
} FragOwnerKind;

typedef struct {
  FragOwnerKind   kind;
  uint32_t        process;   /* process id (FRAG_OWNER_PROCESS) */
  uint32_t        segment;   /* segment index within the process */
  uint64_t        vpage;     /* paging: virtual page number inside the process */
  const char     *name;      /* process name or raw-alloc id */
  FragMigrateType mt;
  FragFrameClass  klass;     /* imported frames */
  bool            pinned;
  uint64_t        start_pfn; /* the allocation this frame belongs to */
  uint64_t        frames;
  int             order;     /* buddy order of a raw/trace allocation, -1 for runs */
} FragOwnerInfo;

typedef struct {
  uint64_t        pfn;
  unsigned        zone;
  uint64_t        pageblock;  /* pfn >> pageblock_order */
  FragMigrateType pageblock_mt;
  bool            free;
  int             buddy_order; /* order of the free block holding it, or -1 */
  uint64_t        buddy_start; /* that block's first pfn */
  FragMigrateType free_list_mt;
  FragOwnerInfo   owner;       /* kind NONE when free */
} FragFrameInfo;

/* Creation copies cfg and takes a reference on prog (the sim frees it with itself when it holds
 * the last reference: frag_program_ref/unref). Returns NULL with a message on a bad config. */
FragSim *frag_sim_new (const FragConfig *cfg, FragProgram *prog, char *err, size_t errlen);
void     frag_sim_free (FragSim *sim);
FragProgram *frag_program_ref (FragProgram *prog);
void     frag_program_unref (FragProgram *prog);

const FragConfig  *frag_sim_config (const FragSim *sim);
const FragProgram *frag_sim_program (const FragSim *sim);
uint64_t frag_sim_n_steps (const FragSim *sim);
uint64_t frag_sim_position (const FragSim *sim);   /* steps applied, 0..n_steps */

/* Applies the next step; returns false at the end. */
bool     frag_sim_step (FragSim *sim);
/* Brings the simulation to `position` steps applied (checkpoints plus replay; under 50 ms for a
 * 1,000,000-step run after frag_sim_prepare). */
void     frag_sim_seek (FragSim *sim, uint64_t position);
/* Runs the whole program once, laying checkpoints and recording one FragSample per step, then
 * seeks back to the position it had. `progress` (may be NULL) is called now and then with
 * done/total; it returns false to cancel (then prepare returns false and nothing is lost).
 * A run already prepared (and not changed since) returns at once. */
typedef bool (*FragProgressFunc) (uint64_t done, uint64_t total, void *user_data);
bool     frag_sim_prepare (FragSim *sim, FragProgressFunc progress, void *user_data);
/* A batch run only goes forward (the CLI's `run`, benchmarks): no checkpoints are laid while
 * stepping and no samples are recorded, which saves a fifth of the time on large memories.
 * Seeking still works (from the start). Off by default; prepare ignores it. */
void     frag_sim_set_batch (FragSim *sim, bool batch);
/* Samples recorded so far: steps 0..n-1 (n = the furthest position ever reached). */
const FragSample *frag_sim_samples (const FragSim *sim, uint64_t *n);
/* The sample of the state as it is now (at position 0: before any step, which no recorded
 * sample shows). */
void     frag_sim_sample_now (const FragSim *sim, FragSample *out);

/* The event of the step last applied (position - 1); NULL at position 0. */
const FragEvent  *frag_sim_last_event (const FragSim *sim);
/* Frames changed by the step last applied. */
const FragChange *frag_sim_last_changes (const FragSim *sim, size_t *n);
/* The note in force: the text of the latest `note` step at or before position, or NULL. */
const char       *frag_sim_current_note (const FragSim *sim);

void     frag_sim_metrics (const FragSim *sim, FragMetrics *out);
unsigned frag_sim_n_zones (const FragSim *sim);
void     frag_sim_zone_stats (const FragSim *sim, unsigned zone, FragZoneStats *out);

/* Maximal runs of free frames in address order (all zones). Calls fn for each; stops early when
 * fn returns false. */
typedef bool (*FragExtentFunc) (const FragExtent *extent, void *user_data);
void     frag_sim_foreach_hole (const FragSim *sim, FragExtentFunc fn, void *user_data);

/* Processes alive now, in creation order. */
size_t   frag_sim_n_processes (const FragSim *sim);
bool     frag_sim_process (const FragSim *sim, size_t index, FragProcessInfo *out);
bool     frag_sim_segment (const FragSim *sim, size_t process_index, unsigned segment,
                           FragSegmentInfo *out);
/* The extents a process holds, in virtual order (segment by segment; paging: runs of pages). */
size_t   frag_sim_process_extents (const FragSim *sim, size_t process_index,
                                   FragExtent *out, size_t max);
/* The physical frame of each virtual page, in virtual page order (paging: the page table). */
size_t   frag_sim_process_frames (const FragSim *sim, size_t process_index,
                                  uint64_t *out, size_t max);

/* Live raw allocations, in creation order. */
size_t   frag_sim_n_raw (const FragSim *sim);
bool     frag_sim_raw (const FragSim *sim, size_t index, const char **id, uint64_t *pfn,
                       unsigned *order, FragMigrateType *mt);

/* Everything known about one frame (hover tooltips); false when pfn is in no zone. */
bool     frag_sim_frame_info (const FragSim *sim, uint64_t pfn, FragFrameInfo *out);
/* Details of an owner id read from frame words (see frag-frame.h). */
bool     frag_sim_owner (const FragSim *sim, uint32_t owner_id, FragOwnerInfo *out);
/* Migrate type of a pageblock (index = absolute pfn >> pageblock_order). */
FragMigrateType frag_sim_pageblock_type (const FragSim *sim, uint64_t pageblock);

/* How a pageblock is used: its frames inside the zone, how many are in use, and how many of those
 * belong to allocations of another migrate type than the block's (the block is "mixed", as
 * /proc/pagetypeinfo's fallbacks leave them, when foreign > 0). */
typedef struct {
  uint32_t frames;
  uint32_t used;
  uint32_t foreign;
} FragPageblockUse;

/* The use of every pageblock of a zone, the zone's first pageblock (*first_pageblock, an absolute
 * index) first, *n of them; a pageblock shared by two zones appears in both, each counting its
 * own frames. NULL for no such zone (or out of memory). Valid until the next change.
 * The whole zone is summarised at once, in one pass over its frame words, the first time it is
 * asked for after a change, and kept until the next change: a renderer drawing every block,
 * and frag_sim_zone_stats for the mixed count, pay one pass per state, not one per question.
 * (So this reads like a query but fills a cache: one FragSim is not read from two threads at
 * once, as everywhere in the engine.) */
const FragPageblockUse *frag_sim_zone_pageblock_use (const FragSim *sim, unsigned zone,
                                                     uint64_t *first_pageblock, uint64_t *n);

/* Dense access for renderers: the raw frame words of a zone (see frag-frame.h for the encoding);
 * valid until the next call that changes the simulation. */
const uint32_t *frag_sim_zone_words (const FragSim *sim, unsigned zone, uint64_t *start_pfn,
                                     uint64_t *frames);

/* What changed, for renderers that repaint only that: a generation of a zone that grows with
 * every change to it (never repeats for one FragSim), and the frames changed since a generation
 * read earlier, as runs of max_order-aligned blocks (clipped to the zone) whose frame words,
 * free blocks or pageblock types changed. false, calling nothing, when all of the zone is to
 * be taken as changed (a seek restored it from a checkpoint, compaction rewrote it). */
typedef void (*FragRangeFunc) (uint64_t pfn, uint64_t frames, void *data);
uint64_t frag_sim_zone_generation (const FragSim *sim, unsigned zone);
bool     frag_sim_zone_changes_since (const FragSim *sim, unsigned zone, uint64_t generation,
                                      FragRangeFunc fn, void *data);

/* Linux's indices (mm/vmstat.c), x1000 as the kernel computes them, from nr_free[0..n_orders-1]. */
int      frag_fragmentation_index (const uint64_t *nr_free, unsigned n_orders, unsigned order);
int      frag_unusable_free_index (const uint64_t *nr_free, unsigned n_orders, unsigned order);

/* Builds a state directly, for importers: all frames start free in buddy blocks (pageblocks of
 * cfg->initial_pageblock_type); then frames are marked used, with a class, a migrate type and an
 * optional order (for traces), or returned free. Returns false when the range is not inside a
 * zone or (mark_used) not free. These are not steps: call before stepping. */
bool     frag_sim_import_used (FragSim *sim, uint64_t pfn, uint64_t frames, FragFrameClass klass,
                               FragMigrateType mt);
bool     frag_sim_import_set_pageblock (FragSim *sim, uint64_t pageblock, FragMigrateType mt);

/* Whole-engine consistency check (tests): each frame counted once, free lists equal free frames,
 * free blocks by order = aligned decomposition of holes where merging is unrestricted, page
 * tables consistent, hole index = holes. Returns true or writes what broke into err. */
bool     frag_sim_check (const FragSim *sim, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif
