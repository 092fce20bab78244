/* test-holes.c: the hole index: exact placements of every fit, merges and splits, OSTEP's
 * malloc.py runs, bulk rebuilds, clones, and a million random operations against a bitmap model. */
#include <glib.h>
#include <string.h>

#include "frag-engine.h"
#include "frag-holes.h"

/* ---- Helpers -------------------------------------------------------------------------------- */

static bool
collect_cb (const FragExtent *extent, void *user_data)
{
  g_array_append_val ((GArray *) user_data, *extent);
  return true;
}

static GArray *
holes_list (const FragHoles *h)
{
  GArray *a = g_array_new (FALSE, FALSE, sizeof (FragExtent));

  frag_holes_foreach (h, collect_cb, a);
  return a;
}

static void
assert_valid (const FragHoles *h)
{
  char err[256] = "";

  if (!frag_holes_check (h, err, sizeof err))
    g_error ("%s", err);
}

/* expected: pairs (start, frames), n_holes of them. */
static void
assert_holes (const FragHoles *h, const uint64_t *expected, guint n_holes)
{
  GArray *a = holes_list (h);
  uint64_t sum = 0, largest = 0;

  assert_valid (h);
  g_assert_cmpuint (a->len, ==, n_holes);
  g_assert_cmpuint (frag_holes_count (h), ==, n_holes);
  for (guint i = 0; i < n_holes; i++)
    {
      FragExtent *e = &g_array_index (a, FragExtent, i);

      g_assert_cmpuint (e->start, ==, expected[2 * i]);
      g_assert_cmpuint (e->frames, ==, expected[2 * i + 1]);
      sum += e->frames;
      largest = MAX (largest, e->frames);
    }
  g_assert_cmpuint (frag_holes_free_frames (h), ==, sum);
  g_assert_cmpuint (frag_holes_largest (h), ==, largest);
  g_array_unref (a);
}

static uint64_t
find_or_max (const FragHoles *h, FragFit fit, uint64_t frames, uint64_t cursor)
{
  uint64_t at = 0;

  if (!frag_holes_find (h, fit, frames, cursor, &at))
    return G_MAXUINT64;
  return at;
}

/* ---- Hand-made cases ------------------------------------------------------------------------ */

static void
test_holes_basic (void)
{
  FragHoles *h = frag_holes_new (100, 50);
  FragHoles *e = frag_holes_new_empty ();
  uint64_t s = 0, f = 0;
  const uint64_t one[] = { 100, 50 };

  assert_holes (h, one, 1);
  g_assert_false (frag_holes_hole_at (h, 99, &s, &f));
  g_assert_true (frag_holes_hole_at (h, 100, &s, &f));
  g_assert_cmpuint (s, ==, 100);
  g_assert_cmpuint (f, ==, 50);
  g_assert_true (frag_holes_hole_at (h, 149, &s, &f));
  g_assert_false (frag_holes_hole_at (h, 150, &s, &f));
  for (int fit = 0; fit < FRAG_FIT_COUNT; fit++)
    {
      g_assert_cmpuint (find_or_max (h, fit, 50, 0), ==, 100);
      g_assert_cmpuint (find_or_max (h, fit, 51, 0), ==, G_MAXUINT64);
      g_assert_cmpuint (find_or_max (h, fit, 0, 0), ==, G_MAXUINT64);
      g_assert_cmpuint (find_or_max (e, fit, 1, 0), ==, G_MAXUINT64);
    }
  assert_holes (e, NULL, 0);
  g_assert_cmpuint (frag_holes_largest (e), ==, 0);
  g_assert_false (frag_holes_hole_at (e, 0, NULL, NULL));
  frag_holes_destroy (h);
  frag_holes_destroy (e);
}

