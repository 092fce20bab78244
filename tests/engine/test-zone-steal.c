/* test-zone-steal.c: Linux's fallback and stealing (__rmqueue_fallback, can_steal_fallback,
 * steal_suitable_fallback, move_freepages_block) on small zones whose every step is worked out by
 * hand in the comments, in both free-list disciplines. */
#include "engine-test-util.h"
#include "frag-zone.h"

static FragZone *
make_zone (uint64_t frames, unsigned max_order, unsigned pbo, FragFreeListOrder disc,
           FragMigrateType mt)
{
  FragZoneParams p = { .start_pfn = 0, .frames = frames, .max_order = max_order,
                       .pageblock_order = pbo, .discipline = disc, .initial_mt = mt };
  FragZone *z = frag_zone_new (&p);
  g_assert_nonnull (z);
  return z;
}

#define CHECK(z) G_STMT_START {                                   \
    char err_[512] = "";                                          \
    if (!frag_zone_check ((z), err_, sizeof err_))                \
      g_error ("frag_zone_check: %s", err_);                      \
  } G_STMT_END

static void
assert_counters (const FragZone *z, uint64_t fallbacks, uint64_t extfrag, uint64_t stolen)
{
  const FragZoneCounters *c = frag_zone_counters (z);
  g_assert_cmpuint (c->fallbacks, ==, fallbacks);
  g_assert_cmpuint (c->extfrag_events, ==, extfrag);
  g_assert_cmpuint (c->pageblocks_stolen, ==, stolen);
}

static void
test_steal_whole (void)
{
  /* 32 frames, pageblocks of 8, blocks 0 and 16 of order 4, all movable. An unmovable page
   * finds nothing of its own; the fallback starts at order 4, a block of two pageblocks: both
   * are re-tagged, the block goes to the unmovable lists and is split there. */
  for (int d = 0; d < 2; d++)
    {
      FragZone *z = make_zone (32, 4, 3, d, FRAG_MT_MOVABLE);
      g_assert_cmpuint (frag_zone_alloc (z, 0, FRAG_MT_UNMOVABLE, 1), ==, 0);
      CHECK (z);
      g_assert_cmpint (frag_zone_pageblock_mt (z, 0), ==, FRAG_MT_UNMOVABLE);
      g_assert_cmpint (frag_zone_pageblock_mt (z, 1), ==, FRAG_MT_UNMOVABLE);
      g_assert_cmpint (frag_zone_pageblock_mt (z, 2), ==, FRAG_MT_MOVABLE);
      assert_counters (z, 1, 0, 2);
      for (unsigned o = 0; o < 4; o++)
        g_assert_cmpuint (frag_zone_nr_free (z, o, FRAG_MT_UNMOVABLE), ==, 1);
      g_assert_cmpuint (frag_zone_nr_free (z, 4, FRAG_MT_MOVABLE), ==, 1);
      g_assert_cmpuint (frag_fw_used_mt (frag_zone_words (z)[0]), ==, FRAG_MT_UNMOVABLE);
      /* The next unmovable page comes from its own lists now: no new fallback. */
      g_assert_cmpuint (frag_zone_alloc (z, 0, FRAG_MT_UNMOVABLE, 1), ==, 1);
      assert_counters (z, 1, 0, 2);
      CHECK (z);
      frag_zone_destroy (z);
    }
}

