/* render-test-util.c: helpers shared by the renderer tests. */
#include "render-test-util.h"

#include <glib/gstdio.h>
#include <stdlib.h>

uint32_t
render_test_pixel (cairo_surface_t *surface, int x, int y)
{
  cairo_surface_flush (surface);
  unsigned char *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (y, <, cairo_image_surface_get_height (surface));
  return ((uint32_t *) (data + (size_t) y * (size_t) stride))[x] | 0xff000000u;
}

gboolean
render_test_golden (cairo_surface_t *surface, const char *name, int tolerance,
                    double max_bad_fraction)
{
  const char *src = g_getenv ("FRAGSCOPE_SOURCE_DIR");
  if (!src)
    {
      g_test_skip ("FRAGSCOPE_SOURCE_DIR is not set");
      return FALSE;
    }
  g_autofree char *file = g_strdup_printf ("%s.png", name);
  g_autofree char *path = g_build_filename (src, "tests", "render", "golden", file, NULL);
  if (g_strcmp0 (g_getenv ("FRAGSCOPE_UPDATE_GOLDEN"), "1") == 0)
    {
      g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
      return TRUE;
    }
  cairo_surface_t *golden = cairo_image_surface_create_from_png (path);
  if (cairo_surface_status (golden) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (golden);
      g_autofree char *msg = g_strdup_printf ("no golden image %s", path);
      g_test_skip (msg);
      return FALSE;
    }
  int w = cairo_image_surface_get_width (surface), h = cairo_image_surface_get_height (surface);
  g_assert_cmpint (cairo_image_surface_get_width (golden), ==, w);
  g_assert_cmpint (cairo_image_surface_get_height (golden), ==, h);
  uint64_t bad = 0;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        uint32_t a = render_test_pixel (surface, x, y), b = render_test_pixel (golden, x, y);
        for (int s = 0; s < 24; s += 8)
          if (abs ((int) ((a >> s) & 0xff) - (int) ((b >> s) & 0xff)) > tolerance)
            {
              bad++;
              break;
            }
      }
  cairo_surface_destroy (golden);
  double fraction = (double) bad / ((double) w * h);
  if (fraction > max_bad_fraction)
    {
      g_autofree char *out = g_strdup_printf ("%s/%s-actual.png",
                                              g_getenv ("FRAGSCOPE_BUILD_DIR") ?: ".", name);
      cairo_surface_write_to_png (surface, out);
      g_test_message ("golden %s: %.4f%% of pixels differ; actual image in %s", name,
                      fraction * 100, out);
    }
  g_assert_cmpfloat (fraction, <=, max_bad_fraction);
  return TRUE;
}

char *
render_test_tmpdir (void)
{
  GError *error = NULL;
  char *dir = g_dir_make_tmp ("fragscope-render-XXXXXX", &error);
  g_assert_no_error (error);
  return dir;
}

void
render_test_rmdir (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  if (d)
    {
      const char *name;
      while ((name = g_dir_read_name (d)))
        {
          g_autofree char *p = g_build_filename (dir, name, NULL);
          g_unlink (p);
        }
      g_dir_close (d);
    }
  g_rmdir (dir);
}
