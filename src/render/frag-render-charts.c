/* frag-render-charts.c: the charts that work on plain data: free blocks by order (the picture
 * of /proc/buddyinfo, stacked by migrate type as /proc/pagetypeinfo splits it) and the metrics
 * over time (small multiples with the current step marked). Imported /proc text and the GUI's
 * recorded samples draw through the same functions as a running simulation. */
#include "config.h"

#include "frag-render-private.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A "nice" axis maximum (1, 2, 5 x 10^k) at or above v, and its tick step. */
static double
nice_max (double v, double *step)
{
  if (v <= 0)
    {
      *step = 1;
      return 1;
    }
  double e = pow (10, floor (log10 (v)));
  double f = v / e, m = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  *step = m * e / (m == 2 ? 4 : m == 1 ? 5 : 5);
  if (*step < 1 && v >= 1)
    *step = 1;
  return m * e;
}

/* The smallest of 1, 2, 5 x 10^k at or above `step` that gives at most `max_ticks` intervals
 * up to `axis`; the whole axis as one interval when even that is too many. */
static double
tick_step (double axis, double step, double max_ticks)
{
  if (max_ticks < 2)
    return axis;
  for (int guard = 0; guard < 64 && axis / step > max_ticks + 1e-9; guard++)
    {
      double e = pow (10, floor (log10 (step) + 1e-9));
      double f = step / e;
      step = (f < 1.5 ? 2 : f < 3.5 ? 5 : 10) * e;
    }
  return step < axis ? step : axis;
}

static void
format_count (double v, char *buf, size_t len)
{
  if (v >= 1e9)
    snprintf (buf, len, "%.1fG", v / 1e9);
  else if (v >= 1e6)
    snprintf (buf, len, "%.1fM", v / 1e6);
  else if (v >= 1e4)
    snprintf (buf, len, "%.0fk", v / 1e3);
  else if (v == floor (v))
    snprintf (buf, len, "%.0f", v);
  else
    snprintf (buf, len, "%.2f", v);
}

