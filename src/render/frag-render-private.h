/* frag-render-private.h: helpers shared by the view files (text, boxes, formatting). */
#pragma once

#include <pango/pangocairo.h>

#include "frag-render.h"
#include "frag-render-i18n.h"

#define FRAG_PI 3.14159265358979323846

#define FRAG_RANK_MAX 256u

/* Where one metrics chart put its parts: what the moving parts (the current value, the marker
 * of the current step) need to draw over a cached image of the rest. */
#define FRAG_R_N_SERIES 6
typedef struct {
  bool     shown, plotted;
  uint32_t color;
  double   value_x, value_y, value_size;
  double   left, top, pw, ph, bottom, maxv;
} FragRSeriesGeom;

struct FragRenderCache {
  FragDenseMap    *dense;
  /* The dense frame map of each zone, as last painted, and what it showed. */
  cairo_surface_t *images[FRAG_MAX_ZONES];
  uint64_t         image_gen[FRAG_MAX_ZONES];   /* the zone's generation painted */
  int              image_w[FRAG_MAX_ZONES], image_h[FRAG_MAX_ZONES];
  const FragSim   *sim;
  const FragPalette *palette;
  FragColorBy      color_by;
  uint64_t         incremental_repaints; /* redraws that repainted only what a step changed */
  uint64_t         full_repaints;
  /* Process names in order of first spawn in the program: colour i for the i-th name, so the
   * processes of a textbook figure (A, B, C) never share a colour. */
  const FragProgram *rank_program;
  uint32_t         rank_ids[FRAG_RANK_MAX];
  unsigned         n_rank;
  const FragRenderContext *ctx;          /* while a view draws: the owner resolver's context */
  /* What a sample of the memory holds, for the legend (redraws and hover ask often). */
  const FragSim   *legend_sim;
  uint64_t         legend_position;
  bool             legend_valid;
  bool             legend_raw_mt[FRAG_MT_COUNT];
  bool             legend_klass[FRAG_CLASS_COUNT];
  /* Raster images of the static parts of views, when the cache's owner allows them. */
  double           raster_scale;           /* 0: never */
  uint64_t         static_reuses;          /* repaints that reused a static image */
  cairo_surface_t *metrics_image;          /* the metrics plot without its moving parts */
  uint64_t         metrics_key[8];
  FragRSeriesGeom  metrics_geom[FRAG_R_N_SERIES];
};


typedef enum {
  FRAG_ALIGN_START = 0,
  FRAG_ALIGN_CENTER,
  FRAG_ALIGN_END,
} FragAlign;

const FragPalette *frag_r_palette (const FragRenderContext *ctx);
/* Every public view starts with this: false (draw nothing) for a NULL or failed cairo_t, no
 * context, or a size that is not a finite number of pixels between 0 and 32768. */
bool frag_r_sane (cairo_t *cr, const FragRenderContext *ctx, double width, double height);
/* Copies in to out (NUL-terminated, at most outlen bytes), each invalid UTF-8 byte replaced by
 * U+FFFD (3 bytes: outlen = 3 * strlen (in) + 1 always suffices). Returns the length. */
size_t frag_r_utf8_sanitize (const char *in, char *out, size_t outlen);
/* The smallest body text size at font scale 1, in pixels. */
#define FRAG_R_MIN_UNIT 18.0
/* The body text size in pixels for a view of that size: legible on a projector. */
double frag_r_unit (const FragRenderContext *ctx, double width, double height);
/* Draws text with its box aligned at (x, y); returns the text's extent. max_width > 0 wraps. */
void   frag_r_text (cairo_t *cr, const char *text, double x, double y, double size, bool bold,
                    FragAlign halign, FragAlign valign, uint32_t color, double max_width,
                    double *out_w, double *out_h);
void   frag_r_text_size (cairo_t *cr, const char *text, double size, bool bold,
                         double max_width, double *w, double *h);
void   frag_r_fill_background (cairo_t *cr, const FragRenderContext *ctx, double w, double h);
void   frag_r_rect (cairo_t *cr, double x, double y, double w, double h, uint32_t fill);
void   frag_r_rounded (cairo_t *cr, double x, double y, double w, double h, double r);
void   frag_r_empty (cairo_t *cr, const FragRenderContext *ctx, double w, double h,
                     const char *message);
const char *frag_r_mt_label (unsigned mt);   /* "movable", or "?" */
/* Legend entries in a row; returns the height used. */
typedef struct { uint32_t color; const char *label; bool outline; } FragLegendItem;
double frag_r_legend (cairo_t *cr, const FragRenderContext *ctx, const FragLegendItem *items,
                      size_t n, double x, double y, double max_width, double size);
/* The colour of a used frame's owner as the views show it (stable per process name). */
uint32_t frag_r_owner_color (const FragRenderContext *ctx, uint32_t owner_id);
uint32_t frag_r_owner_info_color (const FragRenderContext *ctx, const FragOwnerInfo *info);
uint32_t frag_r_process_color (const FragRenderContext *ctx, const char *name, uint32_t id);
/* Views start with this: a context whose cache is never NULL (a temporary one is made and
 * freed by frag_r_end when the caller keeps none). */
typedef struct { FragRenderContext ctx; FragRenderCache *tmp; } FragRScope;
void   frag_r_begin (FragRScope *scope, const FragRenderContext *ctx);
/* The prologue of the views that need a simulation: false when there is nothing to draw (bad
 * arguments, or no memory loaded, which it says in the view); otherwise the scope is begun. */
bool   frag_r_begin_sim_view (FragRScope *scope, cairo_t *cr, const FragRenderContext *ctx,
                              double width, double height);
void   frag_r_end (FragRScope *scope);


typedef struct {
  double x, y, w, h;
} FragRBox;

/* The frame map without background or legend, into a box (the page view composes it). */
void   frag_r_draw_frames_body (cairo_t *cr, const FragRenderContext *ctx, FragRBox *box,
                                double unit);
/* The frame map's legend (owners, free ramp, changes); returns the height used. */
double frag_r_frames_legend (cairo_t *cr, const FragRenderContext *ctx, double x, double y,
                             double w, double size);
