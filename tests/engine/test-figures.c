/* test-figures.c: the lecture figures of ../shared/reference/linux-mm.md and the contract's
 * example report, reproduced exactly by the engine (checker after every step). */
#include "engine-test-util.h"

/* phil-opp: a 150-byte program at 100 and 300 in 550 bytes of 50-byte frames; a third copy. */
static FragSim *
phil_opp (FragMode mode)
{
  FragConfig cfg;
  frag_test_config (&cfg, 50, 11, mode, FRAG_FIT_FIRST);
  FragProgram *p = frag_program_new ();
  frag_test_spawn (p, "A", 150, 100);
  frag_test_spawn (p, "B", 150, 300);
  frag_test_op (p, FRAG_OP_NOTE, "250 bytes are free, but the largest hole is 100 bytes.");
  frag_test_spawn (p, "C", 150, -1);
  FragSim *sim = frag_test_sim (&cfg, p);
  g_assert_cmpuint (frag_sim_n_steps (sim), ==, 4);
  g_assert_cmpuint (frag_test_run_checked (sim, G_MAXUINT64, G_MAXUINT64, 1), ==, 4);
  return sim;
}

static void
test_phil_opp_segmentation (void)
{
  FragSim *sim = phil_opp (FRAG_MODE_SEGMENTATION);
  const FragEvent *ev = frag_sim_last_event (sim);
  g_assert_nonnull (ev);
  g_assert_cmpuint (ev->step, ==, 3);
  g_assert_cmpint (ev->op, ==, FRAG_OP_SPAWN);
  g_assert_false (ev->ok);
  g_assert_cmpint (ev->reason, ==, FRAG_REASON_EXTERNAL_FRAGMENTATION);
  g_assert_cmpstr (ev->name, ==, "C");
  g_assert_cmpstr (frag_sim_current_note (sim), ==,
                   "250 bytes are free, but the largest hole is 100 bytes.");

  g_autofree char *holes = frag_test_holes_string (sim);
  g_assert_cmpstr (holes, ==, "0+2 5+1 9+2");
  g_assert_cmpuint (frag_sim_n_processes (sim), ==, 2);
  FragExtent ext[4];
  g_assert_cmpuint (frag_sim_process_extents (sim, 0, ext, 4), ==, 1);
  g_assert_cmpuint (ext[0].start, ==, 2);
  g_assert_cmpuint (ext[0].frames, ==, 3);
  g_assert_cmpuint (frag_sim_process_extents (sim, 1, ext, 4), ==, 1);
  g_assert_cmpuint (ext[0].start, ==, 6);
  g_autofree char *fa = frag_test_frames_string (sim, 0);
  g_assert_cmpstr (fa, ==, "2 3 4");

  FragZoneStats zs;
  frag_sim_zone_stats (sim, 0, &zs);
  g_assert_cmpstr (zs.name, ==, "Normal");
  g_assert_cmpuint (zs.n_orders, ==, 11);
  g_assert_cmpuint (zs.free_frames, ==, 5);
  g_assert_cmpuint (zs.largest_free_run, ==, 2);
  uint64_t want[11] = { 3, 1 };
  for (unsigned o = 0; o < 11; o++)
    {
      g_assert_cmpuint (zs.nr_free[o], ==, want[o]);
      g_assert_cmpuint (zs.nr_free_by_type[FRAG_MT_MOVABLE][o], ==, want[o]);
      g_assert_cmpuint (zs.nr_free_by_type[FRAG_MT_UNMOVABLE][o], ==, 0);
    }
  g_assert_cmpuint (zs.pageblocks_by_type[FRAG_MT_MOVABLE], ==, 1);
  g_assert_cmpuint (zs.n_pageblocks, ==, 1);
  g_assert_cmpuint (zs.mixed_pageblocks, ==, 0);
  /* The contract's indices: unusable [0.0, 0.6, 1.0, ...], fragmentation [-1, -1, 0.438, ...]. */
  g_assert_cmpint (frag_unusable_free_index (zs.nr_free, zs.n_orders, 0), ==, 0);
  g_assert_cmpint (frag_unusable_free_index (zs.nr_free, zs.n_orders, 1), ==, 600);
  g_assert_cmpint (frag_unusable_free_index (zs.nr_free, zs.n_orders, 2), ==, 1000);
  g_assert_cmpint (frag_fragmentation_index (zs.nr_free, zs.n_orders, 0), ==, -1000);
  g_assert_cmpint (frag_fragmentation_index (zs.nr_free, zs.n_orders, 1), ==, -1000);
  g_assert_cmpint (frag_fragmentation_index (zs.nr_free, zs.n_orders, 2), ==, 438);

  FragMetrics m;
  frag_sim_metrics (sim, &m);
  g_assert_cmpuint (m.free_frames, ==, 5);
  g_assert_cmpuint (m.largest_free_run, ==, 2);
  g_assert_cmpfloat_with_epsilon (m.external_fragmentation, 0.6, 1e-12);
  g_assert_cmpuint (m.internal_fragmentation_bytes, ==, 0);
  g_assert_cmpuint (m.failed_allocations, ==, 1);
  g_assert_cmpuint (m.compaction_frames_moved, ==, 0);
  g_assert_cmpuint (m.compaction_bytes_moved, ==, 0);

  /* The first event, as the report prints it. */
  frag_sim_seek (sim, 1);
  ev = frag_sim_last_event (sim);
  g_assert_cmpuint (ev->step, ==, 0);
  g_assert_true (ev->ok);
  g_assert_cmpstr (ev->name, ==, "A");
  g_assert_cmpuint (ev->n_extents, ==, 1);
  g_assert_cmpuint (ev->extents[0].start, ==, 2);
  g_assert_cmpuint (ev->extents[0].frames, ==, 3);
  size_t n_changes;
  const FragChange *ch = frag_sim_last_changes (sim, &n_changes);
  g_assert_cmpuint (n_changes, ==, 1);
  g_assert_cmpint (ch[0].kind, ==, FRAG_CHANGE_ALLOCATED);
  g_assert_cmpuint (ch[0].start, ==, 2);
  g_assert_null (frag_sim_current_note (sim));
  frag_test_check (sim);
  frag_sim_free (sim);
}