static void
draw_zone_buddy (cairo_t *cr, const FragRenderContext *ctx, const FragZoneStats *z, double x0,
                 double y0, double w, double h, double unit, uint64_t frame_size)
{
  const FragPalette *pal = frag_r_palette (ctx);
  unsigned n = z->n_orders;
  if (n == 0 || n > FRAG_MAX_ORDER_LIMIT + 1)
    n = n == 0 ? 1 : FRAG_MAX_ORDER_LIMIT + 1;
  char title[160], b1[32], b2[32], b3[32];
  snprintf (title, sizeof title, _("Zone %.16s: free blocks by order"), z->name);
  double th, tw;
  frag_r_text_size (cr, title, unit, true, 0, &tw, NULL);
  if (tw > w)   /* narrow (zones side by side): the zone's name says enough */
    snprintf (title, sizeof title, _("Zone %.16s"), z->name);
  frag_r_text (cr, title, x0, y0, unit, true, FRAG_ALIGN_START, FRAG_ALIGN_START, pal->foreground,
               w, &tw, &th);
  snprintf (title, sizeof title, _("%s free of %s, largest run %s"),
            frag_render_format_bytes (z->free_frames * frame_size, b1, sizeof b1),
            frag_render_format_bytes (z->frames * frame_size, b2, sizeof b2),
            frag_render_format_bytes (z->largest_free_run * frame_size, b3, sizeof b3));
  if (frame_size == 1 || !ctx->sim)
    snprintf (title, sizeof title,
              dngettext (GETTEXT_PACKAGE,
                         "%" PRIu64 " of %" PRIu64 " frame free, largest run %" PRIu64,
                         "%" PRIu64 " of %" PRIu64 " frames free, largest run %" PRIu64,
                         z->frames),
              z->free_frames, z->frames, z->largest_free_run);
  double sw, sh;
  frag_r_text_size (cr, title, unit * 0.8, false, 0, &sw, &sh);
  if (tw + sw + unit < w)
    frag_r_text (cr, title, x0 + w, y0 + unit * 0.1, unit * 0.8, false, FRAG_ALIGN_END,
                 FRAG_ALIGN_START, pal->muted, 0, NULL, NULL);
  else if (h - th - sh >= unit * 6.5)
    {
      /* Narrow: the figures go on their own line under the title (when the bars keep room;
       * the frame map's header says the same). */
      frag_r_text (cr, title, x0, y0 + th, unit * 0.8, false, FRAG_ALIGN_START, FRAG_ALIGN_START,
                   pal->muted, w, NULL, &sh);
      th += sh;
    }

  /* Short: the axis name gives way to the bars. */
  bool axis_name = h - th >= unit * 6.5;
  double top = y0 + th + unit * 0.9, bottom = y0 + h - unit * (axis_name ? 2.6 : 1.4);
  double left = x0 + unit * 3.2, right = x0 + w - unit * 0.3;
  if (bottom - top < unit || right - left < n * 3)
    return;
  uint64_t maxv = 0;
  for (unsigned o = 0; o < n; o++)
    if (z->nr_free[o] > maxv)
      maxv = z->nr_free[o];
  double step, axis = nice_max ((double) maxv, &step);
  /* As many ticks as their labels have room for (a short chart gets 0 and its maximum only). */
  double tick_h = unit * 0.8 * 1.9;
  double max_ticks = floor ((bottom - top) / tick_h);
  step = tick_step (axis, step, max_ticks);
  /* Gridlines and labels on the y axis. */
  cairo_set_line_width (cr, 1);
  for (double v = 0; v <= axis + step * 0.01; v += step)
    {
      double y = bottom - (bottom - top) * v / axis;
      frag_color_set_source (cr, pal->muted, v == 0 ? 0.9 : 0.25);
      cairo_move_to (cr, left, floor (y) + 0.5);
      cairo_line_to (cr, right, floor (y) + 0.5);
      cairo_stroke (cr);
      char lab[32];
      format_count (v, lab, sizeof lab);
      frag_r_text (cr, lab, left - unit * 0.3, y, unit * 0.8, false, FRAG_ALIGN_END,
                   FRAG_ALIGN_CENTER, pal->muted, 0, NULL, NULL);
    }
  double slot = (right - left) / n, bw = slot * 0.72;
  for (unsigned o = 0; o < n; o++)
    {
      double bx = left + slot * o + (slot - bw) / 2;
      uint64_t by_type = 0;
      for (unsigned mt = 0; mt < FRAG_MT_COUNT; mt++)
        by_type += z->nr_free_by_type[mt][o];
      double base = bottom;
      if (by_type == z->nr_free[o] && by_type > 0)
        {
          for (unsigned mt = 0; mt < FRAG_MT_COUNT; mt++)
            {
              uint64_t c = z->nr_free_by_type[mt][o];
              if (!c)
                continue;
              double bh = (bottom - top) * (double) c / axis;
              frag_r_rect (cr, bx, base - bh, bw, bh, pal->migrate[mt]);
              base -= bh;
            }
        }
      else if (z->nr_free[o])
        {
          /* No per-type split known (plain /proc/buddyinfo): one neutral bar. */
          double bh = (bottom - top) * (double) z->nr_free[o] / axis;
          frag_r_rect (cr, bx, base - bh, bw, bh, frag_color_mix (pal->free_ramp[10],
                                                                  pal->foreground, 0.35));
          base -= bh;
        }
      char lab[32];
      format_count ((double) z->nr_free[o], lab, sizeof lab);
      if (bw > unit * 0.8)
        frag_r_text (cr, lab, bx + bw / 2, base - unit * 0.15, unit * 0.8, false,
                     FRAG_ALIGN_CENTER, FRAG_ALIGN_END, pal->foreground, 0, NULL, NULL);
      snprintf (lab, sizeof lab, "%u", o);
      frag_r_text (cr, lab, bx + bw / 2, bottom + unit * 0.25, unit * 0.8, false,
                   FRAG_ALIGN_CENTER, FRAG_ALIGN_START, pal->foreground, 0, NULL, NULL);
    }
  const char *axis_label = frame_size > 1 && ctx->sim ? _("order (block = 2^order frames)")
                                                      : _("order");
  double axis_w;
  frag_r_text_size (cr, axis_label, unit * 0.8, false, 0, &axis_w, NULL);
  if (axis_w > w)
    axis_label = _("order");
  if (axis_name)
    frag_r_text (cr, axis_label, (left + right) / 2, bottom + unit * 1.35, unit * 0.8, false, FRAG_ALIGN_CENTER,
               FRAG_ALIGN_START, pal->muted, 0, NULL, NULL);
}

