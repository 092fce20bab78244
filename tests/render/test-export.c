/* test-export.c: the exporter API (PNG size, SVG that parses with the expected elements, PDF
 * page counts, temp-file-and-rename on failure and cancel, --compare, statistics alone), every
 * scenario of scenarios/ in all three formats, and `fragscope-cli export` when it is built. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "frag-export.h"
#include "render-test-util.h"
#ifdef FRAG_HAVE_SCENARIO
#include "frag-scenario.h"
#endif

typedef struct {
  char        *dir;
  FragConfig   cfg;
  FragProgram *prog;
  FragSim     *sim;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = render_test_tmpdir ();
  f->sim = render_test_philopp (FRAG_MODE_SEGMENTATION, &f->cfg, &f->prog);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  frag_sim_free (f->sim);
  frag_program_unref (f->prog);
  render_test_rmdir (f->dir);
  g_free (f->dir);
}

static guint
count_files (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  guint n = 0;
  while (d && g_dir_read_name (d))
    n++;
  if (d)
    g_dir_close (d);
  return n;
}

static void
base_options (Fixture *f, FragExportOptions *o, const char *path)
{
  frag_export_options_init (o);
  o->path = path;
  o->config = &f->cfg;
  o->program = f->prog;
}

static int
pdf_pages (const char *path)
{
  g_autofree char *out = NULL;
  int status = 0;
  const char *argv[] = { "pdfinfo", path, NULL };
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, &status, NULL))
    return -1;
  const char *p = out ? strstr (out, "Pages:") : NULL;
  return p ? atoi (p + 6) : -1;
}

static void
test_png (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "page.png", NULL);
  FragExportOptions o;
  base_options (f, &o, path);
  o.width = 640;
  o.height = 360;
  char err[256];
  g_assert_cmpint (frag_export_file (&o, err, sizeof err), ==, FRAG_EXPORT_OK);
  cairo_surface_t *s = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (s), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (s), ==, 640);
  g_assert_cmpint (cairo_image_surface_get_height (s), ==, 360);
  cairo_surface_destroy (s);
  /* Only the file: the temporary one was renamed, with the mode a new file gets. */
  g_assert_cmpuint (count_files (f->dir), ==, 1);
  mode_t mask = umask (022);
  umask (mask);
  GStatBuf st;
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0666 & ~mask);

  /* Every view, exact sizes, odd ones too. */
  for (unsigned v = 0; v < FRAG_VIEW_COUNT; v++)
    {
      o.view = (FragView) v;
      o.width = 333 + (int) v;
      o.height = 77;
      o.step = 2;
      g_assert_cmpint (frag_export_file (&o, err, sizeof err), ==, FRAG_EXPORT_OK);
      s = cairo_image_surface_create_from_png (path);
      g_assert_cmpint (cairo_image_surface_get_width (s), ==, 333 + (int) v);
      g_assert_cmpint (cairo_image_surface_get_height (s), ==, 77);
      cairo_surface_destroy (s);
    }
}

