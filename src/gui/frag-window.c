/* frag-window.c: FragWindow, the main window.
 *
 * The window holds one FragSimulation and keeps every control in step with it: the transport
 * (buttons, timeline, "Step N of M"), the policy and fit drop-downs, the views, the note of the
 * step and the failure banner. Loading happens in a thread (frag-loader.c); a new simulation is
 * swapped in only once it loaded, so a bad file never disturbs the one on screen.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "frag-application.h"
#include "frag-export-dialog.h"
#include "frag-live-view.h"
#include "frag-loader.h"
#include "frag-resources.h"
#include "frag-window.h"

#define N_COMPARE 3

struct _FragWindow
{
  AdwApplicationWindow  parent_instance;

  /* template children */
  AdwWindowTitle       *window_title;
  GtkMenuButton        *recent_button;
  GtkDropDown          *policy_dropdown;
  GtkDropDown          *fit_dropdown;
  AdwToastOverlay      *toast_overlay;
  GtkRevealer          *error_revealer;
  GtkLabel             *error_label;
  GtkButton            *error_close_button;
  GtkRevealer          *progress_revealer;
  GtkLabel             *progress_label;
  GtkProgressBar       *progress_bar;
  GtkButton            *cancel_button;
  GtkStack             *stack;
  FragCanvas           *frame_map;
  FragCanvas           *free_blocks_view;
  FragCanvas           *pageblocks_view;
  FragCanvas           *processes_view;
  FragCanvas           *metrics_view;
  GtkRevealer          *failure_revealer;
  GtkLabel             *failure_label;
  GtkLabel             *note_label;
  GtkPaned             *main_paned;
  GtkPaned             *side_paned;
  GtkPaned             *side_paned2;
  GtkPaned             *side_paned3;
  GtkBox               *compare_box;
  GtkBox               *live_box;
  GtkLabel             *live_label;
  GtkLabel             *event_label;
  GtkBox               *transport_box;
  GtkButton            *play_button;
  GtkScale             *timeline;
  GtkAdjustment        *timeline_adjustment;
  GtkDropDown          *speed_dropdown;
  GtkLabel             *step_label;

  FragSimulation       *simulation;
  GSignalGroup         *sim_signals;
  GCancellable         *load_cancellable;  /* a load or a rerun under way */
  guint                 reveal_source;
  GFile                *file;
  char                 *palette;
  gboolean              updating;   /* true while controls are set from the model */

  FragSimulation       *compare_sims[N_COMPARE];
  GCancellable         *compare_cancellable;
  FragCanvas           *compare_views[N_COMPARE];
  GtkLabel             *compare_labels[N_COMPARE];

  FragLiveView         *live;
  FragCanvas           *live_view;
  FragCanvas           *live_map;       /* this machine's frames (kpageflags), beside live_view */
  GtkWidget            *live_pane;
};

G_DEFINE_FINAL_TYPE (FragWindow, frag_window, ADW_TYPE_APPLICATION_WINDOW)

static void frag_window_set_page      (FragWindow *self,
                                       const char *page);
static void frag_window_show_figures  (FragWindow *self,
                                       const char *path);

static const double speeds[] = { 0.5, 1, 2, 5, 20, 100, 1000, 100000 };
static const FragMode compare_modes[N_COMPARE] = {
  FRAG_MODE_SEGMENTATION, FRAG_MODE_COMPACTION, FRAG_MODE_PAGING,
};

static FragCanvas *
all_views (FragWindow *self,
           guint       i)
{
  FragCanvas *views[] = {
    self->frame_map, self->free_blocks_view, self->pageblocks_view, self->processes_view,
    self->metrics_view,
  };
  return i < G_N_ELEMENTS (views) ? views[i] : NULL;
}

/* ---- Keeping the controls in step with the model --------------------------------------------- */

static void
frag_window_update_labels (FragWindow *self)
{
  g_autofree char *step = NULL;
  g_autofree char *event = NULL;
  g_autofree char *failure = NULL;
  const char *note;

  if (self->simulation == NULL)
    return;

  step = frag_simulation_dup_step_label (self->simulation);
  gtk_label_set_label (self->step_label, step);

  /* Emptied, not only hidden: a closed revealer's child still reads as visible over AT-SPI. */
  failure = frag_simulation_dup_failure (self->simulation);
  /* A failure is told once, in the banner where it happened. */
  event = failure != NULL ? g_strdup ("") : frag_simulation_dup_event_text (self->simulation);
  gtk_label_set_label (self->event_label, event);

  gtk_label_set_label (self->failure_label, failure != NULL ? failure : "");
  gtk_revealer_set_reveal_child (self->failure_revealer, failure != NULL);

  note = frag_sim_current_note (frag_simulation_get_sim (self->simulation));
  gtk_label_set_label (self->note_label, note != NULL ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), note != NULL && *note);

  self->updating = TRUE;
  gtk_adjustment_set_value (self->timeline_adjustment,
                            (double) frag_simulation_get_position (self->simulation));
  self->updating = FALSE;

  for (guint i = 0; i < N_COMPARE; i++)
    if (self->compare_sims[i] != NULL)
      {
        g_autofree char *f = frag_simulation_dup_failure (self->compare_sims[i]);
        g_autofree char *text = NULL;

        text = g_strdup_printf ("%s — %s", frag_mode_label (compare_modes[i]),
                                f != NULL ? f : _("all steps so far succeeded"));
        gtk_label_set_label (self->compare_labels[i], text);
      }
}