void
frag_render_buddy_stats (cairo_t *cr, const FragRenderContext *ctx, const FragZoneStats *zones,
                         unsigned n_zones, double width, double height)
{
  if (!frag_r_sane (cr, ctx, width, height))
    return;
  const FragPalette *pal = frag_r_palette (ctx);
  cairo_save (cr);
  frag_r_fill_background (cr, ctx, width, height);
  if (!zones || n_zones == 0 || width < 20 || height < 20)
    {
      cairo_restore (cr);
      return;
    }
  if (n_zones > FRAG_MAX_ZONES)
    n_zones = FRAG_MAX_ZONES;
  double unit = frag_r_unit (ctx, width, height / (n_zones > 1 ? 1.4 : 1));
  uint64_t fs = ctx->sim ? frag_sim_config (ctx->sim)->frame_size : 1;
  /* Legend of the migrate types that occur. */
  FragLegendItem items[FRAG_MT_COUNT];
  size_t n_items = 0;
  for (unsigned mt = 0; mt < FRAG_MT_COUNT; mt++)
    {
      bool seen = false;
      for (unsigned zi = 0; zi < n_zones && !seen; zi++)
        for (unsigned o = 0; o <= FRAG_MAX_ORDER_LIMIT && !seen; o++)
          seen = zones[zi].nr_free_by_type[mt][o] != 0;
      if (seen)
        items[n_items++] = (FragLegendItem) { pal->migrate[mt], frag_r_mt_label (mt), false };
    }
  double pad = unit * 0.8;
  /* The legend is measured first and drawn only if the charts keep room for bars. */
  cairo_push_group (cr);
  double legend_h = n_items ? frag_r_legend (cr, ctx, items, n_items, pad,
                                             height - pad - unit * 1.6,
                                             width - 2 * pad, unit * 0.8) : 0;
  cairo_pattern_t *legend = cairo_pop_group (cr);
  if (height - 2 * pad - legend_h < unit * 7.5)
    legend_h = 0;
  else
    {
      cairo_set_source (cr, legend);
      cairo_paint (cr);
    }
  cairo_pattern_destroy (legend);
  double avail = height - 2 * pad - legend_h;
  /* Zones one above the other while each keeps room for a readable chart (title, bars, axis:
   * about 9 text units), else side by side (about 14 units wide each); when not even that
   * fits, the largest zones are shown and the smallest (DMA) left out, rather than charts
   * too small to read. */
  unsigned fit_rows = (unsigned) fmax (1, floor (avail / (unit * 9)));
  unsigned fit_cols = (unsigned) fmax (1, floor ((width - 2 * pad + unit) / (unit * 15.2)));
  bool side = fit_cols > fit_rows && n_zones > fit_rows;
  unsigned k = side ? fit_cols : fit_rows;
  if (k > n_zones)
    k = n_zones;
  bool keep[FRAG_MAX_ZONES];
  for (unsigned zi = 0; zi < n_zones; zi++)
    {
      unsigned larger = 0;
      for (unsigned zj = 0; zj < n_zones; zj++)
        larger += zones[zj].frames > zones[zi].frames
                  || (zones[zj].frames == zones[zi].frames && zj > zi);
      keep[zi] = larger < k;
    }
  double each = avail / k;
  double col_w = (width - 2 * pad - unit * (k - 1)) / k;
  unsigned slot = 0;
  for (unsigned zi = 0; zi < n_zones; zi++)
    {
      if (!keep[zi])
        continue;
      if (side)
        draw_zone_buddy (cr, ctx, &zones[zi], pad + slot * (col_w + unit), pad, col_w,
                         avail - unit * 0.4, unit, fs);
      else
        draw_zone_buddy (cr, ctx, &zones[zi], pad, pad + each * slot, width - 2 * pad,
                         each - unit * 0.4, unit, fs);
      slot++;
    }
  if (k < n_zones)
    {
      char more[64];
      snprintf (more, sizeof more,
                dngettext (GETTEXT_PACKAGE, "+%u smaller zone (more room shows it)",
                           "+%u smaller zones (more room shows them)", n_zones - k),
                n_zones - k);
      frag_r_text (cr, more, width - pad, height - pad - unit * 0.8, unit * 0.8, false,
                   FRAG_ALIGN_END, FRAG_ALIGN_CENTER, pal->muted, 0, NULL, NULL);
    }
  cairo_restore (cr);
}

