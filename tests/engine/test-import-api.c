/* test-import-api.c: building a state from a real machine (frag_sim_import_used /
 * import_set_pageblock) and replaying ftrace ops on it: exact blocks, contradictions skipped
 * and counted, never a frame freed twice; seeking keeps the imported start. */
#include "engine-test-util.h"

#include <time.h>

static FragSim *
buddy_sim (uint64_t frames, FragProgram *p)
{
  FragConfig cfg;
  frag_test_config (&cfg, 4096, frames, FRAG_MODE_BUDDY, FRAG_FIT_FIRST);
  cfg.max_order = 4;
  cfg.pageblock_order = 3;
  return frag_test_sim (&cfg, p);
}

static FragOp *
trace (FragProgram *p, FragOpKind kind, uint64_t pfn, int order)
{
  FragOp *op = frag_test_op (p, kind, NULL);
  op->pfn = pfn;
  op->order = order;
  return op;
}

static void
test_import (void)
{
  FragSim *sim = buddy_sim (64, frag_program_new ());
  g_assert_true (frag_sim_import_used (sim, 3, 5, FRAG_CLASS_SLAB, FRAG_MT_UNMOVABLE));
  g_assert_true (frag_sim_import_used (sim, 8, 1, FRAG_CLASS_ANON, FRAG_MT_MOVABLE));
  g_assert_false (frag_sim_import_used (sim, 7, 2, FRAG_CLASS_ANON, FRAG_MT_MOVABLE)); /* overlap */
  g_assert_false (frag_sim_import_used (sim, 60, 5, FRAG_CLASS_ANON, FRAG_MT_MOVABLE)); /* past */
  g_assert_false (frag_sim_import_used (sim, 100, 1, FRAG_CLASS_ANON, FRAG_MT_MOVABLE));
  g_assert_false (frag_sim_import_used (sim, 10, 0, FRAG_CLASS_ANON, FRAG_MT_MOVABLE));
  g_assert_true (frag_sim_import_set_pageblock (sim, 0, FRAG_MT_UNMOVABLE));
  g_assert_false (frag_sim_import_set_pageblock (sim, 99, FRAG_MT_UNMOVABLE));
  frag_test_check (sim);
  FragFrameInfo fi;
  g_assert_true (frag_sim_frame_info (sim, 4, &fi));
  g_assert_false (fi.free);
  g_assert_cmpint (fi.owner.kind, ==, FRAG_OWNER_IMPORTED);
  g_assert_cmpint (fi.owner.klass, ==, FRAG_CLASS_SLAB);
  g_assert_cmpint (fi.owner.mt, ==, FRAG_MT_UNMOVABLE);
  g_assert_cmpint (fi.pageblock_mt, ==, FRAG_MT_UNMOVABLE);
  g_autofree char *holes = frag_test_holes_string (sim);
  g_assert_cmpstr (holes, ==, "0+3 9+55");
  FragZoneStats zs;
  frag_sim_zone_stats (sim, 0, &zs);
  g_assert_cmpuint (zs.free_frames, ==, 58);
  g_assert_cmpuint (zs.pageblocks_by_type[FRAG_MT_UNMOVABLE], ==, 1);
  /* pageblock 1 (8..15) holds an anon frame of its own type; pageblock 0 holds slab frames
   * of its type: no mixing. */
  g_assert_cmpuint (zs.mixed_pageblocks, ==, 0);
  frag_sim_free (sim);
}