/* Runs python3's XML parser on the file; returns its printout ("" when python3 is missing). */
static char *
svg_summary (const char *path)
{
  const char *script =
    "import sys, xml.etree.ElementTree as ET\n"
    "r = ET.parse(sys.argv[1]).getroot()\n"
    "tags = [e.tag.split('}')[-1] for e in r.iter()]\n"
    "print(r.tag.split('}')[-1], r.get('width'), r.get('height'), tags.count('image'),\n"
    "      tags.count('path') + tags.count('rect') + tags.count('use'))\n";
  const char *argv[] = { "python3", "-c", script, path, NULL };
  char *out = NULL;
  int status = 0;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL,
                     &status, NULL))
    return g_strdup ("");
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static void
test_svg (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "frames.svg", NULL);
  FragExportOptions o;
  base_options (f, &o, path);
  o.view = FRAG_VIEW_FRAMES;
  o.width = 800;
  o.height = 300;
  char err[256];
  g_assert_cmpint (frag_export_file (&o, err, sizeof err), ==, FRAG_EXPORT_OK);
  g_autofree char *sum = svg_summary (path);
  if (!sum[0])
    {
      g_test_skip ("python3 is not available to parse the SVG");
      return;
    }
  char tag[16];
  char w[16], h[16];
  int images = -1, shapes = -1;
  g_assert_cmpint (sscanf (sum, "%15s %15s %15s %d %d", tag, w, h, &images, &shapes), ==, 5);
  g_assert_cmpstr (tag, ==, "svg");
  g_assert_cmpstr (w, ==, "800px");
  g_assert_cmpstr (h, ==, "300px");
  /* A textbook figure stays vector: no bitmap at all, many shapes. */
  g_assert_cmpint (images, ==, 0);
  g_assert_cmpint (shapes, >, 30);

  /* A large memory embeds the dense frame map as one bitmap per zone. */
  FragSim *big = render_test_raw (1u << 14, 100);
  frag_export_options_init (&o);
  o.path = path;
  o.sim = big;
  o.view = FRAG_VIEW_FRAMES;
  g_assert_cmpint (frag_export_file (&o, err, sizeof err), ==, FRAG_EXPORT_OK);
  g_free (sum);
  sum = svg_summary (path);
  g_assert_cmpint (sscanf (sum, "%15s %15s %15s %d %d", tag, w, h, &images, &shapes), ==, 5);
  g_assert_cmpint (images, ==, 1);
  g_assert_cmpstr (w, ==, "1920px");
  frag_sim_free (big);
}

static void
test_pdf (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "handout.pdf", NULL);
  FragExportOptions o;
  base_options (f, &o, path);
  o.all = true;
  char err[256];
  g_assert_cmpint (frag_export_file (&o, err, sizeof err), ==, FRAG_EXPORT_OK);
  int pages = pdf_pages (path);
  if (pages < 0)
    {
      g_test_skip ("pdfinfo is not available");
      return;
    }
  /* One page for the start and one per step. */
  g_assert_cmpint (pages, ==, 8);
  o.all = false;
  o.step = 3;
  g_assert_cmpint (frag_export_file (&o, err, sizeof err), ==, FRAG_EXPORT_OK);
  g_assert_cmpint (pdf_pages (path), ==, 1);
  g_assert_cmpuint (count_files (f->dir), ==, 1);
}

static void
test_png_all (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "step.png", NULL);
  FragExportOptions o;
  base_options (f, &o, path);
  o.all = true;
  o.width = 200;
  o.height = 120;
  char err[256];
  g_assert_cmpint (frag_export_file (&o, err, sizeof err), ==, FRAG_EXPORT_OK);
  g_assert_cmpuint (count_files (f->dir), ==, 8);
  const char *names[] = { "step-start.png", "step-step-0.png", "step-step-6.png" };
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *p = g_build_filename (f->dir, names[i], NULL);
      g_assert_true (g_file_test (p, G_FILE_TEST_IS_REGULAR));
    }
}

static bool
cancel_after_two (uint64_t done, uint64_t total, void *user_data)
{
  int *calls = user_data;
  (*calls)++;
  return done < 2;
}