void
frag_render_buddy (cairo_t *cr, const FragRenderContext *ctx, double width, double height)
{
  if (!frag_r_sane (cr, ctx, width, height))
    return;
  if (!ctx->sim)
    {
      frag_r_empty (cr, ctx, width, height, _("No memory loaded"));
      return;
    }
  FragZoneStats zones[FRAG_MAX_ZONES];
  unsigned n = frag_sim_n_zones (ctx->sim);
  if (n > FRAG_MAX_ZONES)
    n = FRAG_MAX_ZONES;
  for (unsigned i = 0; i < n; i++)
    frag_sim_zone_stats (ctx->sim, i, &zones[i]);
  frag_render_buddy_stats (cr, ctx, zones, n, width, height);
}

/* ---- Metrics over time ---------------------------------------------------------------------- */

typedef enum {
  SERIES_FREE = 0,
  SERIES_LARGEST,
  SERIES_EXTFRAG,
  SERIES_UNUSABLE,
  SERIES_FAILED,
  SERIES_MOVED,
  N_SERIES
} Series;

static double
series_value (const FragSample *s, Series which, unsigned order, uint64_t fs)
{
  switch (which)
    {
    case SERIES_FREE: return (double) s->free_frames * (double) fs;
    case SERIES_LARGEST: return (double) s->largest_free_run * (double) fs;
    case SERIES_EXTFRAG: return s->external_fragmentation;
    case SERIES_UNUSABLE: return s->unusable_index[order];
    case SERIES_FAILED: return (double) s->failed_allocations;
    case SERIES_MOVED: return (double) s->compaction_bytes_moved;
    case N_SERIES:
    default: return 0;
    }
}

static void
format_value (double v, Series which, char *buf, size_t len)
{
  if (which == SERIES_FREE || which == SERIES_LARGEST || which == SERIES_MOVED)
    frag_render_format_bytes ((uint64_t) v, buf, len);
  else if (which == SERIES_EXTFRAG || which == SERIES_UNUSABLE)
    snprintf (buf, len, "%.3f", v);
  else
    format_count (v, buf, len);
}

/* The value label's room beside the title: the widest a value of this series is likely to print
 * as (fixed, so that the layout does not move with the current step). */
static void
value_reserve (Series which, double maxv, char *buf, size_t len)
{
  if (which == SERIES_FREE || which == SERIES_LARGEST || which == SERIES_MOVED)
    snprintf (buf, len, "1023.9 MiB");
  else if (which == SERIES_EXTFRAG || which == SERIES_UNUSABLE)
    snprintf (buf, len, "0.000");
  else
    format_value (maxv, which, buf, len);
}

/* A chart without its moving parts: background, title, the curve of the whole run; where the
 * moving parts go is left in *g. */
