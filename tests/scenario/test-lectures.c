/* test-lectures.c: the lecture library says what really happens.
 *
 * Each note of scenarios/ tells the audience what to look at ("C fails", "frames 5, 9 and 10",
 * "physical address 117"...). These tests run the files through the engine and check those
 * claims, so that a note cannot silently go stale when the engine changes. The 16 GiB workload
 * only loads here (running it takes seconds); the others run in full. */
#include <glib.h>
#include <string.h>

#include "frag-scenario.h"

typedef struct {
  FragScenario *sc;
  FragSim      *sim;
} Run;

static Run
run_start (const char *name, const char *mode, const char *fit)
{
  const char *src = g_getenv ("FRAGSCOPE_SOURCE_DIR");
  g_assert_nonnull (src);
  char *path = g_strdup_printf ("%s/scenarios/%s.fragscope.json", src, name);
  FragDiagnostics diag;
  frag_diagnostics_init (&diag);
  Run r = { frag_scenario_load_file (path, &diag), NULL };
  if (r.sc == NULL)
    g_error ("%s", frag_diagnostics_error (&diag));
  char err[256];
  if (mode != NULL)
    g_assert_true (frag_scenario_override_mode (r.sc, mode, err, sizeof err));
  if (fit != NULL)
    g_assert_true (frag_scenario_override_fit (r.sc, fit, err, sizeof err));
  r.sim = frag_sim_new (&r.sc->config, r.sc->program, err, sizeof err);
  if (r.sim == NULL)
    g_error ("%s: %s", path, err);
  frag_diagnostics_clear (&diag);
  g_free (path);
  return r;
}

/* Steps until `step` (0-based) has been applied and returns its event. */
static const FragEvent *
run_to (Run *r, uint64_t step)
{
  while (frag_sim_position (r->sim) <= step)
    g_assert_true (frag_sim_step (r->sim));
  const FragEvent *e = frag_sim_last_event (r->sim);
  g_assert_nonnull (e);
  g_assert_cmpuint (e->step, ==, step);
  return e;
}

static void
run_end (Run *r)
{
  frag_sim_free (r->sim);
  frag_scenario_free (r->sc);
}

static void
assert_extent (const FragEvent *e, size_t i, uint64_t start, uint64_t frames)
{
  g_assert_cmpuint (e->n_extents, >, i);
  g_assert_cmpuint (e->extents[i].start, ==, start);
  g_assert_cmpuint (e->extents[i].frames, ==, frames);
}

static void
assert_failed (const FragEvent *e, FragReason reason)
{
  g_assert_false (e->ok);
  g_assert_cmpint (e->reason, ==, reason);
}

static void
assert_buddyinfo (const FragSim *sim, const uint64_t *expected, unsigned n)
{
  FragZoneStats st;
  frag_sim_zone_stats (sim, 0, &st);
  g_assert_cmpuint (st.n_orders, ==, n);
  for (unsigned o = 0; o < n; o++)
    g_assert_cmpuint (st.nr_free[o], ==, expected[o]);
}

static void
test_paging_introduction (void)
{
  Run r = run_start ("paging-introduction", NULL, NULL);
  assert_extent (run_to (&r, 1), 0, 2, 3);
  assert_extent (run_to (&r, 3), 0, 6, 3);
  assert_failed (run_to (&r, 5), FRAG_REASON_EXTERNAL_FRAGMENTATION);
  FragMetrics m;
  frag_sim_metrics (r.sim, &m);
  g_assert_cmpuint (m.free_frames, ==, 5);
  g_assert_cmpuint (m.largest_free_run, ==, 2);
  run_end (&r);

  /* Switched to paging, C's pages sit in frames 5, 9 and 10 (bytes 250, 450 and 500). */
  r = run_start ("paging-introduction", "paging", NULL);
  g_assert_true (run_to (&r, 5)->ok);
  uint64_t frames[4];
  g_assert_cmpuint (frag_sim_n_processes (r.sim), ==, 3);
  g_assert_cmpuint (frag_sim_process_frames (r.sim, 2, frames, 4), ==, 3);
  g_assert_cmpuint (frames[0] * 50, ==, 250);
  g_assert_cmpuint (frames[1] * 50, ==, 450);
  g_assert_cmpuint (frames[2] * 50, ==, 500);
  run_end (&r);
}