static void
frag_window_update_actions (FragWindow *self)
{
  guint64 pos = 0, n = 0;
  gboolean playing = FALSE;

  if (self->simulation != NULL)
    {
      pos = frag_simulation_get_position (self->simulation);
      n = frag_simulation_get_n_steps (self->simulation);
      playing = frag_simulation_get_playing (self->simulation);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.step-back", pos > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.first", pos > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.step-forward", pos < n);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.last", pos < n);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.play-pause", n > 0);

  gtk_button_set_icon_name (self->play_button, playing ? "media-playback-pause-symbolic"
                                                       : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button),
                               playing ? _("Pause (Space)") : _("Play (Space)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  playing ? _("Pause") : _("Play"), -1);
}

static void
frag_window_sync_compare (FragWindow *self)
{
  guint64 pos;

  if (self->simulation == NULL)
    return;
  pos = frag_simulation_get_position (self->simulation);
  for (guint i = 0; i < N_COMPARE; i++)
    if (self->compare_sims[i] != NULL)
      frag_simulation_seek (self->compare_sims[i], pos);
}

static void
sim_changed_cb (FragWindow     *self,
                FragSimulation *simulation)
{
  frag_window_sync_compare (self);
  frag_window_update_labels (self);
  frag_window_update_actions (self);
}

static void
sim_notify_playing_cb (FragWindow     *self,
                       GParamSpec     *pspec,
                       FragSimulation *simulation)
{
  frag_window_update_actions (self);
}

static void
frag_window_update_policy (FragWindow *self)
{
  FragMode mode;

  if (self->simulation == NULL)
    return;
  mode = frag_simulation_get_mode (self->simulation);
  self->updating = TRUE;
  gtk_drop_down_set_selected (self->policy_dropdown, mode);
  gtk_drop_down_set_selected (self->fit_dropdown, frag_simulation_get_fit (self->simulation));
  self->updating = FALSE;
  /* The fit only matters where segments need one hole; a real machine's memory has no other
   * policy to rerun under. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->fit_dropdown),
                            !frag_simulation_is_adopted (self->simulation)
                            && (mode == FRAG_MODE_SEGMENTATION || mode == FRAG_MODE_COMPACTION));
  gtk_widget_set_sensitive (GTK_WIDGET (self->policy_dropdown),
                            !frag_simulation_is_adopted (self->simulation)
                            && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack),
                                          "single") == 0);
}

static void
sim_notify_policy_cb (FragWindow     *self,
                      GParamSpec     *pspec,
                      FragSimulation *simulation)
{
  frag_window_update_policy (self);
}

static void
frag_window_clear_compare (FragWindow *self)
{
  GtkWidget *child;

  if (self->compare_cancellable != NULL)
    g_cancellable_cancel (self->compare_cancellable);
  g_clear_object (&self->compare_cancellable);
  while (self->compare_box != NULL
         && (child = gtk_widget_get_first_child (GTK_WIDGET (self->compare_box))) != NULL)
    gtk_box_remove (self->compare_box, child);
  for (guint i = 0; i < N_COMPARE; i++)
    {
      g_clear_object (&self->compare_sims[i]);
      self->compare_views[i] = NULL;
      self->compare_labels[i] = NULL;
    }
}

/* Comparing means running the program three times: the copies are prepared and brought to the
 * current step in a worker thread, and shown when ready. */
typedef struct
{
  FragWindow     *self;
  FragSimulation *sims[N_COMPARE];
  guint64         position;
  GCancellable   *cancellable;
} CompareData;

static void
compare_data_free (gpointer data)
{
  CompareData *cd = data;

  for (guint i = 0; i < N_COMPARE; i++)
    g_clear_object (&cd->sims[i]);
  g_object_unref (cd->cancellable);
  g_object_unref (cd->self);
  g_free (cd);
}

static bool
compare_progress_cb (uint64_t done,
                     uint64_t total,
                     void    *user_data)
{
  return !g_cancellable_is_cancelled (user_data);
}

static void
compare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  CompareData *cd = task_data;

  for (guint i = 0; i < N_COMPARE; i++)
    {
      if (cd->sims[i] == NULL)
        continue;
      if (!frag_simulation_prepare (cd->sims[i], compare_progress_cb, cd->cancellable))
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
          return;
        }
      frag_simulation_seek (cd->sims[i], cd->position);
    }
  g_task_return_boolean (task, TRUE);
}

static void
compare_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CompareData *cd = g_task_get_task_data (G_TASK (result));
  FragWindow *self = cd->self;

  if (!g_task_propagate_boolean (G_TASK (result), NULL) || self->compare_box == NULL
      || self->compare_cancellable != cd->cancellable)
    return;
  g_clear_object (&self->compare_cancellable);
  for (guint i = 0; i < N_COMPARE; i++)
    if (cd->sims[i] != NULL && self->compare_views[i] != NULL)
      {
        self->compare_sims[i] = g_object_ref (cd->sims[i]);
        frag_canvas_set_simulation (self->compare_views[i], self->compare_sims[i]);
      }
  frag_window_sync_compare (self);
  frag_window_update_labels (self);
}

