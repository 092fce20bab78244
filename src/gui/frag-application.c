/* frag-application.c: FragApplication, the AdwApplication of Fragscope.
 *
 * It opens windows (the built-in scenario, or the files given on the command line or by the
 * desktop), owns the app-wide actions (preferences, about, quit, presentation mode) and turns
 * GSettings and the dark/light style into what every window shows.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "frag-application.h"
#include "frag-loader.h"
#include "frag-preferences.h"
#include "frag-resources.h"
#include "frag-window.h"

#define SCHEMA_ID "io.github.fragscope.Fragscope"

struct _FragApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (FragApplication, frag_application, ADW_TYPE_APPLICATION)

GSettings *
frag_application_get_settings (FragApplication *self)
{
  g_return_val_if_fail (FRAG_IS_APPLICATION (self), NULL);
  return self->settings;
}

char *
frag_application_dup_palette (FragApplication *self)
{
  g_autofree char *palette = NULL;
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());

  if (self->settings != NULL)
    palette = g_settings_get_string (self->settings, "palette");
  if (g_strcmp0 (palette, "high-contrast") == 0
      || adw_style_manager_get_high_contrast (adw_style_manager_get_default ()))
    return g_strdup ("high-contrast");
  return g_strdup (dark ? "dark" : "light");
}

static void
frag_application_apply_to_window (FragApplication *self,
                                  FragWindow      *window)
{
  g_autofree char *palette = frag_application_dup_palette (self);

  frag_window_set_palette (window, palette);
  frag_window_set_presentation (window, self->settings != NULL
                                        && g_settings_get_boolean (self->settings, "presentation"));
}

static void
frag_application_apply_all (FragApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (FRAG_IS_WINDOW (l->data))
      frag_application_apply_to_window (self, l->data);
}

static void
frag_application_apply_theme (FragApplication *self)
{
  g_autofree char *theme = NULL;
  AdwColorScheme scheme = ADW_COLOR_SCHEME_DEFAULT;

  if (self->settings != NULL)
    theme = g_settings_get_string (self->settings, "theme");
  if (g_strcmp0 (theme, "light") == 0)
    scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_strcmp0 (theme, "dark") == 0)
    scheme = ADW_COLOR_SCHEME_FORCE_DARK;
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), scheme);
}

static void
settings_changed_cb (FragApplication *self,
                     const char      *key,
                     GSettings       *settings)
{
  if (g_strcmp0 (key, "theme") == 0)
    frag_application_apply_theme (self);
  frag_application_apply_all (self);
}

static void
style_changed_cb (FragApplication *self,
                  GParamSpec      *pspec,
                  AdwStyleManager *manager)
{
  frag_application_apply_all (self);
}

/* The next window opens the size the last one was closed at. */
static gboolean
window_close_request_cb (FragApplication *self,
                         GtkWindow       *window)
{
  int width = 0, height = 0;

  if (self->settings == NULL)
    return FALSE;
  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window) && width >= 360 && height >= 360)
    {
      g_settings_set_int (self->settings, "window-width", MIN (width, 16384));
      g_settings_set_int (self->settings, "window-height", MIN (height, 16384));
    }
  return FALSE;
}

/* The size of the first monitor, if the display knows one. */
static gboolean
frag_application_screen_size (GdkRectangle *geometry)
{
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GdkMonitor) monitor = NULL;

  if (display == NULL)
    return FALSE;
  monitor = g_list_model_get_item (gdk_display_get_monitors (display), 0);
  if (monitor == NULL)
    return FALSE;
  gdk_monitor_get_geometry (monitor, geometry);
  return geometry->width > 0 && geometry->height > 0;
}

static FragWindow *
frag_application_new_window (FragApplication *self)
{
  FragWindow *window = frag_window_new (GTK_APPLICATION (self));
  g_autoptr(GError) error = NULL;
  g_autoptr(FragSimulation) sim = NULL;

  if (self->settings != NULL)
    {
      g_autoptr(GVariant) saved = g_settings_get_user_value (self->settings, "window-width");
      int width = g_settings_get_int (self->settings, "window-width");
      int height = g_settings_get_int (self->settings, "window-height");
      GdkRectangle screen = { 0, 0, 0, 0 };

      /* A window larger than the screen opens cut off (there may be no window manager to fit
       * it, as on a lecture PC's kiosk session): keep it inside. */
      if (frag_application_screen_size (&screen))
        {
          /* The first window uses most of a large screen even where nobody maximises it. */
          if (saved == NULL)
            {
              width = MAX (width, screen.width * 9 / 10);
              height = MAX (height, screen.height * 9 / 10);
            }
          width = MIN (width, screen.width);
          height = MIN (height, screen.height);
        }
      gtk_window_set_default_size (GTK_WINDOW (window), width, height);
      /* The first window on a large screen (a projector) takes all of it; later ones open as the
       * last one closed. */
      if (g_settings_get_boolean (self->settings, "window-maximized")
          || (saved == NULL && screen.width >= 1600 && screen.height >= 1000))
        gtk_window_maximize (GTK_WINDOW (window));
    }
  g_signal_connect_object (window, "close-request", G_CALLBACK (window_close_request_cb), self,
                           G_CONNECT_SWAPPED);

  sim = frag_loader_load_builtin (&error);

  if (sim != NULL)
    {
      g_autofree char *policy = self->settings != NULL
                                ? g_settings_get_string (self->settings, "default-policy") : NULL;
      FragMode mode;

      if (policy != NULL && frag_mode_parse (policy, &mode))
        frag_simulation_set_mode (sim, mode, NULL);
      /* A few steps: preparing here is instant and gives the metrics their whole curve. */
      frag_simulation_prepare (sim, NULL, NULL);
      frag_window_set_simulation (window, sim);
    }
  else
    frag_window_show_error (window, error->message);
  frag_application_apply_to_window (self, window);
  return window;
}

