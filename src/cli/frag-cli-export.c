/* frag-cli-export.c: `fragscope-cli export FILE -o OUT.png|OUT.svg|OUT.pdf [--step N | --all]
 * [--view V] [--mode M] [--fit F] [--free-list L] [--width W] [--height H] [--palette P]
 * [--font-scale S] [--color-by owner|type|class] [--compare MODE,MODE...] [--title T]`.
 *
 * Parses the command line, loads the input through the CLI's one door (frag-source.h, so a
 * capture or /proc text exports as well as a scenario) and hands everything to the renderer's
 * exporter (frag-export.h). Exit 0 on success, 1 on bad input (the loader's FILE:LINE:COL
 * message on stderr) or an output that cannot be written, 2 on bad usage. Nothing on stdout.
 */
#include "frag-cli-export.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "frag-cli-commands.h"
#include "frag-source.h"
#include "frag-export.h"

static void
export_usage (FILE *out)
{
  fputs ("usage: fragscope-cli export FILE -o OUT.png|OUT.svg|OUT.pdf [--step N | --all]\n"
         "         [--view page|frames|buddy|pageblocks|processes|metrics]\n"
         "         [--mode M] [--fit F] [--free-list address|lifo]\n"
         "         [--width W] [--height H] [--palette light|dark|high-contrast]\n"
         "         [--font-scale S] [--color-by owner|type|class]\n"
         "         [--compare segmentation,paging,compaction] [--title TEXT]\n", out);
}

static int usage_error (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));

static int
usage_error (const char *fmt, ...)
{
  va_list ap;
  fputs ("fragscope-cli export: ", stderr);
  va_start (ap, fmt);
  vfprintf (stderr, fmt, ap);
  va_end (ap);
  fputc ('\n', stderr);
  export_usage (stderr);
  return FRAG_EXIT_USAGE;
}

static bool
parse_int (const char *s, int lo, int hi, int *out)
{
  uint64_t v;
  if (!frag_cli_parse_u64 (s, &v) || v < (uint64_t) lo || v > (uint64_t) hi)
    return false;
  *out = (int) v;
  return true;
}

static bool
parse_scale (const char *s, double *out)
{
  char *end = NULL;
  errno = 0;
  double v = strtod (s, &end);
  if (errno || !end || end == s || *end || !(v >= 0.25 && v <= 4.0))
    return false;
  *out = v;
  return true;
}

static bool
parse_color_by (const char *s, FragColorBy *out)
{
  if (!strcasecmp (s, "owner") || !strcasecmp (s, "process"))
    *out = FRAG_COLOR_BY_OWNER;
  else if (!strcasecmp (s, "type") || !strcasecmp (s, "migratetype")
           || !strcasecmp (s, "migrate-type"))
    *out = FRAG_COLOR_BY_MIGRATE_TYPE;
  else if (!strcasecmp (s, "class") || !strcasecmp (s, "kpageflags"))
    *out = FRAG_COLOR_BY_CLASS;
  else
    return false;
  return true;
}

/* "segmentation,paging,compaction" into modes; false on an unknown or repeated name. */
static bool
parse_compare (const char *s, FragMode *modes, unsigned *n, const char **bad)
{
  char buf[256];
  if (strlen (s) >= sizeof buf)
    {
      *bad = s;
      return false;
    }
  strcpy (buf, s);
  *n = 0;
  for (char *save = NULL, *tok = strtok_r (buf, ",", &save); tok; tok = strtok_r (NULL, ",", &save))
    {
      FragMode m;
      if (!frag_mode_parse (tok, &m) || *n >= FRAG_EXPORT_MAX_COMPARE)
        {
          *bad = s;
          return false;
        }
      modes[(*n)++] = m;
    }
  if (*n == 0)
    *bad = s;
  return *n > 0;
}

