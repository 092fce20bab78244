/* frag-bench.h: the benchmark traces of `fragscope-cli bench` (shared/spec/BENCH-TRACES.md).
 *
 * A trace is a generated sequence of buddy allocations and frees (splitmix64, two draws per op)
 * replayed on the engine's real allocator (frag-zone.c) over one zone of 2^22 frames, max_order
 * 10, pageblock_order 9, everything movable. Only the replay is timed; each repeat starts from a
 * fresh zone, and the median time is reported.
 */
#pragma once

#include "frag-engine.h"

#define FRAG_BENCH_MAX_REPEATS 9u
#define FRAG_BENCH_MAX_OPS     1000000000ull /* n_ops_override above this is refused */

typedef struct {
  char     trace;           /* 'A' or 'B' */
  uint64_t ops;             /* ops replayed */
  uint64_t allocs, frees, fails;
  uint64_t live;            /* blocks allocated and not freed at the end */
  uint64_t used;            /* frames they cover */
  uint64_t checksum;        /* checksum = checksum * 31 + pfn over successful allocs */
  double   seconds_median;
  double   mops;            /* ops / seconds_median / 1e6 */
  double   seconds[FRAG_BENCH_MAX_REPEATS];
  unsigned repeats;
} FragBenchResult;

/* The figures a correct replay of the whole trace gives in `address` order (the spec's table):
 * false for an unknown trace. seconds and mops are left 0. */
bool frag_bench_expected (char trace, FragBenchResult *out);

/* Replays trace 'A' or 'B' (case-insensitive) `repeats` times (0: 5; at most
 * FRAG_BENCH_MAX_REPEATS) with the given free-list discipline. n_ops_override > 0 replays only
 * that prefix of the trace (or the trace's stream continued past its N). Returns false for an
 * unknown trace, more than FRAG_BENCH_MAX_OPS ops, or when memory runs out. */
bool frag_bench_trace (char trace, FragFreeListOrder discipline, unsigned repeats,
                       uint64_t n_ops_override, FragBenchResult *out);
