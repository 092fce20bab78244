/* frag-loader.h: turns a file (scenario, /proc text, capture, trace) into a FragSimulation.
 *
 * Loading and preparing run in a GTask thread so the window never freezes; the error message
 * names the file and LINE:COL as the scenario loader reports it.
 */
#pragma once

#include <gio/gio.h>

#include "frag-simulation.h"

G_BEGIN_DECLS

#define FRAG_LOADER_ERROR (frag_loader_error_quark ())
GQuark frag_loader_error_quark (void);

typedef enum {
  /* The file is /proc text (buddyinfo, pagetypeinfo, zoneinfo): figures, not a run. */
  FRAG_LOADER_ERROR_PROC_TEXT,
} FragLoaderError;

FragSimulation *frag_loader_load_builtin (GError             **error);
/* Synchronous: for the thread and for tests. */
FragSimulation *frag_loader_load_path    (const char          *path,
                                          GCancellable        *cancellable,
                                          GError             **error);
/* Loads and prepares (checkpoints, samples) in a thread; progress_cb (may be NULL) is called in
 * the main context with a fraction 0..1 and progress_data, which must then be a GObject: each
 * report keeps a reference, because reports can still arrive after the callback has run. */
void            frag_loader_load_async   (GFile               *file,
                                          GCancellable        *cancellable,
                                          void               (*progress_cb) (double   fraction,
                                                                             gpointer user_data),
                                          gpointer             progress_data,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
FragSimulation *frag_loader_load_finish  (GAsyncResult        *result,
                                          GError             **error);

G_END_DECLS
