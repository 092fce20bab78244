/* test-paging.c: paging mode: order-0 pages in address order, the multi-level walk and its
 * faults, growing by pages, explicit frames, and Linux's two-scanner compaction with page tables
 * following the moved pages. Checker after every step. */
#include "engine-test-util.h"

static FragSim *
paging_sim (uint64_t frames, FragProgram *p)
{
  FragConfig cfg;
  frag_test_config (&cfg, 16, frames, FRAG_MODE_PAGING, FRAG_FIT_FIRST);
  cfg.pt_levels = 2;
  cfg.pt_bits_per_level = 2;
  FragSim *sim = frag_test_sim (&cfg, p);
  frag_test_run_checked (sim, G_MAXUINT64, G_MAXUINT64, 1);
  return sim;
}

static const FragEvent *
event_at (FragSim *sim, uint64_t step)
{
  frag_sim_seek (sim, step + 1);
  frag_test_check (sim);
  return frag_sim_last_event (sim);
}

static void
test_walk (void)
{
  FragProgram *p = frag_program_new ();
  frag_test_spawn (p, "P", 96, -1);                    /* 6 pages: frames 0..5 */
  frag_test_op (p, FRAG_OP_ACCESS, "P")->address = 83; /* vpage 5, offset 3 */
  frag_test_op (p, FRAG_OP_ACCESS, "P")->address = 144; /* vpage 9: no level-1 table */
  frag_test_op (p, FRAG_OP_ACCESS, "P")->address = 112; /* vpage 7: table there, no page */
  frag_test_op (p, FRAG_OP_GROW, "P")->size = 20;       /* 116 bytes: 8 pages */
  frag_test_op (p, FRAG_OP_ACCESS, "P")->address = 112;
  FragSim *sim = paging_sim (32, p);
  const FragEvent *ev = event_at (sim, 1);
  g_assert_true (ev->ok);
  g_assert_cmpuint (ev->paddr, ==, 5 * 16 + 3);
  g_assert_cmpuint (ev->walk_levels, ==, 2);
  g_assert_cmpuint (ev->walk[0].index, ==, 1);
  g_assert_cmpuint (ev->walk[0].pfn, ==, 0);
  g_assert_true (ev->walk[0].present);
  g_assert_cmpuint (ev->walk[1].index, ==, 1);
  g_assert_cmpuint (ev->walk[1].pfn, ==, 1);
  g_assert_true (ev->walk[1].present);
  ev = event_at (sim, 2);
  g_assert_false (ev->ok);
  g_assert_cmpint (ev->reason, ==, FRAG_REASON_FAULT);
  g_assert_cmpuint (ev->walk_levels, ==, 1);
  g_assert_cmpuint (ev->walk[0].index, ==, 2);
  g_assert_false (ev->walk[0].present);
  ev = event_at (sim, 3);
  g_assert_false (ev->ok);
  g_assert_cmpuint (ev->walk_levels, ==, 2);
  g_assert_true (ev->walk[0].present);
  g_assert_false (ev->walk[1].present);
  ev = event_at (sim, 4);
  g_assert_true (ev->ok);
  g_assert_cmpuint (ev->n_extents, ==, 1);
  g_assert_cmpuint (ev->extents[0].start, ==, 0);
  g_assert_cmpuint (ev->extents[0].frames, ==, 8);
  ev = event_at (sim, 5);
  g_assert_true (ev->ok);
  g_assert_cmpuint (ev->paddr, ==, 7 * 16);
  FragMetrics m;
  frag_sim_metrics (sim, &m);
  g_assert_cmpuint (m.page_faults, ==, 2);
  g_assert_cmpuint (m.internal_fragmentation_bytes, ==, 128 - 116);
  FragFrameInfo fi;
  g_assert_true (frag_sim_frame_info (sim, 6, &fi));
  g_assert_cmpint (fi.owner.kind, ==, FRAG_OWNER_PROCESS);
  g_assert_cmpuint (fi.owner.vpage, ==, 6);
  FragSegmentInfo si;
  g_assert_true (frag_sim_segment (sim, 0, 0, &si));
  g_assert_cmpuint (si.start_pfn, ==, 0);
  frag_sim_free (sim);
}

