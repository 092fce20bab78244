/* frag-render-page.c: the composed page (title, frame map, buddy chart, note, legend, metrics)
 * that exports and the GUI's presentation mode show, and the side-by-side comparison of one
 * step under several policies (the figure that shows why paging avoids external fragmentation).
 */
#include "config.h"

#include "frag-render-private.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *
title_of (const FragRenderContext *ctx)
{
  if (ctx->title)
    return ctx->title;
  const FragProgram *prog = ctx->sim ? frag_sim_program (ctx->sim) : NULL;
  return prog && prog->title ? prog->title : "Fragscope";
}

/* The policy's name in the reader's language (frag_mode_name spells the scenario format's). */
static const char *
mode_label (FragMode mode)
{
  switch (mode)
    {
    /* TRANSLATORS: the memory management policy, in the page's header and comparison panels */
    case FRAG_MODE_SEGMENTATION: return _("segmentation");
    case FRAG_MODE_PAGING: return _("paging");
    case FRAG_MODE_COMPACTION: return _("compaction");
    case FRAG_MODE_BUDDY: return _("buddy");
    case FRAG_MODE_COUNT:
    default:
      return frag_mode_name (mode);
    }
}

static void
policy_text (const FragSim *sim, char *buf, size_t len)
{
  const FragConfig *cfg = frag_sim_config (sim);
  const char *mode = mode_label (cfg->mode) ? mode_label (cfg->mode) : "?";
  if (cfg->mode == FRAG_MODE_SEGMENTATION || cfg->mode == FRAG_MODE_COMPACTION)
    /* TRANSLATORS: the policy, then how a hole is chosen: "first", "next", "best", "worst" */
    snprintf (buf, len, _("%s, %s fit"), mode,
              frag_fit_name (cfg->fit) ? frag_fit_name (cfg->fit) : "?");
  else
    snprintf (buf, len, "%s", mode);
}

/* "Step 3 of 4: spawn C (150 B)" and, when it failed, the reason; returns the height used. */
static double
draw_step_line (cairo_t *cr, const FragRenderContext *ctx, double x, double y, double w,
                double size)
{
  const FragPalette *pal = frag_r_palette (ctx);
  const FragSim *sim = ctx->sim;
  uint64_t pos = frag_sim_position (sim), n = frag_sim_n_steps (sim);
  const FragEvent *ev = frag_sim_last_event (sim);
  char line[512], what[256], why[256];
  if (!ev)
    snprintf (line, sizeof line, _("Start (step 0 of %" PRIu64 ")"), n);
  else
    /* TRANSLATORS: the position in the scenario, then what the step did */
    snprintf (line, sizeof line, _("Step %" PRIu64 " of %" PRIu64 ": %s"), pos, n,
              frag_render_describe_event (ev, frag_sim_config (sim)->frame_size, what,
                                          sizeof what));
  double tw, th;
  frag_r_text (cr, line, x, y, size, false, FRAG_ALIGN_START, FRAG_ALIGN_START, pal->foreground,
               w, &tw, &th);
  frag_render_failure_text (sim, ev, why, sizeof why);
  if (why[0])
    {
      double fh;
      char fail[300];
      snprintf (fail, sizeof fail, _("\u2717 failed: %s"), why);
      frag_r_text (cr, fail, x, y + th + size * 0.15, size, true, FRAG_ALIGN_START,
                   FRAG_ALIGN_START, pal->failure, w, NULL, &fh);
      th += fh + size * 0.15;
    }
  return th;
}

static double
draw_note (cairo_t *cr, const FragRenderContext *ctx, const char *note, double x, double y,
           double w, double size, bool measure_only)
{
  const FragPalette *pal = frag_r_palette (ctx);
  if (!note || !note[0])
    return 0;
  double pad = size * 0.6, tw, th;
  frag_r_text_size (cr, note, size, false, w - 2 * pad - size * 0.4, &tw, &th);
  double h = th + 2 * pad;
  if (measure_only)
    return h;
  frag_r_rounded (cr, x, y, w, h, size * 0.35);
  frag_color_set_source (cr, pal->owners[6], pal->kind == FRAG_PALETTE_DARK ? 0.18 : 0.22);
  cairo_fill (cr);
  frag_r_rect (cr, x, y, size * 0.3, h, pal->owners[0]);
  frag_r_text (cr, note, x + pad + size * 0.4, y + pad, size, false, FRAG_ALIGN_START,
               FRAG_ALIGN_START, pal->foreground, w - 2 * pad - size * 0.4, NULL, NULL);
  return h;
}