static void
test_single_page (void)
{
  /* Pageblock 0 = [0,8): 7 movable pages used, pfn 7 free. An unmovable page steals it:
   * free 1 + alike (8 - 1 - 7 = 0) < 4, so the pageblock keeps its type: one extfrag event. */
  for (int d = 0; d < 2; d++)
    {
      FragZone *z = make_zone (16, 4, 3, d, FRAG_MT_MOVABLE);
      frag_zone_take_run (z, 0, 7, 1, FRAG_MT_MOVABLE, false);
      frag_zone_take_run (z, 8, 8, 2, FRAG_MT_MOVABLE, false);
      CHECK (z);
      g_assert_cmpuint (frag_zone_alloc (z, 0, FRAG_MT_UNMOVABLE, 3), ==, 7);
      CHECK (z);
      g_assert_cmpint (frag_zone_pageblock_mt (z, 0), ==, FRAG_MT_MOVABLE);
      assert_counters (z, 1, 1, 0);
      g_assert_cmpuint (frag_zone_free_frames (z), ==, 0);
      /* Freed again, it goes to the list of its pageblock's type. */
      frag_zone_free (z, 7, 0);
      CHECK (z);
      g_assert_cmpuint (frag_zone_nr_free (z, 0, FRAG_MT_MOVABLE), ==, 1);
      g_assert_cmpuint (frag_zone_nr_free (z, 0, FRAG_MT_UNMOVABLE), ==, 0);
      frag_zone_destroy (z);
    }
}

static void
test_half_threshold (void)
{
  for (int d = 0; d < 2; d++)
    {
      /* Exactly half: [0,4) movable used, [4,8) free (order 2). free 4 + alike 0 >= 4: the
       * pageblock becomes unmovable; the page is split off the moved block: 4, leaving 5 and 6. */
      FragZone *z = make_zone (16, 4, 3, d, FRAG_MT_MOVABLE);
      frag_zone_take_run (z, 0, 4, 1, FRAG_MT_MOVABLE, false);
      frag_zone_take_run (z, 8, 8, 2, FRAG_MT_MOVABLE, false);
      g_assert_cmpuint (frag_zone_alloc (z, 0, FRAG_MT_UNMOVABLE, 3), ==, 4);
      CHECK (z);
      g_assert_cmpint (frag_zone_pageblock_mt (z, 0), ==, FRAG_MT_UNMOVABLE);
      assert_counters (z, 1, 1, 1);
      g_assert_cmpuint (frag_zone_nr_free (z, 0, FRAG_MT_UNMOVABLE), ==, 1);
      g_assert_cmpuint (frag_zone_nr_free (z, 1, FRAG_MT_UNMOVABLE), ==, 1);
      frag_zone_destroy (z);

      /* One short: [0,5) used, free 5 (order 0) and 6 (order 1). The search starts at the
       * largest order (6), moves both free blocks (3 pages < 4: no re-tag), and the retry takes
       * the smallest unmovable block: 5. */
      z = make_zone (16, 4, 3, d, FRAG_MT_MOVABLE);
      frag_zone_take_run (z, 0, 5, 1, FRAG_MT_MOVABLE, false);
      frag_zone_take_run (z, 8, 8, 2, FRAG_MT_MOVABLE, false);
      g_assert_cmpuint (frag_zone_alloc (z, 0, FRAG_MT_UNMOVABLE, 3), ==, 5);
      CHECK (z);
      g_assert_cmpint (frag_zone_pageblock_mt (z, 0), ==, FRAG_MT_MOVABLE);
      assert_counters (z, 1, 1, 0);
      g_assert_cmpuint (frag_zone_nr_free (z, 1, FRAG_MT_UNMOVABLE), ==, 1);
      g_assert_cmpuint (frag_zone_nr_free (z, 1, FRAG_MT_MOVABLE), ==, 0);
      frag_zone_destroy (z);

      /* Alike pages: [0,2) unmovable used, [2,6) movable used, [6,8) free. For an unmovable
       * request in a movable block, alike = 8 - (2 free + 4 movable) = 2; 2 + 2 >= 4. */
      z = make_zone (16, 4, 3, d, FRAG_MT_MOVABLE);
      frag_zone_take_run (z, 0, 2, 1, FRAG_MT_UNMOVABLE, false);
      frag_zone_take_run (z, 2, 4, 2, FRAG_MT_MOVABLE, false);
      frag_zone_take_run (z, 8, 8, 3, FRAG_MT_MOVABLE, false);
      g_assert_cmpuint (frag_zone_alloc (z, 0, FRAG_MT_UNMOVABLE, 4), ==, 6);
      CHECK (z);
      g_assert_cmpint (frag_zone_pageblock_mt (z, 0), ==, FRAG_MT_UNMOVABLE);
      assert_counters (z, 1, 1, 1);
      frag_zone_destroy (z);

      /* A movable request counts the movable used pages as alike: an unmovable zone with
       * [0,2) movable used, [2,4) unmovable used, [4,8) free. Order 2 >= pageblock_order / 2,
       * so stealing is allowed: free 4 + alike 2 >= 4, re-tagged movable. */
      z = make_zone (16, 4, 3, d, FRAG_MT_UNMOVABLE);
      frag_zone_take_run (z, 0, 2, 1, FRAG_MT_MOVABLE, false);
      frag_zone_take_run (z, 2, 2, 2, FRAG_MT_UNMOVABLE, false);
      frag_zone_take_run (z, 8, 8, 3, FRAG_MT_UNMOVABLE, false);
      g_assert_cmpuint (frag_zone_alloc (z, 0, FRAG_MT_MOVABLE, 4), ==, 4);
      CHECK (z);
      g_assert_cmpint (frag_zone_pageblock_mt (z, 0), ==, FRAG_MT_MOVABLE);
      assert_counters (z, 1, 1, 1);
      frag_zone_destroy (z);
    }
}

