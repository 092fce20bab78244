/* test-gui.c: widget tests of the desktop app, run under Xvfb (suite `display`).
 *
 * They link the same GUI library as the app and check what a lecturer sees: the step label and
 * transport, a policy change rerunning at the same step, errors that leave the open scenario
 * alone, frame tooltips, the views actually drawing, export files and accessible names.
 */
#include "config.h"

#include <adwaita.h>
#include <cairo.h>
#include <glib/gstdio.h>

#include "frag-application.h"
#include "frag-source.h"
#include "frag-canvas.h"
#include "frag-export-dialog.h"
#include "frag-live-view.h"
#include "frag-loader.h"
#include "frag-preferences.h"
#include "frag-resources.h"
#include "frag-simulation.h"
#include "frag-window.h"

static char *
scenario_path (const char *name)
{
  const char *src = g_getenv ("FRAGSCOPE_SOURCE_DIR");

  return g_build_filename (src != NULL ? src : ".", "scenarios", name, NULL);
}

static FragSimulation *
load_intro (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = scenario_path ("paging-introduction.fragscope.json");
  FragSimulation *sim = frag_loader_load_path (path, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (sim);
  return sim;
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_simulation_steps (void)
{
  g_autoptr(FragSimulation) sim = load_intro ();
  g_autofree char *label0 = NULL;
  g_autofree char *label1 = NULL;
  guint64 n = frag_simulation_get_n_steps (sim);
  guint notified = 0;

  g_assert_cmpuint (n, ==, 7);
  g_assert_cmpuint (frag_simulation_get_position (sim), ==, 0);
  label0 = frag_simulation_dup_step_label (sim);
  g_assert_cmpstr (label0, ==, "Step 0 of 7");

  g_signal_connect (sim, "notify::position", G_CALLBACK (count_notify_cb), &notified);
  g_assert_true (frag_simulation_step (sim));
  label1 = frag_simulation_dup_step_label (sim);
  g_assert_cmpstr (label1, ==, "Step 1 of 7");
  g_assert_cmpuint (notified, ==, 1);

  /* Seeking to where it is already is no change and must not notify. */
  frag_simulation_seek (sim, 1);
  g_assert_cmpuint (notified, ==, 1);

  g_assert_true (frag_simulation_step_back (sim));
  g_assert_cmpuint (frag_simulation_get_position (sim), ==, 0);
  g_assert_false (frag_simulation_step_back (sim));

  frag_simulation_seek (sim, 1000);
  g_assert_cmpuint (frag_simulation_get_position (sim), ==, n);
  g_assert_false (frag_simulation_step (sim));
  g_assert_finalize_object (g_steal_pointer (&sim));
}

static void
test_simulation_policy_rerun (void)
{
  g_autoptr(FragSimulation) sim = load_intro ();
  g_autoptr(GError) error = NULL;
  g_autofree char *failure = NULL;
  g_autofree char *after = NULL;
  guint notified = 0;

  g_assert_cmpint (frag_simulation_get_mode (sim), ==, FRAG_MODE_SEGMENTATION);
  frag_simulation_seek (sim, 6);  /* after "spawn C" */
  failure = frag_simulation_dup_failure (sim);
  g_assert_nonnull (failure);
  g_assert_nonnull (strstr (failure, "C"));
  g_assert_nonnull (strstr (failure, "external fragmentation"));

  g_signal_connect (sim, "notify::mode", G_CALLBACK (count_notify_cb), &notified);
  g_assert_true (frag_simulation_set_mode (sim, FRAG_MODE_PAGING, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (frag_simulation_get_position (sim), ==, 6);
  after = frag_simulation_dup_failure (sim);
  g_assert_null (after);

  /* The same mode again is no change. */
  g_assert_true (frag_simulation_set_mode (sim, FRAG_MODE_PAGING, NULL));
  g_assert_cmpuint (notified, ==, 1);
  g_assert_finalize_object (g_steal_pointer (&sim));
}

static void
test_simulation_builtin (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FragSimulation) sim = frag_loader_load_builtin (&error);

  g_assert_no_error (error);
  g_assert_nonnull (sim);
  g_assert_cmpuint (frag_simulation_get_n_steps (sim), >, 0);
  g_assert_nonnull (frag_simulation_get_title (sim));
  g_assert_finalize_object (g_steal_pointer (&sim));
}

/* The built-in scenario, opened through the input door, tells the lecture's story. */
static void
test_simulation_builtin_story (void)
{
  FragSourceOptions options = { .no_sim = true };
  FragSource source;
  g_autoptr(FragSimulation) sim = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *failure = NULL;

  g_assert_true (frag_source_load_builtin (&options, &source));
  g_assert_nonnull (source.program);
  source.config.mode = FRAG_MODE_SEGMENTATION;
  sim = frag_simulation_new (&source.config, source.program, NULL, &error);
  frag_source_clear (&source);
  g_assert_no_error (error);
  frag_simulation_seek (sim, frag_simulation_get_n_steps (sim));
  g_assert_cmpuint (frag_simulation_get_position (sim), ==, 7);
  /* Six steps applied: the last is the spawn of C (step 5), which fails under segmentation. */
  frag_simulation_seek (sim, 6);
  failure = frag_simulation_dup_failure (sim);
  g_assert_nonnull (failure);
  g_assert_nonnull (strstr (failure, "C"));
  g_assert_true (frag_simulation_set_mode (sim, FRAG_MODE_PAGING, &error));
  g_assert_null (frag_simulation_dup_failure (sim));
  g_assert_finalize_object (g_steal_pointer (&sim));
}

static void
test_simulation_play (void)
{
  g_autoptr(FragSimulation) sim = load_intro ();
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  frag_simulation_set_speed (sim, 1000);
  frag_simulation_set_playing (sim, TRUE);
  g_assert_true (frag_simulation_get_playing (sim));
  while (frag_simulation_get_playing (sim) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  /* Playing stops by itself at the end. */
  g_assert_false (frag_simulation_get_playing (sim));
  g_assert_cmpuint (frag_simulation_get_position (sim), ==, frag_simulation_get_n_steps (sim));
  g_assert_finalize_object (g_steal_pointer (&sim));
}

/* Windows hand work to threads, and a GTask can be released by its worker thread a moment after
 * its result was delivered: objects they held go away soon, not at once. */
static void
assert_finalized_soon (gpointer object)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  g_object_add_weak_pointer (object, &object);
  g_object_unref (object);
  while (object != NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (object);
}

/* ---- Window ---------------------------------------------------------------------------------- */

static void
collect_labels (GtkWidget *widget,
                GPtrArray *out)
{
  if (GTK_IS_LABEL (widget))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, out);
}

static const char *
find_step_label (GtkWidget *root)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect_labels (root, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      const char *text = gtk_label_get_label (labels->pdata[i]);

      if (g_str_has_prefix (text, "Step ") && strstr (text, " of ") != NULL)
        return text;
    }
  return NULL;
}

static void
iterate (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static void
test_window_transport (void)
{
  FragWindow *window = frag_window_new (NULL);
  g_autoptr(FragSimulation) sim = load_intro ();

  frag_window_set_simulation (window, sim);
  gtk_window_present (GTK_WINDOW (window));
  iterate (50);

  g_assert_cmpstr (find_step_label (GTK_WIDGET (window)), ==, "Step 0 of 7");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.step-forward", NULL));
  g_assert_cmpstr (find_step_label (GTK_WIDGET (window)), ==, "Step 1 of 7");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.last", NULL));
  g_assert_cmpstr (find_step_label (GTK_WIDGET (window)), ==, "Step 7 of 7");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.step-back", NULL));
  g_assert_cmpstr (find_step_label (GTK_WIDGET (window)), ==, "Step 6 of 7");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.first", NULL));
  g_assert_cmpuint (frag_simulation_get_position (sim), ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.play-pause", NULL));
  g_assert_true (frag_simulation_get_playing (sim));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.play-pause", NULL));
  g_assert_false (frag_simulation_get_playing (sim));

  gtk_window_destroy (GTK_WINDOW (window));
  iterate (20);
  assert_finalized_soon (g_steal_pointer (&sim));
}

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
wait_for_load (FragWindow *window)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  FragSimulation *before = frag_window_get_simulation (window);
  guint wake = g_timeout_add (20, wake_cb, NULL);  /* so the deadline is seen */

  /* A load ends with either a new simulation or an error on screen. */
  while (g_get_monotonic_time () < deadline && frag_window_get_simulation (window) == before
         && frag_window_get_error (window) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
}

static void
test_window_bad_file_keeps_scenario (void)
{
  FragWindow *window = frag_window_new (NULL);
  g_autoptr(FragSimulation) sim = load_intro ();
  g_autofree char *dir = g_dir_make_tmp ("fragscope-gui-XXXXXX", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.fragscope.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (bad);
  const char *error;

  g_assert_true (g_file_set_contents (bad,
                                      "{\n  \"fragscope\": 1,\n  \"memory\": {\"frames\": -5}\n}\n",
                                      -1, NULL));
  frag_window_set_simulation (window, sim);
  frag_simulation_seek (sim, 3);
  gtk_window_present (GTK_WINDOW (window));

  frag_window_open (window, file);
  wait_for_load (window);

  error = frag_window_get_error (window);
  g_assert_nonnull (error);
  /* The loader's FILE:LINE:COL message is shown as it is. */
  g_assert_nonnull (strstr (error, "bad.fragscope.json:3:"));
  g_assert_true (frag_window_get_simulation (window) == sim);
  g_assert_cmpuint (frag_simulation_get_position (sim), ==, 3);
  g_assert_cmpstr (find_step_label (GTK_WIDGET (window)), ==, "Step 3 of 7");

  /* A folder and a missing file are errors too, never a crash. */
  {
    g_autoptr(GFile) folder = g_file_new_for_path (dir);
    g_autofree char *missing_path = g_build_filename (dir, "missing.json", NULL);
    g_autoptr(GFile) missing = g_file_new_for_path (missing_path);

    frag_window_show_error (window, NULL);
    frag_window_open (window, folder);
    wait_for_load (window);
    g_assert_nonnull (frag_window_get_error (window));
    frag_window_show_error (window, NULL);
    frag_window_open (window, missing);
    wait_for_load (window);
    g_assert_nonnull (frag_window_get_error (window));
    g_assert_true (frag_window_get_simulation (window) == sim);
  }

  /* Empty, binary, truncated and deeply nested files: errors in words, nothing replaced. */
  {
    static const struct { const char *name; const char *data; gssize len; } cases[] = {
      { "empty.json", "", 0 },
      { "binary.json", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\xff\xfe", 18 },
      { "truncated.fragscope.json", "{\"fragscope\": 1, \"memory\": {\"frames\": 11", -1 },
      { "nested.json", NULL, 0 },
      { "buddyinfo", "Node 0, zone Normal 1 2 three\n", -1 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autofree char *p = g_build_filename (dir, cases[i].name, NULL);
        g_autoptr(GFile) f = g_file_new_for_path (p);
        g_autofree char *nested = NULL;

        if (cases[i].data == NULL)
          {
            GString *deep = g_string_new (NULL);

            for (guint d = 0; d < 100000; d++)
              g_string_append_c (deep, '[');
            nested = g_string_free (deep, FALSE);
          }
        g_assert_true (g_file_set_contents (p, nested ? nested : cases[i].data,
                                            nested ? -1 : cases[i].len, NULL));
        frag_window_show_error (window, NULL);
        frag_window_open (window, f);
        wait_for_load (window);
        g_test_message ("%s: %s", cases[i].name, frag_window_get_error (window));
        g_assert_nonnull (frag_window_get_error (window));
        g_assert_nonnull (strstr (frag_window_get_error (window), cases[i].name));
        g_assert_true (frag_window_get_simulation (window) == sim);
        g_unlink (p);
      }
  }

  g_unlink (bad);
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate (20);
  assert_finalized_soon (g_steal_pointer (&sim));
}

static const char *find_label_containing (GtkWidget  *root,
                                          const char *needle);

/* A long preparation can be cancelled, and a window closed while loading goes quietly. */
static void
test_window_cancel_and_close_while_loading (void)
{
  FragWindow *window = frag_window_new (NULL);
  g_autoptr(FragSimulation) sim = load_intro ();
  g_autofree char *path = scenario_path ("large-workload.fragscope.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkWidget *cancel = NULL;
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();
  gint64 deadline;

  frag_window_set_simulation (window, sim);
  gtk_window_present (GTK_WINDOW (window));
  frag_window_open (window, file);
  iterate (200);

  /* Press the progress bar's Cancel button, as a user would. */
  g_ptr_array_add (stack, window);
  while (stack->len > 0 && cancel == NULL)
    {
      GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);

      for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
        g_ptr_array_add (stack, c);
      if (GTK_IS_BUTTON (w) && GTK_IS_LABEL (gtk_button_get_child (GTK_BUTTON (w)))
          && g_strcmp0 (gtk_label_get_text (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (w)))),
                        "Cancel") == 0)
        cancel = w;
    }
  g_assert_nonnull (cancel);
  g_signal_emit_by_name (cancel, "clicked");
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (find_label_containing (GTK_WIDGET (window), "Opening large") != NULL
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (find_label_containing (GTK_WIDGET (window), "Opening large"));
  g_assert_true (frag_window_get_simulation (window) == sim);
  g_assert_null (frag_window_get_error (window));

  /* Start again and close the window in the middle: the work stops and the window goes. */
  frag_window_open (window, file);
  iterate (100);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (window != NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (window);
  assert_finalized_soon (g_steal_pointer (&sim));
}

static void
test_window_good_file (void)
{
  FragWindow *window = frag_window_new (NULL);
  g_autoptr(FragSimulation) sim = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = scenario_path ("paging-introduction.fragscope.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);

  sim = frag_loader_load_builtin (&error);
  g_assert_no_error (error);
  frag_window_set_simulation (window, sim);
  frag_window_open (window, file);
  wait_for_load (window);
  g_assert_cmpstr (frag_window_get_error (window), ==, NULL);
  g_assert_true (frag_window_get_simulation (window) != sim);
  g_assert_cmpstr (find_step_label (GTK_WIDGET (window)), ==, "Step 0 of 7");
  gtk_window_destroy (GTK_WINDOW (window));
  iterate (20);
}

static GtkDropDown *
find_policy_dropdown (GtkWidget *root)
{
  if (GTK_IS_DROP_DOWN (root))
    {
      GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (root));

      if (GTK_IS_STRING_LIST (model)
          && g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), 0),
                        "Segmentation") == 0)
        return GTK_DROP_DOWN (root);
    }
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkDropDown *found = find_policy_dropdown (c);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_window_policy_dropdown_reruns (void)
{
  FragWindow *window = frag_window_new (NULL);
  g_autoptr(FragSimulation) sim = load_intro ();
  GtkDropDown *policy;
  FragSimulation *now;
  gint64 deadline;
  g_autofree char *failure = NULL;

  frag_window_set_simulation (window, sim);
  frag_simulation_seek (sim, 6);
  policy = find_policy_dropdown (GTK_WIDGET (window));
  g_assert_nonnull (policy);
  g_assert_cmpuint (gtk_drop_down_get_selected (policy), ==, FRAG_MODE_SEGMENTATION);
  g_assert_nonnull (find_label_containing (GTK_WIDGET (window), "could not start"));

  gtk_drop_down_set_selected (policy, FRAG_MODE_PAGING);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (frag_window_get_simulation (window) == sim && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  now = frag_window_get_simulation (window);
  g_assert_true (now != sim);
  g_assert_cmpint (frag_simulation_get_mode (now), ==, FRAG_MODE_PAGING);
  g_assert_cmpuint (frag_simulation_get_position (now), ==, 6);
  failure = frag_simulation_dup_failure (now);
  g_assert_null (failure);
  g_assert_null (find_label_containing (GTK_WIDGET (window), "could not start"));
  g_assert_cmpstr (find_step_label (GTK_WIDGET (window)), ==, "Step 6 of 7");
  /* The run that was replaced is untouched. */
  g_assert_cmpint (frag_simulation_get_mode (sim), ==, FRAG_MODE_SEGMENTATION);

  gtk_window_destroy (GTK_WINDOW (window));
  iterate (20);
  assert_finalized_soon (g_steal_pointer (&sim));
}

static void
test_window_compare_steps_together (void)
{
  FragWindow *window = frag_window_new (NULL);
  g_autoptr(FragSimulation) sim = load_intro ();
  gint64 deadline;

  frag_window_set_simulation (window, sim);
  frag_simulation_seek (sim, 6);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.compare", NULL));

  /* The three runs are prepared in the background, then show the same step. */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (find_label_containing (GTK_WIDGET (window), "Paging — all steps so far succeeded") == NULL
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (find_label_containing (GTK_WIDGET (window),
                                           "Paging — all steps so far succeeded"));
  g_assert_nonnull (find_label_containing (GTK_WIDGET (window),
                                           "Segmentation — Process C could not start"));
  g_assert_nonnull (find_label_containing (GTK_WIDGET (window),
                                           "Compaction — all steps so far succeeded"));

  /* Stepping back moves all three: before step 6 nothing has failed anywhere. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.step-back", NULL));
  g_assert_null (find_label_containing (GTK_WIDGET (window), "could not start"));
  g_assert_cmpstr (find_step_label (GTK_WIDGET (window)), ==, "Step 5 of 7");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.compare", NULL));
  g_assert_null (find_label_containing (GTK_WIDGET (window), "Paging — all steps"));
  gtk_window_destroy (GTK_WINDOW (window));
  iterate (20);
  assert_finalized_soon (g_steal_pointer (&sim));
}

static void
test_window_accessible_names (void)
{
  FragWindow *window = frag_window_new (NULL);
  g_autoptr(FragSimulation) sim = load_intro ();
  GtkWidget *button;

  frag_window_set_simulation (window, sim);

  /* The transport's icon-only buttons carry real names (GTK 4.8 would expose an icon's). */
  button = gtk_widget_get_first_child (GTK_WIDGET (window));
  (void) button;
  {
    struct { const char *action; const char *name; } expected[] = {
      { "win.step-forward", "Step forward" },
      { "win.step-back", "Step back" },
      { "win.play-pause", "Play" },
    };
    g_autoptr(GPtrArray) stack = g_ptr_array_new ();
    guint found = 0;

    g_ptr_array_add (stack, window);
    while (stack->len > 0)
      {
        GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);

        for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
          g_ptr_array_add (stack, c);
        if (!GTK_IS_BUTTON (w) || gtk_actionable_get_action_name (GTK_ACTIONABLE (w)) == NULL)
          continue;
        for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
          if (g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (w)),
                         expected[i].action) == 0)
            {
              gtk_test_accessible_assert_property (GTK_ACCESSIBLE (w),
                                                   GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                   expected[i].name);
              found++;
            }
      }
    g_assert_cmpuint (found, ==, G_N_ELEMENTS (expected));
  }

  /* Playing renames the button to Pause. */
  frag_simulation_set_playing (sim, TRUE);
  {
    g_autoptr(GPtrArray) stack = g_ptr_array_new ();
    gboolean seen = FALSE;

    g_ptr_array_add (stack, window);
    while (stack->len > 0)
      {
        GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);

        for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
          g_ptr_array_add (stack, c);
        if (GTK_IS_BUTTON (w)
            && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (w)),
                          "win.play-pause") == 0)
          {
            gtk_test_accessible_assert_property (GTK_ACCESSIBLE (w),
                                                 GTK_ACCESSIBLE_PROPERTY_LABEL, "Pause");
            seen = TRUE;
          }
      }
    g_assert_true (seen);
  }
  frag_simulation_set_playing (sim, FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate (20);
  assert_finalized_soon (g_steal_pointer (&sim));
}

/* ---- Canvas ---------------------------------------------------------------------------------- */

static GdkTexture *
render_widget (GtkWidget *widget)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  g_autoptr(GskRenderNode) node = NULL;

  /* The widget's own snapshot, as a frame would take it. */
  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  return gsk_renderer_render_texture (renderer, node,
                                      &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                           gtk_widget_get_height (widget)));
}