void
frag_render_page (cairo_t *cr, const FragRenderContext *ctx_in, double width, double height)
{
  FragRScope scope;
  if (!frag_r_begin_sim_view (&scope, cr, ctx_in, width, height))
    return;
  const FragRenderContext *ctx = &scope.ctx;
  const FragPalette *pal = frag_r_palette (ctx);
  const FragSim *sim = ctx->sim;
  cairo_save (cr);
  frag_r_fill_background (cr, ctx, width, height);
  double unit = frag_r_unit (ctx, width, height);
  double pad = unit * 1.1, x = pad, w = width - 2 * pad, y = pad;

  /* Title and policy. */
  char policy[96];
  policy_text (sim, policy, sizeof policy);
  double th, pw;
  frag_r_text_size (cr, policy, unit, false, 0, &pw, NULL);
  frag_r_text (cr, title_of (ctx), x, y, unit * 1.6, true, FRAG_ALIGN_START, FRAG_ALIGN_START,
               pal->foreground, w - pw - unit * 2, NULL, &th);
  frag_r_text (cr, ctx->subtitle ? ctx->subtitle : policy, x + w, y + unit * 0.35, unit, false,
               FRAG_ALIGN_END, FRAG_ALIGN_START, pal->muted, 0, NULL, NULL);
  y += th + unit * 0.3;
  y += draw_step_line (cr, ctx, x, y, w, unit * 1.05) + unit * 0.6;

  /* Bottom up: metrics strip, legend, note. */
  uint64_t n_samples = 0;
  frag_sim_samples (sim, &n_samples);
  double metrics_h = n_samples > 1 && height > unit * 30 ? height * 0.17 : 0;
  double bottom = height - pad;
  if (metrics_h > 0)
    {
      cairo_save (cr);
      cairo_translate (cr, x - unit * 0.3, bottom - metrics_h);
      FragRenderContext mc = *ctx;
      mc.text_size = unit * 0.75 / (ctx->font_scale > 0 ? ctx->font_scale : 1);
      /* The metrics view itself: it knows which sample a position shows (none before the
       * first step, whose values are those of the starting memory). */
      frag_render_metrics (cr, &mc, w + unit * 0.6, metrics_h);
      cairo_restore (cr);
      bottom -= metrics_h + unit * 0.5;
    }
  cairo_push_group (cr);
  double legend_h = frag_r_frames_legend (cr, ctx, 0, 0, w, unit * 0.8);
  cairo_pattern_t *legend = cairo_pop_group (cr);
  bottom -= legend_h;
  cairo_save (cr);
  cairo_translate (cr, x, bottom);
  cairo_set_source (cr, legend);
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_pattern_destroy (legend);
  bottom -= unit * 0.5;
  const char *note = frag_sim_current_note (sim);
  double note_h = draw_note (cr, ctx, note, x, 0, w, unit, true);
  if (note_h > 0)
    {
      draw_note (cr, ctx, note, x, bottom - note_h, w, unit, false);
      bottom -= note_h + unit * 0.6;
    }

  /* Frame map (left) and free blocks by order (right). */
  double main_h = bottom - y;
  if (main_h > unit * 4)
    {
      bool side = width > height * 1.15;
      double map_w = side ? w * 0.64 : w;
      double map_h = side ? main_h : main_h * 0.6;
      FragRBox box = { x, y, map_w, map_h };
      frag_r_draw_frames_body (cr, ctx, &box, unit);
      FragZoneStats zs[FRAG_MAX_ZONES];
      unsigned nz = frag_sim_n_zones (sim);
      if (nz > FRAG_MAX_ZONES)
        nz = FRAG_MAX_ZONES;
      for (unsigned z = 0; z < nz; z++)
        frag_sim_zone_stats (sim, z, &zs[z]);
      cairo_save (cr);
      double bx = side ? x + map_w + unit : x, by = side ? y : y + map_h + unit * 0.5;
      double bw = side ? w - map_w - unit : w, bh = side ? main_h : main_h - map_h - unit * 0.5;
      cairo_translate (cr, bx, by);
      cairo_rectangle (cr, 0, 0, bw, bh);
      cairo_clip (cr);
      FragRenderContext bc = *ctx;
      bc.text_size = unit * 0.8 / (ctx->font_scale > 0 ? ctx->font_scale : 1);
      frag_render_buddy_stats (cr, &bc, zs, nz, bw, bh);
      cairo_restore (cr);
    }
  cairo_restore (cr);
  frag_r_end (&scope);
}