static void
test_holes_merge_split (void)
{
  FragHoles *h = frag_holes_new (0, 100);

  g_assert_true (frag_holes_take_range (h, 10, 10)); /* middle split */
  assert_holes (h, (const uint64_t[]) { 0, 10, 20, 80 }, 2);
  g_assert_true (frag_holes_take_range (h, 0, 10)); /* a whole hole */
  assert_holes (h, (const uint64_t[]) { 20, 80 }, 1);
  g_assert_true (frag_holes_take_range (h, 90, 10)); /* the top end */
  g_assert_true (frag_holes_take_range (h, 20, 5));  /* the bottom end */
  assert_holes (h, (const uint64_t[]) { 25, 65 }, 1);
  g_assert_true (frag_holes_free_range (h, 0, 5)); /* alone */
  assert_holes (h, (const uint64_t[]) { 0, 5, 25, 65 }, 2);
  g_assert_true (frag_holes_free_range (h, 10, 5)); /* alone, between two */
  g_assert_true (frag_holes_free_range (h, 5, 5));  /* joins both neighbours */
  assert_holes (h, (const uint64_t[]) { 0, 15, 25, 65 }, 2);
  g_assert_true (frag_holes_free_range (h, 90, 10)); /* joins the one below */
  assert_holes (h, (const uint64_t[]) { 0, 15, 25, 75 }, 2);
  g_assert_true (frag_holes_free_range (h, 20, 5)); /* joins the one above */
  assert_holes (h, (const uint64_t[]) { 0, 15, 20, 80 }, 2);

  /* Refused, and nothing changes. */
  g_assert_false (frag_holes_free_range (h, 14, 2)); /* 14 is free */
  g_assert_false (frag_holes_free_range (h, 19, 2)); /* 20 is free */
  g_assert_false (frag_holes_free_range (h, 0, 100));
  g_assert_false (frag_holes_free_range (h, 16, 0));
  g_assert_false (frag_holes_take_range (h, 15, 1));  /* used */
  g_assert_false (frag_holes_take_range (h, 10, 6));  /* runs past the hole */
  g_assert_false (frag_holes_take_range (h, 95, 10)); /* runs past the zone */
  g_assert_false (frag_holes_take_range (h, 0, 0));
  assert_holes (h, (const uint64_t[]) { 0, 15, 20, 80 }, 2);
  g_assert_true (frag_holes_free_range (h, 15, 5));
  assert_holes (h, (const uint64_t[]) { 0, 100 }, 1);
  frag_holes_destroy (h);
}

/* Holes of sizes 8 3 8 5 12 3 12 5 from pfn 1000, each followed by used frames. */
static const uint64_t fit_set[] = { 1000, 8, 1010, 3, 1020, 8, 1030, 5,
                                    1040, 12, 1060, 3, 1070, 12, 1090, 5 };

static FragHoles *
make_fit_set (bool by_takes)
{
  FragHoles *h;

  if (by_takes)
    {
      /* The same set carved out of a full zone [1000, 1100), in a scrambled order. */
      static const uint64_t used[] = { 1052, 8, 1008, 2, 1082, 8, 1013, 7,
                                       1035, 5, 1063, 7, 1028, 2, 1095, 5 };
      h = frag_holes_new (1000, 100);
      for (guint i = 0; i < G_N_ELEMENTS (used); i += 2)
        g_assert_true (frag_holes_take_range (h, used[i], used[i + 1]));
    }
  else
    {
      h = frag_holes_new_empty ();
      for (guint i = 0; i < G_N_ELEMENTS (fit_set); i += 2)
        g_assert_true (frag_holes_free_range (h, fit_set[i], fit_set[i + 1]));
    }
  assert_holes (h, fit_set, G_N_ELEMENTS (fit_set) / 2);
  return h;
}

