/* frag-canvas.h: a widget showing one renderer view of a simulation (frame map, free blocks...).
 *
 * The drawing is the renderer's (src/render); this widget decides when to redraw (it caches the
 * render node and drops it when the simulation, the palette or the size changes), and adds what
 * only a screen has: zoom and pan on the frame map, and a tooltip telling all about a frame.
 */
#pragma once

#include <gtk/gtk.h>

#include "frag-render.h"
#include "frag-simulation.h"

G_BEGIN_DECLS

/* The renderer's FragView values as a GEnum, so .ui files can name them ("frames", "buddy"). */
#define FRAG_TYPE_CANVAS_VIEW (frag_canvas_view_get_type ())
GType frag_canvas_view_get_type (void);

#define FRAG_TYPE_CANVAS (frag_canvas_get_type ())
G_DECLARE_FINAL_TYPE (FragCanvas, frag_canvas, FRAG, CANVAS, GtkWidget)

GtkWidget      *frag_canvas_new            (FragView        view);
FragView        frag_canvas_get_view       (FragCanvas     *self);
void            frag_canvas_set_view       (FragCanvas     *self,
                                            FragView        view);
FragSimulation *frag_canvas_get_simulation (FragCanvas     *self);
void            frag_canvas_set_simulation (FragCanvas     *self,
                                            FragSimulation *simulation);
/* "light", "dark" or "high-contrast" (frag_palette_parse names). */
const char     *frag_canvas_get_palette    (FragCanvas     *self);
void            frag_canvas_set_palette    (FragCanvas     *self,
                                            const char     *palette);
double          frag_canvas_get_font_scale (FragCanvas     *self);
void            frag_canvas_set_font_scale (FragCanvas     *self,
                                            double          font_scale);
/* How many times the view has been drawn anew (for measuring frame rates). */
guint           frag_canvas_get_paints     (FragCanvas     *self);
double          frag_canvas_get_zoom       (FragCanvas     *self);
void            frag_canvas_set_zoom       (FragCanvas     *self,
                                            double          zoom);
/* Figures without a simulation (/proc/buddyinfo, live or from a file): drawn as the renderer's
 * buddy chart while no simulation is set. Copied; NULL or 0 zones clears them. */
void            frag_canvas_set_zone_stats (FragCanvas          *self,
                                            const FragZoneStats *zones,
                                            guint                n_zones,
                                            const char          *title);
const char     *frag_canvas_view_label     (FragView        view);

/* The pfn shown at (x, y) of the frame map; FALSE where there is none. */
gboolean        frag_canvas_frame_at       (FragCanvas     *self,
                                            double          x,
                                            double          y,
                                            guint64        *pfn);
/* The words of a frame's tooltip, NULL outside memory (public for tests). */
char           *frag_canvas_dup_frame_text (const FragSim  *sim,
                                            guint64         pfn);

G_END_DECLS