static guint
count_colours (GdkTexture *texture)
{
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  g_autofree guint32 *data = g_new (guint32, (gsize) w * h);
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  gdk_texture_download (texture, (guchar *) data, (gsize) w * 4);
  for (gsize i = 0; i < (gsize) w * h; i++)
    g_hash_table_add (seen, GUINT_TO_POINTER (data[i]));
  return g_hash_table_size (seen);
}

static void
test_canvas_draws_and_tooltips (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *canvas = frag_canvas_new (FRAG_VIEW_FRAMES);
  g_autoptr(FragSimulation) sim = load_intro ();
  g_autoptr(GdkTexture) empty = NULL;
  g_autoptr(GdkTexture) full = NULL;
  g_autofree char *text = NULL;
  guint64 pfn = G_MAXUINT64;
  gboolean hit = FALSE;

  gtk_window_set_default_size (GTK_WINDOW (window), 550, 200);
  gtk_window_set_child (GTK_WINDOW (window), canvas);
  frag_canvas_set_simulation (FRAG_CANVAS (canvas), sim);
  gtk_window_present (GTK_WINDOW (window));
  {
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    while ((!gtk_widget_get_mapped (canvas) || gtk_widget_get_width (canvas) == 0)
           && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
    iterate (100);
  }
  g_assert_cmpint (gtk_widget_get_width (canvas), >, 0);

  empty = render_widget (canvas);
  frag_simulation_seek (sim, 4);   /* A and B placed */
  full = render_widget (canvas);
  /* Free frames alone, then free frames plus two owners and outlines. */
  g_assert_cmpuint (count_colours (full), >, count_colours (empty));

  /* Somewhere on the map is frame 2, which belongs to A. */
  for (int y = 0; y < gtk_widget_get_height (canvas) && !hit; y += 2)
    for (int x = 0; x < gtk_widget_get_width (canvas) && !hit; x += 2)
      if (frag_canvas_frame_at (FRAG_CANVAS (canvas), x, y, &pfn) && pfn == 2)
        hit = TRUE;
  g_assert_true (hit);
  g_assert_false (frag_canvas_frame_at (FRAG_CANVAS (canvas), -5, -5, &pfn));

  text = frag_canvas_dup_frame_text (frag_simulation_get_sim (sim), 2);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, "Frame 2"));
  g_assert_nonnull (strstr (text, "Normal"));
  g_assert_nonnull (strstr (text, "A"));
  g_assert_null (frag_canvas_dup_frame_text (frag_simulation_get_sim (sim), 11));

  /* Zooming shows fewer frames, each larger, and stays inside memory. */
  frag_canvas_set_zoom (FRAG_CANVAS (canvas), 4.0);
  g_assert_cmpfloat (frag_canvas_get_zoom (FRAG_CANVAS (canvas)), ==, 4.0);
  frag_canvas_set_zoom (FRAG_CANVAS (canvas), 0.1);
  g_assert_cmpfloat (frag_canvas_get_zoom (FRAG_CANVAS (canvas)), ==, 1.0);

  gtk_window_destroy (GTK_WINDOW (window));
  iterate (20);
  assert_finalized_soon (g_steal_pointer (&sim));
}

