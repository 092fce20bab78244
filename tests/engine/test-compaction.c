/* test-compaction.c: the sliding compaction of segmentation/compaction modes (order kept, pinned
 * and unmovable segments stay, bytes counted), its three triggers, grow with compaction, and the
 * two scanners of buddy mode on raw blocks and pageblock types. Checker after every step. */
#include "engine-test-util.h"

static const FragEvent *
event_at (FragSim *sim, uint64_t step)
{
  frag_sim_seek (sim, step + 1);
  frag_test_check (sim);
  return frag_sim_last_event (sim);
}

static FragSim *
run (FragConfig *cfg, FragProgram *p)
{
  FragSim *sim = frag_test_sim (cfg, p);
  frag_test_run_checked (sim, G_MAXUINT64, G_MAXUINT64, 1);
  return sim;
}

static void
test_slide_around_fixed (void)
{
  FragConfig cfg;
  frag_test_config (&cfg, 1, 20, FRAG_MODE_SEGMENTATION, FRAG_FIT_FIRST);
  FragProgram *p = frag_program_new ();
  frag_test_spawn (p, "A", 3, 2);
  frag_test_spawn (p, "B", 2, 8)->pinned = TRUE;
  frag_test_spawn (p, "C", 3, 12);
  frag_test_spawn (p, "D", 2, 16)->mt = FRAG_MT_UNMOVABLE;
  frag_test_op (p, FRAG_OP_COMPACT, NULL);
  FragSim *sim = run (&cfg, p);
  const FragEvent *ev = frag_sim_last_event (sim);
  g_assert_true (ev->ok);
  g_assert_true (ev->compacted);
  g_assert_cmpuint (ev->frames_moved, ==, 6);
  g_autofree char *holes = frag_test_holes_string (sim);
  g_assert_cmpstr (holes, ==, "3+5 13+3 18+2");
  FragExtent e[2];
  frag_sim_process_extents (sim, 0, e, 2);
  g_assert_cmpuint (e[0].start, ==, 0);
  frag_sim_process_extents (sim, 2, e, 2);
  g_assert_cmpuint (e[0].start, ==, 10);
  FragMetrics m;
  frag_sim_metrics (sim, &m);
  g_assert_cmpuint (m.compaction_bytes_moved, ==, 6);
  g_assert_cmpuint (m.compactions, ==, 1);
  /* Highlights: where the segments were, and where they went. */
  size_t n;
  const FragChange *ch = frag_sim_last_changes (sim, &n);
  g_assert_cmpuint (n, ==, 4);
  gboolean from2 = FALSE, to0 = FALSE;
  for (size_t i = 0; i < n; i++)
    {
      from2 |= ch[i].kind == FRAG_CHANGE_MOVED_FROM && ch[i].start == 2 && ch[i].frames == 3;
      to0 |= ch[i].kind == FRAG_CHANGE_MOVED_TO && ch[i].start == 0 && ch[i].frames == 3;
    }
  g_assert_true (from2 && to0);
  frag_sim_free (sim);
}

static FragProgram *
abc_exit_b (uint64_t spawn_after)
{
  FragProgram *p = frag_program_new ();
  frag_test_spawn (p, "A", 5, -1);
  frag_test_spawn (p, "B", 5, -1);
  frag_test_spawn (p, "C", 5, -1);
  frag_test_op (p, FRAG_OP_EXIT, "B");
  frag_test_spawn (p, "D", spawn_after, -1);
  return p;
}

