/* frag-sim-private.h: the inside of FragSim, shared by the frag-sim-*.c files (engine-internal).
 *
 * Every piece of simulation state lives in flat arrays addressed by indices (never pointers), so a
 * checkpoint is a handful of memcpys: the zones (frag_zone_copy), the hole indices
 * (frag_holes_copy), the POD struct FragSimState and the growable tables listed in
 * frag_sim_vecs(). What is not state (events, changes, samples, checkpoints) sits beside it.
 */
#pragma once

#include "frag-engine.h"
#include "frag-frame.h"
#include "frag-zone.h"
#include "frag-holes.h"

/* A growable flat array; part of the checkpointed state when listed in frag_sim_vecs(). */
typedef struct {
  void  *data;
  size_t len;   /* elements in use */
  size_t cap;
  size_t elt;   /* element size */
} FragVec;

bool  frag_vec_reserve (FragVec *v, size_t n);
void *frag_vec_push (FragVec *v);           /* zeroed new element, NULL when memory runs out */
#define FRAG_VEC_AT(v, type, i) (((type *) (v).data)[i])

/* One owner id of the frame words: a segment of a process, a raw allocation, a trace
 * allocation or an imported run. Slots are reused through a free stack. Kept small (48 bytes):
 * the owner table is a large part of every checkpoint. */
typedef struct {
  uint8_t  kind;       /* FragOwnerKind; FRAG_OWNER_NONE: unused slot */
  uint8_t  mt;
  uint8_t  pinned;
  uint8_t  klass;      /* FragFrameClass of imported frames */
  int8_t   order;      /* buddy block order, -1 for runs and paging segments */
  uint8_t  paged;      /* paging segment: frames are order-0 pages listed in the pte pool */
  uint8_t  trace;      /* allocated by a trace replay op */
  uint8_t  seg;        /* segment index within the process (< FRAG_MAX_SEGMENTS) */
  uint32_t obj;        /* process or raw slot, FRAG_NONE for trace/imported */
  uint32_t next;       /* next segment of the same process, FRAG_NONE at the end */
  uint32_t seg_name;   /* program string of the segment's name, FRAG_NONE when unnamed */
  uint32_t frames;     /* frames held (a memory has fewer than 2^24) */
  uint64_t start;      /* first pfn (runs, blocks; paging: first page's frame) */
  uint64_t bytes;      /* bytes asked (segments) */
  uint32_t pte;        /* paging: offset of the page table in the pte pool */
  uint32_t pte_cap;
} FragOwnerRec;

/* Generated names are "r<serial>", serials below FRAG_MAX_STEPS. */
#define FRAG_GEN_NAME_LEN 16

/* A process or a raw allocation: a named object (48 bytes). */
typedef struct {
  uint32_t name_sid;   /* program string, or FRAG_NONE when gen_name holds the name */
  uint32_t hash;       /* hash of the name: the stable colour id */
  uint32_t first_owner;
  uint32_t order_pos;  /* index in the creation-order array */
  uint64_t bytes;
  uint32_t frames;
  uint8_t  n_segments;
  uint8_t  live, mt, pinned;
  uint8_t  hashed;     /* findable by name (generated names may not need to be) */
  char     gen_name[FRAG_GEN_NAME_LEN - 1];
} FragObj;

/* A table of named objects: slots, a free stack, a hash of names and the creation order. */
typedef struct {
  FragVec objs;        /* FragObj */
  FragVec free_slots;  /* uint32_t */
  FragVec hash;        /* uint32_t slot, FRAG_NONE empty; power-of-two size (or 0) */
  FragVec order;       /* uint32_t slot, FRAG_NONE for dead entries (compacted lazily) */
  uint64_t n_live;
} FragObjTable;

/* The POD part of the state. */
typedef struct {
  uint64_t    position;
  size_t      op_index;      /* cursor into the program: the op of the next step */
  uint64_t    sub_index;     /* and the step inside it (random) */
  uint64_t    next_cursor;   /* next fit: pfn where the last placement ended */
  uint32_t    note_sid;      /* the note in force */
  FragMetrics m;             /* cumulative counters (the live figures are computed on demand) */
  uint64_t    internal_bytes;
  uint64_t    used_frames;
  uint64_t    pte_live;      /* pte pool entries in use (the rest is garbage to collect) */
  /* random generator */
  uint64_t    rng;
  uint64_t    gen_serial;
  uint64_t    gen_used_frames;
} FragSimState;

