/* test-charts.c: charts drawn from plain data (FragZoneStats, FragSample arrays) and the words
 * the views show (sizes). No FragSim involved. */
#include <glib.h>
#include <string.h>

#include "frag-render.h"
#include "render-test-util.h"

static void
test_format_bytes (void)
{
  char b[32];
  g_assert_cmpstr (frag_render_format_bytes (0, b, sizeof b), ==, "0 B");
  g_assert_cmpstr (frag_render_format_bytes (250, b, sizeof b), ==, "250 B");
  g_assert_cmpstr (frag_render_format_bytes (10239, b, sizeof b), ==, "10239 B");
  g_assert_cmpstr (frag_render_format_bytes (1000, b, sizeof b), ==, "1000 B");
  g_assert_cmpstr (frag_render_format_bytes (8192, b, sizeof b), ==, "8 KiB");
  g_assert_cmpstr (frag_render_format_bytes (1536, b, sizeof b), ==, "1536 B");
  g_assert_cmpstr (frag_render_format_bytes (10240, b, sizeof b), ==, "10 KiB");
  g_assert_cmpstr (frag_render_format_bytes (1536 * 1024, b, sizeof b), ==, "1.5 MiB");
  g_assert_cmpstr (frag_render_format_bytes (64ull << 30, b, sizeof b), ==, "64 GiB");
  g_assert_cmpstr (frag_render_format_bytes (UINT64_MAX, b, sizeof b), ==, "16 EiB");
  char tiny[4];
  g_assert_cmpstr (frag_render_format_bytes (123456, tiny, sizeof tiny), ==, "121");
}

static void
test_view_names (void)
{
  for (unsigned v = 0; v < FRAG_VIEW_COUNT; v++)
    {
      FragView back;
      g_assert_true (frag_view_parse (frag_view_name ((FragView) v), &back));
      g_assert_cmpuint (back, ==, v);
    }
  FragView v;
  g_assert_true (frag_view_parse ("Buddy", &v));
  g_assert_cmpuint (v, ==, FRAG_VIEW_BUDDY);
  g_assert_false (frag_view_parse ("nope", &v));
  g_assert_false (frag_view_parse (NULL, &v));
  FragPaletteKind k;
  g_assert_true (frag_palette_parse ("high-contrast", &k));
  g_assert_cmpuint (k, ==, FRAG_PALETTE_HIGH_CONTRAST);
  g_assert_false (frag_palette_parse ("pink", &k));
}

/* Counts the rows of column x whose pixel is `color`, above the legend (the bottom 15%). */
static int
column_run (cairo_surface_t *s, int x, uint32_t color)
{
  int n = 0;
  for (int y = 0; y < cairo_image_surface_get_height (s) * 85 / 100; y++)
    n += render_test_pixel (s, x, y) == (color | 0xff000000u);
  return n;
}

/* A short chart (a side pane) must not jam its y tick labels into each other: in the column of
 * the labels, every run of inked rows is one label tall at most and runs are apart. */
static void
test_buddy_short_ticks (void)
{
  FragZoneStats z;
  memset (&z, 0, sizeof z);
  strcpy (z.name, "Normal");
  z.frames = 11;
  z.free_frames = 5;
  z.largest_free_run = 2;
  z.n_orders = 11;
  z.nr_free[0] = 3;
  z.nr_free[1] = 1;
  z.nr_free_by_type[FRAG_MT_MOVABLE][0] = 3;
  z.nr_free_by_type[FRAG_MT_MOVABLE][1] = 1;
  FragRenderContext ctx;
  frag_render_context_init (&ctx, NULL);
  const int W = 800, H = 180;
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, W, H);
  cairo_t *cr = cairo_create (s);
  frag_render_buddy_stats (cr, &ctx, &z, 1, W, H);
  cairo_destroy (cr);
  /* Body text is at least 18 px here: labels sit right of x = 14 and end left of x = 68, under
   * the title (y < 40) and above the legend (the bottom fifth). */
  /* Rows of ink closer than 5 rows belong to one run (a glyph's thin strokes can leave a row
   * or two blank); a label is about 11 px tall, so two jammed labels make a run past 24. */
  int runs = 0, longest = 0, start = -1, last = -100;
  for (int y = 40; y < H * 4 / 5; y++)
    {
      gboolean ink = FALSE;
      for (int x = 20; x < 64 && !ink; x++)
        {
          /* Anything visibly off the background (anti-aliased strokes included). */
          uint32_t p = render_test_pixel (s, x, y), bg = ctx.palette->background;
          for (int sh = 0; sh <= 16 && !ink; sh += 8)
            ink = ABS ((int) ((p >> sh) & 0xff) - (int) ((bg >> sh) & 0xff)) > 24;
        }
      if (!ink)
        continue;
      if (y - last >= 5)
        {
          runs++;
          start = y;
        }
      last = y;
      longest = MAX (longest, last - start + 1);
    }
  g_assert_cmpint (runs, >=, 2);
  g_assert_cmpint (longest, <=, 24);
  cairo_surface_destroy (s);
}

