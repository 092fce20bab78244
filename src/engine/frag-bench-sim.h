/* frag-bench-sim.h: benchmarks of the simulation for `fragscope-cli bench`: time travel (seek
 * after prepare on a large random run) and full compaction of a large, 90 %-used memory, both
 * the sliding kind (segmentation) and Linux's two scanners (paging). Setup is not timed. */
#pragma once

#include "frag-engine.h"

typedef struct {
  uint64_t frames;           /* memory size */
  uint64_t steps;            /* steps of the random program */
  double   prepare_seconds;  /* frag_sim_prepare over the whole program */
  unsigned n_seeks;
  double   seek_median_ms, seek_max_ms;
  size_t   checkpoints;      /* laid by prepare */
  size_t   checkpoint_bytes; /* their total size */
} FragBenchSeekResult;

/* A `random` program of `steps` spawn/exit steps (segments of 1..64 frames, memory filling to
 * about 90 %) on `frames` frames (0: 4M frames, 0 steps: 1,000,000, 0 seeks: 50), in
 * segmentation mode with first fit; prepare, then seeks to positions from a fixed seed. */
bool frag_bench_sim_seek (uint64_t frames, uint64_t steps, unsigned n_seeks,
                          FragBenchSeekResult *out);

typedef struct {
  FragMode mode;             /* segmentation: sliding; paging: two scanners */
  uint64_t frames;
  double   use_before;       /* fraction of frames used before compacting */
  uint64_t frames_moved;
  uint64_t largest_free_run_before, largest_free_run_after;
  double   ms;               /* the compaction alone (median of `repeats`) */
} FragBenchCompactResult;

/* Fills `frames` frames (0: 4M) with processes of 1..32 frames (paging: pages), exits one in ten
 * at random (about 90 % left in use), then times one full `compact` step. */
bool frag_bench_sim_compact (FragMode mode, uint64_t frames, FragBenchCompactResult *out);