static void
test_holes_fits (void)
{
  for (int by_takes = 0; by_takes < 2; by_takes++)
    {
      FragHoles *h = make_fit_set (by_takes);

      g_assert_cmpuint (find_or_max (h, FRAG_FIT_FIRST, 4, 0), ==, 1000);
      g_assert_cmpuint (find_or_max (h, FRAG_FIT_FIRST, 9, 0), ==, 1040);
      g_assert_cmpuint (find_or_max (h, FRAG_FIT_FIRST, 12, 0), ==, 1040);
      g_assert_cmpuint (find_or_max (h, FRAG_FIT_FIRST, 13, 0), ==, G_MAXUINT64);

      g_assert_cmpuint (find_or_max (h, FRAG_FIT_BEST, 3, 0), ==, 1010); /* tie with 1060 */
      g_assert_cmpuint (find_or_max (h, FRAG_FIT_BEST, 4, 0), ==, 1030); /* tie with 1090 */
      g_assert_cmpuint (find_or_max (h, FRAG_FIT_BEST, 6, 0), ==, 1000); /* tie with 1020 */
      g_assert_cmpuint (find_or_max (h, FRAG_FIT_BEST, 9, 0), ==, 1040); /* tie with 1070 */
      g_assert_cmpuint (find_or_max (h, FRAG_FIT_BEST, 13, 0), ==, G_MAXUINT64);

      g_assert_cmpuint (find_or_max (h, FRAG_FIT_WORST, 1, 0), ==, 1040); /* tie with 1070 */
      g_assert_cmpuint (find_or_max (h, FRAG_FIT_WORST, 12, 0), ==, 1040);
      g_assert_cmpuint (find_or_max (h, FRAG_FIT_WORST, 13, 0), ==, G_MAXUINT64);

      /* Next fit: the hole holding the cursor counts with its full size. */
      g_assert_cmpuint (find_or_max (h, FRAG_FIT_NEXT, 4, 1000), ==, 1000);
      g_assert_cmpuint (find_or_max (h, FRAG_FIT_NEXT, 6, 1004), ==, 1000);
      g_assert_cmpuint (find_or_max (h, FRAG_FIT_NEXT, 8, 1007), ==, 1000);
      g_assert_cmpuint (find_or_max (h, FRAG_FIT_NEXT, 4, 1008), ==, 1020); /* 1010 too small */
      g_assert_cmpuint (find_or_max (h, FRAG_FIT_NEXT, 3, 1009), ==, 1010);
      g_assert_cmpuint (find_or_max (h, FRAG_FIT_NEXT, 12, 1075), ==, 1070);
      g_assert_cmpuint (find_or_max (h, FRAG_FIT_NEXT, 4, 1075), ==, 1070);
      g_assert_cmpuint (find_or_max (h, FRAG_FIT_NEXT, 5, 1082), ==, 1090);
      g_assert_cmpuint (find_or_max (h, FRAG_FIT_NEXT, 6, 1085), ==, 1000); /* wraps */
      g_assert_cmpuint (find_or_max (h, FRAG_FIT_NEXT, 9, 1095), ==, 1040); /* wraps */
      g_assert_cmpuint (find_or_max (h, FRAG_FIT_NEXT, 3, 5000), ==, 1000); /* past the zone */
      g_assert_cmpuint (find_or_max (h, FRAG_FIT_NEXT, 10, 0), ==, 1040);   /* below the zone */
      g_assert_cmpuint (find_or_max (h, FRAG_FIT_NEXT, 13, 1040), ==, G_MAXUINT64);
      frag_holes_destroy (h);
    }
}

/* A roving pointer run on a 100-frame zone, taking what next fit finds each time. */
static void
test_holes_next_fit_run (void)
{
  FragHoles *h = frag_holes_new (0, 100);
  static const struct { uint64_t frames, want; } run[] = {
    { 20, 0 }, { 20, 20 }, { 20, 40 }, { 10, 60 }, { 30, 70 },
  };
  uint64_t cursor = 0, at;

  for (guint i = 0; i < G_N_ELEMENTS (run); i++)
    {
      at = find_or_max (h, FRAG_FIT_NEXT, run[i].frames, cursor);
      g_assert_cmpuint (at, ==, run[i].want);
      g_assert_true (frag_holes_take_range (h, at, run[i].frames));
      cursor = at + run[i].frames;
    }
  g_assert_cmpuint (cursor, ==, 100);
  g_assert_cmpuint (frag_holes_count (h), ==, 0);
  g_assert_true (frag_holes_free_range (h, 0, 20));  /* A */
  g_assert_true (frag_holes_free_range (h, 60, 10)); /* D */
  /* From the top: wrap round to the lowest hole that fits. */
  g_assert_cmpuint (find_or_max (h, FRAG_FIT_NEXT, 15, cursor), ==, 0);
  g_assert_true (frag_holes_take_range (h, 0, 15));
  cursor = 15;
  /* First fit would go back to 15; the rover goes on to 60. */
  g_assert_cmpuint (find_or_max (h, FRAG_FIT_NEXT, 5, 30), ==, 60);
  g_assert_cmpuint (find_or_max (h, FRAG_FIT_FIRST, 5, 30), ==, 15);
  /* B leaves: its frames join the rest of the hole the rover stopped in, below the cursor. */
  g_assert_true (frag_holes_free_range (h, 20, 20));
  assert_holes (h, (const uint64_t[]) { 15, 25, 60, 10 }, 2);
  g_assert_cmpuint (find_or_max (h, FRAG_FIT_NEXT, 25, cursor), ==, 15);
  g_assert_cmpuint (find_or_max (h, FRAG_FIT_NEXT, 8, 20), ==, 15);
  g_assert_cmpuint (find_or_max (h, FRAG_FIT_NEXT, 8, 40), ==, 60);
  g_assert_cmpuint (find_or_max (h, FRAG_FIT_NEXT, 11, 40), ==, 15);
  frag_holes_destroy (h);
}