void
frag_render_compare (cairo_t *cr, const FragRenderContext *ctxs, size_t n, FragView view,
                     double width, double height)
{
  if (!frag_r_sane (cr, ctxs, width, height))
    return;
  if (!ctxs || n == 0)
    return;
  const FragRenderContext *first = &ctxs[0];
  const FragPalette *pal = frag_r_palette (first);
  cairo_save (cr);
  frag_r_fill_background (cr, first, width, height);
  double unit = frag_r_unit (first, width, height);
  double pad = unit, th = 0;
  const FragProgram *prog = first->sim ? frag_sim_program (first->sim) : NULL;
  const char *title = first->title ? first->title : prog && prog->title ? prog->title
                                                                       : "Fragscope";
  frag_r_text (cr, title, pad, pad, unit * 1.5, true, FRAG_ALIGN_START, FRAG_ALIGN_START,
               pal->foreground, width - 2 * pad, NULL, &th);
  double top = pad + th + unit * 0.5;
  if (first->sim)
    {
      const char *note = frag_sim_current_note (first->sim);
      double nh = 0;
      if (note && note[0])
        frag_r_text (cr, note, pad, top, unit, false, FRAG_ALIGN_START, FRAG_ALIGN_START,
                     pal->muted, width - 2 * pad, NULL, &nh);
      top += nh + unit * 0.5;
    }
  /* Side by side when the page is wide, stacked otherwise. */
  bool across = width >= height;
  double gap = unit;
  double pw = across ? (width - 2 * pad - gap * (n - 1)) / n : width - 2 * pad;
  double ph = across ? height - top - pad : (height - top - pad - gap * (n - 1)) / n;
  for (size_t i = 0; i < n; i++)
    {
      const FragRenderContext *c = &ctxs[i];
      double px = across ? pad + i * (pw + gap) : pad, py = across ? top : top + i * (ph + gap);
      frag_r_rounded (cr, px, py, pw, ph, unit * 0.4);
      frag_color_set_source (cr, pal->surface, 1);
      cairo_fill (cr);
      if (!c->sim)
        continue;
      char policy[96];
      policy_text (c->sim, policy, sizeof policy);
      double hh;
      frag_r_text (cr, c->subtitle ? c->subtitle : policy, px + unit * 0.6, py + unit * 0.4,
                   unit * 1.2, true, FRAG_ALIGN_START, FRAG_ALIGN_START, pal->foreground, 0,
                   NULL, &hh);
      FragRenderContext sub = *c;
      /* Panels share the page's text size (smaller), not one computed from their own size. */
      if (sub.text_size <= 0)
        sub.text_size = unit * 0.8 / (c->font_scale > 0 ? c->font_scale : 1);
      double sh = draw_step_line (cr, &sub, px + unit * 0.6, py + unit * 0.5 + hh,
                                  pw - unit * 1.2, unit * 0.9);
      double vy = py + unit * 1.0 + hh + sh;
      cairo_save (cr);
      cairo_translate (cr, px + unit * 0.2, vy);
      cairo_rectangle (cr, 0, 0, pw - unit * 0.4, py + ph - vy - unit * 0.2);
      cairo_clip (cr);
      sub.palette = c->palette ? c->palette : pal;
      /* The panel's own background is drawn by the view; keep the surface look by using it. */
      frag_render_view (cr, &sub, view == FRAG_VIEW_PAGE ? FRAG_VIEW_FRAMES : view,
                        pw - unit * 0.4, py + ph - vy - unit * 0.2);
      cairo_restore (cr);
    }
  cairo_restore (cr);
}