static void
frag_window_build_compare (FragWindow *self)
{
  g_autoptr(GTask) task = NULL;
  /* The status lines under the columns wrap differently: one height for all, so that the maps
   * above them keep one scale. */
  g_autoptr(GtkSizeGroup) status_group = gtk_size_group_new (GTK_SIZE_GROUP_VERTICAL);
  CompareData *cd;

  frag_window_clear_compare (self);
  if (self->simulation == NULL)
    return;

  cd = g_new0 (CompareData, 1);
  cd->self = g_object_ref (self);
  cd->position = frag_simulation_get_position (self->simulation);
  cd->cancellable = g_cancellable_new ();
  self->compare_cancellable = g_object_ref (cd->cancellable);

  for (guint i = 0; i < N_COMPARE; i++)
    {
      g_autoptr(GError) error = NULL;
      GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *title = gtk_label_new (frag_mode_label (compare_modes[i]));
      GtkWidget *view = frag_canvas_new (FRAG_VIEW_FRAMES);
      GtkWidget *label = gtk_label_new (NULL);

      cd->sims[i] = frag_simulation_copy (self->simulation, compare_modes[i], &error);
      gtk_widget_add_css_class (title, "title-2");
      gtk_widget_add_css_class (title, "compare-title");
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "view-title");
      gtk_widget_add_css_class (label, "compare-status");
      gtk_size_group_add_widget (status_group, label);
      gtk_widget_set_vexpand (view, TRUE);
      frag_canvas_set_palette (FRAG_CANVAS (view), self->palette);
      frag_canvas_set_font_scale (FRAG_CANVAS (view),
                                  gtk_widget_has_css_class (GTK_WIDGET (self), "presentation")
                                  ? 1.6 : 1.0);
      gtk_label_set_label (GTK_LABEL (label), cd->sims[i] != NULL ? _("Preparing…")
                                                                   : error->message);
      gtk_box_append (GTK_BOX (column), title);
      gtk_box_append (GTK_BOX (column), view);
      gtk_box_append (GTK_BOX (column), label);
      gtk_box_append (self->compare_box, column);
      self->compare_views[i] = FRAG_CANVAS (view);
      self->compare_labels[i] = GTK_LABEL (label);
    }

  task = g_task_new (NULL, cd->cancellable, compare_done_cb, NULL);
  g_task_set_source_tag (task, frag_window_build_compare);
  g_task_set_task_data (task, cd, compare_data_free);
  g_task_run_in_thread (task, compare_thread);
}

FragSimulation *
frag_window_get_simulation (FragWindow *self)
{
  g_return_val_if_fail (FRAG_IS_WINDOW (self), NULL);
  return self->simulation;
}

void
frag_window_set_simulation (FragWindow     *self,
                            FragSimulation *simulation)
{
  g_return_if_fail (FRAG_IS_WINDOW (self));
  g_return_if_fail (FRAG_IS_SIMULATION (simulation));

  if (self->simulation == simulation)
    return;

  if (self->simulation != NULL)
    {
      frag_simulation_set_playing (self->simulation, FALSE);
      /* A new scenario keeps the speed the lecturer chose. */
      frag_simulation_set_speed (simulation, frag_simulation_get_speed (self->simulation));
    }
  else
    frag_simulation_set_speed (simulation, speeds[gtk_drop_down_get_selected (self->speed_dropdown)
                                                  % G_N_ELEMENTS (speeds)]);
  g_set_object (&self->simulation, simulation);
  g_signal_group_set_target (self->sim_signals, simulation);

  for (guint i = 0; all_views (self, i) != NULL; i++)
    frag_canvas_set_simulation (all_views (self, i), simulation);

  adw_window_title_set_title (self->window_title, frag_simulation_get_title (simulation)
                                                  ? frag_simulation_get_title (simulation)
                                                  : _("Untitled scenario"));
  if (self->file != NULL)
    {
      g_autofree char *name = g_file_get_basename (self->file);
      adw_window_title_set_subtitle (self->window_title, name);
    }
  else
    adw_window_title_set_subtitle (self->window_title, _("Built-in scenario"));

  self->updating = TRUE;
  gtk_adjustment_configure (self->timeline_adjustment,
                            (double) frag_simulation_get_position (simulation), 0,
                            (double) frag_simulation_get_n_steps (simulation), 1,
                            MAX (1.0, frag_simulation_get_n_steps (simulation) / 20.0), 0);
  self->updating = FALSE;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "compare") == 0)
    frag_window_build_compare (self);
  else
    frag_window_clear_compare (self);

  frag_window_update_policy (self);
  frag_window_update_labels (self);
  frag_window_update_actions (self);
}

/* ---- Errors, toasts, progress ---------------------------------------------------------------- */

