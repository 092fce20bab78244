/* frag-preferences.h: the Preferences window, a view of the app's GSettings. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FRAG_TYPE_PREFERENCES (frag_preferences_get_type ())
G_DECLARE_FINAL_TYPE (FragPreferences, frag_preferences, FRAG, PREFERENCES, AdwPreferencesWindow)

/* settings may be NULL (schema not installed): the rows then stay insensitive. */
GtkWidget *frag_preferences_new (GtkWindow *parent,
                                 GSettings *settings);

G_END_DECLS
