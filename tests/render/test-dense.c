/* test-dense.c: the dense frame map on frame words built by hand (no FragSim needed). */
#include <glib.h>
#include <string.h>

#include "frag-dense.h"
#include "frag-render.h"
#include "frag-frame.h"
#include "render-test-util.h"

static uint32_t
owner_color_cb (uint32_t owner, void *user_data)
{
  guint *calls = user_data;
  (*calls)++;
  return 0xff000000u | (owner * 0x010203u + 0x102030u);
}

/* 16 frames: a free order-2 block, two used runs, a free order-3 block. */
static void
make_small (uint32_t *w)
{
  w[0] = frag_fw_make_free_head (2, FRAG_MT_MOVABLE, 0);
  w[1] = w[2] = w[3] = 0;
  w[4] = frag_fw_make_used (1, FRAG_MT_MOVABLE, true, false);
  w[5] = frag_fw_make_used (1, FRAG_MT_MOVABLE, false, false);
  w[6] = frag_fw_make_used (2, FRAG_MT_UNMOVABLE, true, true);
  w[7] = frag_fw_make_used (2, FRAG_MT_UNMOVABLE, false, true);
  w[8] = frag_fw_make_free_head (3, FRAG_MT_RECLAIMABLE, 0);
  for (int i = 9; i < 16; i++)
    w[i] = 0;
}

static void
test_layout (void)
{
  FragDenseLayout l;
  g_assert_true (frag_dense_layout_compute (&l, 16, 160, 160));
  g_assert_cmpint (l.cell, ==, 40);
  g_assert_cmpint (l.cols, ==, 4);
  g_assert_cmpint (l.rows, ==, 4);
  g_assert_cmpuint (l.fpp, ==, 1);

  g_assert_true (frag_dense_layout_compute (&l, 10, 100, 50));
  /* 10 cells must fit: rows * cols >= 10 and cells inside the area. */
  g_assert_cmpint (l.cols * l.cell, <=, 100);
  g_assert_cmpint (l.rows * l.cell, <=, 50);
  g_assert_cmpint (l.cols * l.rows, >=, 10);
  g_assert_cmpint (l.cell, ==, 20);

  g_assert_true (frag_dense_layout_compute (&l, 4u << 20, 1920, 1080));
  g_assert_cmpuint (l.fpp, ==, 3);
  g_assert_cmpint (l.cols, ==, 1920);
  g_assert_cmpint (l.rows, <=, 1080);
  uint64_t first, count;
  g_assert_true (frag_dense_layout_pixel_frames (&l, 5, 1, &first, &count));
  g_assert_cmpuint (first, ==, (1920 + 5) * 3);
  g_assert_cmpuint (count, ==, 3);
  /* The last pixel holds what is left. */
  uint64_t pixels = ((4u << 20) + 2) / 3;
  g_assert_true (frag_dense_layout_pixel_frames (&l, (int) ((pixels - 1) % 1920),
                                                 (int) ((pixels - 1) / 1920), &first, &count));
  g_assert_cmpuint (first + count, ==, 4u << 20);
  g_assert_false (frag_dense_layout_pixel_frames (&l, (int) (pixels % 1920),
                                                  (int) (pixels / 1920), &first, &count));

  g_assert_false (frag_dense_layout_compute (&l, 0, 100, 100));
  g_assert_false (frag_dense_layout_compute (&l, 10, 0, 100));
  g_assert_false (frag_dense_layout_pixel_frames (&l, 0, 0, &first, &count));
}