/* A checkpoint's copy of a flat table is cut into chunks of FRAG_CP_CHUNK bytes; a chunk equal to
 * the one at the same offset in the previous checkpoint is shared with it (reference counted):
 * between two checkpoints only a fraction of the owner and process tables changes. */
#define FRAG_CP_CHUNK 128
typedef struct {
  uint32_t refs;
  uint32_t bytes;
  unsigned char data[];
} FragChunk;

typedef struct {
  size_t      len, elt;      /* elements, as in the live FragVec */
  size_t      n_chunks;
  FragChunk **chunks;
} FragCpVec;

typedef struct {
  uint64_t      position;
  uint64_t      work_ns;     /* prepare: stepping time from the start to here */
  size_t        bytes;       /* what this checkpoint alone holds (not its shared chunks) */
  size_t        fresh;       /* bytes of the chunks it made (not shared with the one before) */
  FragSimState  st;
  uint64_t      n_live_procs, n_live_raws;
  FragZone    **zones;       /* full copies; NULL for a zone kept as runs of words */
  uint32_t    **zone_runs;   /* (word, count) pairs of a canonical zone, see checkpoint.c */
  size_t       *zone_n_runs;
  FragHoles   **holes;
  FragCpVec    *vecs;        /* copies of frag_sim_vecs() */
} FragCheckpoint;

#define FRAG_SIM_N_VECS 13

struct FragSim {
  FragConfig    cfg;
  FragProgram  *prog;
  uint64_t      n_steps;
  unsigned      n_zones;
  uint64_t      zone_offset[FRAG_MAX_ZONES]; /* global frame index of each zone's first frame */
  uint64_t      total_frames;
  FragZone     *zones[FRAG_MAX_ZONES];
  FragHoles    *holes[FRAG_MAX_ZONES];

  /* ---- checkpointed state ---- */
  FragSimState  st;
  FragVec       owners;      /* FragOwnerRec, index = owner id */
  FragVec       owner_free;  /* uint32_t free owner ids */
  FragObjTable  procs;
  FragObjTable  raws;
  FragVec       pte_pool;    /* uint64_t pfns of paging segments' pages */
  FragVec       rmap;        /* paging: uint32_t vpage of each frame (global index) */
  FragVec       gen_live;    /* uint32_t slots of the processes/raws a random op made */

  /* ---- not state ---- */
  FragEvent     ev;
  FragVec       ev_extents;  /* FragExtent */
  FragWalkLevel ev_walk[FRAG_MAX_PT_LEVELS];
  char          ev_name[FRAG_GEN_NAME_LEN];
  bool          ev_valid;
  FragVec       changes;     /* FragChange */
  FragVec       samples;     /* FragSample */
  FragVec       scratch;     /* uint64_t, temporary */
  FragCheckpoint *cps;
  size_t        n_cps, cap_cps;
  size_t        cp_chunk_bytes; /* all live chunks of all checkpoints */
  bool          cp0_dirty;
  uint64_t      cp_spacing_ns; /* prepare: stepping time between checkpoints (doubles on thinning) */
  uint64_t      cp_budget;     /* prepare: bytes all checkpoints may take */
  bool          light_checkpoints; /* canonical zones kept as runs of words (default on) */
  uint64_t      restore_ns;    /* what restoring a checkpoint costs (a running estimate) */
  bool          cp_balance;    /* prepare ends by evening out the replay intervals (default on) */
  bool          in_prepare;
  uint64_t      frontier_spacing;  /* steps between checkpoints laid while stepping ahead */
  uint64_t      frontier_min;      /* its floor (raised when the budget thins them) */
  uint64_t      frontier_next;     /* no frontier checkpoint is tried before this position */
  uint64_t      n_cp_filled;       /* checkpoints made so far (tests) */
  bool          prepared;          /* prepare ran to the end: no frontier checkpoints */
  bool          batch;             /* forward only: no frontier checkpoints, no samples */
  bool          recording_changes;
  bool          gen_names_unique; /* no program string looks like a generated name "r<n>" */
};

/* frag-sim.c */
size_t    frag_sim_vecs (FragSim *sim, FragVec **out);   /* out: FRAG_SIM_N_VECS */
int       frag_sim_zone_of (const FragSim *sim, uint64_t pfn);   /* -1 if in no zone */
uint32_t  frag_sim_owner_new (FragSim *sim);                     /* FRAG_NONE when full */
void      frag_sim_owner_release (FragSim *sim, uint32_t id);
uint64_t  frag_sim_free_frames (const FragSim *sim);
void      frag_sim_note_change (FragSim *sim, uint64_t start, uint64_t frames, FragChangeKind k);
void      frag_sim_take (FragSim *sim, unsigned z, uint64_t pfn, uint64_t frames, uint32_t owner,
                         FragMigrateType mt, bool pinned);
