/* frag-live-view.c: FragLiveView, the figures of the running system (or of a /proc text file).
 *
 * The import layer reads /proc (frag_live_refresh); that can take a while on a big machine, so
 * each read runs in a GTask thread and the next one is only started once the last is done. What
 * could not be read (pagetypeinfo and kpageflags are root only) is said in words in the status
 * label, next to what was shown instead.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "frag-live-view.h"
#include "frag-simulation.h"

# include "frag-import.h"

struct _FragLiveView
{
  GObject       parent_instance;

  FragCanvas   *canvas;        /* weak */
  FragCanvas   *map;           /* weak, may be NULL: the frame map from kpageflags */
  GtkLabel     *status;        /* weak */
  char         *path;          /* NULL: the running system */
  FragLive     *live;          /* touched only by the one read under way */
  GCancellable *cancellable;
  gboolean      busy;
  guint         n_reads;
  guint         n_maps;
  guint         timer;
};

G_DEFINE_FINAL_TYPE (FragLiveView, frag_live_view, G_TYPE_OBJECT)

typedef struct
{
  FragZoneStats *zones;
  guint          n_zones;
  char          *text;     /* what the status label says */
  FragSim       *sim;      /* the frames from kpageflags, when it could be read */
  gboolean       ok;
} ReadResult;

static void
read_result_free (gpointer data)
{
  ReadResult *r = data;

  g_clear_pointer (&r->sim, frag_sim_free);
  g_free (r->zones);
  g_free (r->text);
  g_free (r);
}

static char *
describe (const FragZoneStats *zones,
          guint                n_zones,
          const char          *source,
          const char          *left_out)
{
  guint64 free_frames = 0, frames = 0;
  g_autofree char *free_text = NULL;
  GString *s = g_string_new (source);

  for (guint i = 0; i < n_zones; i++)
    {
      free_frames += zones[i].free_frames;
      frames += zones[i].frames;
    }
  free_text = g_format_size_full (free_frames * 4096, G_FORMAT_SIZE_IEC_UNITS);
  g_string_append_printf (s, " — ");
  g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "%u zone, %s free",
                                          "%u zones, %s free", n_zones), n_zones, free_text);
  if (left_out != NULL && *left_out)
    {
      g_string_append (s, "\n");
      /* TRANSLATORS: followed by what could not be read and why, e.g. a missing permission */
      g_string_append_printf (s, _("Not shown: %s"), left_out);
    }
  return g_string_free (s, FALSE);
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  FragLiveView *self = source_object;
  ReadResult *r = g_new0 (ReadResult, 1);
  char err[512] = "";

  if (self->path != NULL)
    {
      FragProcInfo info;

      frag_proc_info_init (&info);
      if (frag_proc_read (&info, self->path, err, sizeof err))
        {
          g_autofree char *name = g_path_get_basename (self->path);

          r->zones = g_new0 (FragZoneStats, MAX (info.n_zones, 1));
          for (unsigned z = 0; z < info.n_zones; z++)
            if (frag_proc_zone_stats (&info, z, &r->zones[r->n_zones]))
              r->n_zones++;
          r->text = describe (r->zones, r->n_zones, name, NULL);
          r->ok = TRUE;
        }
      else
        r->text = g_strdup (err);
    }
  else
    {
      if (self->live == NULL)
        {
          self->live = frag_live_new ();
          /* Without a frame map to fill, kpageflags (root only, and the slowest read) is not
           * read at all. */
          if (self->live != NULL && self->map == NULL)
            frag_live_set_use_kpageflags (self->live, false);
        }
      if (self->live != NULL && frag_live_refresh (self->live, err, sizeof err))
        {
          unsigned n = frag_live_n_zones (self->live);

          r->zones = g_new0 (FragZoneStats, MAX (n, 1));
          for (unsigned z = 0; z < n; z++)
            if (frag_live_zone_stats (self->live, z, &r->zones[r->n_zones]))
              r->n_zones++;
          const char *left_out = frag_live_status (self->live);

          /* kpageflags skipped on purpose is no news; only what the kernel refused is. */
          if (left_out != NULL && strstr (left_out, "switched off") != NULL)
            left_out = NULL;
          /* The frames themselves: a simulation holding what kpageflags says of each pfn (the
           * rolling read keeps it at most a few seconds old), built here, off the main thread. */
          if (self->map != NULL && frag_live_capture (self->live) != NULL)
            {
              char serr[256] = "";

              r->sim = frag_capture_sim_new (frag_live_capture (self->live), NULL, serr,
                                             sizeof serr);
            }
          r->text = describe (r->zones, r->n_zones, _("This machine, read every second"),
                              left_out);
          r->ok = TRUE;
        }
      else
        /* TRANSLATORS: %s says which file could not be read and why */
        r->text = g_strdup_printf (_("The running system cannot be read: %s"),
                                   err[0] ? err : _("out of memory"));
    }
  g_task_return_pointer (task, r, read_result_free);
}

