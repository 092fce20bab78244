/* drag-source.c: the other end of a drag and drop for the end-to-end test: a small window titled
 * "Fragscope drag source" whose whole area can be dragged, offering the file named on the command
 * line as a file list (text/uri-list on X11), as a file manager does. The test moves it beside
 * the app and drags from it with real pointer events (xdotool); it quits when the drag ends or
 * after a minute. */
#include <gtk/gtk.h>

static GdkContentProvider *
prepare_cb (GtkDragSource *source,
            double         x,
            double         y,
            gpointer       user_data)
{
  GFile *file = user_data;
  GdkFileList *list = gdk_file_list_new_from_array (&file, 1);
  GValue value = G_VALUE_INIT;
  GdkContentProvider *provider;

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, list);
  provider = gdk_content_provider_new_for_value (&value);
  g_value_unset (&value);
  return provider;
}

static void
drag_end_cb (GtkDragSource *source,
             GdkDrag       *drag,
             gboolean       delete_data,
             gpointer       user_data)
{
  g_print ("drag ended\n");
  *(gboolean *) user_data = TRUE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GFile) file = NULL;
  GtkWidget *window, *label;
  GtkDragSource *source;
  gboolean done = FALSE;

  if (argc != 2)
    {
      g_printerr ("usage: drag-source FILE\n");
      return 2;
    }
  gtk_init ();
  file = g_file_new_for_commandline_arg (argv[1]);
  window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), "Fragscope drag source");
  gtk_window_set_default_size (GTK_WINDOW (window), 240, 160);
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  label = gtk_label_new ("Drag this file");
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_vexpand (label, TRUE);
  gtk_window_set_child (GTK_WINDOW (window), label);

  source = gtk_drag_source_new ();
  gtk_drag_source_set_actions (source, GDK_ACTION_COPY);
  g_signal_connect (source, "prepare", G_CALLBACK (prepare_cb), file);
  g_signal_connect (source, "drag-end", G_CALLBACK (drag_end_cb), &done);
  gtk_widget_add_controller (label, GTK_EVENT_CONTROLLER (source));

  g_timeout_add_seconds (60, timeout_cb, &done);
  gtk_window_present (GTK_WINDOW (window));
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  return 0;
}