static void
test_phil_opp_paging (void)
{
  FragSim *sim = phil_opp (FRAG_MODE_PAGING);
  const FragEvent *ev = frag_sim_last_event (sim);
  g_assert_true (ev->ok);
  g_assert_cmpuint (frag_sim_n_processes (sim), ==, 3);
  g_autofree char *a = frag_test_frames_string (sim, 0);
  g_autofree char *b = frag_test_frames_string (sim, 1);
  g_autofree char *c = frag_test_frames_string (sim, 2);
  g_assert_cmpstr (a, ==, "2 3 4");
  g_assert_cmpstr (b, ==, "6 7 8");
  g_assert_cmpstr (c, ==, "5 9 10");
  /* Frames at 250, 450 and 500 bytes. */
  g_assert_cmpuint (ev->n_extents, ==, 2);
  g_assert_cmpuint (ev->extents[0].start, ==, 5);
  g_assert_cmpuint (ev->extents[1].start, ==, 9);
  g_assert_cmpuint (ev->extents[1].frames, ==, 2);
  FragMetrics m;
  frag_sim_metrics (sim, &m);
  g_assert_cmpuint (m.failed_allocations, ==, 0);
  g_assert_cmpuint (m.free_frames, ==, 2);
  frag_sim_free (sim);
}

static void
test_phil_opp_compaction (void)
{
  FragSim *sim = phil_opp (FRAG_MODE_COMPACTION);
  const FragEvent *ev = frag_sim_last_event (sim);
  g_assert_true (ev->ok);
  g_assert_true (ev->compacted);
  g_assert_cmpuint (ev->frames_moved, ==, 6);
  FragMetrics m;
  frag_sim_metrics (sim, &m);
  g_assert_cmpuint (m.compaction_bytes_moved, ==, 300);
  g_assert_cmpuint (m.compaction_frames_moved, ==, 6);
  g_assert_cmpuint (m.failed_allocations, ==, 0);
  g_autofree char *a = frag_test_frames_string (sim, 0);
  g_autofree char *b = frag_test_frames_string (sim, 1);
  g_autofree char *c = frag_test_frames_string (sim, 2);
  g_assert_cmpstr (a, ==, "0 1 2");
  g_assert_cmpstr (b, ==, "3 4 5");
  g_assert_cmpstr (c, ==, "6 7 8");
  g_autofree char *holes = frag_test_holes_string (sim);
  g_assert_cmpstr (holes, ==, "9+2");
  frag_sim_free (sim);
}

