/* test-zone.c: the buddy allocator of one zone: splitting, merging, absolute alignment, both
 * free-list disciplines (address order and Linux's LIFO with the tail rule), the pageblock merge
 * rule, contiguous runs, rebuilding, and a long randomized run against a per-frame model. */
#include "engine-test-util.h"
#include "frag-zone.h"

#include <string.h>

static FragZone *
make_zone (uint64_t start, uint64_t frames, unsigned max_order, unsigned pbo,
           FragFreeListOrder disc, FragMigrateType mt)
{
  FragZoneParams p = { .start_pfn = start, .frames = frames, .max_order = max_order,
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

/* The free blocks as "pfn:order" words in address order, for exact comparisons. */
static void
collect_cb (uint64_t pfn, unsigned order, FragMigrateType mt, void *data)
{
  GString *s = data;
  g_string_append_printf (s, "%s%" G_GUINT64_FORMAT ":%u", s->len ? " " : "", pfn, order);
}

static char *
blocks (const FragZone *z)
{
  GString *s = g_string_new (NULL);
  frag_zone_foreach_free_block (z, collect_cb, s);
  return g_string_free (s, FALSE);
}

static void
assert_blocks (const FragZone *z, const char *expected)
{
  g_autofree char *got = blocks (z);
  g_assert_cmpstr (got, ==, expected);
}

static void
test_split (void)
{
  for (int d = 0; d < 2; d++)
    {
      FragZone *z = make_zone (0, 16, 4, 2, d, FRAG_MT_MOVABLE);
      CHECK (z);
      assert_blocks (z, "0:4");
      g_assert_cmpuint (frag_zone_alloc (z, 0, FRAG_MT_MOVABLE, 7), ==, 0);
      CHECK (z);
      /* The low half is kept at every split. */
      assert_blocks (z, "1:0 2:1 4:2 8:3");
      g_assert_cmpuint (frag_zone_free_frames (z), ==, 15);
      for (unsigned o = 0; o < 4; o++)
        g_assert_cmpuint (frag_zone_nr_free (z, o, FRAG_MT_MOVABLE), ==, 1);
      const uint32_t *w = frag_zone_words (z);
      g_assert_true (frag_fw_is_used (w[0]));
      g_assert_cmpuint (frag_fw_owner (w[0]), ==, 7);
      g_assert_true (w[0] & FRAG_FW_ALLOC_HEAD);
      g_assert_true (frag_fw_is_free_head (w[8]));
      g_assert_cmpuint (frag_fw_order (w[8]), ==, 3);
      g_assert_true (frag_fw_is_free (w[9]) && !frag_fw_is_free_head (w[9]));

      g_assert_cmpuint (frag_zone_alloc (z, 2, FRAG_MT_MOVABLE, 8), ==, 4);
      g_assert_cmpuint (frag_zone_alloc (z, 1, FRAG_MT_MOVABLE, 9), ==, 2);
      CHECK (z);
      assert_blocks (z, "1:0 8:3");
      g_assert_true (frag_fw_is_used (w[5]) && !(w[5] & FRAG_FW_ALLOC_HEAD));
      uint64_t head;
      unsigned order;
      g_assert_true (frag_zone_free_block_of (z, 13, &head, &order));
      g_assert_cmpuint (head, ==, 8);
      g_assert_cmpuint (order, ==, 3);
      g_assert_false (frag_zone_free_block_of (z, 5, &head, &order));
      frag_zone_destroy (z);
    }
}

static void
test_merge (void)
{
  for (int d = 0; d < 2; d++)
    {
      FragZone *z = make_zone (0, 64, 5, 3, d, FRAG_MT_MOVABLE);
      uint64_t p[8];
      for (int i = 0; i < 8; i++)
        {
          p[i] = frag_zone_alloc (z, 3, FRAG_MT_MOVABLE, (uint32_t) i + 1);
          g_assert_cmpuint (p[i], !=, FRAG_PFN_NONE);
          CHECK (z);
        }
      g_assert_cmpuint (frag_zone_free_frames (z), ==, 0);
      g_assert_cmpuint (frag_zone_alloc (z, 0, FRAG_MT_MOVABLE, 99), ==, FRAG_PFN_NONE);
      for (int i = 0; i < 8; i++)
        {
          frag_zone_free (z, p[i], 3);
          CHECK (z);
        }
      /* Merging stops at max_order 5: two blocks of 32. */
      assert_blocks (z, "0:5 32:5");
      g_assert_cmpuint (frag_zone_nr_free (z, 5, FRAG_MT_MOVABLE), ==, 2);
      g_assert_cmpuint (frag_zone_free_frames (z), ==, 64);
      frag_zone_destroy (z);
    }
}

static void
test_unaligned_zone (void)
{
  /* Zone at pfn 1: blocks aligned on the absolute pfn. */
  FragZone *z = make_zone (1, 15, 3, 2, FRAG_FREE_LIST_ADDRESS, FRAG_MT_MOVABLE);
  CHECK (z);
  assert_blocks (z, "1:0 2:1 4:2 8:3");
  g_assert_cmpuint (frag_zone_n_pageblocks (z), ==, 4);
  g_assert_cmpuint (frag_zone_alloc (z, 1, FRAG_MT_MOVABLE, 1), ==, 2);
  g_assert_cmpuint (frag_zone_alloc (z, 0, FRAG_MT_MOVABLE, 2), ==, 1);
  CHECK (z);
  frag_zone_free (z, 1, 0);
  CHECK (z);
  /* pfn 1's buddy is pfn 0, outside the zone: no merge. */
  assert_blocks (z, "1:0 4:2 8:3");
  frag_zone_destroy (z);

  /* Zone end: 13 frames from 0 with max_order 3, and a zone starting at 5 ending at 21. */
  z = make_zone (0, 13, 3, 2, FRAG_FREE_LIST_LIFO, FRAG_MT_MOVABLE);
  CHECK (z);
  assert_blocks (z, "0:3 8:2 12:0");
  frag_zone_destroy (z);
  z = make_zone (5, 16, 4, 2, FRAG_FREE_LIST_ADDRESS, FRAG_MT_MOVABLE);
  CHECK (z);
  assert_blocks (z, "5:0 6:1 8:3 16:2 20:0");
  g_assert_cmpuint (frag_zone_alloc (z, 3, FRAG_MT_MOVABLE, 1), ==, 8);
  g_assert_cmpuint (frag_zone_alloc (z, 3, FRAG_MT_MOVABLE, 1), ==, FRAG_PFN_NONE);
  g_assert_cmpuint (frag_zone_alloc (z, 2, FRAG_MT_MOVABLE, 1), ==, 16);
  CHECK (z);
  frag_zone_free (z, 16, 2);
  frag_zone_free (z, 8, 3);
  CHECK (z);
  assert_blocks (z, "5:0 6:1 8:3 16:2 20:0");
  frag_zone_destroy (z);
}

static void
test_address_lowest (void)
{
  FragZone *z = make_zone (0, 64, 6, 3, FRAG_FREE_LIST_ADDRESS, FRAG_MT_MOVABLE);
  uint64_t p[16];
  for (int i = 0; i < 16; i++)
    p[i] = frag_zone_alloc (z, 2, FRAG_MT_MOVABLE, 1);
  for (int i = 0; i < 16; i++)
    g_assert_cmpuint (p[i], ==, (uint64_t) i * 4);
  /* Free in descending address order 52, 36, 20: the lowest is still taken first. */
  frag_zone_free (z, 52, 2);
  frag_zone_free (z, 36, 2);
  frag_zone_free (z, 20, 2);
  CHECK (z);
  g_assert_cmpuint (frag_zone_alloc (z, 1, FRAG_MT_MOVABLE, 2), ==, 20);
  g_assert_cmpuint (frag_zone_alloc (z, 2, FRAG_MT_MOVABLE, 2), ==, 36);
  /* Order 1 from the split 20 block remains at 22: smallest order first. */
  g_assert_cmpuint (frag_zone_alloc (z, 0, FRAG_MT_MOVABLE, 2), ==, 22);
  CHECK (z);
  frag_zone_destroy (z);
}

static void
test_lifo (void)
{
  FragZone *z = make_zone (0, 64, 6, 3, FRAG_FREE_LIST_LIFO, FRAG_MT_MOVABLE);
  uint64_t p[16];
  for (int i = 0; i < 16; i++)
    p[i] = frag_zone_alloc (z, 2, FRAG_MT_MOVABLE, 1);
  for (int i = 0; i < 16; i++)
    g_assert_cmpuint (p[i], ==, (uint64_t) i * 4);
  /* Last freed first: the head of the list. */
  frag_zone_free (z, 20, 2);
  frag_zone_free (z, 52, 2);
  frag_zone_free (z, 36, 2);
  CHECK (z);
  g_assert_cmpuint (frag_zone_alloc (z, 2, FRAG_MT_MOVABLE, 2), ==, 36);
  g_assert_cmpuint (frag_zone_alloc (z, 2, FRAG_MT_MOVABLE, 2), ==, 52);
  g_assert_cmpuint (frag_zone_alloc (z, 2, FRAG_MT_MOVABLE, 2), ==, 20);
  CHECK (z);
  frag_zone_destroy (z);
}

static void
test_lifo_tail (void)
{
  /* Build a merged order-1 block whose order-2 parent's buddy is free: Linux puts it at the
   * tail (buddy_merge_likely), so the next order-1 allocation takes the older head. */
  for (int d = 0; d < 2; d++)
    {
      FragZone *z = make_zone (0, 32, 5, 3, d, FRAG_MT_MOVABLE);
      uint64_t a = frag_zone_alloc (z, 1, FRAG_MT_MOVABLE, 1);
      uint64_t b = frag_zone_alloc (z, 1, FRAG_MT_MOVABLE, 2);
      uint64_t x = frag_zone_alloc (z, 3, FRAG_MT_MOVABLE, 3);
      uint64_t y = frag_zone_alloc (z, 1, FRAG_MT_MOVABLE, 4);
      uint64_t zz = frag_zone_alloc (z, 1, FRAG_MT_MOVABLE, 5);
      uint64_t w = frag_zone_alloc (z, 1, FRAG_MT_MOVABLE, 6);
      g_assert_cmpuint (a, ==, 0);
      g_assert_cmpuint (b, ==, 2);
      g_assert_cmpuint (x, ==, 8);
      g_assert_cmpuint (y, ==, 4);
      g_assert_cmpuint (zz, ==, 6);
      g_assert_cmpuint (w, ==, 16);
      CHECK (z);
      assert_blocks (z, "18:1 20:2 24:3");
      frag_zone_free (z, b, 1);
      frag_zone_free (z, a, 1);
      CHECK (z);
      assert_blocks (z, "0:2 18:1 20:2 24:3");
      frag_zone_free (z, y, 1);   /* buddy 6 used; parent 4's buddy 0 is a free order-2 block */
      CHECK (z);
      if (d == FRAG_FREE_LIST_LIFO)
        {
          g_assert_cmpuint (frag_zone_alloc (z, 1, FRAG_MT_MOVABLE, 7), ==, 18);
          g_assert_cmpuint (frag_zone_alloc (z, 1, FRAG_MT_MOVABLE, 7), ==, 4);
        }
      else
        {
          g_assert_cmpuint (frag_zone_alloc (z, 1, FRAG_MT_MOVABLE, 7), ==, 4);
          g_assert_cmpuint (frag_zone_alloc (z, 1, FRAG_MT_MOVABLE, 7), ==, 18);
        }
      CHECK (z);
      /* Without the parent's buddy free, the freed block goes to the head. */
      frag_zone_free (z, 18, 1);  /* parent 16's buddy 20 is free at order 2: tail, alone */
      frag_zone_free (z, 4, 1);   /* parent 4's buddy 0 is free at order 2: tail */
      CHECK (z);
      if (d == FRAG_FREE_LIST_LIFO)
        g_assert_cmpuint (frag_zone_alloc (z, 1, FRAG_MT_MOVABLE, 7), ==, 18);
      frag_zone_destroy (z);
    }
}

static void
test_lifo_head_not_tail (void)
{
  FragZone *z = make_zone (0, 32, 5, 3, FRAG_FREE_LIST_LIFO, FRAG_MT_MOVABLE);
  /* 0..15 in order-1 blocks. */
  for (int i = 0; i < 8; i++)
    g_assert_cmpuint (frag_zone_alloc (z, 1, FRAG_MT_MOVABLE, 1), ==, (uint64_t) i * 2);
  frag_zone_free (z, 2, 1);   /* parent 0's buddy 4 (order 2) used: head */
  frag_zone_free (z, 10, 1);  /* parent 8's buddy 12 used: head */
  CHECK (z);
  g_assert_cmpuint (frag_zone_alloc (z, 1, FRAG_MT_MOVABLE, 2), ==, 10);
  g_assert_cmpuint (frag_zone_alloc (z, 1, FRAG_MT_MOVABLE, 2), ==, 2);
  CHECK (z);
  frag_zone_destroy (z);
}

static void
test_pageblock_rule (void)
{
  FragMigrateType kinds[] = { FRAG_MT_ISOLATE, FRAG_MT_HIGHATOMIC, FRAG_MT_UNMOVABLE };
  for (int d = 0; d < 2; d++)
    for (unsigned k = 0; k < G_N_ELEMENTS (kinds); k++)
      {
        FragZone *z = make_zone (0, 16, 4, 2, d, FRAG_MT_MOVABLE);
        for (int i = 0; i < 4; i++)
          g_assert_cmpuint (frag_zone_alloc (z, 2, FRAG_MT_MOVABLE, 1), ==, (uint64_t) i * 4);
        frag_zone_set_pageblock_mt (z, 1, kinds[k]);
        g_assert_cmpint (frag_zone_pageblock_mt (z, 1), ==, kinds[k]);
        CHECK (z);
        frag_zone_free (z, 0, 2);
        frag_zone_free (z, 4, 2);
        CHECK (z);
        if (kinds[k] == FRAG_MT_UNMOVABLE)
          {
            /* Both mergeable: they merge across the pageblocks. */
            assert_blocks (z, "0:3");
            g_assert_cmpuint (frag_zone_free_frames (z), ==, 8);
          }
        else
          {
            assert_blocks (z, "0:2 4:2");
            g_assert_cmpuint (frag_zone_nr_free (z, 2, kinds[k]), ==, 1);
            g_assert_cmpuint (frag_zone_nr_free (z, 2, FRAG_MT_MOVABLE), ==, 1);
            /* ISOLATE free pages are not counted. */
            g_assert_cmpuint (frag_zone_free_frames (z), ==,
                              kinds[k] == FRAG_MT_ISOLATE ? 4 : 8);
            /* Back to movable: the blocks merge (as un-isolating does). */
            frag_zone_set_pageblock_mt (z, 1, FRAG_MT_MOVABLE);
            CHECK (z);
            assert_blocks (z, "0:3");
          }
        frag_zone_destroy (z);
      }
}

static void
test_runs (void)
{
  for (int d = 0; d < 2; d++)
    {
      FragZone *z = make_zone (0, 16, 4, 2, d, FRAG_MT_MOVABLE);
      g_assert_true (frag_zone_run_is_free (z, 3, 4));
      frag_zone_take_run (z, 3, 4, 5, FRAG_MT_MOVABLE, true);
      CHECK (z);
      assert_blocks (z, "0:1 2:0 7:0 8:3");
      g_assert_cmpuint (frag_zone_free_frames (z), ==, 12);
      const uint32_t *w = frag_zone_words (z);
      g_assert_true (w[3] & FRAG_FW_ALLOC_HEAD);
      g_assert_false (w[4] & FRAG_FW_ALLOC_HEAD);
      g_assert_true (frag_fw_is_pinned (w[6]));
      g_assert_cmpuint (frag_fw_owner (w[6]), ==, 5);
      g_assert_false (frag_zone_run_is_free (z, 2, 2));
      g_assert_false (frag_zone_run_is_free (z, 15, 2));

      frag_zone_take_run (z, 9, 5, 6, FRAG_MT_UNMOVABLE, false);
      CHECK (z);
      assert_blocks (z, "0:1 2:0 7:0 8:0 14:1");
      frag_zone_set_used (z, 9, 5, 8, FRAG_MT_MOVABLE, false);
      g_assert_cmpuint (frag_fw_owner (w[12]), ==, 8);
      g_assert_cmpuint (frag_fw_used_mt (w[12]), ==, FRAG_MT_MOVABLE);

      /* rebuild_free gives the same blocks. */
      FragZone *c = frag_zone_clone (z);
      frag_zone_rebuild_free (c);
      CHECK (c);
      assert_blocks (c, "0:1 2:0 7:0 8:0 14:1");
      frag_zone_destroy (c);

      frag_zone_release_run (z, 3, 4);
      CHECK (z);
      assert_blocks (z, "0:3 8:0 14:1");
      frag_zone_release_run (z, 9, 5);
      CHECK (z);
      assert_blocks (z, "0:4");

      g_assert_true (frag_zone_alloc_at (z, 5, 0, FRAG_MT_MOVABLE, 3));
      CHECK (z);
      assert_blocks (z, "0:2 4:0 6:1 8:3");
      g_assert_false (frag_zone_alloc_at (z, 5, 0, FRAG_MT_MOVABLE, 3));
      g_assert_false (frag_zone_alloc_at (z, 6, 2, FRAG_MT_MOVABLE, 3)); /* unaligned */
      g_assert_true (frag_zone_alloc_at (z, 8, 3, FRAG_MT_MOVABLE, 3));
      CHECK (z);
      frag_zone_free (z, 5, 0);
      frag_zone_free (z, 8, 3);
      CHECK (z);
      assert_blocks (z, "0:4");
      frag_zone_destroy (z);
    }
}

static void
test_bulk_rebuild (void)
{
  /* Words rewritten by hand (compaction style), then rebuilt. */
  FragZone *z = make_zone (3, 1000, 6, 4, FRAG_FREE_LIST_ADDRESS, FRAG_MT_MOVABLE);
  uint32_t *w = frag_zone_words_mut (z);
  for (uint64_t i = 0; i < 1000; i++)
    w[i] = (i % 7 == 0 || (i > 500 && i < 600)) ? frag_fw_make_used (1, FRAG_MT_MOVABLE, true, false)
                                                 : 0x12345u;
  frag_zone_rebuild_free (z);
  CHECK (z);
  uint64_t free_expected = 0;
  for (uint64_t i = 0; i < 1000; i++)
    free_expected += !(i % 7 == 0 || (i > 500 && i < 600));
  g_assert_cmpuint (frag_zone_free_frames (z), ==, free_expected);
  /* Same as releasing the used frames one run at a time from a full zone. */
  FragZone *y = make_zone (3, 1000, 6, 4, FRAG_FREE_LIST_ADDRESS, FRAG_MT_MOVABLE);
  frag_zone_take_run (y, 3, 1000, 1, FRAG_MT_MOVABLE, false);
  for (uint64_t i = 0; i < 1000; i++)
    if (!(i % 7 == 0 || (i > 500 && i < 600)))
      frag_zone_release_run (y, 3 + i, 1);
  CHECK (y);
  g_autofree char *a = blocks (z);
  g_autofree char *b = blocks (y);
  g_assert_cmpstr (a, ==, b);
  frag_zone_destroy (z);
  frag_zone_destroy (y);
}

static void
test_copy (void)
{
  FragZone *z = make_zone (0, 256, 5, 3, FRAG_FREE_LIST_LIFO, FRAG_MT_MOVABLE);
  FragZone *cp = frag_zone_clone (z);
  g_assert_cmpuint (frag_zone_alloc (z, 3, FRAG_MT_MOVABLE, 1), ==, 0);
  g_assert_cmpuint (frag_zone_alloc (z, 0, FRAG_MT_UNMOVABLE, 1), !=, FRAG_PFN_NONE);
  g_assert_cmpuint (frag_zone_free_frames (cp), ==, 256);
  FragZone *cp2 = frag_zone_clone (z);
  frag_zone_copy (z, cp);
  CHECK (z);
  g_assert_cmpuint (frag_zone_free_frames (z), ==, 256);
  assert_blocks (z, "0:5 32:5 64:5 96:5 128:5 160:5 192:5 224:5");
  frag_zone_copy (z, cp2);
  CHECK (z);
  g_assert_cmpuint (frag_zone_free_frames (z), ==, 256 - 9);
  g_assert_cmpuint (frag_zone_counters (z)->fallbacks, ==, 1);
  frag_zone_destroy (z);
  frag_zone_destroy (cp);
  frag_zone_destroy (cp2);
}

static void
test_memory (void)
{
  /* At most 8 bytes per frame (plus fixed tables), in both disciplines. */
  for (int d = 0; d < 2; d++)
    {
      FragZone *z = make_zone (0, 1u << 22, 10, 9, d, FRAG_MT_MOVABLE);
      g_assert_cmpuint (frag_zone_memory_bytes (z), <=, (8u << 22) + 65536);
      g_assert_cmpuint (frag_zone_memory_bytes (z), >=, 4u << 22);
      frag_zone_destroy (z);
    }
}

static void
test_bad_params (void)
{
  FragZoneParams p = { .start_pfn = 0, .frames = 0, .max_order = 10, .pageblock_order = 9 };
  g_assert_null (frag_zone_new (&p));
  p.frames = 10;
  p.pageblock_order = 11;
  g_assert_null (frag_zone_new (&p));
  p.pageblock_order = 9;
  p.max_order = 16;
  g_assert_null (frag_zone_new (&p));
  p.max_order = 10;
  p.initial_mt = FRAG_MT_COUNT;
  g_assert_null (frag_zone_new (&p));
  /* Bad calls are refused, not crashes. */
  FragZone *z = make_zone (0, 16, 4, 2, FRAG_FREE_LIST_ADDRESS, FRAG_MT_MOVABLE);
  g_assert_cmpuint (frag_zone_alloc (z, 5, FRAG_MT_MOVABLE, 1), ==, FRAG_PFN_NONE);
  frag_zone_free (z, 3, 2);
  frag_zone_free (z, 100, 0);
  frag_zone_free (z, 0, 0);  /* not used */
  frag_zone_free (z, UINT64_MAX - 1, 1);
  frag_zone_free (z, UINT64_MAX & ~(uint64_t) 15, 4);
  g_assert_false (frag_zone_alloc_at (z, UINT64_MAX - 1, 1, FRAG_MT_MOVABLE, 1));
  g_assert_false (frag_zone_run_is_free (z, 8, UINT64_MAX));
  frag_zone_release_run (z, 8, UINT64_MAX);
  frag_zone_set_used (z, 8, UINT64_MAX, 1, FRAG_MT_MOVABLE, false);
  frag_zone_take_run (z, 0, 0, 1, FRAG_MT_MOVABLE, false);
  g_assert_false (frag_zone_free_block_of (z, 16, NULL, NULL));
  g_assert_cmpint (frag_zone_pageblock_mt (z, 99), ==, FRAG_MT_COUNT);
  frag_zone_set_pageblock_mt (z, 99, FRAG_MT_UNMOVABLE);
  frag_zone_set_pageblock_mt (z, 0, FRAG_MT_COUNT);
  frag_zone_take_run (z, 10, 10, 1, FRAG_MT_MOVABLE, false);
  frag_zone_release_run (z, 0, 16);
  CHECK (z);
  assert_blocks (z, "0:4");
  frag_zone_destroy (z);
}

static void
test_random_abuse (void)
{
  /* Any call with any arguments: refused or applied, never a crash, never an inconsistency. */
  for (int d = 0; d < 2; d++)
    {
      FragZone *z = make_zone (37, 777, 7, 4, d, FRAG_MT_MOVABLE);
      GRand *r = g_rand_new_with_seed (77 + d);
      for (unsigned op = 0; op < 60000; op++)
        {
          uint64_t pfn = (uint64_t) g_rand_int_range (r, 0, 900);
          if (g_rand_int_range (r, 0, 50) == 0)
            pfn = UINT64_MAX - (uint64_t) g_rand_int_range (r, 0, 3);
          unsigned order = (unsigned) g_rand_int_range (r, 0, 10);
          uint64_t len = (uint64_t) g_rand_int_range (r, 0, 70);
          FragMigrateType mt = (FragMigrateType) g_rand_int_range (r, 0, FRAG_MT_COUNT + 1);
          int kind = g_rand_int_range (r, 0, 9);
          if (g_getenv ("ABUSE_TRACE"))
            g_printerr ("op %u kind %d pfn %" G_GUINT64_FORMAT " order %u len %" G_GUINT64_FORMAT " mt %d\n", op, kind, pfn, order, len, mt);
          switch (kind)
            {
            case 0: case 1:
              frag_zone_alloc (z, order, mt, 1);
              break;
            case 2: case 3:
              frag_zone_free (z, pfn, order);
              break;
            case 4:
              frag_zone_take_run (z, pfn, len, 2, mt, g_rand_boolean (r));
              break;
            case 5:
              frag_zone_release_run (z, pfn, len);
              break;
            case 6:
              frag_zone_alloc_at (z, pfn, order, mt, 3);
              break;
            case 7:
              frag_zone_set_used (z, pfn, len, 4, mt, false);
              break;
            default:
              if (g_rand_int_range (r, 0, 20) == 0)
                frag_zone_set_pageblock_mt (z, pfn >> 4, mt);
              break;
            }
          if (op % 53 == 0 || g_getenv ("ABUSE_TRACE"))
            CHECK (z);
        }
      CHECK (z);
      g_rand_free (r);
      frag_zone_destroy (z);
    }
}

/* ---- Randomized, against a per-frame model ----------------------------------------------------- */

typedef struct {
  uint64_t pfn, frames;
  unsigned order;
  bool     run;
  uint32_t owner;
} Held;

static void
count_free_cb (uint64_t pfn, unsigned order, FragMigrateType mt, void *data)
{
  *(uint64_t *) data += (uint64_t) 1 << order;
}

typedef struct {
  uint64_t lowest;
  unsigned order;
  unsigned want;
} LowestFind;

static void
lowest_cb (uint64_t pfn, unsigned order, FragMigrateType mt, void *data)
{
  LowestFind *f = data;
  if (order >= f->want && (f->order == G_MAXUINT || order < f->order))
    {
      f->order = order;
      f->lowest = pfn;
    }
}

static void
run_random (FragFreeListOrder disc, bool mixed, uint64_t start, uint64_t frames, unsigned max_order,
            unsigned pbo, unsigned n_ops, guint32 seed)
{
  FragZone *z = make_zone (start, frames, max_order, pbo, disc, FRAG_MT_MOVABLE);
  GRand *r = g_rand_new_with_seed (seed);
  uint32_t *model = g_new0 (uint32_t, frames);
  GArray *held = g_array_new (FALSE, FALSE, sizeof (Held));
  uint32_t next_owner = 1;
  uint64_t used = 0;

  for (unsigned op = 0; op < n_ops; op++)
    {
      unsigned kind = g_rand_int_range (r, 0, 100);
      bool want_alloc = held->len == 0 || (used < frames * 3 / 4 ? kind < 60 : kind < 35);
      if (want_alloc)
        {
          if (g_rand_int_range (r, 0, 4) == 0)
            {
              /* take_run at a random place */
              uint64_t len = 1 + (uint64_t) g_rand_int_range (r, 0, 40);
              uint64_t pfn = start + (uint64_t) g_rand_int_range (r, 0, (gint32) frames);
              bool fr = pfn + len <= start + frames;
              for (uint64_t i = 0; fr && i < len; i++)
                fr = model[pfn - start + i] == 0;
              g_assert_cmpint (frag_zone_run_is_free (z, pfn, len), ==, fr);
              if (fr)
                {
                  uint32_t owner = next_owner++;
                  frag_zone_take_run (z, pfn, len, owner, FRAG_MT_MOVABLE, false);
                  for (uint64_t i = 0; i < len; i++)
                    model[pfn - start + i] = owner;
                  Held h = { pfn, len, 0, true, owner };
                  g_array_append_val (held, h);
                  used += len;
                }
            }
          else
            {
              unsigned order = MIN ((unsigned) __builtin_ctz (g_rand_int (r) | (1u << max_order)),
                                    max_order);
              FragMigrateType mt = FRAG_MT_MOVABLE;
              if (mixed)
                mt = (FragMigrateType) g_rand_int_range (r, 0, 3);
              LowestFind f = { FRAG_PFN_NONE, G_MAXUINT, order };
              bool exact = !mixed && disc == FRAG_FREE_LIST_ADDRESS && op % 8 == 0;
              if (exact)
                frag_zone_foreach_free_block (z, lowest_cb, &f);
              uint32_t owner = next_owner++;
              uint64_t pfn = frag_zone_alloc (z, order, mt, owner);
              if (exact)
                g_assert_cmpuint (pfn, ==, f.lowest);
              if (pfn != FRAG_PFN_NONE)
                {
                  g_assert_cmpuint (pfn & ((1u << order) - 1), ==, 0);
                  g_assert_cmpuint (pfn, >=, start);
                  g_assert_cmpuint (pfn + (1u << order), <=, start + frames);
                  for (uint64_t i = 0; i < (1u << order); i++)
                    {
                      g_assert_cmpuint (model[pfn - start + i], ==, 0);
                      model[pfn - start + i] = owner;
                    }
                  Held h = { pfn, 1u << order, order, false, owner };
                  g_array_append_val (held, h);
                  used += 1u << order;
                }
              else if (!mixed)
                {
                  /* A failure means no free aligned block of that order exists at all. */
                  for (uint64_t b = (start + (1u << order) - 1) & ~((uint64_t) (1u << order) - 1);
                       b + (1u << order) <= start + frames; b += 1u << order)
                    {
                      bool fr = true;
                      for (uint64_t i = 0; fr && i < (1u << order); i++)
                        fr = model[b - start + i] == 0;
                      g_assert_false (fr);
                    }
                }
            }
        }
      else
        {
          guint idx = (guint) g_rand_int_range (r, 0, (gint32) held->len);
          Held h = g_array_index (held, Held, idx);
          if (h.run)
            {
              /* Release a random sub-range sometimes: both halves stay consistent. */
              frag_zone_release_run (z, h.pfn, h.frames);
            }
          else
            frag_zone_free (z, h.pfn, h.order);
          for (uint64_t i = 0; i < h.frames; i++)
            model[h.pfn - start + i] = 0;
          used -= h.frames;
          g_array_remove_index_fast (held, idx);
        }

      if (mixed && op % 1009 == 0)
        {
          /* Re-tag a random pageblock to any type (isolate, highatomic, cma included): the merge
           * rule and move_freepages_block get exercised; invariants must hold throughout. */
          uint64_t npb = frag_zone_n_pageblocks (z);
          uint64_t pb = (start >> pbo) + (uint64_t) g_rand_int_range (r, 0, (gint32) npb);
          FragMigrateType t = (FragMigrateType) g_rand_int_range (r, 0, FRAG_MT_COUNT);
          if (g_rand_int_range (r, 0, 3) == 0)
            t = FRAG_MT_MOVABLE;
          frag_zone_set_pageblock_mt (z, pb, t);
          g_assert_cmpint (frag_zone_pageblock_mt (z, pb), ==, t);
          CHECK (z);
        }
      if (op % 97 == 0 || op + 1 == n_ops)
        {
          CHECK (z);
          const uint32_t *w = frag_zone_words (z);
          uint64_t nfree = 0;
          for (uint64_t i = 0; i < frames; i++)
            {
              if (model[i] == 0)
                {
                  g_assert_true (frag_fw_is_free (w[i]));
                  nfree++;
                }
              else
                {
                  g_assert_true (frag_fw_is_used (w[i]));
                  g_assert_cmpuint (frag_fw_owner (w[i]), ==, model[i]);
                }
            }
          uint64_t in_blocks = 0;
          frag_zone_foreach_free_block (z, count_free_cb, &in_blocks);
          g_assert_cmpuint (in_blocks, ==, nfree);
          if (!mixed)
            g_assert_cmpuint (frag_zone_free_frames (z), ==, nfree);
          else
            g_assert_cmpuint (frag_zone_free_frames (z), <=, nfree);
          g_assert_cmpuint (frames - nfree, ==, used);
        }
      if (!mixed && op % 4999 == 0)
        {
          /* Incremental state == rebuilt state (one type everywhere). */
          FragZone *c = frag_zone_clone (z);
          frag_zone_rebuild_free (c);
          CHECK (c);
          g_autofree char *a = blocks (z);
          g_autofree char *b = blocks (c);
          g_assert_cmpstr (a, ==, b);
          frag_zone_destroy (c);
        }
    }
  g_test_message ("%u ops: %u held, %" G_GUINT64_FORMAT " frames used, %" G_GUINT64_FORMAT
                  " fallbacks, %" G_GUINT64_FORMAT " extfrag, %" G_GUINT64_FORMAT " stolen",
                  n_ops, held->len, used, frag_zone_counters (z)->fallbacks,
                  frag_zone_counters (z)->extfrag_events, frag_zone_counters (z)->pageblocks_stolen);
  if (mixed)
    g_assert_cmpuint (frag_zone_counters (z)->fallbacks, >, 0);
  g_array_unref (held);
  g_free (model);
  g_rand_free (r);
  frag_zone_destroy (z);
}

static void
test_random_address (void)
{
  run_random (FRAG_FREE_LIST_ADDRESS, false, 0, 4096, 10, 9, 200000, 1);
  run_random (FRAG_FREE_LIST_ADDRESS, false, 1, 1531, 6, 3, 100000, 2);
}

static void
test_random_lifo (void)
{
  run_random (FRAG_FREE_LIST_LIFO, false, 0, 4096, 10, 9, 200000, 3);
  run_random (FRAG_FREE_LIST_LIFO, false, 5, 1531, 6, 3, 100000, 4);
}

static void
test_random_mixed (void)
{
  run_random (FRAG_FREE_LIST_ADDRESS, true, 0, 2048, 8, 4, 150000, 5);
  run_random (FRAG_FREE_LIST_LIFO, true, 3, 2045, 8, 4, 150000, 6);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/frag/engine/buddy/split", test_split);
  g_test_add_func ("/frag/engine/buddy/merge", test_merge);
  g_test_add_func ("/frag/engine/buddy/unaligned-zone", test_unaligned_zone);
  g_test_add_func ("/frag/engine/buddy/address-lowest", test_address_lowest);
  g_test_add_func ("/frag/engine/buddy/lifo-head", test_lifo);
  g_test_add_func ("/frag/engine/buddy/lifo-tail", test_lifo_tail);
  g_test_add_func ("/frag/engine/buddy/lifo-head-not-tail", test_lifo_head_not_tail);
  g_test_add_func ("/frag/engine/buddy/pageblock-merge-rule", test_pageblock_rule);
  g_test_add_func ("/frag/engine/buddy/runs", test_runs);
  g_test_add_func ("/frag/engine/buddy/bulk-rebuild", test_bulk_rebuild);
  g_test_add_func ("/frag/engine/buddy/copy", test_copy);
  g_test_add_func ("/frag/engine/buddy/memory", test_memory);
  g_test_add_func ("/frag/engine/buddy/bad-params", test_bad_params);
  g_test_add_func ("/frag/engine/buddy/random-abuse", test_random_abuse);
  g_test_add_func ("/frag/engine/buddy/random-address", test_random_address);
  g_test_add_func ("/frag/engine/buddy/random-lifo", test_random_lifo);
  g_test_add_func ("/frag/engine/buddy/random-mixed", test_random_mixed);
  return g_test_run ();
}