static void
draw_series_static (cairo_t *cr, const FragRenderContext *ctx, const FragSample *samples,
                    uint64_t n, uint64_t fs, Series which, unsigned order, double x0, double y0,
                    double w, double h, double unit, uint32_t color, FragRSeriesGeom *g)
{
  const FragPalette *pal = frag_r_palette (ctx);
  static const char *const titles[N_SERIES] = {
    N_("Free memory"), N_("Largest free run"), N_("External fragmentation"), NULL,
    N_("Failed allocations"), N_("Moved by compaction"),
  };
  char title[64];
  if (which == SERIES_UNUSABLE)
    snprintf (title, sizeof title, _("Unusable free index, order %u"), order);
  else
    snprintf (title, sizeof title, "%s", _(titles[which]));
  memset (g, 0, sizeof *g);
  g->shown = true;
  g->color = color;
  frag_r_rect (cr, x0, y0, w, h, pal->surface);

  double left = x0 + unit * 0.4, right = x0 + w - unit * 0.4;
  double pw = right - left;
  /* One column per pixel: the min..max of the samples it covers, so spikes are never lost. */
  int columns = (int) pw;
  if ((uint64_t) columns > n)
    columns = (int) n;
  if (columns < 1)
    columns = 1;
  bool fraction = which == SERIES_EXTFRAG || which == SERIES_UNUSABLE;
  double maxv = fraction ? 1 : 0;
  double *hi = n ? calloc ((size_t) columns, sizeof *hi) : NULL;
  for (int c = 0; hi && c < columns; c++)
    {
      uint64_t a = (uint64_t) c * n / (uint64_t) columns;
      uint64_t b = (uint64_t) (c + 1) * n / (uint64_t) columns;
      if (b <= a)
        b = a + 1;
      double mx = -INFINITY;
      /* Very long runs: look at most at 64 samples per column, always at its last one. */
      uint64_t stride = (b - a) / 64 + 1;
      for (uint64_t i = a; i < b && i < n; i += stride)
        mx = fmax (mx, series_value (&samples[i], which, order, fs));
      hi[c] = fmax (mx, series_value (&samples[(b < n ? b : n) - 1], which, order, fs));
      if (!fraction)
        maxv = fmax (maxv, hi[c]);
    }
  if (maxv <= 0)
    maxv = 1;

  /* Title and value keep their size: when they do not fit side by side, the value goes under
   * the title (which wraps if it must). */
  char lab[40];
  double th, vw, tw, vh, tsize = unit * 0.8;
  value_reserve (which, maxv, lab, sizeof lab);
  frag_r_text_size (cr, lab, tsize, true, 0, &vw, &vh);
  frag_r_text_size (cr, title, tsize, true, 0, &tw, NULL);
  bool beside = tw + vw + unit * 1.3 <= w;
  frag_r_text (cr, title, x0 + unit * 0.4, y0 + unit * 0.25, tsize, true, FRAG_ALIGN_START,
               FRAG_ALIGN_START, pal->foreground, beside ? 0 : w - unit * 0.8, NULL, &th);
  g->value_x = x0 + w - unit * 0.4;
  g->value_y = y0 + unit * 0.25 + (beside ? 0 : th);
  g->value_size = tsize;
  th = fmax (th, unit * 0.95) + (beside ? 0 : vh);
  double top = y0 + th + unit * 0.5, bottom = y0 + h - unit * 0.4;
  double ph = bottom - top;
  if (hi && right - left >= 4 && ph >= 4)
    {
      g->plotted = true;
      g->left = left;
      g->top = top;
      g->pw = pw;
      g->ph = ph;
      g->bottom = bottom;
      g->maxv = maxv;
      cairo_save (cr);
      cairo_rectangle (cr, left, top, pw, ph);
      cairo_clip (cr);
      cairo_new_path (cr);
      double dx = columns > 1 ? pw / (columns - 1) : 0;
      for (int c = 0; c < columns; c++)
        cairo_line_to (cr, left + dx * c, bottom - ph * hi[c] / maxv);
      if (columns == 1)
        cairo_line_to (cr, right, bottom - ph * hi[0] / maxv);
      cairo_line_to (cr, columns == 1 ? right : left + dx * (columns - 1), bottom);
      cairo_line_to (cr, left, bottom);
      cairo_close_path (cr);
      frag_color_set_source (cr, color, 0.22);
      cairo_fill (cr);
      for (int c = 0; c < columns; c++)
        cairo_line_to (cr, left + dx * c, bottom - ph * hi[c] / maxv);
      if (columns == 1)
        cairo_line_to (cr, right, bottom - ph * hi[0] / maxv);
      frag_color_set_source (cr, color, 1);
      cairo_set_line_width (cr, fmax (1.5, unit * 0.14) * pal->line_scale);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_stroke (cr);
      cairo_restore (cr);
    }
  free (hi);
}

/* What moves with the current step: the value in the corner and the marker on the curve. */
static void
draw_series_moving (cairo_t *cr, const FragRenderContext *ctx, const FragSample *samples,
                    uint64_t n, uint64_t current, const FragSample *now, uint64_t fs,
                    Series which, unsigned order, double unit, const FragRSeriesGeom *g)
{
  const FragPalette *pal = frag_r_palette (ctx);
  if (!g->shown || n == 0)
    return;
  double cur_v = series_value (now ? now : &samples[current < n ? current : n - 1], which, order,
                               fs);
  char lab[40];
  format_value (cur_v, which, lab, sizeof lab);
  frag_r_text (cr, lab, g->value_x, g->value_y, g->value_size, true, FRAG_ALIGN_END,
               FRAG_ALIGN_START, g->color, 0, NULL, NULL);
  if (!g->plotted || current >= n)
    return;
  double cx = n > 1 ? g->left + g->pw * (double) current / (double) (n - 1) : g->left;
  frag_color_set_source (cr, pal->foreground, 0.55);
  cairo_set_line_width (cr, 1 * pal->line_scale);
  double dash[] = { 3, 3 };
  cairo_set_dash (cr, dash, 2, 0);
  cairo_move_to (cr, floor (cx) + 0.5, g->top);
  cairo_line_to (cr, floor (cx) + 0.5, g->bottom);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_arc (cr, cx, g->bottom - g->ph * fmin (cur_v / g->maxv, 1.0), fmax (2.5, unit * 0.25), 0,
             2 * FRAG_PI);
  frag_color_set_source (cr, g->color, 1);
  cairo_fill_preserve (cr);
  frag_color_set_source (cr, pal->background, 1);
  cairo_set_line_width (cr, 1.2);
  cairo_stroke (cr);
}