void
frag_window_show_error (FragWindow *self,
                        const char *message)
{
  g_return_if_fail (FRAG_IS_WINDOW (self));

  if (message == NULL)
    {
      gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
      gtk_label_set_label (self->error_label, "");
      return;
    }
  gtk_label_set_label (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
}

const char *
frag_window_get_error (FragWindow *self)
{
  g_return_val_if_fail (FRAG_IS_WINDOW (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->error_revealer))
    return NULL;
  return gtk_label_get_label (self->error_label);
}

void
frag_window_toast (FragWindow *self,
                   const char *message)
{
  g_return_if_fail (FRAG_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
error_close_clicked_cb (FragWindow *self,
                        GtkButton  *button)
{
  frag_window_show_error (self, NULL);
}

static void
cancel_clicked_cb (FragWindow *self,
                   GtkButton  *button)
{
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
}

static void
load_progress_cb (double   fraction,
                  gpointer user_data)
{
  FragWindow *self = user_data;

  /* Reports may come after the load finished, or after the window was closed. */
  if (self->load_cancellable != NULL && self->progress_bar != NULL)
    gtk_progress_bar_set_fraction (self->progress_bar, fraction);
}

/* ---- Opening --------------------------------------------------------------------------------- */

typedef struct
{
  FragWindow *self;
  GFile      *file;
} OpenData;

static void
frag_window_add_recent (FragWindow *self,
                        GFile      *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  GtkRecentData data = { 0 };

  data.mime_type = (char *) "application/x-fragscope-scenario+json";
  data.app_name = (char *) g_get_application_name ();
  data.app_exec = (char *) "fragscope %u";
  gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data);
}

/* The lecturer may prefer every scenario to start under one policy (Preferences). */
static void
frag_window_apply_default_policy (FragWindow     *self,
                                  FragSimulation *sim)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  GSettings *settings = FRAG_IS_APPLICATION (app)
                        ? frag_application_get_settings (FRAG_APPLICATION (app)) : NULL;
  g_autofree char *policy = settings ? g_settings_get_string (settings, "default-policy") : NULL;
  FragMode mode;

  if (policy != NULL && frag_mode_parse (policy, &mode))
    frag_simulation_set_mode (sim, mode, NULL);
}

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  OpenData *od = user_data;
  FragWindow *self = od->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(FragSimulation) sim = frag_loader_load_finish (result, &error);

  /* The window may have been closed meanwhile (which cancelled the load). */
  if (self->progress_revealer == NULL)
    {
      g_object_unref (od->file);
      g_object_unref (od->self);
      g_free (od);
      return;
    }
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  gtk_label_set_label (self->progress_label, "");
  g_clear_object (&self->load_cancellable);

  if (sim == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        frag_window_toast (self, _("Opening was cancelled"));
      else if (g_error_matches (error, FRAG_LOADER_ERROR, FRAG_LOADER_ERROR_PROC_TEXT))
        {
          g_autofree char *path = g_file_get_path (od->file);

          /* /proc text has figures, not frames: shown like the running system's. */
          frag_window_show_error (self, NULL);
          frag_window_add_recent (self, od->file);
          frag_window_set_page (self, "live");
          frag_window_show_figures (self, path);
        }
      else
        frag_window_show_error (self, error->message);
    }
  else
    {
      frag_window_apply_default_policy (self, sim);
      frag_window_show_error (self, NULL);
      g_set_object (&self->file, od->file);
      frag_window_add_recent (self, od->file);
      frag_window_set_simulation (self, sim);
    }
  g_object_unref (od->file);
  g_object_unref (od->self);
  g_free (od);
}

void
frag_window_open (FragWindow *self,
                  GFile      *file)
{
  OpenData *od;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (FRAG_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();

  name = g_file_get_basename (file);
  text = g_strdup_printf (_("Opening %s…"), name);
  gtk_label_set_label (self->progress_label, text);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);

  od = g_new0 (OpenData, 1);
  od->self = g_object_ref (self);
  od->file = g_object_ref (file);
  frag_loader_load_async (file, self->load_cancellable, load_progress_cb, self, load_done_cb, od);
}

static void
open_response_cb (FragWindow           *self,
                  int                   response,
                  GtkFileChooserNative *native)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (file != NULL)
        frag_window_open (self, file);
    }
  g_object_unref (native);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *const *patterns,
            const char     *mime_type)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; patterns != NULL && patterns[i] != NULL; i++)
    gtk_file_filter_add_pattern (filter, patterns[i]);
  if (mime_type != NULL)
    gtk_file_filter_add_mime_type (filter, mime_type);
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FragWindow *self = FRAG_WINDOW (widget);
  GtkFileChooserNative *native;
  static const char *const scenario_patterns[] = { "*.fragscope.json", "*.json", NULL };
  static const char *const proc_patterns[] = { "buddyinfo*", "pagetypeinfo*", "zoneinfo*",
                                               "*.txt", NULL };
  static const char *const trace_patterns[] = { "*.trace", "*.trace.xz", "trace*", "*.dat",
                                                NULL };
  static const char *const all_patterns[] = { "*", NULL };

  native = gtk_file_chooser_native_new (_("Open"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  add_filter (GTK_FILE_CHOOSER (native), _("Scenarios"), scenario_patterns,
              "application/x-fragscope-scenario+json");
  add_filter (GTK_FILE_CHOOSER (native), _("/proc text (buddyinfo, pagetypeinfo)"),
              proc_patterns, NULL);
  add_filter (GTK_FILE_CHOOSER (native), _("Page allocation traces"), trace_patterns, NULL);
  add_filter (GTK_FILE_CHOOSER (native), _("All files"), all_patterns, NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect_swapped (native, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  frag_window_open (FRAG_WINDOW (widget), file);
}

/* The lecture library installed with the app (FRAGSCOPE_SCENARIOS_DIR overrides it, e.g. to run
 * from a build tree): "paging-introduction.fragscope.json" becomes "Paging introduction". */
static GMenu *
frag_window_examples_menu (void)
{
  const char *dir_name = g_getenv ("FRAGSCOPE_SCENARIOS_DIR");
  g_autofree char *dir_path = g_build_filename (dir_name ? dir_name : PKGDATADIR,
                                                dir_name ? "" : "scenarios", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GMenu *menu = g_menu_new ();
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".fragscope.json"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  for (guint i = 0; i < names->len; i++)
    {
      const char *file = *(const char **) &names->pdata[i];
      g_autofree char *path = g_build_filename (dir_path, file, NULL);
      g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
      g_autofree char *label = g_strndup (file, strlen (file) - strlen (".fragscope.json"));
      g_autoptr(GMenuItem) item = NULL;

      g_strdelimit (label, "-_", ' ');
      label[0] = g_ascii_toupper (label[0]);
      if (uri == NULL)
        continue;
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target (item, "win.open-recent", "s", uri);
      g_menu_append_item (menu, item);
    }
  return menu;
}

static void
frag_window_update_recent (FragWindow *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) recent = g_menu_new ();
  g_autoptr(GMenu) examples = frag_window_examples_menu ();
  GList *items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());
  guint n = 0;

  for (GList *l = items; l != NULL && n < 10; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      g_autoptr(GMenuItem) item = NULL;

      if (!gtk_recent_info_has_application (info, g_get_application_name ())
          || !gtk_recent_info_exists (info))
        continue;
      item = g_menu_item_new (gtk_recent_info_get_display_name (info), NULL);
      g_menu_item_set_action_and_target (item, "win.open-recent", "s",
                                         gtk_recent_info_get_uri (info));
      g_menu_append_item (recent, item);
      n++;
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
  if (n == 0)
    g_menu_append (recent, _("No recent files"), "win.none");
  g_menu_append_section (menu, _("Recent"), G_MENU_MODEL (recent));
  if (g_menu_model_get_n_items (G_MENU_MODEL (examples)) > 0)
    g_menu_append_section (menu, _("Lecture examples"), G_MENU_MODEL (examples));
  gtk_menu_button_set_menu_model (self->recent_button, G_MENU_MODEL (menu));
}

static void
recent_changed_cb (FragWindow       *self,
                   GtkRecentManager *manager)
{
  frag_window_update_recent (self);
}

static gboolean
drop_cb (FragWindow    *self,
         const GValue  *value,
         double         x,
         double         y,
         GtkDropTarget *target)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = gdk_file_list_get_files (g_value_get_boxed (value));
  if (files == NULL)
    return FALSE;
  frag_window_open (self, files->data);
  g_slist_free (files);
  return TRUE;
}

/* ---- Transport ------------------------------------------------------------------------------- */

static void
step_forward_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FragWindow *self = FRAG_WINDOW (widget);

  frag_simulation_set_playing (self->simulation, FALSE);
  frag_simulation_step (self->simulation);
}

static void
step_back_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FragWindow *self = FRAG_WINDOW (widget);

  frag_simulation_set_playing (self->simulation, FALSE);
  frag_simulation_step_back (self->simulation);
}