static void
read_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  FragLiveView *self = FRAG_LIVE_VIEW (source);
  ReadResult *r = g_task_propagate_pointer (G_TASK (result), NULL);

  self->busy = FALSE;
  self->n_reads++;
  if (r == NULL)
    return;
  if (self->status != NULL)
    gtk_label_set_label (self->status, r->text);
  if (self->canvas != NULL)
    {
      frag_canvas_set_simulation (self->canvas, NULL);
      frag_canvas_set_zone_stats (self->canvas, r->zones, r->n_zones,
                                  self->path != NULL ? self->path : _("This machine"));
    }
  if (self->map != NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->map), r->sim != NULL);
      if (r->sim != NULL)
        {
          g_autoptr(FragSimulation) sim = frag_simulation_new_adopt (g_steal_pointer (&r->sim),
                                                                      _("This machine"));

          frag_canvas_set_simulation (self->map, sim);
          self->n_maps++;
        }
    }
  read_result_free (r);
}

static void
frag_live_view_read (FragLiveView *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->busy)
    return;
  self->busy = TRUE;
  task = g_task_new (self, self->cancellable, read_done_cb, NULL);
  g_task_set_source_tag (task, frag_live_view_read);
  g_task_run_in_thread (task, read_thread);
}

static gboolean
frag_live_view_tick_cb (gpointer user_data)
{
  frag_live_view_read (FRAG_LIVE_VIEW (user_data));
  return G_SOURCE_CONTINUE;
}

static void
frag_live_view_dispose (GObject *object)
{
  FragLiveView *self = FRAG_LIVE_VIEW (object);

  g_clear_handle_id (&self->timer, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_weak_pointer (&self->canvas);
  g_clear_weak_pointer (&self->map);
  g_clear_weak_pointer (&self->status);

  G_OBJECT_CLASS (frag_live_view_parent_class)->dispose (object);
}

static void
frag_live_view_finalize (GObject *object)
{
  FragLiveView *self = FRAG_LIVE_VIEW (object);

  /* A read in progress holds a reference: nothing else uses the reader now. */
  g_clear_pointer (&self->live, frag_live_free);
  g_clear_object (&self->cancellable);
  g_free (self->path);

  G_OBJECT_CLASS (frag_live_view_parent_class)->finalize (object);
}

static void
frag_live_view_class_init (FragLiveViewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = frag_live_view_dispose;
  G_OBJECT_CLASS (klass)->finalize = frag_live_view_finalize;
}

static void
frag_live_view_init (FragLiveView *self)
{
  self->cancellable = g_cancellable_new ();
}

FragLiveView *
frag_live_view_new (const char *path,
                    FragCanvas *canvas,
                    GtkLabel   *status)
{
  return frag_live_view_new_with_map (path, canvas, NULL, status);
}

FragLiveView *
frag_live_view_new_with_map (const char *path,
                             FragCanvas *canvas,
                             FragCanvas *map,
                             GtkLabel   *status)
{
  FragLiveView *self = g_object_new (FRAG_TYPE_LIVE_VIEW, NULL);

  self->path = g_strdup (path);
  g_set_weak_pointer (&self->canvas, canvas);
  if (path == NULL)
    g_set_weak_pointer (&self->map, map);
  if (map != NULL)
    gtk_widget_set_visible (GTK_WIDGET (map), FALSE);   /* until kpageflags has been read */
  g_set_weak_pointer (&self->status, status);
  if (status != NULL)
    gtk_label_set_label (status, _("Reading…"));
  frag_live_view_read (self);
  if (path == NULL)
    self->timer = g_timeout_add_seconds (1, frag_live_view_tick_cb, self);
  return self;
}

gboolean
frag_live_view_is_busy (FragLiveView *self)
{
  g_return_val_if_fail (FRAG_IS_LIVE_VIEW (self), FALSE);
  return self->busy;
}

guint
frag_live_view_get_n_reads (FragLiveView *self)
{
  g_return_val_if_fail (FRAG_IS_LIVE_VIEW (self), 0);
  return self->n_reads;
}

guint
frag_live_view_get_n_maps (FragLiveView *self)
{
  g_return_val_if_fail (FRAG_IS_LIVE_VIEW (self), 0);
  return self->n_maps;
}