static void
test_failures (Fixture *f, gconstpointer data)
{
  char err[256];
  FragExportOptions o;
  g_autofree char *txt = g_build_filename (f->dir, "out.txt", NULL);
  base_options (f, &o, txt);
  g_assert_cmpint (frag_export_file (&o, err, sizeof err), ==, FRAG_EXPORT_BAD_USAGE);
  g_assert_nonnull (strstr (err, ".png"));

  g_autofree char *nodir = g_build_filename (f->dir, "missing", "out.png", NULL);
  o.path = nodir;
  g_assert_cmpint (frag_export_file (&o, err, sizeof err), ==, FRAG_EXPORT_BAD_INPUT);
  g_assert_nonnull (strstr (err, "cannot write"));

  g_autofree char *png = g_build_filename (f->dir, "out.png", NULL);
  o.path = png;
  o.step = 7;
  g_assert_cmpint (frag_export_file (&o, err, sizeof err), ==, FRAG_EXPORT_BAD_USAGE);
  g_assert_nonnull (strstr (err, "--step 7"));
  o.step = FRAG_EXPORT_STEP_LAST;
  o.width = 20000;
  g_assert_cmpint (frag_export_file (&o, err, sizeof err), ==, FRAG_EXPORT_BAD_USAGE);
  o.width = 0;
  o.path = NULL;
  g_assert_cmpint (frag_export_file (&o, err, sizeof err), ==, FRAG_EXPORT_BAD_USAGE);

  /* A cancel in the middle of a handout leaves nothing behind, not even a temporary file. */
  g_autofree char *pdf = g_build_filename (f->dir, "cancel.pdf", NULL);
  o.path = pdf;
  o.all = true;
  o.view = FRAG_VIEW_FRAMES;
  int calls = 0;
  o.progress = cancel_after_two;
  o.user_data = &calls;
  g_assert_cmpint (frag_export_file (&o, err, sizeof err), ==, FRAG_EXPORT_CANCELLED);
  g_assert_cmpint (calls, ==, 2);
  g_assert_cmpuint (count_files (f->dir), ==, 0);

  /* A failed export never replaces a good file. */
  o.progress = NULL;
  o.all = false;
  g_assert_cmpint (frag_export_file (&o, err, sizeof err), ==, FRAG_EXPORT_OK);
  g_autofree char *before = NULL;
  gsize before_len = 0;
  g_assert_true (g_file_get_contents (pdf, &before, &before_len, NULL));
  o.step = 100;
  g_assert_cmpint (frag_export_file (&o, err, sizeof err), ==, FRAG_EXPORT_BAD_USAGE);
  g_autofree char *after = NULL;
  gsize after_len = 0;
  g_assert_true (g_file_get_contents (pdf, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
  g_assert_cmpuint (count_files (f->dir), ==, 1);
}

static void
test_compare (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "compare.png", NULL);
  FragExportOptions o;
  base_options (f, &o, path);
  const FragMode modes[] = { FRAG_MODE_SEGMENTATION, FRAG_MODE_PAGING, FRAG_MODE_COMPACTION };
  o.compare = modes;
  o.n_compare = 3;
  o.step = 5;
  o.width = 1500;
  o.height = 600;
  char err[256];
  g_assert_cmpint (frag_export_file (&o, err, sizeof err), ==, FRAG_EXPORT_OK);
  cairo_surface_t *s = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_image_surface_get_width (s), ==, 1500);
  /* Paging's panel (the middle third) shows C's colour; segmentation's (left) does not. */
  const FragPalette *pal = frag_palette_get (FRAG_PALETTE_LIGHT);
  uint32_t c = pal->owners[2] | 0xff000000u;
  guint left = 0, middle = 0;
  for (int y = 0; y < 600; y++)
    for (int x = 0; x < 1000; x++)
      {
        if (render_test_pixel (s, x, y) != c)
          continue;
        if (x < 480)
          left++;
        else
          middle++;
      }
  g_assert_cmpuint (left, <, 300);  /* at most a legend swatch */
  g_assert_cmpuint (middle, >, 1000);
  cairo_surface_destroy (s);
  o.n_compare = 5;
  g_assert_cmpint (frag_export_file (&o, err, sizeof err), ==, FRAG_EXPORT_BAD_USAGE);
}

/* Pixels of a colour in a PNG: counting an owner's colour tells whether it is in the picture. */
static guint
count_color (const char *path, uint32_t argb)
{
  cairo_surface_t *s = cairo_image_surface_create_from_png (path);
  guint n = 0;
  g_assert_cmpint (cairo_surface_status (s), ==, CAIRO_STATUS_SUCCESS);
  for (int y = 0; y < cairo_image_surface_get_height (s); y++)
    for (int x = 0; x < cairo_image_surface_get_width (s); x++)
      n += render_test_pixel (s, x, y) == argb;
  cairo_surface_destroy (s);
  return n;
}