/* OSTEP's malloc.py (chapter 17 homework) with -l ADDRSORT -C (coalescing), -H 0, -b 1000,
 * -S 100: the address a policy returns for each op, worked out by hand. Frees name an earlier
 * allocation by its index in this table. */
typedef struct {
  bool     alloc;
  uint64_t arg;        /* frames to allocate, or the op index of the allocation to free */
  uint64_t at[3];      /* FIRST, BEST, WORST; G_MAXUINT64 = the allocation fails */
} OstepOp;

static void
test_holes_ostep (void)
{
  static const OstepOp ops[] = {
    { true, 3, { 1000, 1000, 1000 } },  /* 0: p0 */
    { true, 10, { 1003, 1003, 1003 } }, /* 1: p1 */
    { true, 8, { 1013, 1013, 1013 } },  /* 2: p2 */
    { true, 5, { 1021, 1021, 1021 } },  /* 3: p3 */
    { true, 4, { 1026, 1026, 1026 } },  /* 4: p4; free: [1030, 1100) */
    { false, 1, { 0 } },                /* free p1: (1003,10) (1030,70) */
    { false, 3, { 0 } },                /* free p3: (1003,10) (1021,5) (1030,70) */
    { true, 4, { 1003, 1021, 1030 } },  /* 7: p5 */
    { false, 0, { 0 } },                /* free p0 */
    { true, 5, { 1007, 1000, 1034 } },  /* 9: p6 */
    { false, 4, { 0 } },                /* free p4 */
    { true, 1, { 1000, 1005, 1039 } },  /* 11: p7 */
    { true, 2, { 1001, 1006, 1040 } },  /* 12: p8 */
    { true, 80, { G_MAXUINT64, G_MAXUINT64, G_MAXUINT64 } }, /* 80 free, no run of 80 */
  };
  static const FragFit fits[3] = { FRAG_FIT_FIRST, FRAG_FIT_BEST, FRAG_FIT_WORST };
  static const uint64_t final_first[] = { 1012, 1, 1021, 79 };
  static const uint64_t final_best[] = { 1008, 5, 1025, 75 };
  static const uint64_t final_worst[] = { 1000, 13, 1021, 9, 1042, 58 };

  for (int p = 0; p < 3; p++)
    {
      FragHoles *h = frag_holes_new (1000, 100);
      uint64_t placed[G_N_ELEMENTS (ops)];

      for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
        {
          if (ops[i].alloc)
            {
              placed[i] = find_or_max (h, fits[p], ops[i].arg, 0);
              g_assert_cmpuint (placed[i], ==, ops[i].at[p]);
              if (placed[i] != G_MAXUINT64)
                g_assert_true (frag_holes_take_range (h, placed[i], ops[i].arg));
            }
          else
            g_assert_true (frag_holes_free_range (h, placed[ops[i].arg], ops[ops[i].arg].arg));
          assert_valid (h);
        }
      g_assert_cmpuint (frag_holes_free_frames (h), ==, 80);
      if (p == 0)
        assert_holes (h, final_first, 2);
      else if (p == 1)
        assert_holes (h, final_best, 2);
      else
        assert_holes (h, final_worst, 3);
      frag_holes_destroy (h);
    }
}

/* ---- Bulk rebuilds -------------------------------------------------------------------------- */