static void
test_trace (void)
{
  FragProgram *p = frag_program_new ();
  trace (p, FRAG_OP_TRACE_ALLOC, 16, 3);   /* applied */
  trace (p, FRAG_OP_TRACE_ALLOC, 20, 0);   /* inside it: skipped */
  trace (p, FRAG_OP_TRACE_ALLOC, 5, 1);    /* unaligned: skipped */
  trace (p, FRAG_OP_TRACE_FREE, 16, 3);    /* applied */
  trace (p, FRAG_OP_TRACE_FREE, 16, 3);    /* mm_page_free_batched repeat: skipped */
  trace (p, FRAG_OP_TRACE_FREE, 40, 1);    /* imported run 40..43: applied */
  trace (p, FRAG_OP_TRACE_FREE, 42, 0);    /* applied */
  trace (p, FRAG_OP_TRACE_FREE, 42, 0);    /* twice: skipped */
  trace (p, FRAG_OP_TRACE_FREE, 43, 0);    /* run retired */
  trace (p, FRAG_OP_TRACE_ALLOC, 40, 2)->mt = FRAG_MT_UNMOVABLE; /* free again: applied */
  FragSim *sim = buddy_sim (64, p);
  g_assert_true (frag_sim_import_used (sim, 40, 4, FRAG_CLASS_FILE, FRAG_MT_MOVABLE));
  frag_test_run_checked (sim, G_MAXUINT64, G_MAXUINT64, 1);
  FragMetrics m;
  frag_sim_metrics (sim, &m);
  g_assert_cmpuint (m.trace_allocs, ==, 2);
  g_assert_cmpuint (m.trace_frees, ==, 4);
  g_assert_cmpuint (m.trace_skipped, ==, 4);
  g_assert_cmpuint (m.free_frames, ==, 60);
  const FragEvent *ev = frag_sim_last_event (sim);
  g_assert_true (ev->ok);
  g_assert_false (ev->skipped);
  g_assert_cmpuint (ev->extents[0].start, ==, 40);
  FragFrameInfo fi;
  g_assert_true (frag_sim_frame_info (sim, 41, &fi));
  g_assert_cmpint (fi.owner.kind, ==, FRAG_OWNER_RAW);
  g_assert_cmpint (fi.owner.order, ==, 2);
  /* The imported start survives seeking back and forth. */
  frag_sim_seek (sim, 0);
  frag_test_check (sim);
  g_autofree char *holes0 = frag_test_holes_string (sim);
  g_assert_cmpstr (holes0, ==, "0+40 44+20");
  frag_sim_seek (sim, 5);
  ev = frag_sim_last_event (sim);
  g_assert_true (ev->skipped);
  g_assert_cmpint (ev->op, ==, FRAG_OP_TRACE_FREE);
  /* Not a step anymore: importing after stepping is refused. */
  g_assert_false (frag_sim_import_used (sim, 0, 1, FRAG_CLASS_ANON, FRAG_MT_MOVABLE));
  /* Back at the start an import is taken, and the history laid before it is dropped: the
   * replay now starts from the new state. */
  g_assert_true (frag_sim_prepare (sim, NULL, NULL));
  frag_sim_seek (sim, 0);
  g_assert_true (frag_sim_import_used (sim, 16, 1, FRAG_CLASS_ANON, FRAG_MT_MOVABLE));
  uint64_t n_samples;
  frag_sim_samples (sim, &n_samples);
  g_assert_cmpuint (n_samples, ==, 0);
  frag_sim_seek (sim, 1);
  ev = frag_sim_last_event (sim);
  g_assert_true (ev->skipped);   /* 16..23 is no longer all free */
  frag_sim_seek (sim, 10);
  frag_sim_seek (sim, 1);
  ev = frag_sim_last_event (sim);
  g_assert_true (ev->skipped);
  frag_test_check (sim);
  frag_sim_free (sim);
}

/* A kpageflags-sized capture: 6.5M frames in short runs, imported well under a second. */
static void
test_import_speed (void)
{
  FragConfig cfg;
  frag_test_config (&cfg, 4096, 6500000, FRAG_MODE_BUDDY, FRAG_FIT_FIRST);
  FragSim *sim = frag_test_sim (&cfg, frag_program_new ());
  struct timespec t0, t1;
  clock_gettime (CLOCK_MONOTONIC, &t0);
  uint64_t pfn = 0, runs = 0, s = 1;
  while (pfn < 6500000)
    {
      s = s * 6364136223846793005ull + 1442695040888963407ull;
      uint64_t used = 1 + (s >> 60), gap = (s >> 58) & 3;
      if (pfn + used > 6500000)
        used = 6500000 - pfn;
      g_assert_true (frag_sim_import_used (sim, pfn, used, FRAG_CLASS_ANON, FRAG_MT_MOVABLE));
      runs++;
      pfn += used + gap;
    }
  clock_gettime (CLOCK_MONOTONIC, &t1);
  double secs = (double) (t1.tv_sec - t0.tv_sec) + (double) (t1.tv_nsec - t0.tv_nsec) * 1e-9;
  g_test_message ("imported %" G_GUINT64_FORMAT " runs in %.3f s", runs, secs);
  /* Generous against a loaded machine; the figure is in the log. */
  g_assert_cmpfloat (secs, <, 3.0);
  frag_test_check (sim);
  frag_sim_free (sim);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/frag/engine/import/used-and-pageblocks", test_import);
  g_test_add_func ("/frag/engine/import/trace", test_trace);
  g_test_add_func ("/frag/engine/import/speed", test_import_speed);
  return g_test_run ();
}
