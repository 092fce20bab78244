/* frag-baseline.h: a plain Linux-style free-list buddy allocator, used only as the yardstick of
 * `fragscope-cli bench --suite`: the engine's speed is reported as a ratio to this baseline,
 * measured in the same run on the same machine (the acceptance check compares against an
 * allocator of this kind). It replays exactly the ops of BENCH-TRACES.md. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

typedef struct {
  uint64_t allocs, frees, fails, live, used;
  double   seconds_median;
  double   mops;
} FragBaselineResult;

/* trace 'A' or 'B'; repeats 1..9 (median). */
bool frag_baseline_trace (char trace, unsigned repeats, FragBaselineResult *out);