/* FRAG_EXPORT_STEP_START is the state before the first step (the GUI's "Step 0 of M"); step 1
 * is the spawn of A, whose colour then appears. */
static void
test_step_start (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "start.png", NULL);
  FragExportOptions o;
  base_options (f, &o, path);
  o.view = FRAG_VIEW_FRAMES;
  o.width = 800;
  o.height = 300;
  char err[256];
  uint32_t a = frag_palette_get (FRAG_PALETTE_LIGHT)->owners[0] | 0xff000000u;
  o.step = FRAG_EXPORT_STEP_START;
  g_assert_cmpint (frag_export_file (&o, err, sizeof err), ==, FRAG_EXPORT_OK);
  g_assert_cmpuint (count_color (path, a), ==, 0);
  o.step = 1;
  g_assert_cmpint (frag_export_file (&o, err, sizeof err), ==, FRAG_EXPORT_OK);
  g_assert_cmpuint (count_color (path, a), >, 1000);
}

/* The comparison from simulations the caller made (the GUI's copies): the same figure as from
 * modes, and the caller's simulations are seeked, not taken. */
static void
test_compare_given_sims (Fixture *f, gconstpointer data)
{
  g_autofree char *from_modes = g_build_filename (f->dir, "modes.png", NULL);
  g_autofree char *from_sims = g_build_filename (f->dir, "sims.png", NULL);
  const FragMode modes[] = { FRAG_MODE_SEGMENTATION, FRAG_MODE_PAGING, FRAG_MODE_COMPACTION };
  FragSim *sims[3];
  char err[256];
  for (unsigned i = 0; i < 3; i++)
    {
      FragConfig c = f->cfg;
      c.mode = modes[i];
      sims[i] = frag_sim_new (&c, f->prog, err, sizeof err);
      g_assert_nonnull (sims[i]);
    }
  FragExportOptions o;
  base_options (f, &o, from_modes);
  o.view = FRAG_VIEW_FRAMES;
  o.compare = modes;
  o.n_compare = 3;
  o.step = 5;
  o.width = 1200;
  o.height = 500;
  g_assert_cmpint (frag_export_file (&o, err, sizeof err), ==, FRAG_EXPORT_OK);
  o.path = from_sims;
  o.compare = NULL;
  o.n_compare = 0;
  o.config = NULL;
  o.program = NULL;
  o.compare_sims = sims;
  o.n_compare_sims = 3;
  g_assert_cmpint (frag_export_file (&o, err, sizeof err), ==, FRAG_EXPORT_OK);
  uint32_t c = frag_palette_get (FRAG_PALETTE_LIGHT)->owners[2] | 0xff000000u;
  g_assert_cmpuint (count_color (from_sims, c), ==, count_color (from_modes, c));
  g_assert_cmpuint (count_color (from_sims, c), >, 1000);
  for (unsigned i = 0; i < 3; i++)
    {
      g_assert_cmpuint (frag_sim_position (sims[i]), ==, 6);
      frag_sim_free (sims[i]);
    }
}

static void
test_stats_only (Fixture *f, gconstpointer data)
{
  FragZoneStats z[2];
  memset (z, 0, sizeof z);
  strcpy (z[0].name, "DMA");
  strcpy (z[1].name, "Normal");
  for (int i = 0; i < 2; i++)
    {
      z[i].n_orders = 11;
      for (int o = 0; o < 11; o++)
        z[i].nr_free[o] = (uint64_t) (1000 >> o) * (i + 1);
    }
  g_autofree char *path = g_build_filename (f->dir, "buddyinfo.svg", NULL);
  FragExportOptions o;
  frag_export_options_init (&o);
  o.path = path;
  o.zones = z;
  o.n_zones = 2;
  char err[256];
  g_assert_cmpint (frag_export_file (&o, err, sizeof err), ==, FRAG_EXPORT_OK);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  o.all = true;
  g_assert_cmpint (frag_export_file (&o, err, sizeof err), ==, FRAG_EXPORT_BAD_USAGE);
  frag_export_options_init (&o);
  o.path = path;
  g_assert_cmpint (frag_export_file (&o, err, sizeof err), ==, FRAG_EXPORT_BAD_INPUT);
}

