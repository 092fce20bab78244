/* frag-export-dialog.c: PNG, SVG and PDF output of the views, and the Export dialog.
 *
 * The files are written by the renderer's exporter (frag_export_file), the one fragscope-cli
 * uses: the same pictures, a temporary file renamed into place, nothing left behind on failure or
 * cancel. This file chooses what to draw and runs the exporter on a copy of the simulation made on
 * the main thread, so the worker thread never shares engine state with the window (a run read
 * from a real machine cannot be copied and is drawn as it is, on the main thread).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "frag-export.h"
#include "frag-export-dialog.h"
#include "frag-window.h"

typedef struct
{
  FragSimulation *sims[3];
  guint           n_sims;
  FragExportWhat  what;
  FragView        view;
  char           *palette;
  char           *path;
  int             width, height;
  guint64         position;   /* the step shown when the export was asked for */
  gboolean        in_place;   /* an imported run cannot be copied: drawn as it is, here */
} ExportJob;

static void
export_job_free (gpointer data)
{
  ExportJob *job = data;

  for (guint i = 0; i < job->n_sims; i++)
    g_clear_object (&job->sims[i]);
  g_free (job->palette);
  g_free (job->path);
  g_free (job);
}

typedef struct
{
  GCancellable *cancellable;
} ExportProgress;

static bool
export_progress_cb (uint64_t done,
                    uint64_t total,
                    void    *user_data)
{
  ExportProgress *p = user_data;

  return !g_cancellable_is_cancelled (p->cancellable);
}

static gboolean
run_job (ExportJob    *job,
         GCancellable *cancellable,
         GError      **error)
{
  FragExportOptions opts;
  FragSim *compare[G_N_ELEMENTS (job->sims)];
  FragPaletteKind palette = FRAG_PALETTE_LIGHT;
  ExportProgress progress = { cancellable };
  FragExportStatus status;
  char err[1024];

  frag_export_options_init (&opts);
  if (!frag_export_format_from_path (job->path, &opts.format))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("%s: the name must end in .png, .svg or .pdf"), job->path);
      return FALSE;
    }
  if (job->what == FRAG_EXPORT_WHAT_HANDOUT && opts.format != FRAG_EXPORT_PDF)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("A handout of all steps is a PDF: the name must end in .pdf"));
      return FALSE;
    }
  if (job->palette != NULL)
    frag_palette_parse (job->palette, &palette);
  opts.path = job->path;
  opts.palette = palette;
  opts.width = job->width;
  opts.height = job->height;
  opts.title = frag_simulation_get_title (job->sims[0]);
  opts.view = job->what == FRAG_EXPORT_WHAT_VIEW ? job->view : FRAG_VIEW_PAGE;
  opts.all = job->what == FRAG_EXPORT_WHAT_HANDOUT;
  /* The step the window showed (position p is the state after step p - 1). */
  opts.step = job->position == 0 ? FRAG_EXPORT_STEP_START : job->position - 1;
  opts.progress = export_progress_cb;
  opts.user_data = &progress;
  /* The job's simulations are its own (copies, or the window's imported run on this thread): the
   * exporter may seek them. */
  if (job->what == FRAG_EXPORT_WHAT_COMPARISON)
    {
      for (guint i = 0; i < job->n_sims; i++)
        compare[i] = (FragSim *) frag_simulation_get_sim (job->sims[i]);
      opts.view = FRAG_VIEW_FRAMES;
      opts.compare_sims = compare;
      opts.n_compare_sims = job->n_sims;
    }
  else
    opts.sim = (FragSim *) frag_simulation_get_sim (job->sims[0]);

  status = frag_export_file (&opts, err, sizeof err);
  if (job->in_place)
    /* Back to the step on screen, behind the window's back but where it believes it is. */
    frag_sim_seek (opts.sim, job->position);
  switch (status)
    {
    case FRAG_EXPORT_OK:
      return TRUE;
    case FRAG_EXPORT_CANCELLED:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Export cancelled"));
      return FALSE;
    case FRAG_EXPORT_BAD_USAGE:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, err);
      return FALSE;
    case FRAG_EXPORT_BAD_INPUT:
    default:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, err);
      return FALSE;
    }
}

