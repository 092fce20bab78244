/* test-views.c: the views on small simulations: textbook frame map pixels, the dense path on a
 * larger memory, incremental redraw equal to a full redraw, hit testing, the words the audience
 * reads, a golden image, and every view at odd sizes without a crash. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "frag-render.h"
#include "render-test-util.h"
#include "frag-frame.h"
#ifdef FRAG_HAVE_SCENARIO
#include "frag-scenario.h"
#endif

static cairo_surface_t *
render (const FragRenderContext *ctx, FragView view, int w, int h)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create (s);
  frag_render_view (cr, ctx, view, w, h);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (s);
  return s;
}

static void
test_words (void)
{
  FragSim *sim = render_test_philopp (FRAG_MODE_SEGMENTATION, NULL, NULL);
  char buf[256];
  frag_sim_seek (sim, 6);
  const FragEvent *ev = frag_sim_last_event (sim);
  g_assert_nonnull (ev);
  g_assert_cmpuint (ev->op, ==, FRAG_OP_SPAWN);
  g_assert_false (ev->ok);
  g_assert_cmpstr (frag_render_failure_text (sim, ev, buf, sizeof buf), ==,
                   "external fragmentation: 250 B free, largest hole 100 B");
  g_assert_cmpstr (frag_render_describe_event (ev, 50, buf, sizeof buf), ==, "spawn C (150 B)");
  frag_sim_seek (sim, 2);
  ev = frag_sim_last_event (sim);
  g_assert_cmpstr (frag_render_failure_text (sim, ev, buf, sizeof buf), ==, "");
  g_assert_cmpstr (frag_render_describe_event (ev, 50, buf, sizeof buf), ==, "spawn A (150 B)");
  g_assert_cmpstr (frag_render_failure_text (sim, NULL, buf, sizeof buf), ==, "");
  frag_sim_free (sim);

  /* Paging places C: no failure to explain. */
  sim = render_test_philopp (FRAG_MODE_PAGING, NULL, NULL);
  frag_sim_seek (sim, 6);
  g_assert_true (frag_sim_last_event (sim)->ok);
  g_assert_cmpstr (frag_render_failure_text (sim, frag_sim_last_event (sim), buf, sizeof buf), ==,
                   "");
  frag_sim_free (sim);
}

/* The colour at a spot low in frame pfn's cell (below its label, inside the hole outline). */
static uint32_t
cell_color (cairo_surface_t *s, const FragRenderContext *ctx, int w, int h, uint64_t pfn)
{
  double x, y, cw, ch;
  g_assert_true (frag_render_frames_locate (ctx, w, h, pfn, &x, &y, &cw, &ch));
  return render_test_pixel (s, (int) (x + cw * 0.5), (int) (y + ch * 0.85));
}