static void
test_scenarios (Fixture *f, gconstpointer data)
{
#ifdef FRAG_HAVE_SCENARIO
  const char *src = g_getenv ("FRAGSCOPE_SOURCE_DIR");
  if (!src)
    {
      g_test_skip ("FRAGSCOPE_SOURCE_DIR is not set");
      return;
    }
  g_autofree char *dir = g_build_filename (src, "scenarios", NULL);
  GDir *d = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (d);
  const char *name;
  guint n = 0;
  while ((name = g_dir_read_name (d)))
    {
      if (!g_str_has_suffix (name, ".json"))
        continue;
      g_autofree char *file = g_build_filename (dir, name, NULL);
      FragDiagnostics diag;
      frag_diagnostics_init (&diag);
      FragScenario *sc = frag_scenario_load_file (file, &diag);
      if (!sc)
        g_error ("%s", frag_diagnostics_error (&diag));
      frag_diagnostics_clear (&diag);
      /* One simulation for the three files: the million-step workload runs once, not thrice. */
      char serr[256];
      FragSim *sim = frag_sim_new (&sc->config, sc->program, serr, sizeof serr);
      g_assert_nonnull (sim);
      const char *exts[] = { "png", "svg", "pdf" };
      for (guint e = 0; e < G_N_ELEMENTS (exts); e++)
        {
          g_autofree char *out = g_strdup_printf ("%s/%s.%s", f->dir, name, exts[e]);
          FragExportOptions o;
          frag_export_options_init (&o);
          o.path = out;
          o.sim = sim;
          o.width = 960;
          o.height = 540;
          /* The page (and its metrics) runs the whole program once: do it for one format. */
          o.view = e == 0 ? FRAG_VIEW_PAGE : FRAG_VIEW_FRAMES;
          o.all = e == 2 && frag_program_locate_step (sc->program, 0, NULL, NULL)
                  && sc->program->n_steps <= 200;
          char err[512];
          FragExportStatus st = frag_export_file (&o, err, sizeof err);
          if (st != FRAG_EXPORT_OK)
            g_error ("%s -> %s: %s", name, exts[e], err);
          g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));
        }
      frag_sim_free (sim);
      frag_scenario_free (sc);
      n++;
    }
  g_dir_close (d);
  g_assert_cmpuint (n, >, 0);
  g_test_message ("%u scenarios exported in three formats", n);
#else
  g_test_skip ("the scenario loader is not built");
#endif
}

/* ---- fragscope-cli export ------------------------------------------------------------------ */

static char *
cli_path (void)
{
  const char *build = g_getenv ("FRAGSCOPE_BUILD_DIR");
  char *p = build ? g_build_filename (build, "src", "cli", "fragscope-cli", NULL) : NULL;
  if (p && g_file_test (p, G_FILE_TEST_IS_EXECUTABLE))
    return p;
  g_free (p);
  return NULL;
}

static int
run_cli (const char *cli, const char *const *args, char **err_out)
{
  GPtrArray *argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (gpointer) cli);
  g_ptr_array_add (argv, (gpointer) "export");
  for (; *args; args++)
    g_ptr_array_add (argv, (gpointer) *args);
  g_ptr_array_add (argv, NULL);
  char *out = NULL, *err = NULL;
  int status = 0;
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, 0, NULL, NULL, &out, &err,
                               &status, NULL));
  g_ptr_array_free (argv, TRUE);
  /* Nothing on stdout, whatever happens. */
  g_assert_cmpstr (out, ==, "");
  g_free (out);
  if (err_out)
    *err_out = err;
  else
    g_free (err);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