static gboolean
count_tick_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       user_data)
{
  (*(guint *) user_data)++;
  return G_SOURCE_CONTINUE;
}

/* A lecture's largest scenario (4M frames, a million steps): one step and a full repaint of the
 * frame map must fit in a frame at 60 fps, give or take a loaded test machine. */
static void
test_canvas_large_redraw (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = scenario_path ("large-workload.fragscope.json");
  g_autoptr(FragSimulation) sim = NULL;
  GtkWidget *window, *canvas;
  gint64 t0, t_prepare, t_steps;
  guint frames = 0;

  /* 4M frames, a million steps: the window keeps drawing and playing it. The times are printed
   * for people; the speed targets themselves are benchmarks (fragscope-cli bench --suite), not
   * assertions of a unit test on a shared machine. */
  sim = frag_loader_load_path (path, NULL, &error);
  g_assert_no_error (error);
  t0 = g_get_monotonic_time ();
  g_assert_true (frag_simulation_prepare (sim, NULL, NULL));
  t_prepare = g_get_monotonic_time () - t0;

  window = gtk_window_new ();
  canvas = frag_canvas_new (FRAG_VIEW_FRAMES);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_set_child (GTK_WINDOW (window), canvas);
  frag_canvas_set_simulation (FRAG_CANVAS (canvas), sim);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (canvas) || gtk_widget_get_width (canvas) == 0)
    g_main_context_iteration (NULL, TRUE);

  t0 = g_get_monotonic_time ();
  frag_simulation_seek (sim, 500000);
  g_test_message ("seek to step 500000 after prepare: %.1f ms",
                  (g_get_monotonic_time () - t0) / 1000.0);
  g_assert_cmpuint (frag_simulation_get_position (sim), ==, 500000);
  g_object_unref (render_widget (canvas));

  t0 = g_get_monotonic_time ();
  for (; frames < 30; frames++)
    {
      g_autoptr(GdkTexture) texture = NULL;

      frag_simulation_step (sim);
      texture = render_widget (canvas);
      g_assert_nonnull (texture);
    }
  g_assert_cmpuint (frag_simulation_get_position (sim), ==, 500030);
  t_steps = g_get_monotonic_time () - t0;
  g_test_message ("prepare %.2f s; step + repaint of %dx%d: %.1f ms each", t_prepare / 1e6,
                  gtk_widget_get_width (canvas), gtk_widget_get_height (canvas),
                  t_steps / 1000.0 / frames);

  /* The other views of the window, each at the size it has beside the map. */
  for (FragView v = FRAG_VIEW_BUDDY; v <= FRAG_VIEW_METRICS; v++)
    {
      frag_canvas_set_view (FRAG_CANVAS (canvas), v);
      t0 = g_get_monotonic_time ();
      for (guint i = 0; i < 5; i++)
        {
          frag_simulation_step (sim);
          g_object_unref (render_widget (canvas));
        }
      g_test_message ("%s: step + repaint %.1f ms", frag_canvas_view_label (v),
                      (g_get_monotonic_time () - t0) / 5000.0);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  iterate (20);

  /* The whole window playing fast: frames the window actually drew in 3 seconds. */
  {
    FragWindow *win = frag_window_new (NULL);
    guint64 start_pos;
    gint64 start;
    guint ticks = 0, paints[FRAG_VIEW_COUNT] = { 0 };

    frag_simulation_seek (sim, 200000);
    frag_window_set_simulation (win, sim);
    gtk_window_present (GTK_WINDOW (win));
    iterate (500);
    gtk_widget_add_tick_callback (GTK_WIDGET (frag_window_get_canvas (win, FRAG_VIEW_FRAMES)),
                                  count_tick_cb, &ticks, NULL);
    frag_simulation_set_speed (sim, 1000);
    for (FragView v = FRAG_VIEW_FRAMES; v <= FRAG_VIEW_METRICS; v++)
      paints[v] = frag_canvas_get_paints (frag_window_get_canvas (win, v));
    start_pos = frag_simulation_get_position (sim);
    frag_simulation_set_playing (sim, TRUE);
    start = g_get_monotonic_time ();
    while (g_get_monotonic_time () - start < 3 * G_USEC_PER_SEC)
      g_main_context_iteration (NULL, TRUE);
    frag_simulation_set_playing (sim, FALSE);
    g_test_message ("playing at 1000 steps/s with every view: %.1f frames/s, %.0f steps/s",
                    ticks / 3.0, (frag_simulation_get_position (sim) - start_pos) / 3.0);
    for (FragView v = FRAG_VIEW_FRAMES; v <= FRAG_VIEW_METRICS; v++)
      {
        FragCanvas *c = frag_window_get_canvas (win, v);

        g_test_message ("  %s painted %.1f times/s", frag_canvas_view_label (v),
                        (frag_canvas_get_paints (c) - paints[v]) / 3.0);
        /* Every view followed the player (not once at the end). */
        g_assert_cmpuint (frag_canvas_get_paints (c) - paints[v], >, 3);
      }
    /* It played and the window drew while it did. */
    g_assert_cmpuint (frag_simulation_get_position (sim), >, start_pos);
    g_assert_cmpuint (ticks, >, 0);
    gtk_window_destroy (GTK_WINDOW (win));
    iterate (20);
  }
}