void      frag_sim_release (FragSim *sim, unsigned z, uint64_t pfn, uint64_t frames);
uint64_t  frag_sim_buddy_alloc (FragSim *sim, unsigned order, FragMigrateType mt, uint32_t owner,
                                unsigned *zone_out);
void      frag_sim_buddy_free (FragSim *sim, unsigned z, uint64_t pfn, unsigned order);
void      frag_sim_apply_step (FragSim *sim, const FragOp *op, uint64_t sub);
void      frag_sim_rebuild_holes (FragSim *sim, unsigned z);
const char *frag_sim_obj_name (const FragSim *sim, const FragObj *o);
FragObj  *frag_sim_obj_lookup (const FragSim *sim, const FragObjTable *t, const char *name,
                               uint32_t *slot);
void      frag_obj_table_compact (FragObjTable *t);
uint32_t  frag_sim_obj_add (FragSim *sim, FragObjTable *t, const char *name, uint32_t sid);
void      frag_sim_obj_remove (FragSim *sim, FragObjTable *t, uint32_t slot);
void      frag_sim_fail (FragSim *sim, FragReason reason);
FragReason frag_sim_reason_for (const FragSim *sim, uint64_t frames_needed);
void      frag_sim_event_name (FragSim *sim, const char *name, uint32_t sid);

/* frag-sim-process.c: ops on processes and raw allocations */
void      frag_sim_op_spawn (FragSim *sim, const FragOp *op, const char *name, uint32_t name_sid,
                             const FragSegmentSpec *segs, unsigned n_segs, uint32_t *slot_out);
void      frag_sim_op_exit (FragSim *sim, const char *name);
void      frag_sim_process_destroy (FragSim *sim, uint32_t slot);  /* exit of a known process */
void      frag_sim_raw_destroy (FragSim *sim, uint32_t slot);      /* free of a known raw block */
void      frag_sim_op_grow (FragSim *sim, const FragOp *op);
void      frag_sim_op_alloc (FragSim *sim, const char *id, uint32_t id_sid, unsigned order,
                             FragMigrateType mt, uint32_t *slot_out);
void      frag_sim_op_free (FragSim *sim, const char *id);
void      frag_sim_op_access (FragSim *sim, const FragOp *op);
void      frag_sim_op_trace (FragSim *sim, const FragOp *op);
void      frag_sim_free_owner (FragSim *sim, uint32_t id);
void      frag_sim_event_extents_of (FragSim *sim, uint32_t owner);

/* frag-sim-paging.c */
bool      frag_sim_paging_add_pages (FragSim *sim, uint32_t owner, uint64_t pages,
                                     const uint64_t *explicit_pfns, uint64_t n_explicit,
                                     bool has_at, uint64_t at_pfn);
void      frag_sim_paging_free (FragSim *sim, uint32_t owner);
uint64_t *frag_sim_pte (FragSim *sim, const FragOwnerRec *o);
void      frag_sim_op_access_paging (FragSim *sim, FragObj *p, uint64_t vaddr);

/* frag-sim-compact.c */
uint64_t  frag_sim_compact_slide (FragSim *sim);
uint64_t  frag_sim_compact_scanners (FragSim *sim, int order);
uint64_t  frag_sim_compact (FragSim *sim, int order);   /* by mode; counts metrics */

/* frag-sim-random.c */
void      frag_sim_random_step (FragSim *sim, const FragRandomSpec *spec, uint64_t sub);

/* frag-sim-checkpoint.c */
void      frag_sim_checkpoint_free_all (FragSim *sim);
void      frag_sim_invalidate_history (FragSim *sim);
void      frag_sim_frontier_checkpoint (FragSim *sim);
bool      frag_sim_checkpoint_take (FragSim *sim);
size_t    frag_sim_n_checkpoints (const FragSim *sim);
size_t    frag_sim_n_light_checkpoints (const FragSim *sim);
size_t    frag_sim_checkpoint_bytes (const FragSim *sim);   /* all checkpoints, shared chunks once */
bool      frag_sim_restore_checkpoint_at (FragSim *sim, uint64_t position);
/* Tests and benchmarks: checkpoint spacing (ns of stepping) and memory budget (bytes). */
void      frag_sim_set_checkpoint_policy (FragSim *sim, uint64_t spacing_ns, uint64_t budget);
void      frag_sim_record_sample (FragSim *sim);
