/* frag-application.h: the AdwApplication: command line, app actions, settings, windows. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FRAG_TYPE_APPLICATION (frag_application_get_type ())
G_DECLARE_FINAL_TYPE (FragApplication, frag_application, FRAG, APPLICATION, AdwApplication)

FragApplication *frag_application_new          (void);
/* NULL when the schema is not installed (then every preference keeps its default). */
GSettings       *frag_application_get_settings (FragApplication *self);
/* The view palette name that follows the preferences and the dark/light style. */
char            *frag_application_dup_palette  (FragApplication *self);

G_END_DECLS