static void
frag_application_activate (GApplication *app)
{
  FragApplication *self = FRAG_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (frag_application_new_window (self));
  gtk_window_present (window);
}

static void
frag_application_open (GApplication  *app,
                       GFile        **files,
                       int            n_files,
                       const char    *hint)
{
  FragApplication *self = FRAG_APPLICATION (app);

  for (int i = 0; i < n_files; i++)
    {
      FragWindow *window = frag_application_new_window (self);

      frag_window_open (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
frag_application_startup (GApplication *app)
{
  FragApplication *self = FRAG_APPLICATION (app);
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  G_APPLICATION_CLASS (frag_application_parent_class)->startup (app);

  /* Without an installed schema (running from a build tree) the app still runs on defaults. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE);
  if (schema != NULL)
    {
      self->settings = g_settings_new (SCHEMA_ID);
      g_signal_connect_swapped (self->settings, "changed", G_CALLBACK (settings_changed_cb), self);
      g_action_map_add_action (G_ACTION_MAP (app),
                               g_settings_create_action (self->settings, "presentation"));
    }
  else
    g_debug ("GSettings schema %s not found; using defaults", SCHEMA_ID);

  frag_application_apply_theme (self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::high-contrast",
                           G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_css_provider_load_from_resource (css, "/io/github/fragscope/Fragscope/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
frag_application_dispose (GObject *object)
{
  FragApplication *self = FRAG_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (frag_application_parent_class)->dispose (object);
}

static void
frag_application_class_init (FragApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = frag_application_dispose;
  app_class->activate = frag_application_activate;
  app_class->open = frag_application_open;
  app_class->startup = frag_application_startup;
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  FragApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  gtk_window_present (GTK_WINDOW (frag_preferences_new (parent, self->settings)));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  FragApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *developers[] = { "The Fragscope authors", NULL };

  adw_show_about_window (parent,
                         "application-name", _("Fragscope"),
                         "application-icon", APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("The Fragscope authors"),
                         "developers", developers,
                         "comments", _("See how physical memory fragments and how segmentation, "
                                       "paging, compaction and the Linux buddy allocator "
                                       "cope with it."),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "website", "https://github.com/fragscope/fragscope",
                         "issue-url", "https://github.com/fragscope/fragscope/issues",
                         /* TRANSLATORS: your name(s), one per line */
                         "translator-credits", _("translator-credits"),
                         "release-notes-version", PACKAGE_VERSION,
                         "release-notes",
                         _("<p>The first release.</p><ul>"
                           "<li>Segmentation, paging, compaction and buddy allocator policies</li>"
                           "<li>Scenario files with line and column in every error message</li>"
                           "<li>Live view of the running system and import of captures and "
                           "traces</li>"
                           "<li>Export to PNG, SVG and PDF</li></ul>"),
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated, NULL, NULL, NULL, { 0 } },
  { "preferences", preferences_activated, NULL, NULL, NULL, { 0 } },
  { "about", about_activated, NULL, NULL, NULL, { 0 } },
};

static void
frag_application_init (FragApplication *self)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *open_accels[] = { "<Control>o", NULL };
  static const char *export_accels[] = { "<Control>e", NULL };
  static const char *fullscreen_accels[] = { "F11", NULL };
  static const char *prefs_accels[] = { "<Control>comma", NULL };
  static const char *zoom_in_accels[] = { "<Control>plus", "<Control>equal", NULL };
  static const char *zoom_out_accels[] = { "<Control>minus", NULL };

  /* Referencing the resource keeps its object file, whose constructor registers it, in the link
   * of a static library. */
  (void) frag_get_resource ();

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions),
                                   self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", prefs_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.open", open_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.export", export_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.fullscreen",
                                         fullscreen_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.zoom-in", zoom_in_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.zoom-out",
                                         zoom_out_accels);
}

FragApplication *
frag_application_new (void)
{
  return g_object_new (FRAG_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       /* the same resources for the .Devel id */
                       "resource-base-path", "/io/github/fragscope/Fragscope",
                       NULL);
}
