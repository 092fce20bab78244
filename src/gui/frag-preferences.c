/* frag-preferences.c: FragPreferences, the Preferences window.
 *
 * Each row maps a GSettings string key to the position in its list of choices, both ways, so the
 * window always shows what the settings hold (also when changed elsewhere, e.g. by gsettings).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "frag-preferences.h"

struct _FragPreferences
{
  AdwPreferencesWindow parent_instance;

  AdwComboRow *palette_row;
  AdwComboRow *theme_row;
  AdwComboRow *policy_row;
  GtkSwitch   *presentation_switch;

  GSettings   *settings;
};

G_DEFINE_FINAL_TYPE (FragPreferences, frag_preferences, ADW_TYPE_PREFERENCES_WINDOW)

static const char *const palette_choices[] = { "colorblind-safe", "high-contrast", NULL };
static const char *const theme_choices[] = { "system", "light", "dark", NULL };
static const char *const policy_choices[] = { "scenario", "segmentation", "paging", "compaction",
                                               "buddy", NULL };

static gboolean
choice_get_mapping (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const char *const *choices = user_data;
  const char *s = g_variant_get_string (variant, NULL);

  for (guint i = 0; choices[i] != NULL; i++)
    if (g_str_equal (choices[i], s))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
choice_set_mapping (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  const char *const *choices = user_data;
  guint i = g_value_get_uint (value);

  if (i >= g_strv_length ((char **) choices))
    return NULL;
  return g_variant_new_string (choices[i]);
}

static void
bind_choice (GSettings         *settings,
             const char        *key,
             AdwComboRow       *row,
             const char *const *choices)
{
  g_settings_bind_with_mapping (settings, key, row, "selected", G_SETTINGS_BIND_DEFAULT,
                                choice_get_mapping, choice_set_mapping, (gpointer) choices, NULL);
}

static void
frag_preferences_dispose (GObject *object)
{
  FragPreferences *self = FRAG_PREFERENCES (object);

  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), FRAG_TYPE_PREFERENCES);

  G_OBJECT_CLASS (frag_preferences_parent_class)->dispose (object);
}

static void
frag_preferences_class_init (FragPreferencesClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = frag_preferences_dispose;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/fragscope/Fragscope/frag-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, FragPreferences, palette_row);
  gtk_widget_class_bind_template_child (widget_class, FragPreferences, theme_row);
  gtk_widget_class_bind_template_child (widget_class, FragPreferences, policy_row);
  gtk_widget_class_bind_template_child (widget_class, FragPreferences, presentation_switch);
}

static void
frag_preferences_init (FragPreferences *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
frag_preferences_new (GtkWindow *parent,
                      GSettings *settings)
{
  FragPreferences *self = g_object_new (FRAG_TYPE_PREFERENCES,
                                        "transient-for", parent,
                                        "modal", TRUE,
                                        NULL);

  if (settings == NULL)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->palette_row), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->theme_row), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->policy_row), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->presentation_switch), FALSE);
      return GTK_WIDGET (self);
    }

  self->settings = g_object_ref (settings);
  bind_choice (settings, "palette", self->palette_row, palette_choices);
  bind_choice (settings, "theme", self->theme_row, theme_choices);
  bind_choice (settings, "default-policy", self->policy_row, policy_choices);
  g_settings_bind (settings, "presentation", self->presentation_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  return GTK_WIDGET (self);
}