/* ---- Export ---------------------------------------------------------------------------------- */

static void
test_export_files (void)
{
  g_autoptr(FragSimulation) sim = load_intro ();
  g_autofree char *dir = g_dir_make_tmp ("fragscope-export-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "map.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "page.svg", NULL);
  g_autofree char *pdf = g_build_filename (dir, "handout.pdf", NULL);
  g_autofree char *bad = g_build_filename (dir, "map.bmp", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  cairo_surface_t *image;
  gsize len = 0;

  frag_simulation_seek (sim, 4);
  g_assert_true (frag_export_write (sim, FRAG_EXPORT_WHAT_VIEW, FRAG_VIEW_FRAMES, "light", png, 640,
                                    360, NULL, &error));
  g_assert_no_error (error);
  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 640);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 360);
  cairo_surface_destroy (image);

  g_assert_true (frag_export_write (sim, FRAG_EXPORT_WHAT_PAGE, FRAG_VIEW_PAGE, "dark", svg, 800,
                                    600, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg, &contents, &len, NULL));
  g_assert_nonnull (strstr (contents, "<svg"));
  g_clear_pointer (&contents, g_free);

  g_assert_true (frag_export_write (sim, FRAG_EXPORT_WHAT_HANDOUT, FRAG_VIEW_PAGE, "light", pdf,
                                    800, 600, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &contents, &len, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF"));
  g_clear_pointer (&contents, g_free);
  /* The comparison figure: three policies side by side, the renderer's exporter drawing them. */
  g_assert_true (frag_export_write (sim, FRAG_EXPORT_WHAT_COMPARISON, FRAG_VIEW_FRAMES, "light",
                                    png, 1200, 500, NULL, &error));
  g_assert_no_error (error);
  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 1200);
  cairo_surface_destroy (image);
  /* The export worked on copies: the run on screen did not move. */
  g_assert_cmpuint (frag_simulation_get_position (sim), ==, 4);
  /* Nothing but the three files: temporary files were renamed into place. */
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    guint n = 0;
    while (g_dir_read_name (d) != NULL)
      n++;
    g_assert_cmpuint (n, ==, 3);
  }

  g_assert_false (frag_export_write (sim, FRAG_EXPORT_WHAT_VIEW, FRAG_VIEW_FRAMES, "light", bad, 64,
                                     64, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));

  g_unlink (png);
  g_unlink (svg);
  g_unlink (pdf);
  g_rmdir (dir);
  assert_finalized_soon (g_steal_pointer (&sim));
}