static void
test_phil_opp_internal (void)
{
  FragConfig cfg;
  frag_test_config (&cfg, 50, 11, FRAG_MODE_PAGING, FRAG_FIT_FIRST);
  FragProgram *p = frag_program_new ();
  frag_test_spawn (p, "P", 101, -1);
  FragSim *sim = frag_test_sim (&cfg, p);
  frag_test_run_checked (sim, G_MAXUINT64, G_MAXUINT64, 1);
  FragProcessInfo pi;
  g_assert_true (frag_sim_process (sim, 0, &pi));
  g_assert_cmpuint (pi.frames, ==, 3);
  g_assert_cmpuint (pi.bytes, ==, 101);
  FragMetrics m;
  frag_sim_metrics (sim, &m);
  g_assert_cmpuint (m.internal_fragmentation_bytes, ==, 49);
  frag_sim_free (sim);
}

/* OSTEP ch. 17: a 30-byte heap, 10-20 used: a 15-byte request fails with 20 bytes free. */
static void
test_ostep17 (void)
{
  FragConfig cfg;
  frag_test_config (&cfg, 1, 30, FRAG_MODE_SEGMENTATION, FRAG_FIT_FIRST);
  FragProgram *p = frag_program_new ();
  frag_test_spawn (p, "used", 10, 10);
  frag_test_spawn (p, "req", 15, -1);
  FragSim *sim = frag_test_sim (&cfg, p);
  frag_test_run_checked (sim, G_MAXUINT64, G_MAXUINT64, 1);
  const FragEvent *ev = frag_sim_last_event (sim);
  g_assert_false (ev->ok);
  g_assert_cmpint (ev->reason, ==, FRAG_REASON_EXTERNAL_FRAGMENTATION);
  FragMetrics m;
  frag_sim_metrics (sim, &m);
  g_assert_cmpuint (m.free_frames, ==, 20);
  g_assert_cmpuint (m.largest_free_run, ==, 10);
  frag_sim_free (sim);
}

/* OSTEP ch. 16 (compaction figure), with 1 KiB frames: 64 frames, the OS in 0-16 (pinned), three
 * 8 KiB processes leaving three 8 KiB holes; a 20 KiB segment fails under segmentation and fits,
 * after compaction, in the one 24 KiB hole. */
static FragSim *
ostep16 (FragMode mode)
{
  FragConfig cfg;
  frag_test_config (&cfg, 1024, 64, mode, FRAG_FIT_FIRST);
  FragProgram *p = frag_program_new ();
  FragOp *os = frag_test_spawn (p, "OS", 16 * 1024, 0);
  os->pinned = TRUE;
  frag_test_spawn (p, "P1", 8 * 1024, 16 * 1024);
  frag_test_spawn (p, "P2", 8 * 1024, 32 * 1024);
  frag_test_spawn (p, "P3", 8 * 1024, 48 * 1024);
  frag_test_spawn (p, "new", 20 * 1024, -1);
  FragSim *sim = frag_test_sim (&cfg, p);
  frag_test_run_checked (sim, G_MAXUINT64, G_MAXUINT64, 1);
  return sim;
}

static void
test_ostep16 (void)
{
  FragSim *sim = ostep16 (FRAG_MODE_SEGMENTATION);
  const FragEvent *ev = frag_sim_last_event (sim);
  g_assert_false (ev->ok);
  g_assert_cmpint (ev->reason, ==, FRAG_REASON_EXTERNAL_FRAGMENTATION);
  g_autofree char *holes = frag_test_holes_string (sim);
  g_assert_cmpstr (holes, ==, "24+8 40+8 56+8");
  frag_sim_free (sim);

  sim = ostep16 (FRAG_MODE_COMPACTION);
  ev = frag_sim_last_event (sim);
  g_assert_true (ev->ok);
  g_assert_cmpuint (ev->n_extents, ==, 1);
  g_assert_cmpuint (ev->extents[0].start, ==, 40);
  g_assert_cmpuint (ev->extents[0].frames, ==, 20);
  FragMetrics m;
  frag_sim_metrics (sim, &m);
  g_assert_cmpuint (m.compaction_frames_moved, ==, 16);
  g_assert_cmpuint (m.compaction_bytes_moved, ==, 16 * 1024);
  g_autofree char *holes2 = frag_test_holes_string (sim);
  g_assert_cmpstr (holes2, ==, "60+4");
  frag_sim_free (sim);
}

/* OSTEP ch. 18: VP0->PF3, VP1->PF7, VP2->PF5, VP3->PF2 with 16-byte pages in 128 bytes;
 * virtual address 21 is physical 117. */