static void
first_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FragWindow *self = FRAG_WINDOW (widget);

  frag_simulation_set_playing (self->simulation, FALSE);
  frag_simulation_seek (self->simulation, 0);
}

static void
last_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FragWindow *self = FRAG_WINDOW (widget);

  frag_simulation_set_playing (self->simulation, FALSE);
  frag_simulation_seek (self->simulation, frag_simulation_get_n_steps (self->simulation));
}

static void
play_pause_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  FragWindow *self = FRAG_WINDOW (widget);

  frag_simulation_set_playing (self->simulation, !frag_simulation_get_playing (self->simulation));
}

static void
fullscreen_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  if (gtk_window_is_fullscreen (GTK_WINDOW (widget)))
    gtk_window_unfullscreen (GTK_WINDOW (widget));
  else
    gtk_window_fullscreen (GTK_WINDOW (widget));
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FragWindow *self = FRAG_WINDOW (widget);
  double factor = g_str_equal (action_name, "win.zoom-in") ? 2.0 : 0.5;

  frag_canvas_set_zoom (self->frame_map, frag_canvas_get_zoom (self->frame_map) * factor);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FragWindow *self = FRAG_WINDOW (widget);

  frag_export_dialog_present (self);
}

static void
frag_window_stop_figures (FragWindow *self)
{
  if (self->live != NULL)
    {
      /* Stops the timer now, even if a read still holds a reference. */
      g_object_run_dispose (G_OBJECT (self->live));
      g_clear_object (&self->live);
    }
  if (self->live_pane != NULL)
    {
      gtk_box_remove (self->live_box, self->live_pane);
      self->live_pane = NULL;
      self->live_view = NULL;
      self->live_map = NULL;
    }
}

/* The "This machine" page: the running system (path NULL) or a /proc text file. */
static void
frag_window_show_figures (FragWindow *self,
                          const char *path)
{
  gboolean presentation = gtk_widget_has_css_class (GTK_WIDGET (self), "presentation");

  frag_window_stop_figures (self);
  /* The frames as /proc/kpageflags tells them (root only; hidden until read) beside the free
   * blocks by order of every zone. */
  self->live_pane = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  gtk_paned_set_wide_handle (GTK_PANED (self->live_pane), TRUE);
  gtk_widget_set_vexpand (self->live_pane, TRUE);
  self->live_map = FRAG_CANVAS (frag_canvas_new (FRAG_VIEW_FRAMES));
  self->live_view = FRAG_CANVAS (frag_canvas_new (FRAG_VIEW_BUDDY));
  for (guint i = 0; i < 2; i++)
    {
      FragCanvas *c = i ? self->live_view : self->live_map;

      frag_canvas_set_palette (c, self->palette);
      frag_canvas_set_font_scale (c, presentation ? 1.6 : 1.0);
      gtk_widget_set_hexpand (GTK_WIDGET (c), TRUE);
    }
  gtk_paned_set_start_child (GTK_PANED (self->live_pane), GTK_WIDGET (self->live_map));
  gtk_paned_set_end_child (GTK_PANED (self->live_pane), GTK_WIDGET (self->live_view));
  gtk_paned_set_resize_start_child (GTK_PANED (self->live_pane), TRUE);
  gtk_paned_set_shrink_start_child (GTK_PANED (self->live_pane), FALSE);
  gtk_box_append (self->live_box, self->live_pane);
  self->live = frag_live_view_new_with_map (path, self->live_view, self->live_map,
                                            self->live_label);
}

static void
frag_window_set_page (FragWindow *self,
                      const char *page)
{
  gboolean compare = g_str_equal (page, "compare");
  gboolean live = g_str_equal (page, "live");

  gtk_stack_set_visible_child_name (self->stack, page);
  if (compare)
    frag_window_build_compare (self);
  else
    frag_window_clear_compare (self);

  if (live && self->live == NULL)
    frag_window_show_figures (self, NULL);
  else if (!live)
    frag_window_stop_figures (self);

  /* Live figures have no steps: the transport would only mislead. */
  gtk_widget_set_visible (GTK_WIDGET (self->transport_box), !live);
  gtk_widget_set_visible (GTK_WIDGET (self->event_label), !live);
  frag_window_update_policy (self);
}

