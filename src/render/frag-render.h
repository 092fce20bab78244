/* frag-render.h: every Fragscope view, drawn with cairo into any cairo_t at any size.
 *
 * The GTK widgets call these from snapshot() through gtk_snapshot_append_cairo, the exporter on
 * image, SVG and PDF surfaces, the tests on image surfaces. A view reads the simulation (or plain
 * data: zone statistics, samples) and never changes it; the only state kept between calls lives
 * in a FragRenderCache that the caller owns and passes in the context. No GLib, no GTK here.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cairo.h>

#include "frag-engine.h"
#include "frag-palette.h"
#include "frag-dense.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  FRAG_VIEW_PAGE = 0,     /* title, frame map, buddy chart, note, legend, metrics */
  FRAG_VIEW_FRAMES,
  FRAG_VIEW_BUDDY,
  FRAG_VIEW_PAGEBLOCKS,
  FRAG_VIEW_PROCESSES,
  FRAG_VIEW_METRICS,
  FRAG_VIEW_COUNT
} FragView;

const char *frag_view_name (FragView view);           /* "page", "frames", ... */
bool        frag_view_parse (const char *s, FragView *out);

typedef enum {
  FRAG_COLOR_BY_OWNER = 0,       /* process (stable per name), raw allocation, imported class */
  FRAG_COLOR_BY_MIGRATE_TYPE,
  FRAG_COLOR_BY_CLASS,           /* kpageflags class of imported frames */
  FRAG_COLOR_BY_COUNT
} FragColorBy;

/* Caches that pay between redraws (the dense frame map's image, resolved owner colours). Owned
 * by the caller (a widget, the exporter); one per view instance; not thread-safe. */
typedef struct FragRenderCache FragRenderCache;
FragRenderCache *frag_render_cache_new (void);
void             frag_render_cache_free (FragRenderCache *cache);
/* Drops everything (call when the simulation is replaced). Views also notice a change of
 * simulation, position, size, palette or colouring by themselves. */
void             frag_render_cache_invalidate (FragRenderCache *cache);
/* How often the dense frame map was painted in full, and how often only what one step changed
 * (for tests and the GUI's statistics). */
uint64_t         frag_render_cache_full_repaints (const FragRenderCache *cache);
uint64_t         frag_render_cache_incremental_repaints (const FragRenderCache *cache);
/* The cache belongs to a widget on a screen of `scale` device pixels per unit (1, or 2 on HiDPI):
 * views may then keep raster images of what does not change from step to step (the metrics
 * plot of the whole run) at that sharpness and draw only what moves. Off by default, so that
 * exports to SVG and PDF stay vectors; scale <= 0 turns it off again. */
void             frag_render_cache_set_raster (FragRenderCache *cache, double scale);
uint64_t         frag_render_cache_static_reuses (const FragRenderCache *cache);

typedef struct {
  const FragSim     *sim;          /* NULL: views that need one draw an empty frame */
  const FragPalette *palette;      /* NULL: light */
  double             font_scale;   /* 1.0: text sized for the view; 1.5 for a lecture hall */
  double             text_size;    /* 0: body text sized from the view's size; > 0: this many
                                    * pixels (times font_scale), so composed parts match */
  FragColorBy        color_by;
  bool               show_changes; /* outline the frames the last step changed */
  bool               show_pageblocks;
  bool               show_addresses;
  unsigned           metrics_order; /* order of the unusable free index plotted (default 3) */
  const char        *title;        /* overrides the program's title; NULL: the program's */
  const char        *subtitle;     /* e.g. the policy of a --compare panel; may be NULL */
  FragRenderCache   *cache;        /* may be NULL: nothing is kept between calls */
} FragRenderContext;

void frag_render_context_init (FragRenderContext *ctx, const FragSim *sim);

/* The views. Each fills its whole rectangle (0, 0, width, height) with the background first. */
void frag_render_view (cairo_t *cr, const FragRenderContext *ctx, FragView view, double width,
                       double height);
void frag_render_page (cairo_t *cr, const FragRenderContext *ctx, double width, double height);
void frag_render_frames (cairo_t *cr, const FragRenderContext *ctx, double width, double height);
void frag_render_buddy (cairo_t *cr, const FragRenderContext *ctx, double width, double height);
void frag_render_pageblocks (cairo_t *cr, const FragRenderContext *ctx, double width,
                             double height);