static void
test_textbook (void)
{
  FragSim *sim = render_test_philopp (FRAG_MODE_SEGMENTATION, NULL, NULL);
  FragRenderContext ctx;
  frag_render_context_init (&ctx, sim);
  const FragPalette *pal = ctx.palette;
  const int W = 1200, H = 420;
  frag_sim_seek (sim, 6);
  cairo_surface_t *s = render (&ctx, FRAG_VIEW_FRAMES, W, H);
  /* A (first process of the program) takes the first colour, B the second. */
  uint32_t a = pal->owners[0] | 0xff000000u, b = pal->owners[1] | 0xff000000u;
  for (uint64_t p = 2; p <= 4; p++)
    g_assert_cmphex (cell_color (s, &ctx, W, H, p), ==, a);
  for (uint64_t p = 6; p <= 8; p++)
    g_assert_cmphex (cell_color (s, &ctx, W, H, p), ==, b);
  /* The public owner colour is what the cells show (the GUI's zoomed map relies on it). */
  uint64_t zstart, zframes;
  const uint32_t *words = frag_sim_zone_words (sim, 0, &zstart, &zframes);
  g_assert_nonnull (words);
  g_assert_true (frag_fw_is_used (words[2 - zstart]) && frag_fw_is_used (words[7 - zstart]));
  g_assert_cmphex (frag_render_owner_color (&ctx, frag_fw_owner (words[2 - zstart]))
                   | 0xff000000u, ==, a);
  g_assert_cmphex (frag_render_owner_color (&ctx, frag_fw_owner (words[7 - zstart]))
                   | 0xff000000u, ==, b);
  /* Free frames by the order of their buddy block (aligned on pfn): {0,1} is order 1; 5, 9 and
   * 10 are order 0 (10's buddy 11 is past the zone), as /proc/buddyinfo "3 1" says. */
  g_assert_cmphex (cell_color (s, &ctx, W, H, 0), ==, pal->free_ramp[1] | 0xff000000u);
  g_assert_cmphex (cell_color (s, &ctx, W, H, 9), ==, pal->free_ramp[0] | 0xff000000u);
  g_assert_cmphex (cell_color (s, &ctx, W, H, 10), ==, pal->free_ramp[0] | 0xff000000u);
  g_assert_cmphex (cell_color (s, &ctx, W, H, 5), ==, pal->free_ramp[0] | 0xff000000u);
  /* Cells are in address order, left to right, equal widths. */
  double x0, y0, w0, h0, x1, y1, w1, h1;
  g_assert_true (frag_render_frames_locate (&ctx, W, H, 0, &x0, &y0, &w0, &h0));
  g_assert_true (frag_render_frames_locate (&ctx, W, H, 10, &x1, &y1, &w1, &h1));
  g_assert_cmpfloat (x1, >, x0);
  g_assert_cmpfloat (y1, ==, y0);
  g_assert_cmpfloat (ABS (w1 - w0), <, 0.01);
  g_assert_false (frag_render_frames_locate (&ctx, W, H, 11, &x0, &y0, &w0, &h0));
  /* Hit testing gives back each frame. */
  for (uint64_t p = 0; p < 11; p++)
    {
      uint64_t got = 999;
      double x, y, cw, ch;
      frag_render_frames_locate (&ctx, W, H, p, &x, &y, &cw, &ch);
      g_assert_true (frag_render_frames_hit (&ctx, W, H, x + cw / 2, y + ch / 2, &got));
      g_assert_cmpuint (got, ==, p);
    }
  uint64_t got;
  g_assert_false (frag_render_frames_hit (&ctx, W, H, 2, 2, &got));
  cairo_surface_destroy (s);

  /* After B's spawn, B's frames carry the "changed" outline; A's do not. */
  frag_sim_seek (sim, 4);
  s = render (&ctx, FRAG_VIEW_FRAMES, W, H);
  double x, y, cw, ch;
  frag_render_frames_locate (&ctx, W, H, 7, &x, &y, &cw, &ch);
  g_assert_cmphex (render_test_pixel (s, (int) (x + cw / 2), (int) (y + 2)), ==,
                   pal->changed | 0xff000000u);
  frag_render_frames_locate (&ctx, W, H, 3, &x, &y, &cw, &ch);
  g_assert_cmphex (render_test_pixel (s, (int) (x + cw / 2), (int) (y + 2)), ==, a);
  cairo_surface_destroy (s);

  /* Paging: C's pages land in frames 5, 9, 10 and take the third colour. */
  frag_sim_free (sim);
  sim = render_test_philopp (FRAG_MODE_PAGING, NULL, NULL);
  frag_render_context_init (&ctx, sim);
  frag_sim_seek (sim, 6);
  s = render (&ctx, FRAG_VIEW_FRAMES, W, H);
  uint32_t c = pal->owners[2] | 0xff000000u;
  frag_render_frames_locate (&ctx, W, H, 9, &x, &y, &cw, &ch);
  g_assert_cmphex (render_test_pixel (s, (int) (x + cw * 0.5), (int) (y + ch * 0.4)), ==, c);
  frag_render_frames_locate (&ctx, W, H, 5, &x, &y, &cw, &ch);
  g_assert_cmphex (render_test_pixel (s, (int) (x + cw * 0.85), (int) (y + ch * 0.4)), ==, c);
  cairo_surface_destroy (s);
  frag_sim_free (sim);
}

