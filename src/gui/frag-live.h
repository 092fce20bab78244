/* frag-live.h: "This machine": the running system's memory, read again every second. */
#pragma once

#include <gtk/gtk.h>

#include "frag-canvas.h"

G_BEGIN_DECLS

#define FRAG_TYPE_LIVE (frag_live_get_type ())
G_DECLARE_FINAL_TYPE (FragLive, frag_live, FRAG, LIVE, GObject)

FragLive *frag_live_new    (void);
/* Shows the live state in view and status (what was read, or why it cannot be). Refreshes every
 * second until the object is finalized. */
void      frag_live_attach (FragLive *self,
                            FragCanvas *view,
                            GtkLabel *status);
/* Reads once; FALSE with a message the user can act on (e.g. missing permission). */
gboolean  frag_live_refresh (FragLive *self,
                             GError  **error);

G_END_DECLS