static void
test_triggers (void)
{
  FragConfig cfg;
  frag_test_config (&cfg, 1, 20, FRAG_MODE_COMPACTION, FRAG_FIT_FIRST);

  /* threshold: the exit leaves external fragmentation 0.5 > 0.3: compact after that step. */
  cfg.trigger = FRAG_TRIGGER_THRESHOLD;
  cfg.threshold = 0.3;
  FragSim *sim = run (&cfg, abc_exit_b (8));
  const FragEvent *ev = event_at (sim, 3);
  g_assert_true (ev->compacted);
  g_assert_cmpuint (ev->frames_moved, ==, 5);
  ev = event_at (sim, 4);
  g_assert_true (ev->ok);
  g_assert_false (ev->compacted);
  g_assert_cmpuint (ev->extents[0].start, ==, 10);
  frag_sim_free (sim);

  /* manual: nothing moves until a `compact` op. */
  cfg.trigger = FRAG_TRIGGER_MANUAL;
  FragProgram *p = abc_exit_b (8);
  frag_test_op (p, FRAG_OP_COMPACT, NULL);
  frag_test_spawn (p, "E", 8, -1);
  sim = run (&cfg, p);
  ev = event_at (sim, 4);
  g_assert_false (ev->ok);
  g_assert_false (ev->compacted);
  g_assert_cmpint (ev->reason, ==, FRAG_REASON_EXTERNAL_FRAGMENTATION);
  ev = event_at (sim, 5);
  g_assert_cmpuint (ev->frames_moved, ==, 5);
  ev = event_at (sim, 6);
  g_assert_true (ev->ok);
  g_assert_cmpuint (ev->extents[0].start, ==, 10);
  frag_sim_free (sim);

  /* on-failure, and a failure compaction cannot help (out of memory: no compaction). */
  cfg.trigger = FRAG_TRIGGER_ON_FAILURE;
  p = abc_exit_b (8);
  frag_test_spawn (p, "F", 8, -1);
  sim = run (&cfg, p);
  ev = event_at (sim, 4);
  g_assert_true (ev->ok);
  g_assert_true (ev->compacted);
  ev = event_at (sim, 5);
  g_assert_false (ev->ok);
  g_assert_false (ev->compacted);
  g_assert_cmpint (ev->reason, ==, FRAG_REASON_OUT_OF_MEMORY);
  FragMetrics m;
  frag_sim_metrics (sim, &m);
  g_assert_cmpuint (m.compactions, ==, 1);
  frag_sim_free (sim);
}

/* Grow under on-failure compaction: the segment slides down and then grows in place. */
static void
test_grow_compacts (void)
{
  FragConfig cfg;
  frag_test_config (&cfg, 1, 30, FRAG_MODE_COMPACTION, FRAG_FIT_FIRST);
  FragProgram *p = frag_program_new ();
  frag_test_spawn (p, "A", 5, 0);
  frag_test_spawn (p, "B", 5, 10);
  frag_test_spawn (p, "G", 5, 20);
  frag_test_op (p, FRAG_OP_GROW, "G")->size = 12;
  FragSim *sim = run (&cfg, p);
  const FragEvent *ev = frag_sim_last_event (sim);
  g_assert_true (ev->ok);
  g_assert_true (ev->compacted);
  g_assert_cmpuint (ev->frames_moved, ==, 10);
  g_assert_cmpuint (ev->extents[0].start, ==, 10);
  g_assert_cmpuint (ev->extents[0].frames, ==, 17);
  g_autofree char *holes = frag_test_holes_string (sim);
  g_assert_cmpstr (holes, ==, "27+3");
  frag_sim_free (sim);

  /* Under plain segmentation the same grow fails, for fragmentation. */
  cfg.mode = FRAG_MODE_SEGMENTATION;
  p = frag_program_new ();
  frag_test_spawn (p, "A", 5, 0);
  frag_test_spawn (p, "B", 5, 10);
  frag_test_spawn (p, "G", 5, 20);
  frag_test_op (p, FRAG_OP_GROW, "G")->size = 12;
  sim = run (&cfg, p);
  ev = frag_sim_last_event (sim);
  g_assert_false (ev->ok);
  g_assert_cmpint (ev->reason, ==, FRAG_REASON_EXTERNAL_FRAGMENTATION);
  FragExtent e;
  frag_sim_process_extents (sim, 2, &e, 1);
  g_assert_cmpuint (e.start, ==, 20);
  g_assert_cmpuint (e.frames, ==, 5);
  frag_sim_free (sim);
}

/* Buddy mode: movable order-0 raw pages migrate, a movable block of order 1 moves whole into a
 * free aligned block of its order (as a large folio), and free frames of an unmovable pageblock
 * are not used as targets. */