/* ---- Real machines --------------------------------------------------------------------------- */

static const char *
find_label_containing (GtkWidget  *root,
                       const char *needle)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect_labels (root, labels);
  for (guint i = 0; i < labels->len; i++)
    if (strstr (gtk_label_get_label (labels->pdata[i]), needle) != NULL)
      return gtk_label_get_label (labels->pdata[i]);
  return NULL;
}

/* Stopped, a live view goes away once a read under way has let go of it (the worker thread
 * drops its reference a moment after the result arrived). Takes the caller's reference. */
static void
assert_live_view_goes_away (FragLiveView *live)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_object_run_dispose (G_OBJECT (live));
  g_object_add_weak_pointer (G_OBJECT (live), (gpointer *) &live);
  g_object_unref (live);
  while (live != NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (live);
}

static void
test_live_view_reads_this_machine (void)
{
  GtkWidget *canvas = g_object_ref_sink (frag_canvas_new (FRAG_VIEW_BUDDY));
  GtkWidget *status = g_object_ref_sink (gtk_label_new (NULL));
  FragLiveView *live;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  if (!g_file_test ("/proc/buddyinfo", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /proc/buddyinfo on this system");
      g_object_unref (canvas);
      g_object_unref (status);
      return;
    }
  live = frag_live_view_new (NULL, FRAG_CANVAS (canvas), GTK_LABEL (status));
  while (frag_live_view_get_n_reads (live) < 2 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  /* It reads again every second, and says what it read. */
  g_assert_cmpuint (frag_live_view_get_n_reads (live), >=, 2);
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (status)), "This machine"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (status)), "free"));
  assert_live_view_goes_away (live);
  g_object_unref (canvas);
  g_object_unref (status);
}