static void
compare_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FragWindow *self = FRAG_WINDOW (widget);
  gboolean on = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "compare") != 0;

  frag_window_set_page (self, on ? "compare" : "single");
}

static void
live_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FragWindow *self = FRAG_WINDOW (widget);
  gboolean on = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "live") != 0;

  frag_window_set_page (self, on ? "live" : "single");
}

static void
timeline_value_changed_cb (FragWindow    *self,
                           GtkAdjustment *adjustment)
{
  if (self->updating || self->simulation == NULL)
    return;
  frag_simulation_seek (self->simulation, (guint64) (gtk_adjustment_get_value (adjustment) + 0.5));
}

static void
speed_selected_cb (FragWindow  *self,
                   GParamSpec  *pspec,
                   GtkDropDown *dropdown)
{
  guint i = gtk_drop_down_get_selected (dropdown);

  if (self->simulation != NULL && i < G_N_ELEMENTS (speeds))
    frag_simulation_set_speed (self->simulation, speeds[i]);
}

/* A policy change reruns the program from the start: for a long scenario that is a long replay,
 * so the new run is prepared in a worker thread (progress and Cancel shown if it takes a while)
 * and swapped in at the same step once ready; the old run stays on screen until then. */
typedef struct
{
  FragWindow     *self;
  FragSimulation *sim;
  guint64         position;
  gboolean        playing;
  GCancellable   *cancellable;
} RerunData;

static void
rerun_data_free (gpointer data)
{
  RerunData *rd = data;

  g_object_unref (rd->self);
  g_object_unref (rd->sim);
  g_object_unref (rd->cancellable);
  g_free (rd);
}

static gboolean
reveal_progress_cb (gpointer user_data)
{
  FragWindow *self = user_data;

  self->reveal_source = 0;
  if (self->load_cancellable != NULL)
    gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  return G_SOURCE_REMOVE;
}

static bool
rerun_progress_cb (uint64_t done,
                   uint64_t total,
                   void    *user_data)
{
  RerunData *rd = user_data;

  return !g_cancellable_is_cancelled (rd->cancellable);
}

static void
rerun_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  RerunData *rd = task_data;

  if (!frag_simulation_prepare (rd->sim, rerun_progress_cb, rd))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
      return;
    }
  frag_simulation_seek (rd->sim, rd->position);
  g_task_return_boolean (task, TRUE);
}

static void
rerun_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  RerunData *rd = g_task_get_task_data (G_TASK (result));
  FragWindow *self = rd->self;
  g_autoptr(GError) error = NULL;

  if (self->progress_revealer == NULL)
    return;  /* the window was closed meanwhile */
  if (self->load_cancellable == rd->cancellable)
    {
      g_clear_object (&self->load_cancellable);
      g_clear_handle_id (&self->reveal_source, g_source_remove);
      gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
    }
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* Cancelled: the old run is still there; the drop-downs go back to it. */
      frag_window_update_policy (self);
      return;
    }
  if (self->simulation == NULL || gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;
  frag_window_set_simulation (self, rd->sim);
  if (rd->playing)
    frag_simulation_set_playing (rd->sim, TRUE);
}

static void
frag_window_rerun (FragWindow *self,
                   FragMode    mode,
                   FragFit     fit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *text = NULL;
  FragSimulation *copy;
  RerunData *rd;

  if (self->simulation == NULL)
    return;
  if (mode == frag_simulation_get_mode (self->simulation)
      && fit == frag_simulation_get_fit (self->simulation))
    return;
  copy = frag_simulation_copy_with_fit (self->simulation, mode, fit, &error);
  if (copy == NULL)
    {
      frag_window_show_error (self, error->message);
      frag_window_update_policy (self);
      return;
    }

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();

  rd = g_new0 (RerunData, 1);
  rd->self = g_object_ref (self);
  rd->sim = copy;
  rd->position = frag_simulation_get_position (self->simulation);
  rd->playing = frag_simulation_get_playing (self->simulation);
  rd->cancellable = g_object_ref (self->load_cancellable);
  frag_simulation_set_playing (self->simulation, FALSE);

  text = g_strdup_printf (_("Rerunning under %s…"), frag_mode_label (mode));
  gtk_label_set_label (self->progress_label, text);
  gtk_progress_bar_pulse (self->progress_bar);
  g_clear_handle_id (&self->reveal_source, g_source_remove);
  self->reveal_source = g_timeout_add (300, reveal_progress_cb, self);

  task = g_task_new (NULL, self->load_cancellable, rerun_done_cb, NULL);
  g_task_set_source_tag (task, frag_window_rerun);
  g_task_set_task_data (task, rd, rerun_data_free);
  g_task_run_in_thread (task, rerun_thread);
}

static void
policy_selected_cb (FragWindow  *self,
                    GParamSpec  *pspec,
                    GtkDropDown *dropdown)
{
  guint mode = gtk_drop_down_get_selected (dropdown);

  if (self->updating || self->simulation == NULL || mode >= FRAG_MODE_COUNT)
    return;
  frag_window_rerun (self, mode, frag_simulation_get_fit (self->simulation));
}