static void
test_holes_bulk (void)
{
  FragHoles *h = frag_holes_new (0, 1000);
  FragHoles *c;

  g_assert_true (frag_holes_take_range (h, 0, 1000));
  frag_holes_clear (h);
  assert_holes (h, NULL, 0);
  g_assert_true (frag_holes_free_range (h, 10, 5));
  g_assert_true (frag_holes_free_range (h, 15, 5)); /* touches: merges into (10,10) */
  g_assert_true (frag_holes_free_range (h, 30, 40));
  g_assert_true (frag_holes_free_range (h, 900, 100));
  /* Still pending: foreach, counts and clones work without building the trees. */
  c = frag_holes_clone (h);
  g_assert_false (frag_holes_free_range (h, 60, 20)); /* overlaps (30,40): refused */
  assert_holes (h, (const uint64_t[]) { 10, 10, 30, 40, 900, 100 }, 3);
  assert_holes (c, (const uint64_t[]) { 10, 10, 30, 40, 900, 100 }, 3);
  /* Out of address order: the trees are built, then the normal path merges. */
  g_assert_true (frag_holes_free_range (h, 20, 10));
  assert_holes (h, (const uint64_t[]) { 10, 60, 900, 100 }, 2);
  g_assert_cmpuint (find_or_max (c, FRAG_FIT_BEST, 11, 0), ==, 30);
  g_assert_cmpuint (find_or_max (c, FRAG_FIT_WORST, 11, 0), ==, 900);
  g_assert_cmpuint (find_or_max (h, FRAG_FIT_BEST, 11, 0), ==, 10);
  frag_holes_destroy (c);

  /* A large rebuild: 2M holes of one frame, every other frame of 4M. */
  frag_holes_clear (h);
  gint64 t0 = g_get_monotonic_time ();
  for (uint64_t pfn = 0; pfn < (4u << 20); pfn += 2)
    g_assert_true (frag_holes_free_range (h, pfn + 7, 1));
  frag_holes_settle (h);
  gint64 t1 = g_get_monotonic_time ();
  g_test_message ("bulk rebuild of 2M holes: %.1f ms", (t1 - t0) / 1000.0);
  assert_valid (h);
  g_assert_cmpuint (frag_holes_count (h), ==, 2u << 20);
  g_assert_cmpuint (frag_holes_largest (h), ==, 1);
  g_assert_cmpuint (find_or_max (h, FRAG_FIT_FIRST, 1, 0), ==, 7);
  g_assert_cmpuint (find_or_max (h, FRAG_FIT_NEXT, 1, 1000000), ==, 1000001);
  g_assert_cmpuint (find_or_max (h, FRAG_FIT_NEXT, 1, (4u << 20) + 7), ==, 7);
  g_assert_true (frag_holes_free_range (h, 8, 1));
  g_assert_cmpuint (find_or_max (h, FRAG_FIT_WORST, 1, 0), ==, 7);
  g_assert_cmpuint (find_or_max (h, FRAG_FIT_BEST, 2, 0), ==, 7);
  g_assert_cmpuint (find_or_max (h, FRAG_FIT_BEST, 1, 0), ==, 11);
  assert_valid (h);
  frag_holes_destroy (h);
}

/* ---- Randomized against a bitmap ------------------------------------------------------------ */

/* The naive model: one bool per frame. Holes are recomputed by scanning, fits by walking them. */
typedef struct {
  uint64_t base;
  uint32_t n;
  bool    *free;
  FragExtent *holes;
  uint32_t n_holes;
} Model;

static void
model_scan (Model *m)
{
  m->n_holes = 0;
  for (uint32_t i = 0; i < m->n;)
    {
      uint32_t j = i;

      if (!m->free[i])
        {
          i++;
          continue;
        }
      while (j < m->n && m->free[j])
        j++;
      m->holes[m->n_holes++] = (FragExtent) { m->base + i, j - i };
      i = j;
    }
}

static uint64_t
model_find (const Model *m, FragFit fit, uint64_t frames, uint64_t cursor)
{
  int64_t pick = -1;

  switch (fit)
    {
    case FRAG_FIT_FIRST:
      for (uint32_t i = 0; i < m->n_holes && pick < 0; i++)
        if (m->holes[i].frames >= frames)
          pick = i;
      break;
    case FRAG_FIT_BEST:
      for (uint32_t i = 0; i < m->n_holes; i++)
        if (m->holes[i].frames >= frames && (pick < 0 || m->holes[i].frames < m->holes[pick].frames))
          pick = i;
      break;
    case FRAG_FIT_WORST:
      for (uint32_t i = 0; i < m->n_holes; i++)
        if (pick < 0 || m->holes[i].frames > m->holes[pick].frames)
          pick = i;
      if (pick >= 0 && m->holes[pick].frames < frames)
        pick = -1;
      break;
    case FRAG_FIT_NEXT:
    case FRAG_FIT_COUNT:
    default:
      {
        uint32_t from = 0;

        while (from < m->n_holes && m->holes[from].start + m->holes[from].frames <= cursor)
          from++;
        for (uint32_t k = 0; k < m->n_holes && pick < 0; k++)
          {
            uint32_t i = (from + k) % m->n_holes;

            if (m->holes[i].frames >= frames)
              pick = i;
          }
      }
      break;
    }
  return pick < 0 ? G_MAXUINT64 : m->holes[pick].start;
}