static void
test_buddy_bars (void)
{
  /* /proc/buddyinfo "4 2 0 0": movable blocks; bar heights must be in the ratio 4:2. */
  FragZoneStats z;
  memset (&z, 0, sizeof z);
  strcpy (z.name, "Normal");
  z.frames = 16;
  z.free_frames = 8;
  z.largest_free_run = 2;
  z.n_orders = 4;
  z.nr_free[0] = 4;
  z.nr_free[1] = 2;
  z.nr_free_by_type[FRAG_MT_MOVABLE][0] = 3;
  z.nr_free_by_type[FRAG_MT_UNMOVABLE][0] = 1;
  z.nr_free_by_type[FRAG_MT_MOVABLE][1] = 2;
  FragRenderContext ctx;
  frag_render_context_init (&ctx, NULL);
  const FragPalette *pal = ctx.palette;
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 500);
  cairo_t *cr = cairo_create (s);
  frag_render_buddy_stats (cr, &ctx, &z, 1, 800, 500);
  cairo_destroy (cr);

  /* Find the widest movable run in each quarter of the width (one slot per order). */
  int best[4] = { 0 }, best_unmov[4] = { 0 };
  for (int x = 0; x < 800; x++)
    {
      int slot = (x - 60) * 4 / 740;
      if (slot < 0 || slot > 3)
        continue;
      int m = column_run (s, x, pal->migrate[FRAG_MT_MOVABLE]);
      int u = column_run (s, x, pal->migrate[FRAG_MT_UNMOVABLE]);
      best[slot] = MAX (best[slot], m);
      best_unmov[slot] = MAX (best_unmov[slot], u);
    }
  g_assert_cmpint (best[0], >, 20);
  /* Order 0: 3 movable + 1 unmovable stacked; order 1: 2 movable; orders 2, 3: nothing. */
  g_assert_cmpint (ABS (best[0] - 3 * best_unmov[0]), <=, 3);
  g_assert_cmpint (ABS (best[1] * 3 - best[0] * 2), <=, 6);
  g_assert_cmpint (best_unmov[1], ==, 0);
  g_assert_cmpint (best[2], ==, 0);
  g_assert_cmpint (best[3], ==, 0);
  cairo_surface_destroy (s);

  /* Degenerate inputs draw nothing harmful. */
  s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 50, 50);
  cr = cairo_create (s);
  frag_render_buddy_stats (cr, &ctx, NULL, 0, 50, 50);
  z.n_orders = 200;
  frag_render_buddy_stats (cr, &ctx, &z, 1, 50, 50);
  frag_render_buddy_stats (cr, &ctx, &z, 1, 0, 0);
  z.n_orders = 0;
  frag_render_buddy_stats (cr, &ctx, &z, 1, 50, 50);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (s);
}

static void
test_metrics (void)
{
  FragRenderContext ctx;
  frag_render_context_init (&ctx, NULL);
  const FragPalette *pal = ctx.palette;
  uint64_t n = 1000000;
  FragSample *samples = g_new0 (FragSample, n);
  for (uint64_t i = 0; i < n; i++)
    {
      samples[i].free_frames = n - i;
      samples[i].largest_free_run = (n - i) / 2;
      samples[i].external_fragmentation = 0.5f;
      samples[i].failed_allocations = i / 1000;
      samples[i].unusable_index[3] = (float) i / (float) n;
    }
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 900, 600);
  cairo_t *cr = cairo_create (s);
  gint64 t0 = g_get_monotonic_time ();
  frag_render_metrics_samples (cr, &ctx, samples, n, n / 2, 4096, 900, 600);
  g_test_message ("metrics of 1M samples: %.1f ms", (g_get_monotonic_time () - t0) / 1e3);
  cairo_destroy (cr);
  /* The free-memory chart (top left) is drawn in its colour. */
  gboolean seen = FALSE;
  for (int y = 0; y < 300 && !seen; y++)
    for (int x = 0; x < 300 && !seen; x++)
      seen = render_test_pixel (s, x, y) == (pal->migrate[FRAG_MT_MOVABLE] | 0xff000000u);
  g_assert_true (seen);
  cairo_surface_destroy (s);

  /* No samples, one sample, a current step past the end: all fine. */
  s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 120, 80);
  cr = cairo_create (s);
  frag_render_metrics_samples (cr, &ctx, NULL, 0, 0, 1, 120, 80);
  frag_render_metrics_samples (cr, &ctx, samples, 1, 5, 0, 120, 80);
  frag_render_metrics_samples (cr, &ctx, samples, 3, 1, 1, 2, 2);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (s);
  g_free (samples);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/frag/render/charts/format-bytes", test_format_bytes);
  g_test_add_func ("/frag/render/charts/names", test_view_names);
  g_test_add_func ("/frag/render/charts/buddy-bars", test_buddy_bars);
  g_test_add_func ("/frag/render/charts/buddy-short-ticks", test_buddy_short_ticks);
  g_test_add_func ("/frag/render/charts/metrics", test_metrics);
  return g_test_run ();
}