static void
test_movable_smallest (void)
{
  /* Pageblocks of 16 (so stealing needs order >= 2), all unmovable; free: 14 (order 1) and
   * 31 (order 0). A movable page may not steal at order 1, so Linux takes the smallest
   * suitable block instead: 31, moved alone, the pageblock keeps its type. */
  for (int d = 0; d < 2; d++)
    {
      FragZone *z = make_zone (32, 4, 4, d, FRAG_MT_UNMOVABLE);
      frag_zone_take_run (z, 0, 14, 1, FRAG_MT_UNMOVABLE, false);
      frag_zone_take_run (z, 16, 15, 2, FRAG_MT_UNMOVABLE, false);
      CHECK (z);
      g_assert_cmpuint (frag_zone_alloc (z, 0, FRAG_MT_MOVABLE, 3), ==, 31);
      CHECK (z);
      g_assert_cmpint (frag_zone_pageblock_mt (z, 1), ==, FRAG_MT_UNMOVABLE);
      assert_counters (z, 1, 1, 0);
      g_assert_cmpuint (frag_zone_nr_free (z, 1, FRAG_MT_UNMOVABLE), ==, 1);
      /* The next one has only order 1 left: taken (no whole-block steal), split, 14 then 15. */
      g_assert_cmpuint (frag_zone_alloc (z, 0, FRAG_MT_MOVABLE, 4), ==, 14);
      CHECK (z);
      g_assert_cmpint (frag_zone_pageblock_mt (z, 0), ==, FRAG_MT_UNMOVABLE);
      assert_counters (z, 2, 2, 0);
      g_assert_cmpuint (frag_zone_nr_free (z, 0, FRAG_MT_MOVABLE), ==, 1);
      g_assert_cmpuint (frag_zone_alloc (z, 0, FRAG_MT_MOVABLE, 5), ==, 15);
      assert_counters (z, 2, 2, 0);
      g_assert_cmpuint (frag_zone_alloc (z, 0, FRAG_MT_MOVABLE, 6), ==, FRAG_PFN_NONE);
      CHECK (z);
      frag_zone_destroy (z);
    }
}