/* Under the buddy policy free memory is drawn block by block: a firm line between two free
 * blocks; under segmentation a hole is one run (no line between its frames). */
static void
test_buddy_blocks (void)
{
  FragConfig cfg;
  frag_config_init (&cfg);
  cfg.frame_size = 4096;
  cfg.n_zones = 1;
  g_strlcpy (cfg.zones[0].name, "Normal", sizeof cfg.zones[0].name);
  cfg.zones[0].frames = 16;
  cfg.max_order = 4;
  cfg.pageblock_order = 4;
  cfg.mode = FRAG_MODE_BUDDY;
  FragProgram *prog = frag_program_new ();
  const char *ids[] = { "a", "b" };
  for (int i = 0; i < 2; i++)
    {
      FragOp *op = frag_program_add_op (prog, FRAG_OP_ALLOC);
      op->name = frag_program_intern (prog, ids[i]);
      op->order = 0;
      op->mt = FRAG_MT_MOVABLE;
    }
  char err[256];
  FragSim *sim = frag_sim_new (&cfg, prog, err, sizeof err);
  g_assert_nonnull (sim);
  frag_sim_seek (sim, 2);
  FragRenderContext ctx;
  frag_render_context_init (&ctx, sim);
  const int W = 1400, H = 500;
  cairo_surface_t *s = render (&ctx, FRAG_VIEW_FRAMES, W, H);
  double x, y, cw, ch;
  /* Blocks {2,3}, {4..7}, {8..15}: a dark (antialiased) line before frames 4 and 8, none
   * before 12, inside the order-3 block. */
  const uint64_t lined[] = { 4, 8 }, plain[] = { 12, 6 };
  for (guint i = 0; i < 2; i++)
    {
      g_assert_true (frag_render_frames_locate (&ctx, W, H, lined[i], &x, &y, &cw, &ch));
      uint32_t p = render_test_pixel (s, (int) round (x), (int) (y + ch * 0.85));
      g_assert_cmpuint (MAX (MAX (p & 0xff, (p >> 8) & 0xff), (p >> 16) & 0xff), <, 0x90);
      g_assert_true (frag_render_frames_locate (&ctx, W, H, plain[i], &x, &y, &cw, &ch));
      p = render_test_pixel (s, (int) round (x), (int) (y + ch * 0.85));
      g_assert_cmpuint (MIN (MIN (p & 0xff, (p >> 8) & 0xff), (p >> 16) & 0xff), >, 0xc0);
    }
  /* The ramp: the order-3 block is deeper than the order-1 block. */
  g_assert_cmphex (cell_color (s, &ctx, W, H, 13), ==, ctx.palette->free_ramp[3] | 0xff000000u);
  g_assert_cmphex (cell_color (s, &ctx, W, H, 2), ==, ctx.palette->free_ramp[1] | 0xff000000u);
  cairo_surface_destroy (s);
  frag_sim_free (sim);
  frag_program_unref (prog);
}

static uint32_t
expected_dense_color (const FragRenderContext *ctx, const FragSim *sim, uint64_t pfn)
{
  const FragPalette *pal = ctx->palette;
  FragFrameInfo fi;
  g_assert_true (frag_sim_frame_info (sim, pfn, &fi));
  if (fi.free)
    return pal->free_ramp[fi.buddy_order] | 0xff000000u;
  g_assert_cmpuint (fi.owner.kind, ==, FRAG_OWNER_RAW);
  return frag_palette_raw_color (pal, fi.owner.mt) | 0xff000000u;
}