test_cli (Fixture *f, gconstpointer data)
{
  g_autofree char *cli = cli_path ();
  const char *src = g_getenv ("FRAGSCOPE_SOURCE_DIR");
  if (!cli || !src)
    {
      g_test_skip ("fragscope-cli is not built");
      return;
    }
  g_autofree char *scn = g_build_filename (src, "scenarios", "paging-introduction.fragscope.json",
                                           NULL);
  g_autofree char *png = g_build_filename (f->dir, "cli.png", NULL);
  g_autofree char *pdf = g_build_filename (f->dir, "cli.pdf", NULL);
  g_autofree char *svg = g_build_filename (f->dir, "cli.svg", NULL);
  {
    const char *args[] = { scn, "-o", png, "--width", "320", "--height", "200", "--step", "3",
                           NULL };
    g_assert_cmpint (run_cli (cli, args, NULL), ==, 0);
    cairo_surface_t *s = cairo_image_surface_create_from_png (png);
    g_assert_cmpint (cairo_image_surface_get_width (s), ==, 320);
    g_assert_cmpint (cairo_image_surface_get_height (s), ==, 200);
    cairo_surface_destroy (s);
  }
  {
    const char *args[] = { scn, "-o", pdf, "--all", "--mode", "paging", NULL };
    g_assert_cmpint (run_cli (cli, args, NULL), ==, 0);
    int pages = pdf_pages (pdf);
    if (pages >= 0)
      g_assert_cmpint (pages, ==, 8);
  }
  {
    const char *args[] = { scn, "-o", svg, "--compare", "segmentation,paging,compaction",
                           "--view", "frames", NULL };
    g_assert_cmpint (run_cli (cli, args, NULL), ==, 0);
  }
  /* Bad usage: exit 2. */
  const char *bad[][8] = {
    { scn, "-o", png, "--view", "nope", NULL },
    { scn, "-o", png, "--step", "1", "--all", NULL },
    { scn, "-o", png, "--width", "0", NULL },
    { scn, "-o", png, "--mode", "magic", NULL },
    { scn, "-o", png, "--step", "7", NULL },
    { scn, NULL },
    { scn, "-o", png, "--frobnicate", NULL },
    { scn, "-o", "out.bmp", NULL },
  };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_cmpint (run_cli (cli, bad[i], NULL), ==, 2);
  /* Bad input: exit 1 with FILE:LINE:COL on stderr, and no output file. */
  g_autofree char *broken = g_build_filename (f->dir, "broken.json", NULL);
  g_assert_true (g_file_set_contents (broken, "{\"fragscope\": 1,\n  \"memory\": [}", -1, NULL));
  g_autofree char *out2 = g_build_filename (f->dir, "never.png", NULL);
  const char *args[] = { broken, "-o", out2, NULL };
  char *err = NULL;
  g_assert_cmpint (run_cli (cli, args, &err), ==, 1);
  g_assert_nonnull (strstr (err, "broken.json:"));
  g_free (err);
  g_assert_false (g_file_test (out2, G_FILE_TEST_EXISTS));
  g_autofree char *unwritable = g_build_filename (f->dir, "no", "such", "dir.png", NULL);
  const char *args2[] = { scn, "-o", unwritable, NULL };
  g_assert_cmpint (run_cli (cli, args2, NULL), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/frag/render/export/png", test_png);
  ADD ("/frag/render/export/svg", test_svg);
  ADD ("/frag/render/export/pdf", test_pdf);
  ADD ("/frag/render/export/png-all", test_png_all);
  ADD ("/frag/render/export/failures", test_failures);
  ADD ("/frag/render/export/compare", test_compare);
  ADD ("/frag/render/export/compare-given-sims", test_compare_given_sims);
  ADD ("/frag/render/export/step-start", test_step_start);
  ADD ("/frag/render/export/stats-only", test_stats_only);
  ADD ("/frag/render/export/scenarios", test_scenarios);
  ADD ("/frag/render/export/cli", test_cli);
  return g_test_run ();
}