static void
assert_model (const FragHoles *h, const Model *m)
{
  GArray *a = holes_list (h);
  uint64_t sum = 0, largest = 0;

  g_assert_cmpuint (a->len, ==, m->n_holes);
  g_assert_cmpuint (frag_holes_count (h), ==, m->n_holes);
  for (uint32_t i = 0; i < m->n_holes; i++)
    {
      g_assert_cmpuint (g_array_index (a, FragExtent, i).start, ==, m->holes[i].start);
      g_assert_cmpuint (g_array_index (a, FragExtent, i).frames, ==, m->holes[i].frames);
      sum += m->holes[i].frames;
      largest = MAX (largest, m->holes[i].frames);
    }
  g_assert_cmpuint (frag_holes_free_frames (h), ==, sum);
  g_assert_cmpuint (frag_holes_largest (h), ==, largest);
  g_array_unref (a);
}

/* with_best: whether best fit is asked for; without it the index never builds its size treap. */
static void
run_random (guint32 seed, uint32_t zone_frames, uint64_t n_ops, uint32_t max_alloc, bool with_best)
{
  static const FragFit all_fits[] = { FRAG_FIT_FIRST, FRAG_FIT_NEXT, FRAG_FIT_WORST, FRAG_FIT_BEST };
  Model m = { 4099, zone_frames, g_new (bool, zone_frames), g_new (FragExtent, zone_frames), 0 };
  FragHoles *h = frag_holes_new (m.base, zone_frames);
  GRand *r = g_rand_new_with_seed (seed);
  uint64_t cursor = m.base, finds = 0, found = 0, refused = 0;
  const uint64_t end = m.base + zone_frames;

  for (uint32_t i = 0; i < zone_frames; i++)
    m.free[i] = true;
  model_scan (&m);

  for (uint64_t op = 0; op < n_ops; op++)
    {
      guint32 kind = g_rand_int_range (r, 0, 1000);
      uint64_t pfn = m.base + (uint64_t) g_rand_int_range (r, 0, (gint32) zone_frames);
      uint32_t off = (uint32_t) (pfn - m.base);
      bool changed = false;

      if (kind < 450)
        {
          /* A placement by a random fit, taken where it was found. */
          FragFit fit = all_fits[g_rand_int_range (r, 0, with_best ? 4 : 3)];
          uint64_t frames = g_rand_int_range (r, 0, 4) ? (uint64_t) g_rand_int_range (r, 1, 9)
                                                       : (uint64_t) g_rand_int_range (r, 1, (gint32) max_alloc);
          uint64_t cur = g_rand_int_range (r, 0, 8) ? cursor : pfn - 3;
          uint64_t want = model_find (&m, fit, frames, cur), got = find_or_max (h, fit, frames, cur);

          finds++;
          if (want != got)
            g_error ("op %" G_GUINT64_FORMAT ": %s fit of %" G_GUINT64_FORMAT " from %"
                     G_GUINT64_FORMAT ": index says %" G_GUINT64_FORMAT ", model %"
                     G_GUINT64_FORMAT, op, frag_fit_name (fit), frames, cur, got, want);
          if (got != G_MAXUINT64)
            {
              found++;
              g_assert_true (frag_holes_take_range (h, got, frames));
              for (uint64_t k = 0; k < frames; k++)
                m.free[got - m.base + k] = false;
              cursor = got + frames;
              changed = true;
            }
        }
      else if (kind < 800)
        {
          /* Free a run starting at a random frame; refused if it touches a free frame. */
          uint32_t len = (uint32_t) g_rand_int_range (r, 1, 24), k;
          bool all_used = true;

          if (off + len > zone_frames)
            len = zone_frames - off;
          for (k = 0; k < len; k++)
            all_used = all_used && !m.free[off + k];
          if (!all_used && g_rand_int_range (r, 0, 2))
            {
              /* Mostly shrink to the used run, so that frees keep happening. */
              for (k = 0; k < len && !m.free[off + k]; k++)
                ;
              len = k;
              all_used = len > 0;
            }
          if (len == 0)
            continue;
          g_assert_cmpint (frag_holes_free_range (h, pfn, len), ==, all_used);
          if (all_used)
            {
              for (k = 0; k < len; k++)
                m.free[off + k] = true;
              changed = true;
            }
          else
            refused++;
        }
      else if (kind < 990)
        {
          /* Take an arbitrary run inside a hole (splits in the middle), or be refused. */
          uint64_t hs = 0, hf = 0, len = (uint64_t) g_rand_int_range (r, 1, 12);
          bool inside = m.free[off];

          g_assert_cmpint (frag_holes_hole_at (h, pfn, &hs, &hf), ==, m.free[off]);
          if (inside)
            {
              g_assert_cmpuint (hs, <=, pfn);
              g_assert_cmpuint (pfn, <, hs + hf);
              g_assert_true (hs == m.base || !m.free[hs - m.base - 1]);
              g_assert_true (hs + hf == end || !m.free[hs + hf - m.base]);
              inside = pfn + len <= hs + hf;
            }
          g_assert_cmpint (frag_holes_take_range (h, pfn, len), ==, inside);
          if (inside)
            {
              for (uint64_t k = 0; k < len; k++)
                m.free[off + k] = false;
              changed = true;
            }
          else
            refused++;
        }
      else if (kind < 995)
        {
          /* Bulk rebuild from the model, as compaction does. */
          frag_holes_clear (h);
          for (uint32_t i = 0; i < m.n_holes; i++)
            g_assert_true (frag_holes_free_range (h, m.holes[i].start, m.holes[i].frames));
          changed = true;
        }
      else
        {
          /* Swap in a clone, or a copy into an index that held something else. */
          FragHoles *c;

          if (g_rand_boolean (r))
            c = frag_holes_clone (h);
          else
            {
              c = frag_holes_new (0, (uint64_t) g_rand_int_range (r, 1, 100000));
              frag_holes_take_range (c, 5, 3);
              frag_holes_copy (c, h);
            }
          frag_holes_destroy (h);
          h = c;
          changed = true;
        }

      if (changed)
        model_scan (&m);
      if (changed && op % 16 == 0)
        assert_model (h, &m);
      if (op % 4096 == 0)
        {
          assert_model (h, &m);
          assert_valid (h);
        }
    }
  assert_model (h, &m);
  assert_valid (h);
  g_test_message ("seed %u: %" G_GUINT64_FORMAT " finds, %" G_GUINT64_FORMAT " placed, %"
                  G_GUINT64_FORMAT " refused, %u holes at the end", seed, finds, found, refused,
                  m.n_holes);
  /* The run must have exercised both outcomes, or it proves little. */
  g_assert_cmpuint (found, >, finds / 10);
  g_assert_cmpuint (found, <, finds);
  g_assert_cmpuint (refused, >, 0);

  g_rand_free (r);
  frag_holes_destroy (h);
  g_free (m.free);
  g_free (m.holes);
}