static ExportJob *
export_job_new (FragSimulation *simulation,
                FragExportWhat  what,
                FragView        view,
                const char     *palette,
                const char     *path,
                int             width,
                int             height,
                GError        **error)
{
  ExportJob *job = g_new0 (ExportJob, 1);

  job->what = what;
  job->view = view;
  job->palette = g_strdup (palette);
  job->path = g_strdup (path);
  job->width = CLAMP (width, 16, 16384);
  job->height = CLAMP (height, 16, 16384);
  job->position = frag_simulation_get_position (simulation);

  if (what == FRAG_EXPORT_WHAT_COMPARISON)
    {
      static const FragMode modes[] = {
        FRAG_MODE_SEGMENTATION, FRAG_MODE_COMPACTION, FRAG_MODE_PAGING,
      };
      for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
        {
          job->sims[i] = frag_simulation_copy (simulation, modes[i], error);
          if (job->sims[i] == NULL)
            {
              export_job_free (job);
              return NULL;
            }
          job->n_sims++;
        }
    }
  else if (frag_simulation_is_adopted (simulation))
    {
      job->sims[0] = g_object_ref (simulation);
      job->n_sims = 1;
      job->in_place = TRUE;
    }
  else
    {
      job->sims[0] = frag_simulation_copy (simulation, frag_simulation_get_mode (simulation),
                                           error);
      if (job->sims[0] == NULL)
        {
          export_job_free (job);
          return NULL;
        }
      job->n_sims = 1;
    }
  return job;
}

