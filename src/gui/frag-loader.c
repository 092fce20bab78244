/* frag-loader.c: reading files into simulations, off the main thread.
 *
 * The scenario layer (and the importers) do the parsing; this file only chooses which of them
 * to call, turns their diagnostics into a GError and prepares the run in a worker thread, with
 * progress and cancellation. Nothing here touches a window: a failed load leaves the scenario
 * already open untouched because nothing is swapped in until the task has succeeded.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "frag-builtin.h"
#include "frag-loader.h"

#ifdef HAVE_FRAG_IMPORT
# include "frag-import.h"
#endif

G_DEFINE_QUARK (frag-loader-error-quark, frag_loader_error)

#ifdef HAVE_FRAG_SCENARIO
# include "frag-scenario.h"

static FragSimulation *
simulation_from_scenario (FragScenario    *scenario,
                          FragDiagnostics *diag,
                          const char      *fallback_name,
                          GError         **error)
{
  FragSimulation *sim;
  g_autofree char *title = NULL;

  if (scenario == NULL)
    {
      const char *msg = frag_diagnostics_error (diag);

      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           msg != NULL ? msg : fallback_name);
      return NULL;
    }
  if (scenario->program->title == NULL && scenario->path != NULL)
    title = g_path_get_basename (scenario->path);
  sim = frag_simulation_new (&scenario->config, scenario->program, title, error);
  frag_scenario_free (scenario);
  return sim;
}

static FragSimulation *
frag_loader_load_scenario (const char *path,
                           GError    **error)
{
  FragDiagnostics diag;
  FragScenario *scenario;
  FragSimulation *sim;

  frag_diagnostics_init (&diag);
  scenario = frag_scenario_load_file (path, &diag);
  sim = simulation_from_scenario (scenario, &diag, path, error);
  frag_diagnostics_clear (&diag);
  return sim;
}
#endif

FragSimulation *
frag_loader_load_builtin (GError **error)
{
#ifdef HAVE_FRAG_SCENARIO
  {
    FragDiagnostics diag;
    FragScenario *scenario;
    FragSimulation *sim;

    /* The scenario layer's copy is the one the CLI shows too; ours is only the fallback. */
    frag_diagnostics_init (&diag);
    scenario = frag_scenario_load_builtin (&diag);
    sim = scenario != NULL ? simulation_from_scenario (scenario, &diag, NULL, NULL) : NULL;
    frag_diagnostics_clear (&diag);
    if (sim != NULL)
      return sim;
  }
#endif
  FragConfig cfg;
  FragProgram *prog = frag_builtin_paging_intro (&cfg);
  FragSimulation *sim;

  if (prog == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Out of memory"));
      return NULL;
    }
  sim = frag_simulation_new (&cfg, prog, NULL, error);
  frag_program_unref (prog);
  return sim;
}

FragSimulation *
frag_loader_load_path (const char   *path,
                       GCancellable *cancellable,
                       GError      **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

#ifdef HAVE_FRAG_IMPORT
  {
    char err[1024] = "";
    FragInputKind kind = frag_import_detect_full (path, err, sizeof err);
    FragImportResult res;

    switch (kind)
      {
      case FRAG_INPUT_CAPTURE:
      case FRAG_INPUT_TRACE:
        memset (&res, 0, sizeof res);
        if (!frag_import_open (path, true, &res, err, sizeof err))
          {
            g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, err);
            return NULL;
          }
        if (res.warnings[0] != '\0')
          g_message ("%s: %s", path, res.warnings);
        return frag_simulation_new_adopt (res.sim, res.title[0] ? res.title : path);
      case FRAG_INPUT_BUDDYINFO:
      case FRAG_INPUT_PAGETYPEINFO:
      case FRAG_INPUT_ZONEINFO:
        {
          FragProcInfo info;

          /* A malformed file is an error like any other, with its line and column. */
          frag_proc_info_init (&info);
          if (!frag_proc_read (&info, path, err, sizeof err))
            {
              g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, err);
              return NULL;
            }
        }
        /* Figures without frames: the window shows them on the "This machine" page. */
        g_set_error (error, FRAG_LOADER_ERROR, FRAG_LOADER_ERROR_PROC_TEXT,
                     _("%s holds /proc statistics, not a scenario"), path);
        return NULL;
      case FRAG_INPUT_JSON:
      case FRAG_INPUT_UNKNOWN:
      default:
        /* The scenario loader names the line and column of whatever is wrong. */
        break;
      }
  }
#endif
  /* A folder that is not a capture. */
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _("%s: is a folder, not a scenario file or a capture"), path);
      return NULL;
    }
#ifdef HAVE_FRAG_SCENARIO
  return frag_loader_load_scenario (path, error);
#else
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
               _("%s: this build of Fragscope cannot read scenario files"), path);
  return NULL;
#endif
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