static void
test_holes_random (void)
{
  run_random (1, 512, 1000000, 64, true);
}

static void
test_holes_random_no_best (void)
{
  run_random (3, 700, 300000, 90, false);
}

static void
test_holes_random_large (void)
{
  run_random (2, 20000, 40000, 400, true);
}

/* ---- Clones --------------------------------------------------------------------------------- */

static void
test_holes_clone (void)
{
  FragHoles *h = frag_holes_new (0, 4096);
  FragHoles *c, *d = frag_holes_new (100, 7);
  GRand *r = g_rand_new_with_seed (42);

  for (int i = 0; i < 3000; i++)
    {
      uint64_t at, frames = (uint64_t) g_rand_int_range (r, 1, 20);

      if (frag_holes_find (h, FRAG_FIT_BEST, frames, 0, &at) && g_rand_int_range (r, 0, 3))
        g_assert_true (frag_holes_take_range (h, at, frames));
      else if (frag_holes_hole_at (h, (uint64_t) g_rand_int_range (r, 0, 4096), &at, NULL) && at > 0)
        frag_holes_free_range (h, at - 1, 1);
    }
  c = frag_holes_clone (h);
  frag_holes_copy (d, h);
  /* One node per hole plus free ones, at most: the copy is as small as the original. */
  g_assert_cmpuint (frag_holes_bytes (c), ==, frag_holes_bytes (h));
  g_assert_cmpuint (frag_holes_bytes (d), ==, frag_holes_bytes (h));
  g_assert_cmpuint (frag_holes_bytes (h), >=, frag_holes_count (h) * 2 * sizeof (uint64_t));
  assert_valid (c);
  assert_valid (d);
  /* The same operations on the original and both copies give the same answers throughout. */
  for (int i = 0; i < 3000; i++)
    {
      uint64_t frames = (uint64_t) g_rand_int_range (r, 1, 40);
      uint64_t cursor = (uint64_t) g_rand_int_range (r, 0, 4096);
      FragFit fit = (FragFit) g_rand_int_range (r, 0, FRAG_FIT_COUNT);
      uint64_t a = find_or_max (h, fit, frames, cursor);
      bool ok;

      g_assert_cmpuint (find_or_max (c, fit, frames, cursor), ==, a);
      g_assert_cmpuint (find_or_max (d, fit, frames, cursor), ==, a);
      if (a != G_MAXUINT64 && g_rand_boolean (r))
        {
          g_assert_true (frag_holes_take_range (h, a, frames));
          g_assert_true (frag_holes_take_range (c, a, frames));
          g_assert_true (frag_holes_take_range (d, a, frames));
        }
      else
        {
          ok = frag_holes_free_range (h, cursor, frames % 4 + 1);
          g_assert_cmpint (frag_holes_free_range (c, cursor, frames % 4 + 1), ==, ok);
          g_assert_cmpint (frag_holes_free_range (d, cursor, frames % 4 + 1), ==, ok);
        }
    }
  {
    GArray *x = holes_list (h), *y = holes_list (c), *z = holes_list (d);

    g_assert_cmpuint (x->len, ==, y->len);
    g_assert_cmpuint (x->len, ==, z->len);
    g_assert_cmpmem (x->data, x->len * sizeof (FragExtent), y->data, y->len * sizeof (FragExtent));
    g_assert_cmpmem (x->data, x->len * sizeof (FragExtent), z->data, z->len * sizeof (FragExtent));
    g_array_unref (x);
    g_array_unref (y);
    g_array_unref (z);
  }
  assert_valid (h);
  assert_valid (c);
  assert_valid (d);
  /* A copy over itself is a no-op, and copies are independent of their source. */
  frag_holes_copy (h, h);
  frag_holes_clear (c);
  assert_valid (h);
  g_assert_cmpuint (frag_holes_count (c), ==, 0);
  g_assert_cmpuint (frag_holes_count (h), ==, frag_holes_count (d));
  g_rand_free (r);
  frag_holes_destroy (h);
  frag_holes_destroy (c);
  frag_holes_destroy (d);
}

