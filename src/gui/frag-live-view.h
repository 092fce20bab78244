/* frag-live-view.h: "This machine": /proc/buddyinfo of the running system, read every second,
 * or the same figures from a /proc text file that was opened. */
#pragma once

#include <gtk/gtk.h>

#include "frag-canvas.h"

G_BEGIN_DECLS

#define FRAG_TYPE_LIVE_VIEW (frag_live_view_get_type ())
G_DECLARE_FINAL_TYPE (FragLiveView, frag_live_view, FRAG, LIVE_VIEW, GObject)

/* path NULL: the running system, refreshed every second; else a buddyinfo/pagetypeinfo/zoneinfo
 * file, read once. The figures go to canvas, what was read (or why not) to status. */
FragLiveView *frag_live_view_new      (const char *path,
                                       FragCanvas *canvas,
                                       GtkLabel   *status);
/* The same, and for the running system also its frames as /proc/kpageflags says (map, hidden
 * until kpageflags could be read: it needs root; the status label says why it is missing). */
FragLiveView *frag_live_view_new_with_map (const char *path,
                                           FragCanvas *canvas,
                                           FragCanvas *map,
                                           GtkLabel   *status);
/* TRUE while a read is under way (tests wait on it). */
gboolean      frag_live_view_is_busy  (FragLiveView *self);
/* Number of reads finished so far. */
guint         frag_live_view_get_n_reads (FragLiveView *self);
/* Number of frame maps shown so far (reads that could read kpageflags). */
guint         frag_live_view_get_n_maps  (FragLiveView *self);

G_END_DECLS