static void
test_dense_sim (void)
{
  FragSim *sim = render_test_raw (1u << 16, 900);
  FragRenderContext ctx;
  frag_render_context_init (&ctx, sim);
  ctx.show_changes = false;
  ctx.show_pageblocks = false;
  frag_sim_seek (sim, frag_sim_n_steps (sim));
  const int W = 1200, H = 800;
  cairo_surface_t *s = render (&ctx, FRAG_VIEW_FRAMES, W, H);
  guint checked = 0, used = 0;
  for (uint64_t pfn = 0; pfn < (1u << 16); pfn += 97)
    {
      double x, y, cw, ch;
      g_assert_true (frag_render_frames_locate (&ctx, W, H, pfn, &x, &y, &cw, &ch));
      g_assert_cmpfloat (cw, >=, 2);
      g_assert_cmphex (render_test_pixel (s, (int) (x + cw / 2), (int) (y + ch / 2)), ==,
                       expected_dense_color (&ctx, sim, pfn));
      FragFrameInfo fi;
      frag_sim_frame_info (sim, pfn, &fi);
      used += !fi.free;
      checked++;
    }
  g_assert_cmpuint (checked, >, 600);
  g_assert_cmpuint (used, >, 50);
  cairo_surface_destroy (s);
  frag_sim_free (sim);
}

static void
test_incremental (void)
{
  FragSim *sim = render_test_raw (1u << 15, 200);
  FragRenderCache *cache = frag_render_cache_new ();
  FragRenderContext cached, fresh;
  frag_render_context_init (&cached, sim);
  frag_render_context_init (&fresh, sim);
  cached.cache = cache;
  const int W = 700, H = 500;
  /* 1M frames would use several frames per pixel; 32K frames in 700x500 use cells. Both paths. */
  for (int pass = 0; pass < 2; pass++)
    {
      int w = pass ? 160 : W, h = pass ? 120 : H;
      frag_sim_seek (sim, 0);
      frag_render_cache_invalidate (cache);
      cairo_surface_destroy (render (&cached, FRAG_VIEW_FRAMES, w, h));
      uint64_t inc0 = frag_render_cache_incremental_repaints (cache);
      for (int i = 0; i < 60 && frag_sim_step (sim); i++)
        {
          cairo_surface_t *a = render (&cached, FRAG_VIEW_FRAMES, w, h);
          cairo_surface_t *b = render (&fresh, FRAG_VIEW_FRAMES, w, h);
          int stride = cairo_image_surface_get_stride (a);
          g_assert_cmpmem (cairo_image_surface_get_data (a), stride * h,
                           cairo_image_surface_get_data (b), stride * h);
          cairo_surface_destroy (a);
          cairo_surface_destroy (b);
        }
      g_assert_cmpuint (frag_render_cache_incremental_repaints (cache), >=, inc0 + 59);
    }
  /* A seek back is a full repaint, still equal. */
  uint64_t full = frag_render_cache_full_repaints (cache);
  frag_sim_seek (sim, 3);
  cairo_surface_t *a = render (&cached, FRAG_VIEW_FRAMES, W, H);
  cairo_surface_t *b = render (&fresh, FRAG_VIEW_FRAMES, W, H);
  g_assert_cmpmem (cairo_image_surface_get_data (a), cairo_image_surface_get_stride (a) * H,
                   cairo_image_surface_get_data (b), cairo_image_surface_get_stride (b) * H);
  g_assert_cmpuint (frag_render_cache_full_repaints (cache), ==, full + 1);
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
  frag_render_cache_free (cache);
  frag_sim_free (sim);
}

/* On a widget (a cache allowed raster images) the metrics plot of the whole run is drawn once
 * and reused: every repaint, at any step, equals the plot drawn from scratch as vectors. */
