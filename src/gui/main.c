/* main.c: the fragscope executable; everything else lives in the GUI library, which tests link. */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "frag-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FragApplication) app = NULL;

  setlocale (LC_ALL, "");
  /* FRAGSCOPE_LOCALEDIR: translations of an uninstalled build (tools/dev app, the tests), as
   * GSETTINGS_SCHEMA_DIR points at its schema. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("FRAGSCOPE_LOCALEDIR") ? g_getenv ("FRAGSCOPE_LOCALEDIR")
                                                                  : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = frag_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