static void
fit_selected_cb (FragWindow  *self,
                 GParamSpec  *pspec,
                 GtkDropDown *dropdown)
{
  guint fit = gtk_drop_down_get_selected (dropdown);

  if (self->updating || self->simulation == NULL || fit >= FRAG_FIT_COUNT)
    return;
  frag_window_rerun (self, frag_simulation_get_mode (self->simulation), fit);
}

/* ---- Preferences-driven state ---------------------------------------------------------------- */

void
frag_window_set_palette (FragWindow *self,
                         const char *palette)
{
  g_return_if_fail (FRAG_IS_WINDOW (self));

  if (g_strcmp0 (self->palette, palette) == 0)
    return;
  g_free (self->palette);
  self->palette = g_strdup (palette);
  for (guint i = 0; all_views (self, i) != NULL; i++)
    frag_canvas_set_palette (all_views (self, i), palette);
  for (guint i = 0; i < N_COMPARE; i++)
    if (self->compare_views[i] != NULL)
      frag_canvas_set_palette (self->compare_views[i], palette);
  if (self->live_view != NULL)
    frag_canvas_set_palette (self->live_view, palette);
  if (self->live_map != NULL)
    frag_canvas_set_palette (self->live_map, palette);
}

void
frag_window_set_presentation (FragWindow *self,
                              gboolean    presentation)
{
  g_return_if_fail (FRAG_IS_WINDOW (self));

  if (presentation)
    gtk_widget_add_css_class (GTK_WIDGET (self), "presentation");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "presentation");
  for (guint i = 0; all_views (self, i) != NULL; i++)
    frag_canvas_set_font_scale (all_views (self, i), presentation ? 1.6 : 1.0);
  for (guint i = 0; i < N_COMPARE; i++)
    if (self->compare_views[i] != NULL)
      frag_canvas_set_font_scale (self->compare_views[i], presentation ? 1.6 : 1.0);
  if (self->live_view != NULL)
    frag_canvas_set_font_scale (self->live_view, presentation ? 1.6 : 1.0);
  if (self->live_map != NULL)
    frag_canvas_set_font_scale (self->live_map, presentation ? 1.6 : 1.0);
  /* Larger type needs taller side views (the metrics at the bottom take what is left). */
  gtk_paned_set_position (self->side_paned, presentation ? 280 : 220);
  gtk_paned_set_position (self->side_paned2, presentation ? 180 : 150);
  gtk_paned_set_position (self->side_paned3, presentation ? 210 : 180);
}

FragCanvas *
frag_window_get_canvas (FragWindow *self,
                        FragView    view)
{
  g_return_val_if_fail (FRAG_IS_WINDOW (self), NULL);

  for (guint i = 0; all_views (self, i) != NULL; i++)
    if (frag_canvas_get_view (all_views (self, i)) == view)
      return all_views (self, i);
  return NULL;
}

const char *
frag_window_get_palette (FragWindow *self)
{
  g_return_val_if_fail (FRAG_IS_WINDOW (self), NULL);
  return self->palette;
}

/* ---- GObject --------------------------------------------------------------------------------- */

static void
frag_window_dispose (GObject *object)
{
  FragWindow *self = FRAG_WINDOW (object);

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_handle_id (&self->reveal_source, g_source_remove);
  if (self->simulation != NULL)
    frag_simulation_set_playing (self->simulation, FALSE);
  frag_window_clear_compare (self);
  frag_window_stop_figures (self);
  g_signal_handlers_disconnect_by_data (gtk_recent_manager_get_default (), self);
  if (self->sim_signals != NULL)
    g_signal_group_set_target (self->sim_signals, NULL);
  g_clear_object (&self->sim_signals);
  g_clear_object (&self->simulation);
  g_clear_object (&self->file);

  gtk_widget_dispose_template (GTK_WIDGET (self), FRAG_TYPE_WINDOW);

  G_OBJECT_CLASS (frag_window_parent_class)->dispose (object);
}

/* Closing the window must stop its background work at once: a load or rerun holds a reference
 * on the window until it ends, so waiting for dispose would let it run to completion. */
static void
frag_window_unrealize (GtkWidget *widget)
{
  FragWindow *self = FRAG_WINDOW (widget);

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  if (self->compare_cancellable != NULL)
    g_cancellable_cancel (self->compare_cancellable);
  if (self->simulation != NULL)
    frag_simulation_set_playing (self->simulation, FALSE);
  frag_window_stop_figures (self);

  GTK_WIDGET_CLASS (frag_window_parent_class)->unrealize (widget);
}

static void
frag_window_finalize (GObject *object)
{
  FragWindow *self = FRAG_WINDOW (object);

  g_free (self->palette);

  G_OBJECT_CLASS (frag_window_parent_class)->finalize (object);
}

static void
frag_window_class_init (FragWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = frag_window_dispose;
  object_class->finalize = frag_window_finalize;
  widget_class->unrealize = frag_window_unrealize;

  /* The template lives in the GResource: keep its object file in a static link. */
  (void) frag_get_resource ();
  g_type_ensure (FRAG_TYPE_CANVAS);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/fragscope/Fragscope/frag-window.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, FragWindow, name)
  BIND (window_title);
  BIND (recent_button);
  BIND (policy_dropdown);
  BIND (fit_dropdown);
  BIND (toast_overlay);
  BIND (error_revealer);
  BIND (error_label);
  BIND (error_close_button);
  BIND (progress_revealer);
  BIND (progress_label);
  BIND (progress_bar);
  BIND (cancel_button);
  BIND (stack);
  BIND (frame_map);
  BIND (free_blocks_view);
  BIND (pageblocks_view);
  BIND (processes_view);
  BIND (metrics_view);
  BIND (failure_revealer);
  BIND (failure_label);
  BIND (note_label);
  BIND (main_paned);
  BIND (side_paned);
  BIND (side_paned2);
  BIND (side_paned3);
  BIND (compare_box);
  BIND (live_box);
  BIND (live_label);
  BIND (event_label);
  BIND (transport_box);
  BIND (play_button);
  BIND (timeline);
  BIND (timeline_adjustment);
  BIND (speed_dropdown);
  BIND (step_label);
