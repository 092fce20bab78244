/* frag-simulation.h: the one GObject that wraps the engine for the GUI.
 *
 * Widgets read the engine only through this object (and the const FragSim it lends to the
 * renderer); they learn of every change from its `changed` signal and its properties.
 */
#pragma once

#include <gio/gio.h>

#include "frag-engine.h"

G_BEGIN_DECLS

#define FRAG_TYPE_SIMULATION (frag_simulation_get_type ())
G_DECLARE_FINAL_TYPE (FragSimulation, frag_simulation, FRAG, SIMULATION, GObject)

/* Takes a reference on program; cfg is copied. Returns NULL with error on a bad config. */
FragSimulation *frag_simulation_new            (const FragConfig *cfg,
                                                FragProgram      *program,
                                                const char       *title,
                                                GError          **error);
/* Wraps a FragSim built elsewhere (an imported capture or trace); takes ownership. Such a run
 * has no program to rerun: changing its policy or copying it fails with
 * G_IO_ERROR_NOT_SUPPORTED. */
FragSimulation *frag_simulation_new_adopt      (FragSim          *sim,
                                                const char       *title);
gboolean        frag_simulation_is_adopted     (FragSimulation   *self);
/* The same program under another policy, at position 0 (seek it, possibly in a worker thread
 * before anyone else sees it). The program is shared: call these on the main thread. */
FragSimulation *frag_simulation_copy           (FragSimulation   *self,
                                                FragMode          mode,
                                                GError          **error);
FragSimulation *frag_simulation_copy_with_fit  (FragSimulation   *self,
                                                FragMode          mode,
                                                FragFit           fit,
                                                GError          **error);

/* Lays checkpoints and samples (frag_sim_prepare); may run in a worker thread before the object
 * is shown to anybody. False when progress cancelled it. */
gboolean        frag_simulation_prepare        (FragSimulation   *self,
                                                FragProgressFunc  progress,
                                                gpointer          user_data);
const FragSim  *frag_simulation_get_sim        (FragSimulation   *self);
const char     *frag_simulation_get_title      (FragSimulation   *self);
guint64         frag_simulation_get_position   (FragSimulation   *self);
guint64         frag_simulation_get_n_steps    (FragSimulation   *self);
FragMode        frag_simulation_get_mode       (FragSimulation   *self);
gboolean        frag_simulation_set_mode       (FragSimulation   *self,
                                                FragMode          mode,
                                                GError          **error);
FragFit         frag_simulation_get_fit        (FragSimulation   *self);
gboolean        frag_simulation_set_fit        (FragSimulation   *self,
                                                FragFit           fit,
                                                GError          **error);
gboolean        frag_simulation_get_playing    (FragSimulation   *self);
void            frag_simulation_set_playing    (FragSimulation   *self,
                                                gboolean          playing);
double          frag_simulation_get_speed      (FragSimulation   *self);
void            frag_simulation_set_speed      (FragSimulation   *self,
                                                double            steps_per_second);

gboolean        frag_simulation_step           (FragSimulation   *self);
gboolean        frag_simulation_step_back      (FragSimulation   *self);
void            frag_simulation_seek           (FragSimulation   *self,
                                                guint64           position);

/* Words for the GUI: "Step N of M", the last event in a sentence, the failure (NULL if none). */
char           *frag_simulation_dup_step_label (FragSimulation   *self);
char           *frag_simulation_dup_event_text (FragSimulation   *self);
char           *frag_simulation_dup_failure    (FragSimulation   *self);

const char     *frag_mode_label                (FragMode          mode);
const char     *frag_fit_label                 (FragFit           fit);

G_END_DECLS
