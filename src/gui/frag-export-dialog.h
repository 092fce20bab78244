/* frag-export-dialog.h: writing views to PNG, SVG or PDF, and the Export dialog.
 *
 * The format follows the file's extension. Work happens on a private copy of the simulation in a
 * GTask thread (a handout of a long run steps through every step), with progress and
 * cancellation, so the window stays responsive and the run on screen is never touched.
 */
#pragma once

#include <gio/gio.h>

#include "frag-simulation.h"
#include "frag-render.h"

G_BEGIN_DECLS

typedef enum {
  FRAG_EXPORT_WHAT_VIEW = 0,    /* the frame map (or another view) at the current step */
  FRAG_EXPORT_WHAT_PAGE,        /* every view composed on one page */
  FRAG_EXPORT_WHAT_HANDOUT,     /* a PDF with one page per step */
  FRAG_EXPORT_WHAT_COMPARISON,  /* the same step under three policies */
  FRAG_EXPORT_WHAT_N_WHAT
} FragExportWhat;

typedef struct _FragWindow FragWindow;

/* Synchronous; progress (may be NULL) returns FALSE to cancel. */
gboolean frag_export_write         (FragSimulation    *simulation,
                                    FragExportWhat     what,
                                    FragView           view,
                                    const char        *palette,
                                    const char        *path,
                                    int                width,
                                    int                height,
                                    GCancellable      *cancellable,
                                    GError           **error);
void     frag_export_write_async   (FragSimulation    *simulation,
                                    FragExportWhat     what,
                                    FragView           view,
                                    const char        *palette,
                                    const char        *path,
                                    int                width,
                                    int                height,
                                    GCancellable      *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer           user_data);
/* Returns the path written. */
char    *frag_export_write_finish  (GAsyncResult      *result,
                                    GError           **error);

void     frag_export_dialog_present (FragWindow       *window);

G_END_DECLS
