/* frag-loader.c: reading files into simulations, off the main thread.
 *
 * The input door (src/input/frag-source.h) recognises the file and calls the scenario loader or
 * the importers, exactly as fragscope-cli does; this file only turns its result into a
 * FragSimulation, its message into a GError, and prepares the run in a worker thread with progress
 * and cancellation. Nothing here touches a window: a failed load leaves the scenario already open
 * untouched because nothing is swapped in until the task has succeeded.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "frag-loader.h"
#include "frag-source.h"

G_DEFINE_QUARK (frag-loader-error-quark, frag_loader_error)

/* Takes what the door opened and wraps it; clears source either way. */
static FragSimulation *
simulation_from_source (FragSource *source,
                        const char *path,
                        GError    **error)
{
  FragSimulation *sim = NULL;

  if (source->warnings != NULL)
    g_message ("%s", source->warnings);
  switch (source->kind)
    {
    case FRAG_SOURCE_SCENARIO:
      /* The program is kept so that the policy drop-downs can rerun it. */
      sim = frag_simulation_new (&source->config, source->program, source->title, error);
      break;
    case FRAG_SOURCE_CAPTURE:
    case FRAG_SOURCE_TRACE:
      /* A real machine's run: there is no program to rerun under another policy. */
      sim = frag_simulation_new_adopt (g_steal_pointer (&source->sim), source->title);
      break;
    case FRAG_SOURCE_PROC_TEXT:
    default:
      /* Figures without frames: the window shows them on the "This machine" page. */
      g_set_error (error, FRAG_LOADER_ERROR, FRAG_LOADER_ERROR_PROC_TEXT,
                   _("%s holds /proc statistics, not a scenario"), path);
      break;
    }
  frag_source_clear (source);
  return sim;
}

FragSimulation *
frag_loader_load_builtin (GError **error)
{
  /* The run is built by frag_simulation_new: the door only reads and checks. */
  FragSourceOptions options = { .no_sim = true };
  FragSource source;

  if (!frag_source_load_builtin (&options, &source))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, source.error);
      frag_source_clear (&source);
      return NULL;
    }
  return simulation_from_source (&source, NULL, error);
}

FragSimulation *
frag_loader_load_path (const char   *path,
                       GCancellable *cancellable,
                       GError      **error)
{
  /* Captures open with their trace, so that the app can play it over the real memory. */
  FragSourceOptions options = { .no_sim = true, .replay_trace = true };
  FragSource source;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (!frag_source_load (path, &options, &source))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, source.error);
      frag_source_clear (&source);
      return NULL;
    }
  return simulation_from_source (&source, path, error);
}

typedef struct
{
  char   *path;
  void  (*progress_cb) (double fraction, gpointer user_data);
  gpointer user_data;
  GTask  *task;          /* borrowed, for the cancellable */
  gint64  last_report;
} LoadData;

typedef struct
{
  void  (*progress_cb) (double fraction, gpointer user_data);
  gpointer user_data;
  double   fraction;
} ProgressReport;

static void
load_data_free (gpointer data)
{
  LoadData *ld = data;

  g_free (ld->path);
  g_free (ld);
}

static void
progress_report_free (gpointer data)
{
  ProgressReport *report = data;

  g_clear_object (&report->user_data);
  g_free (report);
}

static gboolean
report_progress_cb (gpointer data)
{
  ProgressReport *report = data;

  report->progress_cb (report->fraction, report->user_data);
  return G_SOURCE_REMOVE;
}

static bool
prepare_progress_cb (uint64_t done,
                     uint64_t total,
                     void    *user_data)
{
  LoadData *ld = user_data;
  gint64 now = g_get_monotonic_time ();

  if (g_cancellable_is_cancelled (g_task_get_cancellable (ld->task)))
    return false;

  /* A few reports a second are enough for a progress bar and keep the main loop free. */
  if (ld->progress_cb != NULL && total > 0 && now - ld->last_report > G_USEC_PER_SEC / 10)
    {
      ProgressReport *report = g_new0 (ProgressReport, 1);

      ld->last_report = now;
      report->progress_cb = ld->progress_cb;
      report->user_data = g_object_ref (ld->user_data);
      report->fraction = (double) done / (double) total;
      g_main_context_invoke_full (g_task_get_context (ld->task), G_PRIORITY_DEFAULT,
                                  report_progress_cb, report, progress_report_free);
    }
  return true;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *ld = task_data;
  g_autoptr(FragSimulation) sim = NULL;
  GError *error = NULL;

  sim = frag_loader_load_path (ld->path, cancellable, &error);
  if (sim == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  ld->task = task;
  if (!frag_simulation_prepare (sim, prepare_progress_cb, ld))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Loading was cancelled"));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&sim), g_object_unref);
}

void
frag_loader_load_async (GFile               *file,
                        GCancellable        *cancellable,
                        void               (*progress_cb) (double   fraction,
                                                           gpointer user_data),
                        gpointer             progress_data,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *ld;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, frag_loader_load_async);
  g_task_set_return_on_cancel (task, FALSE);

  ld = g_new0 (LoadData, 1);
  ld->path = g_file_get_path (file);
  g_return_if_fail (progress_cb == NULL || G_IS_OBJECT (progress_data));
  ld->progress_cb = progress_cb;
  ld->user_data = progress_data;
  g_task_set_task_data (task, ld, load_data_free);

  if (ld->path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Only local files can be opened"));
      return;
    }
  g_task_run_in_thread (task, load_thread);
}

FragSimulation *
frag_loader_load_finish (GAsyncResult *result,
                         GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