static void
test_unmovable_steals_small (void)
{
  /* The same layout, an unmovable zone turned around: movable blocks, an unmovable request at
   * order 1 < pageblock_order / 2 may still steal (unmovable always may): the largest order is
   * tried first, the pageblock of 14 holds 2 free + 0 alike < 8: no re-tag. */
  FragZone *z = make_zone (32, 4, 4, FRAG_FREE_LIST_ADDRESS, FRAG_MT_MOVABLE);
  frag_zone_take_run (z, 0, 14, 1, FRAG_MT_MOVABLE, false);
  frag_zone_take_run (z, 16, 15, 2, FRAG_MT_MOVABLE, false);
  g_assert_cmpuint (frag_zone_alloc (z, 0, FRAG_MT_UNMOVABLE, 3), ==, 14);
  CHECK (z);
  assert_counters (z, 1, 1, 0);
  g_assert_cmpint (frag_zone_pageblock_mt (z, 0), ==, FRAG_MT_MOVABLE);
  g_assert_cmpuint (frag_zone_nr_free (z, 0, FRAG_MT_UNMOVABLE), ==, 1); /* 15 */
  g_assert_cmpuint (frag_zone_nr_free (z, 0, FRAG_MT_MOVABLE), ==, 1);   /* 31 */
  frag_zone_destroy (z);
}

static void
test_no_fallback_types (void)
{
  for (int d = 0; d < 2; d++)
    {
      /* HIGHATOMIC blocks are never stolen; HIGHATOMIC, CMA and ISOLATE have no fallbacks. */
      FragZone *z = make_zone (64, 4, 3, d, FRAG_MT_HIGHATOMIC);
      g_assert_cmpuint (frag_zone_alloc (z, 0, FRAG_MT_MOVABLE, 1), ==, FRAG_PFN_NONE);
      g_assert_cmpuint (frag_zone_alloc (z, 3, FRAG_MT_UNMOVABLE, 1), ==, FRAG_PFN_NONE);
      g_assert_cmpuint (frag_zone_alloc (z, 0, FRAG_MT_RECLAIMABLE, 1), ==, FRAG_PFN_NONE);
      assert_counters (z, 0, 0, 0);
      g_assert_cmpuint (frag_zone_alloc (z, 0, FRAG_MT_HIGHATOMIC, 1), ==, 0);
      CHECK (z);
      frag_zone_destroy (z);

      z = make_zone (64, 4, 3, d, FRAG_MT_MOVABLE);
      g_assert_cmpuint (frag_zone_alloc (z, 0, FRAG_MT_CMA, 1), ==, FRAG_PFN_NONE);
      g_assert_cmpuint (frag_zone_alloc (z, 0, FRAG_MT_HIGHATOMIC, 1), ==, FRAG_PFN_NONE);
      g_assert_cmpuint (frag_zone_alloc (z, 0, FRAG_MT_ISOLATE, 1), ==, FRAG_PFN_NONE);
      assert_counters (z, 0, 0, 0);
      /* A highatomic pageblock next to movable ones is left alone by a fallback. */
      frag_zone_set_pageblock_mt (z, 0, FRAG_MT_HIGHATOMIC);
      frag_zone_set_pageblock_mt (z, 1, FRAG_MT_HIGHATOMIC);
      CHECK (z);
      g_assert_cmpuint (frag_zone_nr_free (z, 4, FRAG_MT_HIGHATOMIC), ==, 1);
      g_assert_cmpuint (frag_zone_alloc (z, 0, FRAG_MT_UNMOVABLE, 1), ==, 16);
      g_assert_cmpint (frag_zone_pageblock_mt (z, 0), ==, FRAG_MT_HIGHATOMIC);
      g_assert_cmpint (frag_zone_pageblock_mt (z, 2), ==, FRAG_MT_UNMOVABLE);
      CHECK (z);
      frag_zone_destroy (z);
    }
}

