/* frag-window.h: the main window: one open simulation, its views, transport and policy. */
#pragma once

#include <adwaita.h>

#include "frag-simulation.h"
#include "frag-canvas.h"

G_BEGIN_DECLS

#define FRAG_TYPE_WINDOW (frag_window_get_type ())
G_DECLARE_FINAL_TYPE (FragWindow, frag_window, FRAG, WINDOW, AdwApplicationWindow)

FragWindow     *frag_window_new            (GtkApplication *application);
/* Opens in the background; on failure the error is shown in the window and the simulation
 * already open stays. */
void            frag_window_open           (FragWindow     *self,
                                            GFile          *file);
FragSimulation *frag_window_get_simulation (FragWindow     *self);
/* Replaces the open simulation (NULL is refused: a window always shows one). */
void            frag_window_set_simulation (FragWindow     *self,
                                            FragSimulation *simulation);
/* The error banner's text, NULL when none is shown (tests). */
const char     *frag_window_get_error      (FragWindow     *self);
void            frag_window_show_error     (FragWindow     *self,
                                            const char     *message);
void            frag_window_toast          (FragWindow     *self,
                                            const char     *message);
FragCanvas     *frag_window_get_canvas     (FragWindow     *self,
                                            FragView        view);
/* The renderer palette the window's views use ("light", "dark", "high-contrast"). */
const char     *frag_window_get_palette    (FragWindow     *self);
/* Whole-window states the preferences drive. */
void            frag_window_set_palette    (FragWindow     *self,
                                            const char     *palette);
void            frag_window_set_presentation (FragWindow   *self,
                                              gboolean      presentation);

G_END_DECLS