static void
test_cells (void)
{
  uint32_t w[16];
  make_small (w);
  const FragPalette *pal = frag_palette_get (FRAG_PALETTE_LIGHT);
  guint calls = 0;
  FragDenseMap *map = frag_dense_map_new ();
  frag_dense_map_set_colors (map, pal, FRAG_DENSE_BY_OWNER, owner_color_cb, &calls);
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 160, 160);
  FragDenseLayout l;
  frag_dense_layout_compute (&l, 16, 160, 160);
  g_assert_true (l.gaps);
  frag_dense_map_paint (map, &l, w, 0, 16, cairo_image_surface_get_data (s),
                        cairo_image_surface_get_stride (s));
  cairo_surface_mark_dirty (s);

  for (uint64_t k = 0; k < 16; k++)
    {
      int x, y, cw, ch;
      g_assert_true (frag_dense_layout_frame_rect (&l, k, &x, &y, &cw, &ch));
      uint32_t expect;
      if (k < 4)
        expect = pal->free_ramp[2];
      else if (k < 6)
        expect = 0xff000000u | (1 * 0x010203u + 0x102030u);
      else if (k < 8)
        expect = 0xff000000u | (2 * 0x010203u + 0x102030u);
      else
        expect = pal->free_ramp[3];
      g_assert_cmphex (render_test_pixel (s, x + cw / 2, y + ch / 2), ==, expect | 0xff000000u);
      g_assert_cmphex (render_test_pixel (s, x, y), ==, expect | 0xff000000u);
      /* The grid line at the right and bottom edge of each cell. */
      g_assert_cmphex (render_test_pixel (s, x + cw - 1, y + ch / 2), ==, pal->grid | 0xff000000u);
      g_assert_cmphex (render_test_pixel (s, x + cw / 2, y + ch - 1), ==, pal->grid | 0xff000000u);
      g_assert_cmphex (frag_dense_map_frame_color (map, w, k), ==, expect | 0xff000000u);
    }
  /* Each owner is resolved once, not once per frame. */
  g_assert_cmpuint (calls, ==, 2);

  /* By migrate type: used frames take their type's colour. */
  frag_dense_map_set_colors (map, pal, FRAG_DENSE_BY_MIGRATE_TYPE, NULL, NULL);
  g_assert_cmphex (frag_dense_map_frame_color (map, w, 5), ==,
                   pal->migrate[FRAG_MT_MOVABLE] | 0xff000000u);
  g_assert_cmphex (frag_dense_map_frame_color (map, w, 7), ==,
                   pal->migrate[FRAG_MT_UNMOVABLE] | 0xff000000u);
  /* Free frames keep a washed-out hue of their list: closer to the background than the type. */
  uint32_t f = frag_dense_map_frame_color (map, w, 12);
  g_assert_cmphex (f, !=, pal->migrate[FRAG_MT_RECLAIMABLE] | 0xff000000u);
  g_assert_cmphex (f, ==, frag_dense_map_frame_color (map, w, 8));
  cairo_surface_destroy (s);
  frag_dense_map_free (map);
}