static void
test_fallback_order (void)
{
  /* An unmovable request prefers reclaimable over movable at the same order. */
  for (int d = 0; d < 2; d++)
    {
      FragZone *z = make_zone (32, 4, 3, d, FRAG_MT_MOVABLE);
      frag_zone_set_pageblock_mt (z, 2, FRAG_MT_RECLAIMABLE);
      CHECK (z);
      g_assert_cmpuint (frag_zone_nr_free (z, 4, FRAG_MT_RECLAIMABLE), ==, 1);
      g_assert_cmpuint (frag_zone_alloc (z, 0, FRAG_MT_UNMOVABLE, 1), ==, 16);
      g_assert_cmpint (frag_zone_pageblock_mt (z, 2), ==, FRAG_MT_UNMOVABLE);
      g_assert_cmpint (frag_zone_pageblock_mt (z, 3), ==, FRAG_MT_UNMOVABLE);
      g_assert_cmpint (frag_zone_pageblock_mt (z, 0), ==, FRAG_MT_MOVABLE);
      assert_counters (z, 1, 0, 2);
      /* A reclaimable request prefers unmovable, but the largest order comes first: at order 4
       * only the movable block 0 is free, so it is stolen whole rather than unmovable page 17. */
      g_assert_cmpuint (frag_zone_alloc (z, 0, FRAG_MT_RECLAIMABLE, 2), ==, 0);
      g_assert_cmpint (frag_zone_pageblock_mt (z, 0), ==, FRAG_MT_RECLAIMABLE);
      g_assert_cmpint (frag_zone_pageblock_mt (z, 1), ==, FRAG_MT_RECLAIMABLE);
      assert_counters (z, 2, 0, 4);
      /* With its own lists emptied, the next one steals the largest unmovable block, 24 (order
       * 3: a whole pageblock, re-tagged, no extfrag), not the order-0 page 17. */
      frag_zone_take_run (z, 1, 15, 3, FRAG_MT_RECLAIMABLE, false);
      CHECK (z);
      g_assert_cmpuint (frag_zone_alloc (z, 0, FRAG_MT_RECLAIMABLE, 2), ==, 24);
      g_assert_cmpint (frag_zone_pageblock_mt (z, 3), ==, FRAG_MT_RECLAIMABLE);
      assert_counters (z, 3, 0, 5);
      CHECK (z);
      frag_zone_destroy (z);
    }
}

static void
test_cma (void)
{
  /* 64 frames, pageblocks of 16: pageblock 0 CMA, the rest movable. */
  for (int d = 0; d < 2; d++)
    {
      FragZone *z = make_zone (64, 4, 4, d, FRAG_MT_MOVABLE);
      frag_zone_set_pageblock_mt (z, 0, FRAG_MT_CMA);
      CHECK (z);
      g_assert_cmpuint (frag_zone_nr_free (z, 4, FRAG_MT_CMA), ==, 1);
      /* CMA holds 16 of 64 free frames: movable lists first. */
      g_assert_cmpuint (frag_zone_alloc (z, 4, FRAG_MT_MOVABLE, 1), ==, 16);
      g_assert_cmpuint (frag_zone_alloc (z, 4, FRAG_MT_MOVABLE, 1), ==, 32);
      /* 16 CMA of 32 free: not more than half, still movable. */
      g_assert_cmpuint (frag_zone_alloc (z, 3, FRAG_MT_MOVABLE, 1), ==, 48);
      /* 16 CMA of 24 free: CMA first. */
      g_assert_cmpuint (frag_zone_alloc (z, 0, FRAG_MT_MOVABLE, 1), ==, 0);
      g_assert_cmpuint (frag_fw_used_mt (frag_zone_words (z)[0]), ==, FRAG_MT_MOVABLE);
      g_assert_cmpuint (frag_zone_nr_free (z, 3, FRAG_MT_CMA), ==, 1);
      CHECK (z);
      /* Unmovable never takes CMA: it steals the movable order-3 block at 56, which is half a
       * pageblock free with 8 movable used: alike 0, free 8 >= 8: re-tagged. */
      g_assert_cmpuint (frag_zone_alloc (z, 3, FRAG_MT_UNMOVABLE, 2), ==, 56);
      g_assert_cmpint (frag_zone_pageblock_mt (z, 3), ==, FRAG_MT_UNMOVABLE);
      g_assert_cmpuint (frag_zone_alloc (z, 0, FRAG_MT_UNMOVABLE, 2), ==, FRAG_PFN_NONE);
      g_assert_cmpint (frag_zone_pageblock_mt (z, 0), ==, FRAG_MT_CMA);
      /* Movable, with its own lists empty, uses what CMA has left. */
      g_assert_cmpuint (frag_zone_alloc (z, 3, FRAG_MT_MOVABLE, 3), ==, 8);
      CHECK (z);
      frag_zone_free (z, 8, 3);
      frag_zone_free (z, 0, 0);
      CHECK (z);
      g_assert_cmpuint (frag_zone_nr_free (z, 4, FRAG_MT_CMA), ==, 1);
      frag_zone_destroy (z);
    }
}