/* Whether this process can read /proc/kpageflags (root, and a kernel that has it). */
static gboolean
can_read_kpageflags (void)
{
  FILE *f = fopen ("/proc/kpageflags", "rb");
  guint64 word;
  gboolean ok = f != NULL && fread (&word, sizeof word, 1, f) == 1;

  if (f != NULL)
    fclose (f);
  return ok && g_file_test ("/proc/zoneinfo", G_FILE_TEST_EXISTS);
}

/* The frames of the running system beside its buddy figures: shown when /proc/kpageflags can
 * be read (as root), else hidden, and the status says why. */
static void
test_live_view_frame_map (void)
{
  GtkWidget *canvas = g_object_ref_sink (frag_canvas_new (FRAG_VIEW_BUDDY));
  GtkWidget *map = g_object_ref_sink (frag_canvas_new (FRAG_VIEW_FRAMES));
  GtkWidget *status = g_object_ref_sink (gtk_label_new (NULL));
  FragLiveView *live;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  gboolean readable = can_read_kpageflags ();

  if (!g_file_test ("/proc/buddyinfo", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /proc/buddyinfo on this system");
      g_object_unref (canvas);
      g_object_unref (map);
      g_object_unref (status);
      return;
    }
  live = frag_live_view_new_with_map (NULL, FRAG_CANVAS (canvas), FRAG_CANVAS (map),
                                      GTK_LABEL (status));
  g_assert_false (gtk_widget_get_visible (map));   /* nothing read yet */
  /* The first read of kpageflags is a whole one (a few seconds on a large machine). */
  while (frag_live_view_get_n_reads (live) < (readable ? 3u : 1u)
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (frag_live_view_get_n_reads (live), >=, 1);
  if (readable)
    {
      FragSimulation *sim = frag_canvas_get_simulation (FRAG_CANVAS (map));
      const FragSim *fs;
      guint64 frames = 0;

      g_test_message ("kpageflags readable: %u maps in %u reads", frag_live_view_get_n_maps (live),
                      frag_live_view_get_n_reads (live));
      g_assert_cmpuint (frag_live_view_get_n_maps (live), >=, 2);   /* and refreshed */
      g_assert_true (gtk_widget_get_visible (map));
      g_assert_nonnull (sim);
      g_assert_true (frag_simulation_is_adopted (sim));
      fs = frag_simulation_get_sim (sim);
      /* Every zone of the machine is in it, with some of its frames in use. */
      for (unsigned z = 0; z < frag_sim_n_zones (fs); z++)
        {
          FragZoneStats zs;

          frag_sim_zone_stats (fs, z, &zs);
          frames += zs.frames;
        }
      g_assert_cmpuint (frames, >, 0);
      {
        FragMetrics m;

        frag_sim_metrics (fs, &m);
        g_assert_cmpuint (m.used_frames, >, 0);
        g_assert_cmpuint (m.free_frames, >, 0);
      }
    }
  else
    {
      g_test_message ("kpageflags not readable here: the map stays hidden");
      g_assert_false (gtk_widget_get_visible (map));
      g_assert_cmpuint (frag_live_view_get_n_maps (live), ==, 0);
      g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (status)), "kpageflags"));
    }
  assert_live_view_goes_away (live);
  g_object_unref (canvas);
  g_object_unref (map);
  g_object_unref (status);
}