/* ---- Benchmark ------------------------------------------------------------------------------ */

static void
test_holes_bench (void)
{
  double seconds = -1;

  g_assert_true (frag_holes_bench (200000, &seconds));
  g_assert_cmpfloat (seconds, >, 0.0);
  g_test_message ("holes bench: %.1f ns/op", seconds * 1e9 / 200000);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/frag/engine/holes/basic", test_holes_basic);
  g_test_add_func ("/frag/engine/holes/merge-split", test_holes_merge_split);
  g_test_add_func ("/frag/engine/holes/fits", test_holes_fits);
  g_test_add_func ("/frag/engine/holes/next-fit-run", test_holes_next_fit_run);
  g_test_add_func ("/frag/engine/holes/ostep", test_holes_ostep);
  g_test_add_func ("/frag/engine/holes/bulk", test_holes_bulk);
  g_test_add_func ("/frag/engine/holes/clone", test_holes_clone);
  g_test_add_func ("/frag/engine/holes/random", test_holes_random);
  g_test_add_func ("/frag/engine/holes/random-no-best", test_holes_random_no_best);
  g_test_add_func ("/frag/engine/holes/random-large", test_holes_random_large);
  g_test_add_func ("/frag/engine/holes/bench", test_holes_bench);
  return g_test_run ();
}