static void
test_random_pressure (void)
{
  /* Mixed types near full memory: stealing at every size; the zone stays consistent, and
   * fallbacks that mix pageblocks are counted. */
  for (int d = 0; d < 2; d++)
    {
      FragZone *z = make_zone (4096, 8, 5, d, FRAG_MT_MOVABLE);
      GRand *r = g_rand_new_with_seed (42 + d);
      GArray *held = g_array_new (FALSE, FALSE, sizeof (uint64_t));
      uint64_t used = 0;
      for (unsigned op = 0; op < 200000; op++)
        {
          bool alloc = held->len == 0 || g_rand_int_range (r, 0, 100) < (used < 3900 ? 70 : 30);
          if (alloc)
            {
              unsigned order = MIN ((unsigned) __builtin_ctz (g_rand_int (r) | 256u), 8u);
              FragMigrateType mt = (FragMigrateType) g_rand_int_range (r, 0, 3);
              uint64_t pfn = frag_zone_alloc (z, order, mt, 1);
              if (pfn != FRAG_PFN_NONE)
                {
                  uint64_t e = (pfn << 4) | order;
                  g_array_append_val (held, e);
                  used += 1u << order;
                }
            }
          else
            {
              guint i = (guint) g_rand_int_range (r, 0, (gint32) held->len);
              uint64_t e = g_array_index (held, uint64_t, i);
              frag_zone_free (z, e >> 4, e & 15);
              used -= 1u << (e & 15);
              g_array_remove_index_fast (held, i);
            }
          if (op % 499 == 0)
            {
              CHECK (z);
              g_assert_cmpuint (frag_zone_free_frames (z), ==, 4096 - used);
            }
        }
      const FragZoneCounters *c = frag_zone_counters (z);
      g_test_message ("fallbacks %" G_GUINT64_FORMAT ", extfrag %" G_GUINT64_FORMAT
                      ", stolen %" G_GUINT64_FORMAT, c->fallbacks, c->extfrag_events,
                      c->pageblocks_stolen);
      g_assert_cmpuint (c->extfrag_events, >, 0);
      g_assert_cmpuint (c->extfrag_events, <=, c->fallbacks);
      g_assert_cmpuint (c->pageblocks_stolen, >, 0);
      CHECK (z);
      g_array_unref (held);
      g_rand_free (r);
      frag_zone_destroy (z);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/frag/engine/buddy/steal/whole-pageblock", test_steal_whole);
  g_test_add_func ("/frag/engine/buddy/steal/single-page", test_single_page);
  g_test_add_func ("/frag/engine/buddy/steal/half-threshold", test_half_threshold);
  g_test_add_func ("/frag/engine/buddy/steal/movable-smallest", test_movable_smallest);
  g_test_add_func ("/frag/engine/buddy/steal/unmovable-small", test_unmovable_steals_small);
  g_test_add_func ("/frag/engine/buddy/steal/no-fallback-types", test_no_fallback_types);
  g_test_add_func ("/frag/engine/buddy/steal/fallback-order", test_fallback_order);
  g_test_add_func ("/frag/engine/buddy/steal/cma", test_cma);
  g_test_add_func ("/frag/engine/buddy/steal/random-pressure", test_random_pressure);
  return g_test_run ();
}