gboolean
frag_export_write (FragSimulation *simulation,
                   FragExportWhat  what,
                   FragView        view,
                   const char     *palette,
                   const char     *path,
                   int             width,
                   int             height,
                   GCancellable   *cancellable,
                   GError        **error)
{
  ExportJob *job;
  gboolean ok;

  g_return_val_if_fail (FRAG_IS_SIMULATION (simulation), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  job = export_job_new (simulation, what, view, palette, path, width, height, error);
  if (job == NULL)
    return FALSE;
  ok = run_job (job, cancellable, error);
  export_job_free (job);
  return ok;
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  GError *error = NULL;

  if (run_job (job, cancellable, &error))
    g_task_return_pointer (task, g_strdup (job->path), g_free);
  else
    g_task_return_error (task, error);
}

void
frag_export_write_async (FragSimulation     *simulation,
                         FragExportWhat      what,
                         FragView            view,
                         const char         *palette,
                         const char         *path,
                         int                 width,
                         int                 height,
                         GCancellable       *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  GError *error = NULL;
  ExportJob *job;

  g_task_set_source_tag (task, frag_export_write_async);
  job = export_job_new (simulation, what, view, palette, path, width, height, &error);
  if (job == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, job, export_job_free);
  if (job->in_place)
    {
      /* The simulation is the one on screen, which lives on this thread. */
      if (run_job (job, cancellable, &error))
        g_task_return_pointer (task, g_strdup (job->path), g_free);
      else
        g_task_return_error (task, error);
      return;
    }
  g_task_run_in_thread (task, export_thread);
}

char *
frag_export_write_finish (GAsyncResult *result,
                          GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- The dialog ------------------------------------------------------------------------------ */

typedef struct
{
  FragWindow     *window;
  GtkWindow      *dialog;
  AdwComboRow    *what_row;
  AdwComboRow    *format_row;
  GtkSpinButton  *width_spin;
  GtkSpinButton  *height_spin;
  GtkButton      *export_button;
  GtkProgressBar *progress;
  GCancellable   *cancellable;
  guint           pulse;
} ExportDialog;

static const char *format_ext[] = { "png", "svg", "pdf" };

/* The rows of "What": each view alone at this step, then the composed kinds. */
static const struct
{
  FragExportWhat what;
  FragView       view;
  const char    *file_name;
} choices[] = {
  { FRAG_EXPORT_WHAT_VIEW, FRAG_VIEW_FRAMES, "frame-map" },
  { FRAG_EXPORT_WHAT_VIEW, FRAG_VIEW_BUDDY, "free-blocks" },
  { FRAG_EXPORT_WHAT_VIEW, FRAG_VIEW_PAGEBLOCKS, "pageblocks" },
  { FRAG_EXPORT_WHAT_VIEW, FRAG_VIEW_PROCESSES, "processes" },
  { FRAG_EXPORT_WHAT_VIEW, FRAG_VIEW_METRICS, "metrics" },
  { FRAG_EXPORT_WHAT_PAGE, FRAG_VIEW_PAGE, "page" },
  { FRAG_EXPORT_WHAT_HANDOUT, FRAG_VIEW_PAGE, "handout" },
  { FRAG_EXPORT_WHAT_COMPARISON, FRAG_VIEW_FRAMES, "comparison" },
};

static guint
selected_choice (ExportDialog *d)
{
  return MIN (adw_combo_row_get_selected (d->what_row), G_N_ELEMENTS (choices) - 1);
}

static void
export_dialog_free (gpointer data)
{
  ExportDialog *d = data;

  if (d->cancellable != NULL)
    g_cancellable_cancel (d->cancellable);
  g_clear_object (&d->cancellable);
  g_clear_handle_id (&d->pulse, g_source_remove);
  g_object_unref (d->window);
  g_free (d);
}

static gboolean
pulse_cb (gpointer data)
{
  ExportDialog *d = data;

  gtk_progress_bar_pulse (d->progress);
  return G_SOURCE_CONTINUE;
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GtkWindow *dialog = user_data;
  ExportDialog *d = g_object_get_data (G_OBJECT (dialog), "frag-export");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = frag_export_write_finish (result, &error);

  if (d != NULL)
    {
      g_clear_handle_id (&d->pulse, g_source_remove);
      if (path != NULL)
        {
          g_autofree char *text = g_strdup_printf (_("Exported to %s"), path);
          frag_window_toast (d->window, text);
          gtk_window_destroy (dialog);
        }
      else
        {
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            frag_window_show_error (d->window, error->message);
          gtk_widget_set_visible (GTK_WIDGET (d->progress), FALSE);
          gtk_widget_set_sensitive (GTK_WIDGET (d->export_button), TRUE);
        }
    }
  g_object_unref (dialog);
}

static void
export_dialog_start (ExportDialog *d,
                     const char   *path)
{
  guint choice = selected_choice (d);
  g_autofree char *palette = NULL;

  palette = g_strdup (frag_window_get_palette (d->window));
  g_clear_object (&d->cancellable);
  d->cancellable = g_cancellable_new ();
  gtk_widget_set_visible (GTK_WIDGET (d->progress), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (d->export_button), FALSE);
  if (d->pulse == 0)
    d->pulse = g_timeout_add (100, pulse_cb, d);
  frag_export_write_async (frag_window_get_simulation (d->window), choices[choice].what,
                           choices[choice].view, palette, path,
                           gtk_spin_button_get_value_as_int (d->width_spin),
                           gtk_spin_button_get_value_as_int (d->height_spin), d->cancellable,
                           export_done_cb, g_object_ref (d->dialog));
}

static char *
suggested_name (ExportDialog *d)
{
  guint choice = selected_choice (d);
  guint format = adw_combo_row_get_selected (d->format_row);
  guint64 pos = frag_simulation_get_position (frag_window_get_simulation (d->window));

  if (choices[choice].what == FRAG_EXPORT_WHAT_HANDOUT)
    return g_strdup ("fragscope-handout.pdf");
  return g_strdup_printf ("fragscope-%s-step%" G_GUINT64_FORMAT ".%s", choices[choice].file_name,
                          pos, format_ext[MIN (format, G_N_ELEMENTS (format_ext) - 1)]);
}

static void
save_response_cb (GtkFileChooserNative *native,
                  int                   response,
                  gpointer              user_data)
{
  ExportDialog *d = g_object_get_data (G_OBJECT (user_data), "frag-export");

  if (d != NULL && response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        export_dialog_start (d, path);
    }
  g_object_unref (user_data);
  g_object_unref (native);
}

static void
export_clicked_cb (GtkButton *button,
                   gpointer   user_data)
{
  ExportDialog *d = user_data;
  g_autofree char *name = suggested_name (d);
  const char *dir = g_getenv ("FRAGSCOPE_EXPORT_DIR");
  GtkFileChooserNative *native;

  /* Test hook: the end-to-end test cannot drive a file chooser over AT-SPI reliably, so with
   * FRAGSCOPE_EXPORT_DIR set the file goes straight into that folder. */
  if (dir != NULL && *dir)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      export_dialog_start (d, path);
      return;
    }

  native = gtk_file_chooser_native_new (_("Export"), d->dialog, GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (save_response_cb), g_object_ref (d->dialog));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
cancel_clicked_cb (GtkButton *button,
                   gpointer   user_data)
{
  ExportDialog *d = user_data;

  if (d->cancellable != NULL && gtk_widget_get_visible (GTK_WIDGET (d->progress)))
    g_cancellable_cancel (d->cancellable);
  else
    gtk_window_destroy (d->dialog);
}

static void
what_changed_cb (AdwComboRow *row,
                 GParamSpec  *pspec,
                 gpointer     user_data)
{
  ExportDialog *d = user_data;

  /* A handout has many pages: only PDF holds them. */
  gboolean handout = choices[selected_choice (d)].what == FRAG_EXPORT_WHAT_HANDOUT;

  if (handout)
    adw_combo_row_set_selected (d->format_row, 2);
  gtk_widget_set_sensitive (GTK_WIDGET (d->format_row), !handout);
}

static GtkSpinButton *
add_spin_row (AdwPreferencesGroup *group,
              const char          *title,
              int                  value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (16, 16384, 1);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_preferences_group_add (group, row);
  return GTK_SPIN_BUTTON (spin);
}

void
frag_export_dialog_present (FragWindow *window)
{
  const char *whats[] = { _("Frame map at this step"), _("Free blocks at this step"),
                          _("Pageblocks at this step"), _("Processes at this step"),
                          _("Fragmentation over time"), _("Whole page at this step"),
                          _("Handout PDF of all steps"), _("Comparison of policies"), NULL };
  const char *formats[] = { "PNG", "SVG", "PDF", NULL };
  ExportDialog *d = g_new0 (ExportDialog, 1);
  GtkWidget *header, *toolbar, *box, *page, *group, *cancel;
  AdwComboRow *row;

  d->window = g_object_ref (window);
  d->dialog = GTK_WINDOW (adw_window_new ());
  gtk_window_set_title (d->dialog, _("Export"));
  gtk_window_set_modal (d->dialog, TRUE);
  gtk_window_set_transient_for (d->dialog, GTK_WINDOW (window));
  gtk_window_set_default_size (d->dialog, 480, -1);
  g_object_set_data_full (G_OBJECT (d->dialog), "frag-export", d, export_dialog_free);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  /* GTK 4.8 names a button after its raw label ("_Export") or, with a label child, "GtkButton":
   * an explicit accessible label gives the plain word. */
  cancel = gtk_button_new ();
  gtk_button_set_child (GTK_BUTTON (cancel), gtk_label_new_with_mnemonic (_("_Cancel")));
  gtk_accessible_update_property (GTK_ACCESSIBLE (cancel), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Cancel"), -1);
  d->export_button = GTK_BUTTON (gtk_button_new ());
  gtk_button_set_child (d->export_button, gtk_label_new_with_mnemonic (_("_Export")));
  gtk_accessible_update_property (GTK_ACCESSIBLE (d->export_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Export"), -1);
  gtk_widget_add_css_class (GTK_WIDGET (d->export_button), "suggested-action");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), GTK_WIDGET (d->export_button));
  gtk_box_append (GTK_BOX (box), header);

  page = adw_preferences_page_new ();
  group = adw_preferences_group_new ();
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("What"));
  adw_combo_row_set_model (row, G_LIST_MODEL (gtk_string_list_new (whats)));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (row));
  d->what_row = row;

  row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Format"));
  adw_combo_row_set_model (row, G_LIST_MODEL (gtk_string_list_new (formats)));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (row));
  d->format_row = row;

  d->width_spin = add_spin_row (ADW_PREFERENCES_GROUP (group), _("Width in pixels"), 1600);
  d->height_spin = add_spin_row (ADW_PREFERENCES_GROUP (group), _("Height in pixels"), 900);
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);

  d->progress = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_widget_set_visible (GTK_WIDGET (d->progress), FALSE);
  gtk_widget_set_margin_start (GTK_WIDGET (d->progress), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (d->progress), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (d->progress), 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (d->progress), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Export progress"), -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (d->progress));

  toolbar = box;
  adw_window_set_content (ADW_WINDOW (d->dialog), toolbar);

  g_signal_connect (d->what_row, "notify::selected", G_CALLBACK (what_changed_cb), d);
  g_signal_connect (d->export_button, "clicked", G_CALLBACK (export_clicked_cb), d);
  g_signal_connect (cancel, "clicked", G_CALLBACK (cancel_clicked_cb), d);

  gtk_window_present (d->dialog);
}
