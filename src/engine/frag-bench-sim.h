/* frag-bench-sim.h: benchmarks of the simulation for `fragscope-cli bench`: time travel (seek
 * after prepare on a large random run) and full compaction of a large, 90 %-used memory, both
 * the sliding kind (segmentation) and Linux's two scanners (paging). Setup is not timed. */
#pragma once

#include "frag-engine.h"

typedef struct {
  uint64_t frames;           /* memory size */
  uint64_t steps;            /* steps of the random program */
  double   prepare_seconds;  /* frag_sim_prepare over the whole program */
  unsigned n_seeks;          /* random seeks */
  double   seek_median_ms, seek_max_ms;         /* their wall time */
  double   seek_cpu_median_ms, seek_cpu_max_ms; /* their CPU time (this thread) */
  unsigned n_adversarial;    /* seeks to each checkpoint's position and the step before it */
  double   adv_median_ms, adv_max_ms;           /* wall */
  double   adv_cpu_median_ms, adv_cpu_max_ms;   /* CPU */
  uint64_t adv_worst_position;                  /* where the worst CPU time was */
  size_t   checkpoints;      /* laid by prepare */
  size_t   checkpoint_bytes; /* their total size */
} FragBenchSeekResult;

/* A `random` program of `steps` spawn/exit steps (segments of 1..64 frames, memory filling to
 * about 90 %) on `frames` frames (0: 4M frames, 0 steps: 1,000,000, 0 seeks: 200), in
 * segmentation mode with first fit; prepare, then seeks to positions from a fixed seed, then the
 * adversarial seeks (each from a far position, so none is a short replay from where it stood):
 * to every checkpoint's position and the step before it, both of which replay from the
 * checkpoint before. */
bool frag_bench_sim_seek (uint64_t frames, uint64_t steps, unsigned n_seeks,
                          FragBenchSeekResult *out);

typedef struct {
  FragMode mode;             /* as asked; the kind of compaction run follows from it */
  uint64_t frames;
  double   use_before;       /* fraction of frames used before compacting */
  uint64_t frames_moved;
  uint64_t largest_free_run_before, largest_free_run_after;
  unsigned repeats;
  double   ms;               /* the compaction alone, median of the repeats (wall time) */
  double   max_ms;
  double   cpu_ms, cpu_max_ms; /* the same in CPU time (this thread): a loaded machine */
} FragBenchCompactResult;

/* Fills `frames` frames (0: 4M) with processes of 1..32 frames, exits one in ten at random
 * (about 90 % left in use), then times a full `compact` step `repeats` times (0: 3) from the
 * same state. Segmentation and compaction modes slide segments; paging and buddy modes run the
 * two scanners over the pages of a paging memory (buddy-mode segments are blocks of order > 0,
 * which the scanners do not migrate, so the pages are what is measured). */
bool frag_bench_sim_compact (FragMode mode, uint64_t frames, unsigned repeats,
                             FragBenchCompactResult *out);

/* The defaults in one call each, for `fragscope-cli bench --suite`. */
typedef struct {
  double   median_ms, max_ms;
  unsigned runs;
} FragSimBenchResult;
bool frag_bench_seek (FragSimBenchResult *out);                      /* 4M frames, 1M steps */
bool frag_bench_compaction (FragMode mode, FragSimBenchResult *out); /* 4M frames, 90 % used */