static void
test_metrics_static_cache (void)
{
  FragSim *sim = render_test_raw (1u << 15, 300);
  FragRenderCache *cache = frag_render_cache_new ();
  g_assert_true (frag_sim_prepare (sim, NULL, NULL));
  frag_render_cache_set_raster (cache, 1);
  static const uint64_t positions[] = { 5, 50, 51, 180, 3, 299, 120 };
  for (int pal = 0; pal < 2; pal++)
    for (int size = 0; size < 2; size++)
      {
        int w = size ? 1100 : 640, h = size ? 260 : 420;
        uint64_t reuses = frag_render_cache_static_reuses (cache);
        for (size_t i = 0; i < G_N_ELEMENTS (positions); i++)
          {
            FragRenderContext cached, fresh;
            frag_sim_seek (sim, positions[i]);
            frag_render_context_init (&cached, sim);
            frag_render_context_init (&fresh, sim);
            cached.cache = cache;
            cached.palette = fresh.palette = frag_palette_get (pal ? FRAG_PALETTE_DARK
                                                                   : FRAG_PALETTE_LIGHT);
            cairo_surface_t *a = render (&cached, FRAG_VIEW_METRICS, w, h);
            cairo_surface_t *b = render (&fresh, FRAG_VIEW_METRICS, w, h);
            if (memcmp (cairo_image_surface_get_data (a), cairo_image_surface_get_data (b),
                        (size_t) cairo_image_surface_get_stride (a) * h) != 0)
              g_error ("metrics at step %" G_GUINT64_FORMAT ", %dx%d: the cached plot differs",
                       positions[i], w, h);
            cairo_surface_destroy (a);
            cairo_surface_destroy (b);
          }
        /* A new look or size draws the plot once, then every other step reuses it. */
        g_assert_cmpuint (frag_render_cache_static_reuses (cache), ==,
                          reuses + G_N_ELEMENTS (positions) - 1);
      }
  /* Off again: nothing reused. */
  frag_render_cache_set_raster (cache, 0);
  uint64_t reuses = frag_render_cache_static_reuses (cache);
  FragRenderContext ctx;
  frag_render_context_init (&ctx, sim);
  ctx.cache = cache;
  cairo_surface_destroy (render (&ctx, FRAG_VIEW_METRICS, 640, 420));
  cairo_surface_destroy (render (&ctx, FRAG_VIEW_METRICS, 640, 420));
  g_assert_cmpuint (frag_render_cache_static_reuses (cache), ==, reuses);
  frag_render_cache_free (cache);
  frag_sim_free (sim);
}

/* Every shipped scenario, stepped one step at a time under every mode: the frame map redrawn
 * incrementally equals the frame map drawn from scratch (compaction moves, paging, buddy
 * splits and merges, pageblock stealing all included). */
