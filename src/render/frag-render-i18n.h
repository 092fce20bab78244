/* frag-render-i18n.h: the words the views draw, translated with the C library's gettext.
 *
 * The renderer stays free of GLib: these are libc's <libintl.h> calls on the app's text domain
 * (GETTEXT_PACKAGE, from config.h, which must be included first). The app calls setlocale and
 * bindtextdomain, so its canvases speak the user's language; fragscope-cli never calls setlocale,
 * so it stays in the C locale and draws, prints and exports English.
 *   _("text")      a string translated where it is used
 *   N_("text")     a string in a static table, marked for xgettext; translate it at use with _()
 *   dngettext (GETTEXT_PACKAGE, "singular", "plural", n)   a number with a noun
 */
#pragma once

#ifndef GETTEXT_PACKAGE
#error "include config.h before frag-render-i18n.h"
#endif

#include <libintl.h>

#ifdef _
#error "_ is already defined"
#endif
#ifdef N_
#error "N_ is already defined"
#endif

#define _(s)  dgettext (GETTEXT_PACKAGE, s)
#define N_(s) (s)