#undef BIND

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.step-forward", NULL, step_forward_action);
  gtk_widget_class_install_action (widget_class, "win.step-back", NULL, step_back_action);
  gtk_widget_class_install_action (widget_class, "win.first", NULL, first_action);
  gtk_widget_class_install_action (widget_class, "win.last", NULL, last_action);
  gtk_widget_class_install_action (widget_class, "win.play-pause", NULL, play_pause_action);
  gtk_widget_class_install_action (widget_class, "win.fullscreen", NULL, fullscreen_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.compare", NULL, compare_action);
  gtk_widget_class_install_action (widget_class, "win.live", NULL, live_action);

}

/* The transport keys: Left/Right, Home/End and Space. Caught before the focused widget sees them
 * (as class bindings of the window they came after GtkWindow's own arrow-key focus moves, so
 * Right moved the focus instead of the step), except where the focus needs them: a text field,
 * a list in a popover, and Space on a button, which activates that button. */
static gboolean
transport_key_cb (FragWindow            *self,
                  guint                  keyval,
                  guint                  keycode,
                  GdkModifierType        state,
                  GtkEventControllerKey *controller)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  const char *action = NULL;

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK | GDK_SUPER_MASK))
    return FALSE;
  if (focus != NULL && (GTK_IS_EDITABLE (focus) || GTK_IS_TEXT (focus)
                        || gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) != NULL))
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      action = "win.step-forward";
      break;
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      action = "win.step-back";
      break;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      action = "win.first";
      break;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      action = "win.last";
      break;
    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
      if (focus != NULL && (GTK_IS_BUTTON (focus) || GTK_IS_CHECK_BUTTON (focus)
                            || GTK_IS_SWITCH (focus) || GTK_IS_DROP_DOWN (focus)
                            || gtk_widget_get_ancestor (focus, GTK_TYPE_DROP_DOWN) != NULL))
        return FALSE;
      action = "win.play-pause";
      break;
    default:
      return FALSE;
    }
  return gtk_widget_activate_action (GTK_WIDGET (self), action, NULL);
}

/* Until the window is shown, its default width sets the split: the frame map gets 58% of it
 * (the .ui's position suits only the .ui's default size). */
static void
default_width_cb (FragWindow *self)
{
  int width = 0, height = 0;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  if (width > 600 && !gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_paned_set_position (self->main_paned, width * 58 / 100);
}

static void
frag_window_init (FragWindow *self)
{
  GtkEventController *keys;
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "notify::default-width", G_CALLBACK (default_width_cb), NULL);

  self->palette = g_strdup ("light");
  self->sim_signals = g_signal_group_new (FRAG_TYPE_SIMULATION);
  g_signal_group_connect_swapped (self->sim_signals, "changed", G_CALLBACK (sim_changed_cb), self);
  g_signal_group_connect_swapped (self->sim_signals, "notify::playing",
                                  G_CALLBACK (sim_notify_playing_cb), self);
  g_signal_group_connect_swapped (self->sim_signals, "notify::mode",
                                  G_CALLBACK (sim_notify_policy_cb), self);
  g_signal_group_connect_swapped (self->sim_signals, "notify::fit",
                                  G_CALLBACK (sim_notify_policy_cb), self);

  /* GtkDropDown's inner button would otherwise be announced as "GtkToggleButton". */
  {
    struct { GtkDropDown *dropdown; const char *label; } named[] = {
      { self->policy_dropdown, _("Policy") },
      { self->fit_dropdown, _("Fit") },
      { self->speed_dropdown, _("Speed") },
    };

    for (guint i = 0; i < G_N_ELEMENTS (named); i++)
      {
        GtkWidget *button = gtk_widget_get_first_child (GTK_WIDGET (named[i].dropdown));

        if (GTK_IS_TOGGLE_BUTTON (button))
          gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          named[i].label, -1);
      }
  }

  g_signal_connect_swapped (self->timeline_adjustment, "value-changed",
                            G_CALLBACK (timeline_value_changed_cb), self);
  g_signal_connect_swapped (self->speed_dropdown, "notify::selected",
                            G_CALLBACK (speed_selected_cb), self);
  g_signal_connect_swapped (self->policy_dropdown, "notify::selected",
                            G_CALLBACK (policy_selected_cb), self);
  g_signal_connect_swapped (self->fit_dropdown, "notify::selected",
                            G_CALLBACK (fit_selected_cb), self);
  g_signal_connect_swapped (self->error_close_button, "clicked",
                            G_CALLBACK (error_close_clicked_cb), self);
  g_signal_connect_swapped (self->cancel_button, "clicked", G_CALLBACK (cancel_clicked_cb), self);

  g_signal_connect_swapped (gtk_recent_manager_get_default (), "changed",
                            G_CALLBACK (recent_changed_cb), self);
  frag_window_update_recent (self);

  /* The keyboard starts on the frame map (its description is what a screen reader reads
   * first), not on the Open button, where Space would open a file instead of playing; the
   * buttons of the header and the transport do not take the focus when clicked, for the same
   * reason. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->frame_map));

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (transport_key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_swapped (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  frag_window_update_actions (self);
}

FragWindow *
frag_window_new (GtkApplication *application)
{
  return g_object_new (FRAG_TYPE_WINDOW, "application", application, NULL);
}