static void
test_buddy_scanners (void)
{
  FragConfig cfg;
  frag_test_config (&cfg, 4096, 32, FRAG_MODE_BUDDY, FRAG_FIT_FIRST);
  cfg.max_order = 4;
  cfg.pageblock_order = 3;
  FragProgram *p = frag_program_new ();
  char id[8];
  for (int i = 0; i < 8; i++)
    {
      g_snprintf (id, sizeof id, "p%d", i);
      frag_test_op (p, FRAG_OP_ALLOC, id)->order = 0;  /* frames 0..7 */
    }
  frag_test_op (p, FRAG_OP_ALLOC, "big")->order = 1;  /* 8..9 */
  for (int i = 0; i < 8; i += 2)
    {
      g_snprintf (id, sizeof id, "p%d", i);
      frag_test_op (p, FRAG_OP_FREE, id);
    }
  frag_test_op (p, FRAG_OP_COMPACT, NULL);
  FragSim *sim = frag_test_sim (&cfg, p);
  /* The top pageblock (24..31) is unmovable: the free scanner skips it. */
  g_assert_true (frag_sim_import_set_pageblock (sim, 3, FRAG_MT_UNMOVABLE));
  frag_test_run_checked (sim, G_MAXUINT64, G_MAXUINT64, 1);
  const FragEvent *ev = frag_sim_last_event (sim);
  /* p1, p3, p5, p7 to 23, 22, 21, 20; "big" (8..9) to 18..19, the highest free order-1 block
   * of a movable pageblock. (Before large blocks moved: 4 frames, "big" stayed at 8.) */
  g_assert_cmpuint (ev->frames_moved, ==, 6);
  const char *name;
  uint64_t pfn;
  unsigned order;
  FragMigrateType mt;
  g_assert_cmpuint (frag_sim_n_raw (sim), ==, 5);
  g_assert_true (frag_sim_raw (sim, 0, &name, &pfn, &order, &mt));
  g_assert_cmpstr (name, ==, "p1");
  g_assert_cmpuint (pfn, ==, 23);
  g_assert_true (frag_sim_raw (sim, 4, &name, &pfn, &order, &mt));
  g_assert_cmpstr (name, ==, "big");
  g_assert_cmpuint (pfn, ==, 18);
  g_assert_cmpuint (order, ==, 1);
  FragZoneStats zs;
  frag_sim_zone_stats (sim, 0, &zs);
  g_assert_cmpuint (zs.pageblocks_by_type[FRAG_MT_UNMOVABLE], ==, 1);
  g_assert_cmpuint (zs.pageblocks_by_type[FRAG_MT_MOVABLE], ==, 3);
  /* 0..7 free again: one block of order 3 (and now 0..15 is one of order 4, 16..17 one of
   * order 1; 24..31, the unmovable pageblock, stays a free block of order 3). */
  g_assert_cmpuint (zs.nr_free[3], >=, 1);
  g_assert_cmpuint (zs.nr_free[4], ==, 1);
  g_assert_cmpuint (zs.nr_free[1], ==, 1);
  g_assert_cmpuint (zs.nr_free[0], ==, 0);
  frag_sim_free (sim);
}

/* 32 movable order-0 raw blocks fill frames 0..31 (max_order 4, two pageblocks of 16 frames),
 * then the ones listed are freed, then `compact` with `order`. */
static FragSim *
costly_sim (const int *freed, int n_freed, int order)
{
  FragConfig cfg;
  frag_test_config (&cfg, 4096, 32, FRAG_MODE_BUDDY, FRAG_FIT_FIRST);
  cfg.max_order = 4;
  cfg.pageblock_order = 4;
  FragProgram *p = frag_program_new ();
  char id[8];
  for (int i = 0; i < 32; i++)
    {
      g_snprintf (id, sizeof id, "p%d", i);
      frag_test_op (p, FRAG_OP_ALLOC, id)->order = 0;
    }
  for (int i = 0; i < n_freed; i++)
    {
      g_snprintf (id, sizeof id, "p%d", freed[i]);
      frag_test_op (p, FRAG_OP_FREE, id);
    }
  frag_test_op (p, FRAG_OP_COMPACT, NULL)->order = order;
  FragSim *sim = frag_test_sim (&cfg, p);
  frag_test_run_checked (sim, G_MAXUINT64, G_MAXUINT64, 1);
  return sim;
}

static uint64_t
raw_pfn (FragSim *sim, const char *want)
{
  for (size_t i = 0; i < frag_sim_n_raw (sim); i++)
    {
      const char *name;
      uint64_t pfn;
      unsigned order;
      FragMigrateType mt;
      g_assert_true (frag_sim_raw (sim, i, &name, &pfn, &order, &mt));
      if (g_strcmp0 (name, want) == 0)
        return pfn;
    }
  g_assert_not_reached ();
}

/* mm/compaction.c's rule for costly orders (> PAGE_ALLOC_COSTLY_ORDER = 3): no compaction when
 * 0 <= fragmentation_index(order) <= extfrag_threshold (500). */