static void
test_internal_fragmentation (void)
{
  Run r = run_start ("paging-internal-fragmentation", NULL, NULL);
  FragMetrics m;
  g_assert_true (run_to (&r, 1)->ok);
  frag_sim_metrics (r.sim, &m);
  g_assert_cmpuint (m.internal_fragmentation_bytes, ==, 49);
  g_assert_cmpuint (m.used_frames, ==, 3);
  run_to (&r, 3);
  frag_sim_metrics (r.sim, &m);
  g_assert_cmpuint (m.internal_fragmentation_bytes, ==, 49);
  run_to (&r, 5);
  frag_sim_metrics (r.sim, &m);
  g_assert_cmpuint (m.internal_fragmentation_bytes, ==, 0);
  run_end (&r);
}

static void
test_ostep_free_space (void)
{
  Run r = run_start ("ostep-free-space", NULL, NULL);
  run_to (&r, 6);
  FragMetrics m;
  frag_sim_metrics (r.sim, &m);
  g_assert_cmpuint (m.free_frames, ==, 20);
  assert_failed (run_to (&r, 8), FRAG_REASON_EXTERNAL_FRAGMENTATION);
  frag_sim_metrics (r.sim, &m);
  g_assert_cmpfloat_with_epsilon (m.external_fragmentation, 0.5, 1e-9);
  assert_extent (run_to (&r, 10), 0, 0, 10);
  run_end (&r);
}

static void
test_ostep_compaction (void)
{
  Run r = run_start ("ostep-compaction", NULL, NULL);
  const FragEvent *e = run_to (&r, 6);
  g_assert_true (e->ok);
  assert_extent (e, 0, 40, 20);
  g_assert_cmpuint (e->frames_moved, ==, 24);
  FragMetrics m;
  frag_sim_metrics (r.sim, &m);
  g_assert_cmpuint (m.compaction_bytes_moved, ==, 24576);
  run_end (&r);

  r = run_start ("ostep-compaction", "segmentation", NULL);
  assert_failed (run_to (&r, 6), FRAG_REASON_EXTERNAL_FRAGMENTATION);
  run_end (&r);
}

static void
test_ostep_paging (void)
{
  Run r = run_start ("ostep-paging", NULL, NULL);
  uint64_t frames[4];
  run_to (&r, 2);
  g_assert_cmpuint (frag_sim_process_frames (r.sim, 1, frames, 4), ==, 4);
  g_assert_cmpuint (frames[0], ==, 3);
  g_assert_cmpuint (frames[1], ==, 7);
  g_assert_cmpuint (frames[2], ==, 5);
  g_assert_cmpuint (frames[3], ==, 2);
  const FragEvent *e = run_to (&r, 4);
  g_assert_true (e->ok);
  g_assert_cmpuint (e->vaddr, ==, 21);
  g_assert_cmpuint (e->paddr, ==, 117);
  assert_failed (run_to (&r, 6), FRAG_REASON_FAULT);
  run_end (&r);
}

static void
test_fits_compared (void)
{
  /* Where A, B, C and D go (in KB = frames), 0 for a failure: what the notes say. */
  const struct { const char *fit; uint64_t at[4]; } fits[] = {
    { "first", { 3, 0, 7, 11 } },
    { "next",  { 19, 3, 11, 0 } },
    { "best",  { 11, 3, 19, 0 } },
    { "worst", { 3, 0, 11, 19 } },
  };
  const uint64_t sizes[4] = { 4, 6, 3, 4 };
  for (size_t f = 0; f < G_N_ELEMENTS (fits); f++)
    {
      Run r = run_start ("fits-compared", NULL, fits[f].fit);
      for (unsigned i = 0; i < 4; i++)
        {
          const FragEvent *e = run_to (&r, 4 + 2 * i);
          g_assert_cmpint (e->op, ==, FRAG_OP_SPAWN);
          if (fits[f].at[i] == 0)
            assert_failed (e, FRAG_REASON_EXTERNAL_FRAGMENTATION);
          else
            assert_extent (e, 0, fits[f].at[i], sizes[i]);
        }
      run_end (&r);
    }
}

