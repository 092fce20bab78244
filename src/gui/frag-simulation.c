/* frag-simulation.c: FragSimulation, the GObject model around one engine run.
 *
 * It owns the FragSim, the configuration it was made from and a reference on the program, so a
 * change of policy can rebuild the run and come back to the same step. Playback lives here too
 * (a frame-rate timer that applies as many steps as the speed asks), so every view and every
 * window that shows this run steps together.
 */
#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "frag-simulation.h"

struct _FragSimulation
{
  GObject      parent_instance;

  FragConfig   config;
  FragProgram *program;
  FragSim     *sim;
  char        *title;
  gboolean     adopted;    /* built by an importer: no program to rerun */

  double       speed;      /* steps per second */
  double       carry;      /* fraction of a step owed by the player */
  gint64       last_tick;  /* monotonic µs of the previous player tick */
  guint        play_source;
};

G_DEFINE_FINAL_TYPE (FragSimulation, frag_simulation, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_POSITION,
  PROP_N_STEPS,
  PROP_MODE,
  PROP_FIT,
  PROP_PLAYING,
  PROP_SPEED,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

#define PLAY_INTERVAL_MS 16

static void
frag_simulation_emit_changed (FragSimulation *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
frag_simulation_stop_timer (FragSimulation *self)
{
  g_clear_handle_id (&self->play_source, g_source_remove);
}

static void
frag_simulation_dispose (GObject *object)
{
  FragSimulation *self = FRAG_SIMULATION (object);

  frag_simulation_stop_timer (self);

  G_OBJECT_CLASS (frag_simulation_parent_class)->dispose (object);
}

static void
frag_simulation_finalize (GObject *object)
{
  FragSimulation *self = FRAG_SIMULATION (object);

  g_clear_pointer (&self->sim, frag_sim_free);
  g_clear_pointer (&self->program, frag_program_unref);
  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (frag_simulation_parent_class)->finalize (object);
}

static void
frag_simulation_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FragSimulation *self = FRAG_SIMULATION (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_POSITION:
      g_value_set_uint64 (value, frag_simulation_get_position (self));
      break;
    case PROP_N_STEPS:
      g_value_set_uint64 (value, frag_simulation_get_n_steps (self));
      break;
    case PROP_MODE:
      g_value_set_int (value, self->config.mode);
      break;
    case PROP_FIT:
      g_value_set_int (value, self->config.fit);
      break;
    case PROP_PLAYING:
      g_value_set_boolean (value, frag_simulation_get_playing (self));
      break;
    case PROP_SPEED:
      g_value_set_double (value, self->speed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
frag_simulation_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FragSimulation *self = FRAG_SIMULATION (object);

  switch (prop_id)
    {
    case PROP_POSITION:
      frag_simulation_seek (self, g_value_get_uint64 (value));
      break;
    case PROP_MODE:
      frag_simulation_set_mode (self, g_value_get_int (value), NULL);
      break;
    case PROP_FIT:
      frag_simulation_set_fit (self, g_value_get_int (value), NULL);
      break;
    case PROP_PLAYING:
      frag_simulation_set_playing (self, g_value_get_boolean (value));
      break;
    case PROP_SPEED:
      frag_simulation_set_speed (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
frag_simulation_class_init (FragSimulationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = frag_simulation_dispose;
  object_class->finalize = frag_simulation_finalize;
  object_class->get_property = frag_simulation_get_property;
  object_class->set_property = frag_simulation_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_POSITION] =
    g_param_spec_uint64 ("position", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_STEPS] =
    g_param_spec_uint64 ("n-steps", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODE] =
    g_param_spec_int ("mode", NULL, NULL, 0, FRAG_MODE_COUNT - 1, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIT] =
    g_param_spec_int ("fit", NULL, NULL, 0, FRAG_FIT_COUNT - 1, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SPEED] =
    g_param_spec_double ("speed", NULL, NULL, 0.1, 1e7, 2.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted after anything a view draws may have changed (a step, a seek, a new policy). */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
frag_simulation_init (FragSimulation *self)
{
  self->speed = 2.0;
}

static FragSim *
make_sim (const FragConfig *cfg,
          FragProgram      *program,
          GError          **error)
{
  char err[256] = "";
  FragSim *sim = frag_sim_new (cfg, program, err, sizeof err);

  if (sim == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 _("The scenario cannot run: %s"), err[0] ? err : _("invalid configuration"));
  return sim;
}

FragSimulation *
frag_simulation_new (const FragConfig *cfg,
                     FragProgram      *program,
                     const char       *title,
                     GError          **error)
{
  FragSimulation *self;
  FragSim *sim;

  g_return_val_if_fail (cfg != NULL, NULL);
  g_return_val_if_fail (program != NULL, NULL);

  sim = make_sim (cfg, program, error);
  if (sim == NULL)
    return NULL;

  self = g_object_new (FRAG_TYPE_SIMULATION, NULL);
  self->config = *cfg;
  self->program = frag_program_ref (program);
  self->sim = sim;
  self->title = g_strdup (title != NULL ? title : program->title);
  return self;
}

FragSimulation *
frag_simulation_new_adopt (FragSim    *sim,
                           const char *title)
{
  FragSimulation *self;

  g_return_val_if_fail (sim != NULL, NULL);

  self = g_object_new (FRAG_TYPE_SIMULATION, NULL);
  self->config = *frag_sim_config (sim);
  self->program = NULL;
  self->sim = sim;
  self->adopted = TRUE;
  self->title = g_strdup (title);
  return self;
}

gboolean
frag_simulation_is_adopted (FragSimulation *self)
{
  g_return_val_if_fail (FRAG_IS_SIMULATION (self), FALSE);
  return self->adopted;
}

static gboolean
frag_simulation_check_rerunnable (FragSimulation *self,
                                  GError        **error)
{
  if (!self->adopted)
    return TRUE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _("This memory was read from a real machine: it cannot be rerun under "
                         "another policy"));
  return FALSE;
}

FragSimulation *
frag_simulation_copy_with_fit (FragSimulation *self,
                               FragMode        mode,
                               FragFit         fit,
                               GError        **error)
{
  FragSimulation *copy;

  g_return_val_if_fail (FRAG_IS_SIMULATION (self), NULL);

  if (!frag_simulation_check_rerunnable (self, error))
    return NULL;
  {
    FragConfig cfg = self->config;

    cfg.mode = mode;
    cfg.fit = fit;
    copy = frag_simulation_new (&cfg, self->program, self->title, error);
  }
  if (copy != NULL)
    copy->speed = self->speed;
  return copy;
}

FragSimulation *
frag_simulation_copy (FragSimulation *self,
                      FragMode        mode,
                      GError        **error)
{
  FragConfig cfg;
  FragSimulation *copy;

  g_return_val_if_fail (FRAG_IS_SIMULATION (self), NULL);

  if (!frag_simulation_check_rerunnable (self, error))
    return NULL;

  cfg = self->config;
  cfg.mode = mode;
  copy = frag_simulation_new (&cfg, self->program, self->title, error);
  if (copy != NULL)
    copy->speed = self->speed;
  return copy;
}

gboolean
frag_simulation_prepare (FragSimulation   *self,
                         FragProgressFunc  progress,
                         gpointer          user_data)
{
  g_return_val_if_fail (FRAG_IS_SIMULATION (self), FALSE);
  return frag_sim_prepare (self->sim, progress, user_data);
}

const FragSim *
frag_simulation_get_sim (FragSimulation *self)
{
  g_return_val_if_fail (FRAG_IS_SIMULATION (self), NULL);
  return self->sim;
}

const char *
frag_simulation_get_title (FragSimulation *self)
{
  g_return_val_if_fail (FRAG_IS_SIMULATION (self), NULL);
  return self->title;
}

guint64
frag_simulation_get_position (FragSimulation *self)
{
  g_return_val_if_fail (FRAG_IS_SIMULATION (self), 0);
  return frag_sim_position (self->sim);
}

guint64
frag_simulation_get_n_steps (FragSimulation *self)
{
  g_return_val_if_fail (FRAG_IS_SIMULATION (self), 0);
  return frag_sim_n_steps (self->sim);
}

FragMode
frag_simulation_get_mode (FragSimulation *self)
{
  g_return_val_if_fail (FRAG_IS_SIMULATION (self), 0);
  return self->config.mode;
}

FragFit
frag_simulation_get_fit (FragSimulation *self)
{
  g_return_val_if_fail (FRAG_IS_SIMULATION (self), 0);
  return self->config.fit;
}

/* Rebuilds the run under a new configuration and returns to the same step; on failure the
 * current run is left exactly as it was. */
static gboolean
frag_simulation_rebuild (FragSimulation   *self,
                         const FragConfig *cfg,
                         GError          **error)
{
  guint64 position = frag_sim_position (self->sim);
  FragSim *sim;

  if (!frag_simulation_check_rerunnable (self, error))
    return FALSE;
  sim = make_sim (cfg, self->program, error);
  if (sim == NULL)
    return FALSE;

  frag_sim_seek (sim, position);
  frag_sim_free (self->sim);
  self->sim = sim;
  self->config = *cfg;
  return TRUE;
}

gboolean
frag_simulation_set_mode (FragSimulation *self,
                          FragMode        mode,
                          GError        **error)
{
  FragConfig cfg;

  g_return_val_if_fail (FRAG_IS_SIMULATION (self), FALSE);
  g_return_val_if_fail ((int) mode >= 0 && mode < FRAG_MODE_COUNT, FALSE);

  if (self->config.mode == mode)
    return TRUE;

  cfg = self->config;
  cfg.mode = mode;
  if (!frag_simulation_rebuild (self, &cfg, error))
    return FALSE;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
  frag_simulation_emit_changed (self);
  return TRUE;
}

gboolean
frag_simulation_set_fit (FragSimulation *self,
                         FragFit         fit,
                         GError        **error)
{
  FragConfig cfg;

  g_return_val_if_fail (FRAG_IS_SIMULATION (self), FALSE);
  g_return_val_if_fail ((int) fit >= 0 && fit < FRAG_FIT_COUNT, FALSE);

  if (self->config.fit == fit)
    return TRUE;

  cfg = self->config;
  cfg.fit = fit;
  if (!frag_simulation_rebuild (self, &cfg, error))
    return FALSE;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIT]);
  frag_simulation_emit_changed (self);
  return TRUE;
}

static void
frag_simulation_moved (FragSimulation *self,
                       guint64         old_position)
{
  if (frag_sim_position (self->sim) != old_position)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
      frag_simulation_emit_changed (self);
    }
}

gboolean
frag_simulation_step (FragSimulation *self)
{
  guint64 old;

  g_return_val_if_fail (FRAG_IS_SIMULATION (self), FALSE);

  old = frag_sim_position (self->sim);
  if (!frag_sim_step (self->sim))
    return FALSE;
  frag_simulation_moved (self, old);
  return TRUE;
}

gboolean
frag_simulation_step_back (FragSimulation *self)
{
  guint64 old;

  g_return_val_if_fail (FRAG_IS_SIMULATION (self), FALSE);

  old = frag_sim_position (self->sim);
  if (old == 0)
    return FALSE;
  frag_sim_seek (self->sim, old - 1);
  frag_simulation_moved (self, old);
  return TRUE;
}

void
frag_simulation_seek (FragSimulation *self,
                      guint64         position)
{
  guint64 old;

  g_return_if_fail (FRAG_IS_SIMULATION (self));

  old = frag_sim_position (self->sim);
  position = MIN (position, frag_sim_n_steps (self->sim));
  if (position == old)
    return;
  frag_sim_seek (self->sim, position);
  frag_simulation_moved (self, old);
}

gboolean
frag_simulation_get_playing (FragSimulation *self)
{
  g_return_val_if_fail (FRAG_IS_SIMULATION (self), FALSE);
  return self->play_source != 0;
}

static gboolean
frag_simulation_play_tick_cb (gpointer user_data)
{
  FragSimulation *self = user_data;
  gint64 now = g_get_monotonic_time ();
  guint64 position, n_steps, want;

  self->carry += self->speed * (double) (now - self->last_tick) / G_USEC_PER_SEC;
  self->last_tick = now;

  position = frag_sim_position (self->sim);
  n_steps = frag_sim_n_steps (self->sim);
  if (self->carry >= 1.0)
    {
      guint64 owed = (guint64) self->carry;

      self->carry -= (double) owed;
      want = MIN (n_steps, position + owed);
      /* One step at a time keeps the last event and its highlights; a fast player seeks. */
      if (want == position + 1)
        frag_simulation_step (self);
      else
        frag_simulation_seek (self, want);
    }

  if (frag_sim_position (self->sim) >= n_steps)
    {
      self->play_source = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

void
frag_simulation_set_playing (FragSimulation *self,
                             gboolean        playing)
{
  g_return_if_fail (FRAG_IS_SIMULATION (self));

  playing = !!playing;
  if (playing == frag_simulation_get_playing (self))
    return;

  if (playing)
    {
      /* Playing from the end starts over, as every media player does. */
      if (frag_sim_position (self->sim) >= frag_sim_n_steps (self->sim))
        frag_simulation_seek (self, 0);
      /* The first step comes at once, so a click is answered immediately. */
      self->carry = 1.0;
      self->last_tick = g_get_monotonic_time ();
      self->play_source = g_timeout_add (PLAY_INTERVAL_MS, frag_simulation_play_tick_cb, self);
    }
  else
    frag_simulation_stop_timer (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

double
frag_simulation_get_speed (FragSimulation *self)
{
  g_return_val_if_fail (FRAG_IS_SIMULATION (self), 0);
  return self->speed;
}

void
frag_simulation_set_speed (FragSimulation *self,
                           double          steps_per_second)
{
  g_return_if_fail (FRAG_IS_SIMULATION (self));

  steps_per_second = CLAMP (steps_per_second, 0.1, 1e7);
  if (self->speed == steps_per_second)
    return;
  self->speed = steps_per_second;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);
}

char *
frag_simulation_dup_step_label (FragSimulation *self)
{
  g_return_val_if_fail (FRAG_IS_SIMULATION (self), NULL);

  /* TRANSLATORS: the position in the scenario, e.g. "Step 1 of 4" */
  return g_strdup_printf (_("Step %" PRIu64 " of %" PRIu64),
                          (uint64_t) frag_sim_position (self->sim),
                          (uint64_t) frag_sim_n_steps (self->sim));
}

static const char *
reason_text (FragReason reason)
{
  switch (reason)
    {
    case FRAG_REASON_EXTERNAL_FRAGMENTATION:
      return _("external fragmentation: enough memory is free in total, "
               "but no hole is large enough");
    case FRAG_REASON_OUT_OF_MEMORY:
      return _("out of memory: not enough free frames in total");
    case FRAG_REASON_NO_SUCH_PROCESS:
      return _("there is no such process or allocation");
    case FRAG_REASON_PROCESS_EXISTS:
      return _("a process of that name is already running");
    case FRAG_REASON_FAULT:
      return _("the address is not mapped (fault)");
    case FRAG_REASON_NONE:
    case FRAG_REASON_COUNT:
    default:
      return _("unknown reason");
    }
}

char *
frag_simulation_dup_failure (FragSimulation *self)
{
  const FragEvent *ev;
  const char *name;

  g_return_val_if_fail (FRAG_IS_SIMULATION (self), NULL);

  ev = frag_sim_last_event (self->sim);
  if (ev == NULL || ev->ok)
    return NULL;

  name = ev->name != NULL ? ev->name : "";
  switch (ev->op)
    {
    case FRAG_OP_SPAWN:
      /* TRANSLATORS: %s is a process name, then the reason in words */
      return g_strdup_printf (_("Process %s could not start: %s"), name, reason_text (ev->reason));
    case FRAG_OP_GROW:
      return g_strdup_printf (_("Process %s could not grow: %s"), name, reason_text (ev->reason));
    case FRAG_OP_ALLOC:
      return g_strdup_printf (_("Allocation %s failed: %s"), name, reason_text (ev->reason));
    case FRAG_OP_ACCESS:
      return g_strdup_printf (_("Access by %s failed: %s"), name, reason_text (ev->reason));
    default:
      return g_strdup_printf (_("Step failed: %s"), reason_text (ev->reason));
    }
}

char *
frag_simulation_dup_event_text (FragSimulation *self)
{
  const FragEvent *ev;
  const char *name;
  guint64 frames = 0;

  g_return_val_if_fail (FRAG_IS_SIMULATION (self), NULL);

  ev = frag_sim_last_event (self->sim);
  if (ev == NULL)
    return g_strdup (_("Nothing has happened yet. Press Step forward or Play."));
  if (!ev->ok)
    return frag_simulation_dup_failure (self);

  for (size_t i = 0; i < ev->n_extents; i++)
    frames += ev->extents[i].frames;

  name = ev->name != NULL ? ev->name : "";
  switch (ev->op)
    {
    case FRAG_OP_SPAWN:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Process %s started in %" PRIu64 " frame",
                                           "Process %s started in %" PRIu64 " frames",
                                           frames), name, (uint64_t) frames);
    case FRAG_OP_EXIT:
      return g_strdup_printf (_("Process %s exited and freed its memory"), name);
    case FRAG_OP_GROW:
      return g_strdup_printf (_("Process %s grew"), name);
    case FRAG_OP_ALLOC:
      return g_strdup_printf (_("Allocation %s of order %d"), name, ev->order);
    case FRAG_OP_FREE:
      return g_strdup_printf (_("Allocation %s freed"), name);
    case FRAG_OP_COMPACT:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Compaction moved %" PRIu64 " frame",
                                           "Compaction moved %" PRIu64 " frames",
                                           ev->frames_moved), (uint64_t) ev->frames_moved);
    case FRAG_OP_ACCESS:
      return g_strdup_printf (_("%s accessed virtual 0x%" PRIx64 " → physical 0x%" PRIx64), name,
                              (uint64_t) ev->vaddr, (uint64_t) ev->paddr);
    case FRAG_OP_NOTE:
      /* The note itself is on screen in large type. */
      return g_strdup ("");
    case FRAG_OP_TRACE_ALLOC:
      return g_strdup (_("Traced page allocation"));
    case FRAG_OP_TRACE_FREE:
      return g_strdup (_("Traced page free"));
    case FRAG_OP_RANDOM:
    case FRAG_OP_COUNT:
    default:
      return g_strdup (frag_op_name (ev->op));
    }
}

const char *
frag_mode_label (FragMode mode)
{
  switch (mode)
    {
    case FRAG_MODE_SEGMENTATION: return _("Segmentation");
    case FRAG_MODE_PAGING: return _("Paging");
    case FRAG_MODE_COMPACTION: return _("Compaction");
    case FRAG_MODE_BUDDY: return _("Buddy allocator");
    case FRAG_MODE_COUNT:
    default: return "";
    }
}

const char *
frag_fit_label (FragFit fit)
{
  switch (fit)
    {
    case FRAG_FIT_FIRST: return _("First fit");
    case FRAG_FIT_NEXT: return _("Next fit");
    case FRAG_FIT_BEST: return _("Best fit");
    case FRAG_FIT_WORST: return _("Worst fit");
    case FRAG_FIT_COUNT:
    default: return "";
    }
}