/* Everything that decides how the static part of the metrics looks. */
static void
metrics_key (const FragRenderContext *ctx, const FragSample *samples, uint64_t n, uint64_t fs,
             double width, double height, uint64_t key[8])
{
  double fsc = ctx->font_scale, ts = ctx->text_size;
  uint64_t a, b;
  memcpy (&a, &fsc, sizeof a);
  memcpy (&b, &ts, sizeof b);
  key[0] = (uint64_t) (uintptr_t) samples;
  key[1] = n;
  key[2] = fs;
  key[3] = ((uint64_t) (uint32_t) width << 32) | (uint32_t) height;
  key[4] = (uint64_t) (uintptr_t) frag_r_palette (ctx);
  key[5] = a;
  key[6] = b;
  key[7] = ctx->metrics_order;
}

/* `now`: the values to print, when they are not samples[current] (before the first step,
 * current is UINT64_MAX: no marker, the values of the state before it). */
static void
draw_metrics (cairo_t *cr, const FragRenderContext *ctx, const FragSample *samples,
              uint64_t n_samples, uint64_t current, const FragSample *now, uint64_t frame_size,
              double width, double height)
{
  if (!frag_r_sane (cr, ctx, width, height))
    return;
  const FragPalette *pal = frag_r_palette (ctx);
  cairo_save (cr);
  frag_r_fill_background (cr, ctx, width, height);
  if (!samples || n_samples == 0)
    {
      frag_r_empty (cr, ctx, width, height, _("No steps run yet"));
      cairo_restore (cr);
      return;
    }
  if (frame_size == 0)
    frame_size = 1;
  unsigned order = ctx->metrics_order <= FRAG_MAX_ORDER_LIMIT ? ctx->metrics_order : 3;
  /* The text keeps its size and the grid adapts: a wide strip shows the six charts in one row,
   * otherwise 3 x 2, 2 x 3 or one column; when even that leaves charts too small to read, the
   * last series (the least central to the lecture) are left out. */
  double gap = fmax (4, fmin (width, height) * 0.02);
  double unit = frag_r_unit (ctx, width, height);
  double scale = ctx->font_scale > 0 ? fmin (ctx->font_scale, 4) : 1.0;
  if (ctx->text_size <= 0 && unit > 22 * scale)
    unit = 22 * scale;   /* six small charts: body text a little under the page's */
  double min_w = unit * 8, min_h = unit * 4.2;
  int cols = 1, rows = 1, shown = 1;
  double best = -1;
  static const int grid_cols[] = { 6, 3, 2, 1 };
  for (unsigned g = 0; g < sizeof grid_cols / sizeof *grid_cols; g++)
    for (int want = N_SERIES; want >= 1; want--)
      {
        int c = grid_cols[g] < want ? grid_cols[g] : want;
        int r = (want + c - 1) / c;
        double cw = (width - gap * (c + 1)) / c, ch = (height - gap * (r + 1)) / r;
        if (cw < min_w || ch < min_h)
          continue;
        /* More charts first; among equals, charts closest to 2.5 : 1. */
        double aspect = cw / ch;
        double score = want * 100 - fabs (log (aspect / 2.5));
        if (score > best)
          {
            best = score;
            cols = c;
            rows = r;
            shown = want;
          }
        break;
      }
  double cw = (width - gap * (cols + 1)) / cols, ch = (height - gap * (rows + 1)) / rows;
  const uint32_t colors[N_SERIES] = {
    pal->migrate[FRAG_MT_MOVABLE], pal->owners[1], pal->owners[5], pal->owners[3],
    pal->failure, pal->owners[0],
  };
  /* When charts are left out, the ones that tell the lecture's story stay, in their order. */
  static const Series priority[N_SERIES] = {
    SERIES_EXTFRAG, SERIES_LARGEST, SERIES_FREE, SERIES_FAILED, SERIES_UNUSABLE, SERIES_MOVED,
  };
  bool keep[N_SERIES] = { false };
  for (int i = 0; i < shown; i++)
    keep[priority[i]] = true;

  /* On a widget, the plot of the whole run is an image made once; each repaint then draws it
   * and only what moves with the step. Elsewhere (exports) everything stays vectors. */
  FragRenderCache *cache = ctx->cache;
  FragRSeriesGeom local[N_SERIES], *geom = cache && cache->raster_scale > 0 ? cache->metrics_geom
                                                                           : local;
  cairo_t *scr = cr;
  bool reuse = false;
  if (geom != local)
    {
      uint64_t key[8];
      metrics_key (ctx, samples, n_samples, frame_size, width, height, key);
      reuse = cache->metrics_image != NULL && memcmp (key, cache->metrics_key, sizeof key) == 0;
      if (!reuse)
        {
          double sc = cache->raster_scale;
          if (cache->metrics_image)
            cairo_surface_destroy (cache->metrics_image);
          cache->metrics_image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                             (int) ceil (width * sc),
                                                             (int) ceil (height * sc));
          cairo_surface_set_device_scale (cache->metrics_image, sc, sc);
          memcpy (cache->metrics_key, key, sizeof key);
          scr = cairo_create (cache->metrics_image);
          if (cairo_status (scr) != CAIRO_STATUS_SUCCESS)
            {
              cairo_destroy (scr);
              scr = cr;
              cairo_surface_destroy (cache->metrics_image);
              cache->metrics_image = NULL;
              geom = local;
            }
          else
            frag_r_fill_background (scr, ctx, width, height);
        }
      else
        cache->static_reuses++;
    }
  if (!reuse)
    for (int s = 0, slot = 0; s < N_SERIES; s++)
      {
        geom[s].shown = false;
        if (!keep[s])
          continue;
        int c = slot % cols, r = slot / cols;
        slot++;
        /* On a dark background the deep hues (blue, vermillion) need lifting to read as lines. */
        uint32_t color = pal->kind == FRAG_PALETTE_DARK
                           ? frag_color_mix (colors[s], 0xffffffffu, 0.3) : colors[s];
        draw_series_static (scr, ctx, samples, n_samples, frame_size, (Series) s, order,
                            gap + c * (cw + gap), gap + r * (ch + gap), cw, ch, unit, color,
                            &geom[s]);
      }
  if (scr != cr)
    {
      cairo_destroy (scr);
      cairo_surface_flush (cache->metrics_image);
    }
  if (geom != local)
    {
      cairo_set_source_surface (cr, cache->metrics_image, 0, 0);
      cairo_paint (cr);
    }
  for (int s = 0; s < N_SERIES; s++)
    draw_series_moving (cr, ctx, samples, n_samples, current, now, frame_size, (Series) s, order,
                        unit, &geom[s]);
  cairo_restore (cr);
}

void
frag_render_metrics_samples (cairo_t *cr, const FragRenderContext *ctx, const FragSample *samples,
                             uint64_t n_samples, uint64_t current, uint64_t frame_size,
                             double width, double height)
{
  draw_metrics (cr, ctx, samples, n_samples, current, NULL, frame_size, width, height);
}

void
frag_render_metrics (cairo_t *cr, const FragRenderContext *ctx, double width, double height)
{
  if (!frag_r_sane (cr, ctx, width, height))
    return;
  uint64_t n = 0;
  const FragSample *s = ctx->sim ? frag_sim_samples (ctx->sim, &n) : NULL;
  uint64_t pos = ctx->sim ? frag_sim_position (ctx->sim) : 0;
  /* Sample i is the state after step i + 1: before the first step there is none to mark, and
   * the values printed are those of the memory as it starts. */
  FragSample start;
  if (ctx->sim && pos == 0)
    frag_sim_sample_now (ctx->sim, &start);
  draw_metrics (cr, ctx, s, n, pos > 0 ? pos - 1 : UINT64_MAX, ctx->sim && pos == 0 ? &start : NULL,
                ctx->sim ? frag_sim_config (ctx->sim)->frame_size : 1, width, height);
}
