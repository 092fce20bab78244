/* frag-cli-bench-suite.c: `fragscope-cli bench --suite`: every speed target of the project, each
 * measured here and now, with the ratio to a baseline measured in the same run where one exists.
 *
 * Trace A and B alternate engine and baseline runs (median of `repeats` each, twice), as the
 * acceptance check does, so that a machine busy for a moment hurts both sides alike. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frag-baseline.h"
#include "frag-bench.h"
#include "frag-import.h"
#include "frag-cli-commands.h"
#include "frag-holes.h"
#include "frag-bench-sim.h"
#include "frag-dense.h"
#include "frag-render.h"

typedef struct {
  bool        json;
  bool        first;
  const char *only;
} Out;

/* Whether a benchmark is to run: its name (or the name of a pair, "trace A") contains --only. */
static bool
want (const Out *o, const char *name)
{
  return o->only == NULL || strstr (name, o->only) != NULL;
}

static void
emit (Out *o, const char *name, const char *unit, double value, double target, bool higher_better,
      const char *note)
{
  bool ok = higher_better ? value >= target : value <= target;
  if (o->json)
    {
      printf ("%s{\"name\": \"%s\", \"value\": %.4f, \"unit\": \"%s\", \"target\": %.4f, "
              "\"meets_target\": %s%s%s%s}", o->first ? "" : ",\n ", name, value, unit, target,
              ok ? "true" : "false", note ? ", \"note\": \"" : "", note ? note : "",
              note ? "\"" : "");
      o->first = false;
    }
  else
    printf ("%-34s %12.3f %-8s target %s %-10.3f %s%s%s\n", name, value, unit,
            higher_better ? ">=" : "<=", target, ok ? "ok" : "MISSED", note ? "  " : "",
            note ? note : "");
  fflush (stdout);
}

static void
trace_pair (Out *o, char trace, unsigned repeats)
{
  double engine = 0, base = 0;
  FragBenchResult r;
  FragBaselineResult b;
  for (int round = 0; round < 2; round++)
    {
      if (frag_baseline_trace (trace, repeats, &b))
        base += b.mops;
      if (frag_bench_trace (trace, FRAG_FREE_LIST_ADDRESS, repeats, 0, &r))
        engine += r.mops;
    }
  char name[64], note[128];
  snprintf (note, sizeof note, "baseline %.2f Mops/s, ratio %.2f", base / 2, engine / base);
  snprintf (name, sizeof name, "trace %c (address lists)", trace);
  emit (o, name, "Mops/s", engine / 2, trace == 'A' ? 20.0 : 10.0, true, note);
  if (frag_bench_trace (trace, FRAG_FREE_LIST_LIFO, repeats, 0, &r))
    {
      snprintf (name, sizeof name, "trace %c (lifo lists)", trace);
      emit (o, name, "Mops/s", r.mops, trace == 'A' ? 20.0 : 10.0, true, NULL);
    }
}

int
frag_cli_bench_suite (bool json, unsigned repeats, const char *only)
{
  Out o = { json, true, only };
  if (json)
    printf ("[");
  if (want (&o, "trace A"))
    trace_pair (&o, 'A', repeats);
  if (want (&o, "trace B"))
    trace_pair (&o, 'B', repeats);

  double secs;
  if (want (&o, "hole index") && frag_holes_bench (1000000, &secs))
    emit (&o, "hole index, 1M mixed fits, 4M frames", "ns/op", secs * 1e9 / 1e6, 2000, false,
          "no target in the issue: O(log n), no scans");

  FragSimBenchResult sb;
  if (want (&o, "seek") && frag_bench_seek (&sb))
    {
      emit (&o, "seek, 1M-step run, median", "ms", sb.median_ms, 50, false, NULL);
      emit (&o, "seek, 1M-step run, worst", "ms", sb.max_ms, 50, false, NULL);
    }
  if (want (&o, "sliding compaction") && frag_bench_compaction (FRAG_MODE_COMPACTION, &sb))
    emit (&o, "sliding compaction, 4M frames 90%", "ms", sb.median_ms, 15, false, NULL);
  if (want (&o, "two-scanner compaction") && frag_bench_compaction (FRAG_MODE_BUDDY, &sb))
    emit (&o, "two-scanner compaction, 4M frames", "ms", sb.median_ms, 15, false, NULL);

  double dense = want (&o, "dense frame map") ? frag_render_bench_dense (1u << 22, 1920, 1080, 9)
                                              : -1;
  if (dense > 0)
    emit (&o, "dense frame map 4M frames 1920x1080", "ms", dense * 1e3, 6, false, NULL);

  FragRenderBenchWindow wb;
  if (want (&o, "app frame") && frag_render_bench_window (0, 0, 0, 0, &wb))
    {
      char note[200];
      snprintf (note, sizeof note, "%u steps + every view; steps %.1f, frames %.1f, buddy %.1f, "
                "pageblocks %.1f, processes %.1f, metrics %.1f ms", wb.steps_per_frame,
                wb.step_ms, wb.view_ms[FRAG_VIEW_FRAMES], wb.view_ms[FRAG_VIEW_BUDDY],
                wb.view_ms[FRAG_VIEW_PAGEBLOCKS], wb.view_ms[FRAG_VIEW_PROCESSES],
                wb.view_ms[FRAG_VIEW_METRICS]);
      emit (&o, "app frame, 4M frames at 1000 steps/s", "ms", wb.frame_ms, 1000.0 / 60, false,
            note);
    }

  char err[512];
  uint64_t replayed = 0;
  double tr = want (&o, "ftrace replay")
              ? frag_trace_bench (400000, repeats, &replayed, err, sizeof err) : -1;
  if (tr > 0)
    {
      char note[96];
      snprintf (note, sizeof note, "%" PRIu64 " events, parse + replay", replayed);
      emit (&o, "ftrace replay, 400k events", "s", tr, 1.0, false, note);
    }

  const char *cap = getenv ("FRAGSCOPE_CAPTURE_DIR");
  if (cap != NULL && want (&o, "kpageflags capture import"))
    {
      double t = frag_import_bench (cap, 3, err, sizeof err);
      if (t > 0)
        emit (&o, "kpageflags capture import", "s", t, 1.0, false, NULL);
    }
  if (json)
    printf ("]\n");
  return FRAG_EXIT_OK;
}