static void
test_binned (void)
{
  /* 1024 frames into 16 x 16 pixels: 4 frames per pixel. */
  uint32_t *w = g_new0 (uint32_t, 1024);
  w[0] = frag_fw_make_free_head (9, FRAG_MT_MOVABLE, 0);
  for (int i = 512; i < 1024; i++)
    w[i] = frag_fw_make_used (7, FRAG_MT_MOVABLE, i == 512, false);
  /* Frame 2 used in the middle of what was free: the engine would have split the block. */
  w[0] = frag_fw_make_free_head (1, FRAG_MT_MOVABLE, 0);
  w[2] = frag_fw_make_used (3, FRAG_MT_MOVABLE, true, false);
  w[3] = frag_fw_make_free_head (0, FRAG_MT_MOVABLE, 0);
  w[4] = frag_fw_make_free_head (2, FRAG_MT_MOVABLE, 0);
  w[8] = frag_fw_make_free_head (3, FRAG_MT_MOVABLE, 0);
  w[16] = frag_fw_make_free_head (4, FRAG_MT_MOVABLE, 0);
  w[32] = frag_fw_make_free_head (5, FRAG_MT_MOVABLE, 0);
  w[64] = frag_fw_make_free_head (6, FRAG_MT_MOVABLE, 0);
  w[128] = frag_fw_make_free_head (7, FRAG_MT_MOVABLE, 0);
  w[256] = frag_fw_make_free_head (8, FRAG_MT_MOVABLE, 0);

  const FragPalette *pal = frag_palette_get (FRAG_PALETTE_DARK);
  guint calls = 0;
  FragDenseMap *map = frag_dense_map_new ();
  frag_dense_map_set_colors (map, pal, FRAG_DENSE_BY_OWNER, owner_color_cb, &calls);
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 16, 16);
  FragDenseLayout l;
  frag_dense_layout_compute (&l, 1024, 16, 16);
  g_assert_cmpuint (l.fpp, ==, 4);
  frag_dense_map_paint (map, &l, w, 0, 1024, cairo_image_surface_get_data (s),
                        cairo_image_surface_get_stride (s));
  cairo_surface_mark_dirty (s);

  /* Uniform pixels keep the exact colour. */
  g_assert_cmphex (render_test_pixel (s, 0, 8), ==, 0xff000000u | (7 * 0x010203u + 0x102030u));
  g_assert_cmphex (render_test_pixel (s, 2, 0), ==, pal->free_ramp[3] | 0xff000000u);
  g_assert_cmphex (render_test_pixel (s, 0, 4), ==, pal->free_ramp[8] | 0xff000000u);
  g_assert_cmphex (render_test_pixel (s, 0, 2), ==, pal->free_ramp[7] | 0xff000000u);
  /* Pixel 0: two frames of an order-1 block, one used frame, one order-0 block: the average. */
  uint32_t parts[4] = { pal->free_ramp[1], pal->free_ramp[1],
                        0xff000000u | (3 * 0x010203u + 0x102030u), pal->free_ramp[0] };
  uint32_t got = render_test_pixel (s, 0, 0);
  for (int sh = 0; sh < 24; sh += 8)
    {
      int sum = 0;
      for (int i = 0; i < 4; i++)
        sum += (parts[i] >> sh) & 0xff;
      int expect = (sum + 2) / 4;
      g_assert_cmpint (abs ((int) ((got >> sh) & 0xff) - expect), <=, 1);
    }

  /* Repainting a range after a change equals a full paint of the new words. */
  cairo_surface_t *full = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 16, 16);
  for (int i = 600; i < 700; i++)
    w[i] = frag_fw_make_used (9, FRAG_MT_MOVABLE, i == 600, false);
  frag_dense_map_paint (map, &l, w, 600, 100, cairo_image_surface_get_data (s),
                        cairo_image_surface_get_stride (s));
  frag_dense_map_paint (map, &l, w, 0, 1024, cairo_image_surface_get_data (full),
                        cairo_image_surface_get_stride (full));
  cairo_surface_mark_dirty (s);
  cairo_surface_mark_dirty (full);
  g_assert_cmpmem (cairo_image_surface_get_data (s), 16 * cairo_image_surface_get_stride (s),
                   cairo_image_surface_get_data (full),
                   16 * cairo_image_surface_get_stride (full));
  /* A partial paint starting inside a free block finds its head. */
  memset (cairo_image_surface_get_data (s), 0, 16 * cairo_image_surface_get_stride (s));
  frag_dense_map_paint (map, &l, w, 300, 8, cairo_image_surface_get_data (s),
                        cairo_image_surface_get_stride (s));
  cairo_surface_mark_dirty (s);
  g_assert_cmphex (render_test_pixel (s, 300 / 4 % 16, 300 / 4 / 16), ==,
                   pal->free_ramp[8] | 0xff000000u);
  cairo_surface_destroy (full);
  cairo_surface_destroy (s);
  frag_dense_map_free (map);
  g_free (w);
}

/* Rows taller than cells (a wide, shallow zone in a tall area): every pixel of a frame's
 * rectangle has its colour, and hit testing agrees. */
static void
test_stretched (void)
{
  const uint64_t n = 50000;
  uint32_t *w = g_new0 (uint32_t, n);
  for (uint64_t k = 0; k < n; k++)
    w[k] = (k / 7) % 3 == 0 ? frag_fw_make_free_head (0, FRAG_MT_MOVABLE, 0)
                            : frag_fw_make_used ((uint32_t) (k / 7), FRAG_MT_MOVABLE, true, false);
  FragDenseLayout l;
  g_assert_true (frag_dense_layout_compute (&l, n, 1000, 100));
  g_assert_cmpint (l.row_h, ==, l.cell);
  g_assert_true (frag_dense_layout_compute_stretched (&l, n, 1000, 100));
  g_assert_cmpint (l.cell, ==, 1);
  g_assert_cmpint (l.rows, ==, 50);
  g_assert_cmpint (l.row_h, ==, 2);
  FragDenseMap *map = frag_dense_map_new ();
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1000, 100);
  frag_dense_map_paint (map, &l, w, 0, n, cairo_image_surface_get_data (s),
                        cairo_image_surface_get_stride (s));
  cairo_surface_mark_dirty (s);
  for (uint64_t k = 0; k < n; k += 37)
    {
      int x, y, cw, ch;
      g_assert_true (frag_dense_layout_frame_rect (&l, k, &x, &y, &cw, &ch));
      g_assert_cmpint (ch, ==, 2);
      uint32_t expect = frag_dense_map_frame_color (map, w, k);
      for (int dy = 0; dy < ch; dy++)
        g_assert_cmphex (render_test_pixel (s, x, y + dy), ==, expect);
      uint64_t first, count;
      g_assert_true (frag_dense_layout_pixel_frames (&l, x, y + ch - 1, &first, &count));
      g_assert_cmpuint (first, ==, k);
    }
  cairo_surface_destroy (s);
  frag_dense_map_free (map);
  g_free (w);
}