int
frag_cli_export (int argc, char **argv)
{
  const char *input = NULL, *output = NULL;
  FragExportOptions opts;
  frag_export_options_init (&opts);
  FragSourceOptions ov;
  memset (&ov, 0, sizeof ov);
  FragMode compare[FRAG_EXPORT_MAX_COMPARE];
  unsigned n_compare = 0;
  bool has_step = false;

  for (int i = 1; i < argc; i++)
    {
      const char *a = argv[i];
      const char *v = i + 1 < argc ? argv[i + 1] : NULL;
      bool takes = a[0] == '-' && a[1] != 0 && strcmp (a, "--all") != 0 && strcmp (a, "--help") != 0
                   && strcmp (a, "-h") != 0;
      if (takes && !v)
        return usage_error ("%s needs a value", a);
      if (!strcmp (a, "-h") || !strcmp (a, "--help"))
        {
          export_usage (stdout);
          return FRAG_EXIT_OK;
        }
      else if (!strcmp (a, "-o") || !strcmp (a, "--output"))
        output = v;
      else if (!strcmp (a, "--step"))
        {
          if (!frag_cli_parse_u64 (v, &opts.step) || opts.step == FRAG_EXPORT_STEP_LAST)
            return usage_error ("--step needs a step number (0-based), not '%s'", v);
          has_step = true;
        }
      else if (!strcmp (a, "--all"))
        {
          opts.all = true;
          continue;
        }
      else if (!strcmp (a, "--view"))
        {
          if (!frag_view_parse (v, &opts.view))
            return usage_error ("unknown view '%s' (page, frames, buddy, pageblocks, processes, "
                                "metrics)", v);
        }
      else if (!strcmp (a, "--mode"))
        {
          if (!frag_mode_parse (v, &ov.mode))
            return usage_error ("unknown mode '%s' (segmentation, paging, compaction, buddy)", v);
          ov.has_mode = true;
        }
      else if (!strcmp (a, "--fit"))
        {
          if (!frag_fit_parse (v, &ov.fit))
            return usage_error ("unknown fit '%s' (first, next, best, worst)", v);
          ov.has_fit = true;
        }
      else if (!strcmp (a, "--free-list"))
        {
          if (!frag_free_list_parse (v, &ov.free_list))
            return usage_error ("unknown free list order '%s' (address, lifo)", v);
          ov.has_free_list = true;
        }
      else if (!strcmp (a, "--width"))
        {
          if (!parse_int (v, 1, FRAG_EXPORT_MAX_SIZE, &opts.width))
            return usage_error ("--width needs 1 to 16384 pixels, not '%s'", v);
        }
      else if (!strcmp (a, "--height"))
        {
          if (!parse_int (v, 1, FRAG_EXPORT_MAX_SIZE, &opts.height))
            return usage_error ("--height needs 1 to 16384 pixels, not '%s'", v);
        }
      else if (!strcmp (a, "--palette"))
        {
          if (!frag_palette_parse (v, &opts.palette))
            return usage_error ("unknown palette '%s' (light, dark, high-contrast)", v);
        }
      else if (!strcmp (a, "--font-scale"))
        {
          if (!parse_scale (v, &opts.font_scale))
            return usage_error ("--font-scale needs a number from 0.25 to 4, not '%s'", v);
        }
      else if (!strcmp (a, "--color-by"))
        {
          if (!parse_color_by (v, &opts.color_by))
            return usage_error ("unknown colouring '%s' (owner, type, class)", v);
        }
      else if (!strcmp (a, "--compare"))
        {
          const char *bad = NULL;
          if (!parse_compare (v, compare, &n_compare, &bad))
            return usage_error ("--compare needs up to 4 modes separated by commas "
                                "(segmentation, paging, compaction, buddy), not '%s'", bad);
        }
      else if (!strcmp (a, "--title"))
        opts.title = v;
      else if (a[0] == '-' && a[1] != 0)
        return usage_error ("unknown option '%s'", a);
      else
        {
          if (input)
            return usage_error ("one input file only ('%s' is one too many)", a);
          input = a;
          continue;
        }
      i++;
    }
  if (!input)
    return usage_error ("no input file given");
  if (!output)
    return usage_error ("no output file given: -o OUT.png, OUT.svg or OUT.pdf");
  if (has_step && opts.all)
    return usage_error ("--step and --all exclude each other");
  FragExportFormat fmt;
  if (!frag_export_format_from_path (output, &fmt))
    return usage_error ("cannot tell the format of '%s': use .png, .svg or .pdf", output);

  FragSource in;
  if (!frag_cli_open (input, &ov, &in))
    return FRAG_EXIT_BAD_INPUT;
  opts.path = output;
  opts.sim = in.sim;
  opts.zones = in.zones;
  opts.n_zones = in.n_zones;
  opts.compare = n_compare ? compare : NULL;
  opts.n_compare = n_compare;
  if (!opts.title && in.title)
    opts.title = in.title;
  if (!in.sim && opts.view != FRAG_VIEW_BUDDY && opts.view != FRAG_VIEW_PAGE)
    {
      frag_source_clear (&in);
      return usage_error ("this input holds statistics only: use --view buddy");
    }
  char err[1024];
  FragExportStatus st = frag_export_file (&opts, err, sizeof err);
  frag_source_clear (&in);
  /* The CLI exits next: leave leak checkers nothing to report (font caches live forever). */
  frag_render_shutdown ();
  if (st == FRAG_EXPORT_OK)
    return FRAG_EXIT_OK;
  if (st == FRAG_EXPORT_BAD_USAGE)
    return usage_error ("%s", err);
  fprintf (stderr, "fragscope-cli export: %s\n", err);
  return FRAG_EXIT_BAD_INPUT;
}