static void
test_window_opens_proc_text_and_captures (void)
{
  const char *capture = g_getenv ("FRAGSCOPE_CAPTURE_DIR");
  FragWindow *window;
  g_autoptr(FragSimulation) sim = NULL;
  g_autofree char *buddyinfo = NULL;
  g_autoptr(GFile) file = NULL;
  gint64 deadline;

  if (capture == NULL || !g_file_test (capture, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("FRAGSCOPE_CAPTURE_DIR not available");
      return;
    }
  window = frag_window_new (NULL);
  sim = load_intro ();
  frag_window_set_simulation (window, sim);
  gtk_window_present (GTK_WINDOW (window));

  /* /proc/buddyinfo text: figures on the "This machine" page, the scenario stays open. */
  buddyinfo = g_build_filename (capture, "buddyinfo", NULL);
  file = g_file_new_for_path (buddyinfo);
  frag_window_open (window, file);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (find_label_containing (GTK_WIDGET (window), "zones,") == NULL
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (frag_window_get_error (window), ==, NULL);
  g_assert_nonnull (find_label_containing (GTK_WIDGET (window), "buddyinfo"));
  g_assert_true (frag_window_get_simulation (window) == sim);

  /* A capture directory opens as a run of its own, which refuses a policy change in words. */
  g_clear_object (&file);
  file = g_file_new_for_path (capture);
  frag_window_open (window, file);
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (frag_window_get_simulation (window) == sim && frag_window_get_error (window) == NULL
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (frag_window_get_error (window), ==, NULL);
  g_assert_true (frag_window_get_simulation (window) != sim);
  g_assert_true (frag_simulation_is_adopted (frag_window_get_simulation (window)));
  {
    g_autoptr(GError) error = NULL;
    FragSimulation *real = frag_window_get_simulation (window);
    FragMode mode = frag_simulation_get_mode (real);

    g_assert_false (frag_simulation_set_mode (real, mode == FRAG_MODE_PAGING ? FRAG_MODE_BUDDY
                                                                             : FRAG_MODE_PAGING,
                                              &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
    g_assert_cmpint (frag_simulation_get_mode (real), ==, mode);
  }
  gtk_window_destroy (GTK_WINDOW (window));
  iterate (20);
}

/* ---- Application and preferences ------------------------------------------------------------- */

static void
test_application_preferences (void)
{
  g_autoptr(FragApplication) app = frag_application_new ();
  g_autoptr(GError) error = NULL;
  GSettings *settings;
  GtkWindow *window;
  GtkWidget *prefs;

  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  settings = frag_application_get_settings (app);
  g_assert_nonnull (settings);  /* the test env points GSETTINGS_SCHEMA_DIR at the build */

  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (FRAG_IS_WINDOW (window));
  g_assert_cmpstr (find_step_label (GTK_WIDGET (window)), ==, "Step 0 of 7");

  /* The palette and presentation mode follow the settings at once. */
  g_assert_cmpstr (frag_window_get_palette (FRAG_WINDOW (window)), !=, "high-contrast");
  g_settings_set_string (settings, "palette", "high-contrast");
  g_assert_cmpstr (frag_window_get_palette (FRAG_WINDOW (window)), ==, "high-contrast");
  g_settings_set_boolean (settings, "presentation", TRUE);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window), "presentation"));
  g_settings_set_string (settings, "theme", "dark");
  g_assert_cmpint (adw_style_manager_get_color_scheme (adw_style_manager_get_default ()), ==,
                   ADW_COLOR_SCHEME_FORCE_DARK);

  /* The Preferences window shows what the settings hold, and writes back. */
  prefs = frag_preferences_new (window, settings);
  {
    g_autoptr(GPtrArray) stack = g_ptr_array_new ();
    AdwComboRow *palette_row = NULL;

    g_ptr_array_add (stack, prefs);
    while (stack->len > 0)
      {
        GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);

        for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
          g_ptr_array_add (stack, c);
        if (ADW_IS_COMBO_ROW (w)
            && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (w)), "Palette") == 0)
          palette_row = ADW_COMBO_ROW (w);
      }
    g_assert_nonnull (palette_row);
    g_assert_cmpuint (adw_combo_row_get_selected (palette_row), ==, 1);
    adw_combo_row_set_selected (palette_row, 0);
    {
      g_autofree char *palette = g_settings_get_string (settings, "palette");
      g_assert_cmpstr (palette, ==, "colorblind-safe");
    }
  }
  gtk_window_destroy (GTK_WINDOW (prefs));
  g_settings_reset (settings, "theme");
  g_settings_reset (settings, "presentation");
  g_settings_reset (settings, "palette");
  gtk_window_destroy (window);
  iterate (50);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  (void) frag_get_resource ();
  /* Wait loops block in g_main_context_iteration: a steady tick lets their deadlines be seen. */
  g_timeout_add (50, wake_cb, NULL);

  g_test_add_func ("/frag/gui/simulation/steps", test_simulation_steps);
  g_test_add_func ("/frag/gui/simulation/policy-rerun", test_simulation_policy_rerun);
  g_test_add_func ("/frag/gui/simulation/builtin", test_simulation_builtin);
  g_test_add_func ("/frag/gui/simulation/builtin-story", test_simulation_builtin_story);
  g_test_add_func ("/frag/gui/simulation/play", test_simulation_play);
  g_test_add_func ("/frag/gui/window/transport", test_window_transport);
  g_test_add_func ("/frag/gui/window/bad-file-keeps-scenario", test_window_bad_file_keeps_scenario);
  g_test_add_func ("/frag/gui/window/good-file", test_window_good_file);
  g_test_add_func ("/frag/gui/window/cancel-and-close-while-loading",
                   test_window_cancel_and_close_while_loading);
  g_test_add_func ("/frag/gui/window/accessible-names", test_window_accessible_names);
  g_test_add_func ("/frag/gui/window/policy-dropdown-reruns", test_window_policy_dropdown_reruns);
  g_test_add_func ("/frag/gui/window/compare-steps-together", test_window_compare_steps_together);
  g_test_add_func ("/frag/gui/canvas/draws-and-tooltips", test_canvas_draws_and_tooltips);
  g_test_add_func ("/frag/gui/export/files", test_export_files);
  g_test_add_func ("/frag/gui/canvas/large-redraw", test_canvas_large_redraw);
  g_test_add_func ("/frag/gui/live/reads-this-machine", test_live_view_reads_this_machine);
  g_test_add_func ("/frag/gui/live/frame-map", test_live_view_frame_map);
  g_test_add_func ("/frag/gui/application/preferences", test_application_preferences);
  g_test_add_func ("/frag/gui/window/opens-proc-text-and-captures",
                   test_window_opens_proc_text_and_captures);
  return g_test_run ();
}