static void
test_garbage (void)
{
  /* Any 32-bit words at all paint without crashing, at any size, in both modes. */
  uint64_t seed = 7;
  uint32_t *w = g_new (uint32_t, 5000);
  for (int i = 0; i < 5000; i++)
    {
      seed = seed * 6364136223846793005ull + 1442695040888963407ull;
      w[i] = (uint32_t) (seed >> 32);
    }
  FragDenseMap *map = frag_dense_map_new ();
  const int sizes[][2] = { { 1, 1 }, { 3, 700 }, { 71, 70 }, { 200, 300 } };
  for (guint by = 0; by < 2; by++)
    for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
      {
        frag_dense_map_set_colors (map, frag_palette_get (FRAG_PALETTE_HIGH_CONTRAST), by,
                                   NULL, NULL);
        cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, sizes[i][0],
                                                         sizes[i][1]);
        FragDenseLayout l;
        g_assert_true (frag_dense_layout_compute (&l, 5000, sizes[i][0], sizes[i][1]));
        g_assert_cmpint (l.rows * l.row_h, <=, sizes[i][1]);
        frag_dense_map_paint (map, &l, w, 0, 5000, cairo_image_surface_get_data (s),
                              cairo_image_surface_get_stride (s));
        frag_dense_map_paint (map, &l, w, 4999, 100, cairo_image_surface_get_data (s),
                              cairo_image_surface_get_stride (s));
        cairo_surface_destroy (s);
      }
  frag_dense_map_free (map);
  g_free (w);
}

static void
test_bench (void)
{
  double t = frag_render_bench_dense (1u << 20, 640, 480, 3);
  g_assert_cmpfloat (t, >, 0.0);
  g_assert_cmpfloat (t, <, 10.0);
  g_assert_cmpfloat (frag_render_bench_dense (0, 640, 480, 3), <, 0.0);
  g_assert_cmpfloat (frag_render_bench_dense_mix (1000, 64, 48, 1, 101), <, 0.0);
  g_assert_cmpfloat (frag_render_bench_dense_mix (1000, 64, 48, 1, 100), >, 0.0);
  g_assert_cmpfloat (frag_render_bench_dense_mix (1000, 64, 48, 1, 0), >, 0.0);
  g_test_message ("dense map: 1M frames into 640x480: %.3f ms (median)", t * 1e3);
}

/* The app-frame benchmark on a small memory: it plays, every view is measured, and the frame
 * is at least the sum of its parts. */
static void
test_bench_window (void)
{
  FragRenderBenchWindow r;
  g_assert_true (frag_render_bench_window (1u << 16, 4000, 4, 17, &r));
  g_assert_cmpuint (r.frames, ==, 1u << 16);
  g_assert_cmpuint (r.n_frames, ==, 4);
  g_assert_cmpuint (r.steps_per_frame, ==, 17);
  double parts = r.step_ms;
  for (FragView v = FRAG_VIEW_FRAMES; v <= FRAG_VIEW_METRICS; v++)
    {
      g_assert_cmpfloat (r.view_ms[v], >, 0.0);
      parts += r.view_ms[v];
    }
  /* Medians of parts need not add up to the median of wholes; within a factor is enough. */
  g_assert_cmpfloat (r.frame_ms, >, parts * 0.5);
  g_assert_cmpfloat (r.prepare_ms, >, 0.0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/frag/render/dense/layout", test_layout);
  g_test_add_func ("/frag/render/dense/cells", test_cells);
  g_test_add_func ("/frag/render/dense/binned", test_binned);
  g_test_add_func ("/frag/render/dense/stretched", test_stretched);
  g_test_add_func ("/frag/render/dense/garbage", test_garbage);
  g_test_add_func ("/frag/render/dense/bench", test_bench);
  g_test_add_func ("/frag/render/dense/bench-window", test_bench_window);
  return g_test_run ();
}