/* Explicit frames and `at`: all or nothing when one is taken. */
static void
test_explicit (void)
{
  FragProgram *p = frag_program_new ();
  frag_test_spawn (p, "A", 32, 64);                    /* frames 4, 5 */
  FragOp *op = frag_test_spawn (p, "B", 48, -1);
  op->first_pfn = frag_program_add_pfn (p, 9);
  frag_program_add_pfn (p, 5);                          /* taken by A */
  frag_program_add_pfn (p, 1);
  op->n_pfns = 3;
  op = frag_test_spawn (p, "C", 48, -1);
  op->first_pfn = frag_program_add_pfn (p, 9);
  frag_program_add_pfn (p, 7);
  op->n_pfns = 2;                                       /* third page from the allocator */
  FragSim *sim = paging_sim (16, p);
  const FragEvent *ev = event_at (sim, 1);
  g_assert_false (ev->ok);
  g_assert_cmpint (ev->reason, ==, FRAG_REASON_EXTERNAL_FRAGMENTATION);
  ev = event_at (sim, 2);
  g_assert_true (ev->ok);
  frag_sim_seek (sim, 3);
  g_autofree char *c = frag_test_frames_string (sim, 1);
  /* The allocator: the lowest block of the smallest order, here the lone frame 6. */
  g_assert_cmpstr (c, ==, "9 7 6");
  g_autofree char *a = frag_test_frames_string (sim, 0);
  g_assert_cmpstr (a, ==, "4 5");
  frag_sim_free (sim);
}

static FragProgram *
five_processes (void)
{
  FragProgram *p = frag_program_new ();
  const char *names[] = { "A", "B", "C", "D", "E" };
  for (int i = 0; i < 5; i++)
    frag_test_spawn (p, names[i], 64, -1);
  frag_test_op (p, FRAG_OP_EXIT, "A");
  frag_test_op (p, FRAG_OP_EXIT, "C");
  return p;
}

/* Full compaction: B's and D's pages go to the top, in the order the scanners meet them. */
static void
test_compact_full (void)
{
  FragProgram *p = five_processes ();
  frag_test_op (p, FRAG_OP_COMPACT, NULL);
  FragSim *sim = paging_sim (32, p);
  const FragEvent *ev = frag_sim_last_event (sim);
  g_assert_true (ev->compacted);
  /* The scanners run until they meet: B (4..7), D (12..15) and even E (16..19) move, E into
   * the free frames just above it. */
  g_assert_cmpuint (ev->frames_moved, ==, 12);
  g_autofree char *b = frag_test_frames_string (sim, 0);
  g_autofree char *d = frag_test_frames_string (sim, 1);
  g_autofree char *e = frag_test_frames_string (sim, 2);
  g_assert_cmpstr (b, ==, "31 30 29 28");
  g_assert_cmpstr (d, ==, "27 26 25 24");
  g_assert_cmpstr (e, ==, "23 22 21 20");
  g_autofree char *holes = frag_test_holes_string (sim);
  g_assert_cmpstr (holes, ==, "0+20");
  size_t n;
  const FragChange *ch = frag_sim_last_changes (sim, &n);
  g_assert_cmpuint (n, >=, 2);
  g_assert_cmpint (ch[0].kind, ==, FRAG_CHANGE_MOVED_FROM);
  FragMetrics m;
  frag_sim_metrics (sim, &m);
  g_assert_cmpuint (m.compaction_bytes_moved, ==, 12 * 16);
  frag_sim_free (sim);
}

/* With an order, the scanners stop as soon as a free block of that order exists. */
static void
test_compact_order (void)
{
  FragProgram *p = five_processes ();
  frag_test_op (p, FRAG_OP_COMPACT, NULL)->order = 3;
  frag_test_op (p, FRAG_OP_COMPACT, NULL)->order = 3;
  FragSim *sim = paging_sim (24, p);
  const FragEvent *ev = event_at (sim, 7);
  g_assert_true (ev->compacted);
  g_assert_cmpuint (ev->frames_moved, ==, 4);
  /* In 24 frames the first pages come from the smallest block, 16..23: A 16..19, B 20..23,
   * C 0..3, D 4..7, E 8..11. With A and C gone, D alone moves, into 16..19. */
  g_autofree char *b = frag_test_frames_string (sim, 0);
  g_autofree char *d = frag_test_frames_string (sim, 1);
  g_assert_cmpstr (b, ==, "20 21 22 23");
  g_assert_cmpstr (d, ==, "19 18 17 16");
  FragZoneStats zs;
  frag_sim_zone_stats (sim, 0, &zs);
  g_assert_cmpuint (zs.nr_free[3], ==, 1);
  /* Already there: the second compaction moves nothing. */
  ev = event_at (sim, 8);
  g_assert_cmpuint (ev->frames_moved, ==, 0);
  frag_sim_free (sim);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/frag/engine/paging/walk", test_walk);
  g_test_add_func ("/frag/engine/paging/explicit-frames", test_explicit);
  g_test_add_func ("/frag/engine/paging/compact-full", test_compact_full);
  g_test_add_func ("/frag/engine/paging/compact-order", test_compact_order);
  return g_test_run ();
}