static void
test_incremental_scenarios (void)
{
#ifdef FRAG_HAVE_SCENARIO
  const char *src = g_getenv ("FRAGSCOPE_SOURCE_DIR");
  if (!src)
    {
      g_test_skip ("FRAGSCOPE_SOURCE_DIR is not set");
      return;
    }
  g_autofree char *dir = g_build_filename (src, "scenarios", NULL);
  GDir *d = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (d);
  const char *name;
  guint checked = 0;
  uint64_t incremental = 0;
  while ((name = g_dir_read_name (d)))
    {
      if (!g_str_has_suffix (name, ".json"))
        continue;
      g_autofree char *file = g_build_filename (dir, name, NULL);
      FragScenario *sc = frag_scenario_load_file (file, NULL);
      g_assert_nonnull (sc);
      if (sc->program->n_steps > 400)
        {
          frag_scenario_free (sc);
          continue;
        }
      for (unsigned mode = 0; mode < FRAG_MODE_COUNT; mode++)
        {
          FragConfig cfg = sc->config;
          cfg.mode = (FragMode) mode;
          char err[256];
          FragSim *sim = frag_sim_new (&cfg, sc->program, err, sizeof err);
          g_assert_nonnull (sim);
          FragRenderCache *cache = frag_render_cache_new ();
          FragRenderContext cached, fresh;
          frag_render_context_init (&cached, sim);
          frag_render_context_init (&fresh, sim);
          cached.cache = cache;
          /* Small enough that even 64 frames take the dense path. */
          const int W = 240, H = 160;
          cairo_surface_destroy (render (&cached, FRAG_VIEW_FRAMES, W, H));
          /* One step at a time, and several between two repaints, as a playing window takes
           * them (1000 steps/s at 60 frames/s is 17). */
          static const unsigned jumps[] = { 1, 1, 2, 1, 5, 17, 1, 3, 40, 1 };
          unsigned jump = 0;
          while (frag_sim_step (sim))
            {
              for (unsigned extra = 1; extra < jumps[jump % G_N_ELEMENTS (jumps)]; extra++)
                frag_sim_step (sim);
              jump++;
              cairo_surface_t *a = render (&cached, FRAG_VIEW_FRAMES, W, H);
              cairo_surface_t *b = render (&fresh, FRAG_VIEW_FRAMES, W, H);
              if (memcmp (cairo_image_surface_get_data (a), cairo_image_surface_get_data (b),
                          (size_t) cairo_image_surface_get_stride (a) * H) != 0)
                g_error ("%s under %s: incremental redraw differs after step %" G_GUINT64_FORMAT
                         " (%u steps since the last)", name, frag_mode_name ((FragMode) mode),
                         frag_sim_position (sim) - 1, jumps[(jump - 1) % G_N_ELEMENTS (jumps)]);
              cairo_surface_destroy (a);
              cairo_surface_destroy (b);
              checked++;
            }
          incremental += frag_render_cache_incremental_repaints (cache);
          frag_render_cache_free (cache);
          frag_sim_free (sim);
        }
      frag_scenario_free (sc);
    }
  g_dir_close (d);
  g_assert_cmpuint (checked, >, 50);
  /* The dense path, and its incremental redraw, did take part. */
  g_assert_cmpuint (incremental, >, 20);
  g_test_message ("%u steps redrawn incrementally and from scratch", checked);
#else
  g_test_skip ("the scenario loader is not built");
#endif
}

static void
test_smoke (void)
{
  FragSim *sims[3] = {
    render_test_philopp (FRAG_MODE_SEGMENTATION, NULL, NULL),
    render_test_philopp (FRAG_MODE_PAGING, NULL, NULL),
    render_test_raw (5000, 60),
  };
  const int sizes[][2] = { { 1, 1 }, { 37, 23 }, { 300, 900 }, { 1280, 720 } };
  for (guint si = 0; si < G_N_ELEMENTS (sims); si++)
    {
      frag_sim_prepare (sims[si], NULL, NULL);
      uint64_t n = frag_sim_n_steps (sims[si]);
      uint64_t positions[] = { 0, n / 2, n };
      for (guint pi = 0; pi < G_N_ELEMENTS (positions); pi++)
        {
          frag_sim_seek (sims[si], positions[pi]);
          for (unsigned view = 0; view < FRAG_VIEW_COUNT; view++)
            for (unsigned pal = 0; pal < FRAG_PALETTE_COUNT; pal++)
              for (guint z = 0; z < G_N_ELEMENTS (sizes); z++)
                {
                  FragRenderContext ctx;
                  frag_render_context_init (&ctx, sims[si]);
                  ctx.palette = frag_palette_get ((FragPaletteKind) pal);
                  ctx.font_scale = pal == 1 ? 2.0 : 1.0;
                  ctx.color_by = (FragColorBy) ((view + pal) % FRAG_COLOR_BY_COUNT);
                  cairo_surface_destroy (render (&ctx, (FragView) view, sizes[z][0], sizes[z][1]));
                }
        }
      frag_sim_free (sims[si]);
    }
  /* Sizes that are not sizes, a NULL context: nothing drawn, no crash. */
  {
    FragRenderContext ctx;
    frag_render_context_init (&ctx, NULL);
    cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 10, 10);
    cairo_t *cr = cairo_create (s);
    const double bad[][2] = { { 0, 10 }, { -5, 10 }, { 10, 1e12 }, { NAN, 10 }, { 10, INFINITY } };
    for (guint b = 0; b < G_N_ELEMENTS (bad); b++)
      for (unsigned view = 0; view < FRAG_VIEW_COUNT; view++)
        {
          frag_render_view (cr, &ctx, (FragView) view, bad[b][0], bad[b][1]);
          frag_render_view (cr, NULL, (FragView) view, bad[b][0], bad[b][1]);
        }
    frag_render_view (cr, NULL, FRAG_VIEW_FRAMES, 10, 10);
    frag_render_compare (cr, NULL, 3, FRAG_VIEW_PAGE, 10, 10);
    frag_render_buddy_stats (cr, NULL, NULL, 0, 10, 10);
    g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
    cairo_destroy (cr);
    cairo_surface_destroy (s);
  }
  /* No simulation at all: a message, no crash. */
  FragRenderContext ctx;
  frag_render_context_init (&ctx, NULL);
  for (unsigned view = 0; view < FRAG_VIEW_COUNT; view++)
    cairo_surface_destroy (render (&ctx, (FragView) view, 200, 100));
}