void frag_render_processes (cairo_t *cr, const FragRenderContext *ctx, double width,
                            double height);
void frag_render_metrics (cairo_t *cr, const FragRenderContext *ctx, double width, double height);

/* The same view of several simulations (one step under several policies) side by side, under
 * one title; each panel says its policy, its step and why it failed. The page view becomes the
 * frame map in a panel. */
void frag_render_compare (cairo_t *cr, const FragRenderContext *ctxs, size_t n, FragView view,
                          double width, double height);

/* Where frag_render_frames at that size draws frame `pfn` (its cell, or the pixel holding it),
 * and which frame is under (x, y): for hover tooltips and tests. False when not drawn there. */
bool frag_render_frames_locate (const FragRenderContext *ctx, double width, double height,
                                uint64_t pfn, double *x, double *y, double *w, double *h);
bool frag_render_frames_hit (const FragRenderContext *ctx, double width, double height, double x,
                             double y, uint64_t *pfn);

/* The colour the views give a used frame's owner under ctx->color_by: with colour by owner, a
 * process has the categorical colour of the order in which the program first spawns its name
 * (a name the program never spells: a colour from its hash), raw allocations their migrate
 * type's hue, imported frames their kpageflags class. Pass the widget's cache in ctx->cache
 * when asking often: the order of names is worked out once per program. */
uint32_t frag_render_owner_color (const FragRenderContext *ctx, uint32_t owner_id);

/* Plain-data variants (imported /proc text, samples kept elsewhere): no FragSim needed. */
void frag_render_buddy_stats (cairo_t *cr, const FragRenderContext *ctx,
                              const FragZoneStats *zones, unsigned n_zones, double width,
                              double height);
/* `current` is the step to mark (samples[current]); `frame_size` converts frames to bytes. */
void frag_render_metrics_samples (cairo_t *cr, const FragRenderContext *ctx,
                                  const FragSample *samples, uint64_t n_samples, uint64_t current,
                                  uint64_t frame_size, double width, double height);

/* Frees the font caches that pango, cairo and fontconfig keep for the life of the process, so
 * that leak checkers see a clean exit. Call once, at exit, when nothing draws any more (the CLI
 * does after an export); never in a program that goes on drawing. */
void frag_render_shutdown (void);

/* What one frame of the app costs while a large scenario plays (`fragscope-cli bench --suite`):
 * a run like scenarios/large-workload.fragscope.json on `frames` frames (0: 4M) of `steps` steps
 * (0: 200,000), prepared and seeked half way; then `n_frames` frames (0: 60), each
 * `steps_per_frame` steps (0: 17, i.e. 1000 steps/s at 60 frames/s) and a repaint of every
 * view at its size in a 1920x1080 window (frame map 1120x640, buddy, pageblocks and processes
 * 720x320, metrics 1120x260), each view with its own cache as the app's widgets keep them.
 * Medians, in milliseconds of wall time. */
typedef struct {
  uint64_t frames;
  unsigned n_frames, steps_per_frame;
  double   prepare_ms;
  double   step_ms;                    /* the steps of one frame */
  double   view_ms[FRAG_VIEW_COUNT];   /* each view's repaint (FRAG_VIEW_PAGE: not measured) */
  double   frame_ms;                   /* steps plus every view */
} FragRenderBenchWindow;
bool frag_render_bench_window (uint64_t frames, uint64_t steps, unsigned n_frames,
                               unsigned steps_per_frame, FragRenderBenchWindow *out);

/* Words for the audience. All write a NUL-terminated string (truncated to fit) and return it. */
/* A migrate type's name as the views print it ("movable"), in the user's language. */
const char *frag_render_migrate_type_label (FragMigrateType mt);
char *frag_render_format_bytes (uint64_t bytes, char *buf, size_t len);   /* "250 B", "1.5 MiB" */
/* "spawn C (150 B)", "compact", "access A 0x15 -> 0x75" */
char *frag_render_describe_event (const FragEvent *ev, uint64_t frame_size, char *buf,
                                  size_t len);
/* "external fragmentation: 250 B free, largest hole 100 B"; "" when the step did not fail. */
char *frag_render_failure_text (const FragSim *sim, const FragEvent *ev, char *buf, size_t len);

#ifdef __cplusplus
}
#endif