static void
test_ostep18 (void)
{
  FragConfig cfg;
  frag_test_config (&cfg, 16, 8, FRAG_MODE_PAGING, FRAG_FIT_FIRST);
  cfg.pt_levels = 1;
  cfg.pt_bits_per_level = 2;
  FragProgram *p = frag_program_new ();
  FragOp *op = frag_test_spawn (p, "P", 64, -1);
  uint64_t pf[4] = { 3, 7, 5, 2 };
  for (int i = 0; i < 4; i++)
    {
      uint32_t k = frag_program_add_pfn (p, pf[i]);
      if (i == 0)
        op->first_pfn = k;
    }
  op->n_pfns = 4;
  FragOp *acc = frag_test_op (p, FRAG_OP_ACCESS, "P");
  acc->address = 21;
  acc = frag_test_op (p, FRAG_OP_ACCESS, "P");
  acc->address = 64;
  FragSim *sim = frag_test_sim (&cfg, p);
  frag_test_run_checked (sim, 2, G_MAXUINT64, 1);
  g_autofree char *f = frag_test_frames_string (sim, 0);
  g_assert_cmpstr (f, ==, "3 7 5 2");
  const FragEvent *ev = frag_sim_last_event (sim);
  g_assert_true (ev->ok);
  g_assert_cmpuint (ev->vaddr, ==, 21);
  g_assert_cmpuint (ev->paddr, ==, 117);
  g_assert_cmpuint (ev->walk_levels, ==, 1);
  g_assert_cmpuint (ev->walk[0].index, ==, 1);
  g_assert_true (ev->walk[0].present);
  frag_test_run_checked (sim, 1, G_MAXUINT64, 1);
  ev = frag_sim_last_event (sim);
  g_assert_false (ev->ok);
  g_assert_cmpint (ev->reason, ==, FRAG_REASON_FAULT);
  FragMetrics m;
  frag_sim_metrics (sim, &m);
  g_assert_cmpuint (m.page_faults, ==, 1);
  frag_sim_free (sim);
}

/* OSTEP's malloc.py -l ADDRSORT -C with frame_size 1: the same addresses for the same ops.
 * Expected values worked out from malloc.py's algorithm (lowest part of the chosen chunk; best
 * and worst take the first chunk of the winning size in address order). */
static void
malloc_py (FragFit fit, uint64_t want15, uint64_t want20)
{
  FragConfig cfg;
  frag_test_config (&cfg, 1, 100, FRAG_MODE_SEGMENTATION, fit);
  FragProgram *p = frag_program_new ();
  frag_test_spawn (p, "p0", 10, -1);
  frag_test_spawn (p, "p1", 20, -1);
  frag_test_spawn (p, "p2", 10, -1);
  frag_test_spawn (p, "p3", 30, -1);
  frag_test_spawn (p, "p4", 10, -1);
  frag_test_op (p, FRAG_OP_EXIT, "p1");
  frag_test_op (p, FRAG_OP_EXIT, "p3");
  frag_test_spawn (p, "p5", 15, -1);
  frag_test_spawn (p, "p6", 20, -1);
  FragSim *sim = frag_test_sim (&cfg, p);
  uint64_t want[] = { 0, 10, 30, 40, 70, G_MAXUINT64, G_MAXUINT64, want15, want20 };
  for (unsigned i = 0; i < G_N_ELEMENTS (want); i++)
    {
      g_assert_true (frag_sim_step (sim));
      frag_test_check (sim);
      const FragEvent *ev = frag_sim_last_event (sim);
      g_assert_true (ev->ok);
      if (want[i] != G_MAXUINT64)
        {
          g_assert_cmpuint (ev->n_extents, ==, 1);
          g_assert_cmpuint (ev->extents[0].start, ==, want[i]);
        }
    }
  frag_sim_free (sim);
}

static void
test_malloc_py (void)
{
  malloc_py (FRAG_FIT_FIRST, 10, 40);
  malloc_py (FRAG_FIT_BEST, 10, 80);
  malloc_py (FRAG_FIT_WORST, 40, 10);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/frag/engine/figures/phil-opp/segmentation", test_phil_opp_segmentation);
  g_test_add_func ("/frag/engine/figures/phil-opp/paging", test_phil_opp_paging);
  g_test_add_func ("/frag/engine/figures/phil-opp/compaction", test_phil_opp_compaction);
  g_test_add_func ("/frag/engine/figures/phil-opp/internal", test_phil_opp_internal);
  g_test_add_func ("/frag/engine/figures/ostep17", test_ostep17);
  g_test_add_func ("/frag/engine/figures/ostep16", test_ostep16);
  g_test_add_func ("/frag/engine/figures/ostep18", test_ostep18);
  g_test_add_func ("/frag/engine/figures/malloc-py", test_malloc_py);
  return g_test_run ();
}