static void
test_bad_text (void)
{
  /* Titles and notes with invalid UTF-8 (imported names, hand-built programs) draw without a
   * warning (warnings are fatal under the test environment). */
  FragProgram *prog = NULL;
  FragSim *sim = render_test_philopp (FRAG_MODE_SEGMENTATION, NULL, &prog);
  frag_program_set_title (prog, "bad \xff\xfe title \xc3 \xed\xa0\x80 end \xf0\x9f\x98");
  frag_sim_prepare (sim, NULL, NULL);
  frag_sim_seek (sim, frag_sim_n_steps (sim));
  FragRenderContext ctx;
  frag_render_context_init (&ctx, sim);
  ctx.subtitle = "\x80\x80";
  cairo_surface_destroy (render (&ctx, FRAG_VIEW_PAGE, 640, 360));
  ctx.title = "\xc0\xaf overlong";
  cairo_surface_destroy (render (&ctx, FRAG_VIEW_PAGE, 640, 360));
  frag_sim_free (sim);
  frag_program_unref (prog);
}

static void
test_golden (void)
{
  FragSim *sim = render_test_philopp (FRAG_MODE_SEGMENTATION, NULL, NULL);
  frag_sim_prepare (sim, NULL, NULL);
  frag_sim_seek (sim, frag_sim_n_steps (sim));
  FragRenderContext ctx;
  frag_render_context_init (&ctx, sim);
  cairo_surface_t *s = render (&ctx, FRAG_VIEW_PAGE, 960, 540);
  /* Fonts differ a little between machines: a loose tolerance on a small share of pixels. */
  render_test_golden (s, "philopp-page", 48, 0.03);
  cairo_surface_destroy (s);
  frag_sim_free (sim);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/frag/render/views/words", test_words);
  g_test_add_func ("/frag/render/views/textbook", test_textbook);
  g_test_add_func ("/frag/render/views/buddy-blocks", test_buddy_blocks);
  g_test_add_func ("/frag/render/views/dense-sim", test_dense_sim);
  g_test_add_func ("/frag/render/views/incremental", test_incremental);
  g_test_add_func ("/frag/render/views/incremental-scenarios", test_incremental_scenarios);
  g_test_add_func ("/frag/render/views/metrics-static-cache", test_metrics_static_cache);
  g_test_add_func ("/frag/render/views/smoke", test_smoke);
  g_test_add_func ("/frag/render/views/bad-text", test_bad_text);
  g_test_add_func ("/frag/render/views/golden", test_golden);
  return g_test_run ();
}