static void
test_buddy (void)
{
  Run r = run_start ("buddy-split-merge", NULL, NULL);
  assert_extent (run_to (&r, 1), 0, 0, 1);
  assert_buddyinfo (r.sim, (const uint64_t[]) { 1, 1, 1, 1, 0 }, 5);
  assert_extent (run_to (&r, 3), 0, 1, 1);
  assert_extent (run_to (&r, 5), 0, 2, 2);
  assert_extent (run_to (&r, 7), 0, 4, 4);
  assert_buddyinfo (r.sim, (const uint64_t[]) { 0, 0, 0, 1, 0 }, 5);
  run_to (&r, 9);
  assert_buddyinfo (r.sim, (const uint64_t[]) { 1, 0, 0, 1, 0 }, 5);
  run_to (&r, 11);
  assert_buddyinfo (r.sim, (const uint64_t[]) { 0, 1, 0, 1, 0 }, 5);
  run_to (&r, 13);
  assert_buddyinfo (r.sim, (const uint64_t[]) { 0, 0, 1, 1, 0 }, 5);
  run_to (&r, 15);
  assert_buddyinfo (r.sim, (const uint64_t[]) { 0, 0, 0, 0, 1 }, 5);
  assert_extent (run_to (&r, 17), 0, 0, 8);
  FragMetrics m;
  frag_sim_metrics (r.sim, &m);
  g_assert_cmpuint (m.internal_fragmentation_bytes, ==, 3 * 4096);
  run_end (&r);
}

static void
test_linux (void)
{
  Run r = run_start ("linux-anti-fragmentation", NULL, NULL);
  assert_extent (run_to (&r, 13), 0, 1280, 1);
  assert_extent (run_to (&r, 15), 0, 1792, 256);
  FragMetrics m;
  frag_sim_metrics (r.sim, &m);
  g_assert_cmpuint (m.pageblocks_stolen, ==, 2);
  g_assert_cmpint (frag_sim_pageblock_type (r.sim, 0), ==, FRAG_MT_MOVABLE);
  g_assert_cmpint (frag_sim_pageblock_type (r.sim, 1), ==, FRAG_MT_MOVABLE);
  g_assert_cmpint (frag_sim_pageblock_type (r.sim, 2), ==, FRAG_MT_UNMOVABLE);
  g_assert_cmpint (frag_sim_pageblock_type (r.sim, 3), ==, FRAG_MT_UNMOVABLE);
  run_to (&r, 18);
  frag_sim_metrics (r.sim, &m);
  g_assert_cmpuint (m.free_frames, ==, 895);
  assert_failed (run_to (&r, 20), FRAG_REASON_EXTERNAL_FRAGMENTATION);
  g_assert_cmpuint (run_to (&r, 22)->frames_moved, ==, 128);
  const FragEvent *e = run_to (&r, 24);
  g_assert_true (e->ok);
  assert_extent (e, 0, 0, 512);
  run_end (&r);
}

static void
test_large (void)
{
  Run r = run_start ("large-workload", NULL, NULL);
  g_assert_cmpuint (frag_config_total_frames (&r.sc->config), ==, 4u << 20);
  g_assert_cmpuint (r.sc->config.frame_size, ==, 4096);
  g_assert_cmpuint (frag_sim_n_steps (r.sim), ==, 1000000 + 2);
  run_to (&r, 1000);
  char err[256];
  g_assert_true (frag_sim_check (r.sim, err, sizeof err));
  run_end (&r);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/frag/scenario/lecture/paging-introduction", test_paging_introduction);
  g_test_add_func ("/frag/scenario/lecture/paging-internal-fragmentation",
                   test_internal_fragmentation);
  g_test_add_func ("/frag/scenario/lecture/ostep-free-space", test_ostep_free_space);
  g_test_add_func ("/frag/scenario/lecture/ostep-compaction", test_ostep_compaction);
  g_test_add_func ("/frag/scenario/lecture/ostep-paging", test_ostep_paging);
  g_test_add_func ("/frag/scenario/lecture/fits-compared", test_fits_compared);
  g_test_add_func ("/frag/scenario/lecture/buddy-split-merge", test_buddy);
  g_test_add_func ("/frag/scenario/lecture/linux-anti-fragmentation", test_linux);
  g_test_add_func ("/frag/scenario/lecture/large-workload", test_large);
  return g_test_run ();
}