static void
test_costly_order (void)
{
  FragMetrics m;
  FragZoneStats zs;
  /* Two free frames (5 and 20): nr_free = [2, 0, 0, 0, 0]. For order 4 the index is
   * 1000 - (1000 + 2 * 1000 / 16) / 2 = 1000 - 562 = 438 <= 500: lack of memory, skipped. */
  const int two[] = { 5, 20 };
  FragSim *sim = costly_sim (two, 2, 4);
  const FragEvent *ev = frag_sim_last_event (sim);
  g_assert_cmpint (ev->op, ==, FRAG_OP_COMPACT);
  g_assert_cmpint (ev->order, ==, 4);
  g_assert_true (ev->ok);
  g_assert_true (ev->compaction_skipped);
  g_assert_cmpint (ev->compaction_fragindex, ==, 438);
  g_assert_false (ev->compacted);
  g_assert_cmpuint (ev->frames_moved, ==, 0);
  frag_sim_metrics (sim, &m);
  g_assert_cmpuint (m.compactions, ==, 0);
  g_assert_cmpuint (m.compaction_frames_moved, ==, 0);
  frag_sim_zone_stats (sim, 0, &zs);
  g_assert_cmpuint (zs.nr_free[0], ==, 2);
  g_assert_cmpuint (zs.nr_free[1], ==, 0);
  frag_sim_free (sim);

  /* The same memory, order 3: not costly, so compaction runs although the index is
   * 1000 - (1000 + 2000 / 8) / 2 = 375. p0 goes to 20, p1 to 5, and the scanners meet: 0..1
   * make one free block of order 1. */
  sim = costly_sim (two, 2, 3);
  ev = frag_sim_last_event (sim);
  g_assert_false (ev->compaction_skipped);
  g_assert_true (ev->compacted);
  g_assert_cmpuint (ev->frames_moved, ==, 2);
  frag_sim_zone_stats (sim, 0, &zs);
  g_assert_cmpuint (zs.nr_free[0], ==, 0);
  g_assert_cmpuint (zs.nr_free[1], ==, 1);
  g_assert_cmpuint (raw_pfn (sim, "p0"), ==, 20);
  g_assert_cmpuint (raw_pfn (sim, "p1"), ==, 5);
  frag_sim_free (sim);

  /* And without an order (compact all): no rule, the same two frames move. */
  sim = costly_sim (two, 2, -1);
  ev = frag_sim_last_event (sim);
  g_assert_false (ev->compaction_skipped);
  g_assert_cmpuint (ev->frames_moved, ==, 2);
  frag_sim_free (sim);

  /* Eight free frames 1, 3, ..., 15: nr_free = [8, 0, 0, 0, 0]; for order 4 the index is
   * 1000 - (1000 + 8000 / 16) / 8 = 1000 - 187 = 813 > 500: fragmentation, compacted.
   * p0, p2, p4, p6 go to 15, 13, 11, 9; then the scanners meet and 0..7 is one block of
   * order 3 (8..15 still hold pages: no block of order 4). */
  const int odd[] = { 1, 3, 5, 7, 9, 11, 13, 15 };
  sim = costly_sim (odd, 8, 4);
  ev = frag_sim_last_event (sim);
  g_assert_false (ev->compaction_skipped);
  g_assert_true (ev->compacted);
  g_assert_cmpuint (ev->frames_moved, ==, 4);
  frag_sim_zone_stats (sim, 0, &zs);
  g_assert_cmpuint (zs.nr_free[0], ==, 0);
  g_assert_cmpuint (zs.nr_free[3], ==, 1);
  g_assert_cmpuint (zs.nr_free[4], ==, 0);
  frag_sim_metrics (sim, &m);
  g_assert_cmpuint (m.compactions, ==, 1);
  g_assert_cmpuint (m.compaction_frames_moved, ==, 4);
  g_assert_cmpuint (raw_pfn (sim, "p0"), ==, 15);
  g_assert_cmpuint (raw_pfn (sim, "p6"), ==, 9);
  frag_sim_free (sim);

  /* Nothing free at all: the index is 0 (no free blocks), within [0, 500]: skipped. */
  sim = costly_sim (NULL, 0, 4);
  ev = frag_sim_last_event (sim);
  g_assert_true (ev->compaction_skipped);
  g_assert_cmpint (ev->compaction_fragindex, ==, 0);
  frag_sim_free (sim);
}

/* 32 frames (two movable pageblocks of 16): "b", order 2, at 0..3, pages p4..p31 above; the
 * pages listed are freed, then a full `compact`. */
