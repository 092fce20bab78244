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

static void
add_note (FragProgram *prog, const char *text)
{
  FragOp *op = frag_program_add_op (prog, FRAG_OP_NOTE);
  op->name = frag_program_intern (prog, text);
}

static void
add_spawn (FragProgram *prog, const char *name, uint64_t size, bool has_at, uint64_t at)
{
  FragOp *op = frag_program_add_op (prog, FRAG_OP_SPAWN);
  op->name = frag_program_intern (prog, name);
  op->first_segment = (uint32_t) prog->n_segments;
  g_assert_cmpuint (frag_program_add_segment (prog, FRAG_NONE, size), !=, FRAG_NONE);
  op = &prog->ops[prog->n_ops - 1];
  op->n_segments = 1;
  op->size = size;
  op->has_at = has_at;
  op->address = at;
  op->mt = FRAG_MT_MOVABLE;
}

FragSim *
render_test_philopp (FragMode mode, FragConfig *cfg_out, FragProgram **prog_out)
{
  FragConfig cfg;
  frag_config_init (&cfg);
  cfg.frame_size = 50;
  cfg.n_zones = 1;
  g_strlcpy (cfg.zones[0].name, "Normal", sizeof cfg.zones[0].name);
  cfg.zones[0].start_pfn = 0;
  cfg.zones[0].frames = 11;
  cfg.mode = mode;
  FragProgram *prog = frag_program_new ();
  frag_program_set_title (prog, "Why the third instance cannot start");
  add_note (prog, "550 bytes of memory: eleven frames of 50 bytes.");
  add_spawn (prog, "A", 150, true, 100);
  add_note (prog, "Instance A is loaded at byte 100.");
  add_spawn (prog, "B", 150, true, 300);
  add_note (prog, "250 bytes are still free, but the largest hole is 100 bytes.");
  add_spawn (prog, "C", 150, false, 0);
  add_note (prog, "Segmentation: C fails. Paging: C starts in frames 5, 9 and 10.");
  char err[256];
  FragSim *sim = frag_sim_new (&cfg, prog, err, sizeof err);
  if (!sim)
    g_error ("frag_sim_new: %s", err);
  if (cfg_out)
    *cfg_out = cfg;
  if (prog_out)
    *prog_out = prog;
  else
    frag_program_unref (prog);
  return sim;
}

FragSim *
render_test_raw (uint64_t frames, unsigned n)
{
  FragConfig cfg;
  frag_config_init (&cfg);
  cfg.n_zones = 1;
  g_strlcpy (cfg.zones[0].name, "Normal", sizeof cfg.zones[0].name);
  cfg.zones[0].frames = frames;
  cfg.mode = FRAG_MODE_BUDDY;
  FragProgram *prog = frag_program_new ();
  frag_program_set_title (prog, "Raw allocations");
  for (unsigned i = 0; i < n; i++)
    {
      char id[32];
      g_snprintf (id, sizeof id, "r%u", i);
      FragOp *op = frag_program_add_op (prog, FRAG_OP_ALLOC);
      op->name = frag_program_intern (prog, id);
      op->order = (int) ((i * 7u) % 6u);
      op->mt = (FragMigrateType) (i % 3u);
      if (i % 3 == 2)
        {
          g_snprintf (id, sizeof id, "r%u", i - 1);
          op = frag_program_add_op (prog, FRAG_OP_FREE);
          op->name = frag_program_intern (prog, id);
        }
    }
  char err[256];
  FragSim *sim = frag_sim_new (&cfg, prog, err, sizeof err);
  if (!sim)
    g_error ("frag_sim_new: %s", err);
  frag_program_unref (prog);
  return sim;
}