static FragSim *
large_sim (const int *freed, int n_freed)
{
  FragConfig cfg;
  frag_test_config (&cfg, 4096, 32, FRAG_MODE_BUDDY, FRAG_FIT_FIRST);
  cfg.max_order = 4;
  cfg.pageblock_order = 4;
  FragProgram *p = frag_program_new ();
  char id[8];
  frag_test_op (p, FRAG_OP_ALLOC, "b")->order = 2;
  for (int i = 4; i < 32; i++)
    {
      g_snprintf (id, sizeof id, "p%d", i);
      frag_test_op (p, FRAG_OP_ALLOC, id)->order = 0;
    }
  for (int i = 0; i < n_freed; i++)
    {
      g_snprintf (id, sizeof id, "p%d", freed[i]);
      frag_test_op (p, FRAG_OP_FREE, id);
    }
  frag_test_op (p, FRAG_OP_COMPACT, NULL);
  FragSim *sim = frag_test_sim (&cfg, p);
  frag_test_run_checked (sim, G_MAXUINT64, G_MAXUINT64, 1);
  return sim;
}

/* A movable block of order > 0 moves whole, into the highest free block of its order aligned
 * on its size (not into free frames that are not such a block), as large folios migrate. */
static void
test_large_blocks (void)
{
  FragZoneStats zs;
  /* Free: 13, 20..23 (an aligned block of order 2), 29, 30. b goes to 20..23; p4, p5, p6 go to
   * 30, 29, 13; then the scanners meet at 7. */
  const int with_block[] = { 13, 20, 21, 22, 23, 29, 30 };
  FragSim *sim = large_sim (with_block, 7);
  const FragEvent *ev = frag_sim_last_event (sim);
  g_assert_true (ev->compacted);
  g_assert_cmpuint (ev->frames_moved, ==, 7);
  g_assert_cmpuint (raw_pfn (sim, "b"), ==, 20);
  g_assert_cmpuint (raw_pfn (sim, "p4"), ==, 30);
  g_assert_cmpuint (raw_pfn (sim, "p5"), ==, 29);
  g_assert_cmpuint (raw_pfn (sim, "p6"), ==, 13);
  g_assert_cmpuint (raw_pfn (sim, "p7"), ==, 7);
  /* 0..3, 4..5 and 6 free. */
  frag_sim_zone_stats (sim, 0, &zs);
  g_assert_cmpuint (zs.nr_free[0], ==, 1);
  g_assert_cmpuint (zs.nr_free[1], ==, 1);
  g_assert_cmpuint (zs.nr_free[2], ==, 1);
  g_assert_cmpuint (zs.free_frames, ==, 7);
  /* The highlights: b's move is one change each way, 4 frames. */
  size_t n;
  const FragChange *ch = frag_sim_last_changes (sim, &n);
  gboolean from0 = FALSE, to20 = FALSE;
  for (size_t i = 0; i < n; i++)
    {
      from0 |= ch[i].kind == FRAG_CHANGE_MOVED_FROM && ch[i].start == 0 && ch[i].frames >= 4;
      to20 |= ch[i].kind == FRAG_CHANGE_MOVED_TO && ch[i].start <= 20
              && ch[i].start + ch[i].frames >= 24;
    }
  g_assert_true (from0 && to20);
  frag_sim_free (sim);

  /* Free: 13, 29, 30 only: no free block of order 2 anywhere, so b stays; the pages move. */
  const int scattered[] = { 13, 29, 30 };
  sim = large_sim (scattered, 3);
  ev = frag_sim_last_event (sim);
  g_assert_cmpuint (ev->frames_moved, ==, 3);
  g_assert_cmpuint (raw_pfn (sim, "b"), ==, 0);
  g_assert_cmpuint (raw_pfn (sim, "p4"), ==, 30);
  g_assert_cmpuint (raw_pfn (sim, "p6"), ==, 13);
  frag_sim_free (sim);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/frag/engine/compaction/slide-around-fixed", test_slide_around_fixed);
  g_test_add_func ("/frag/engine/compaction/triggers", test_triggers);
  g_test_add_func ("/frag/engine/compaction/grow", test_grow_compacts);
  g_test_add_func ("/frag/engine/compaction/buddy-scanners", test_buddy_scanners);
  g_test_add_func ("/frag/engine/compaction/costly-order", test_costly_order);
  g_test_add_func ("/frag/engine/compaction/large-blocks", test_large_blocks);
  return g_test_run ();
}
