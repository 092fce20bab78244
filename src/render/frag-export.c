/* frag-export.c: PNG, SVG and PDF files of any view, one step, every step, or one step under
 * several policies; written through a temporary file in the target directory and renamed. */
#include "config.h"

#include "frag-export.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "frag-render-private.h"

void
frag_export_options_init (FragExportOptions *opts)
{
  memset (opts, 0, sizeof *opts);
  opts->format = FRAG_EXPORT_AUTO;
  opts->view = FRAG_VIEW_PAGE;
  opts->step = FRAG_EXPORT_STEP_LAST;
  opts->palette = FRAG_PALETTE_LIGHT;
  opts->font_scale = 1.0;
  opts->color_by = FRAG_COLOR_BY_OWNER;
}

bool
frag_export_format_from_path (const char *path, FragExportFormat *out)
{
  const char *dot = path ? strrchr (path, '.') : NULL;
  const char *slash = path ? strrchr (path, '/') : NULL;
  if (!dot || (slash && dot < slash))
    return false;
  if (!strcasecmp (dot, ".png"))
    *out = FRAG_EXPORT_PNG;
  else if (!strcasecmp (dot, ".svg"))
    *out = FRAG_EXPORT_SVG;
  else if (!strcasecmp (dot, ".pdf"))
    *out = FRAG_EXPORT_PDF;
  else
    return false;
  return true;
}

static FragExportStatus fail (FragExportStatus st, char *err, size_t errlen, const char *fmt, ...)
  __attribute__ ((format (printf, 4, 5)));

static FragExportStatus
fail (FragExportStatus st, char *err, size_t errlen, const char *fmt, ...)
{
  if (err && errlen)
    {
      va_list ap;
      va_start (ap, fmt);
      vsnprintf (err, errlen, fmt, ap);
      va_end (ap);
    }
  return st;
}

/* The process's umask without changing it (umask () would, and the GUI exports from a worker
 * thread): Linux tells it in /proc/self/status; 022 when it cannot be read. */
static mode_t
current_umask (void)
{
  mode_t mask = 022;
  FILE *f = fopen ("/proc/self/status", "r");
  if (!f)
    return mask;
  char line[256];
  while (fgets (line, sizeof line, f))
    {
      unsigned v;
      if (sscanf (line, "Umask: %o", &v) == 1)
        {
          mask = (mode_t) (v & 0777);
          break;
        }
    }
  fclose (f);
  return mask;
}

/* A temporary file beside `path` (same filesystem, so rename is atomic). */
static char *
temp_beside (const char *path)
{
  size_t len = strlen (path) + 32;
  char *tmp = malloc (len);
  if (!tmp)
    return NULL;
  const char *slash = strrchr (path, '/');
  if (slash)
    snprintf (tmp, len, "%.*s.%s.tmp-XXXXXX", (int) (slash - path + 1), path, slash + 1);
  else
    snprintf (tmp, len, ".%s.tmp-XXXXXX", path);
  int fd = mkstemp (tmp);
  if (fd < 0)
    {
      free (tmp);
      return NULL;
    }
  /* mkstemp makes the file private (0600); the figure should get the mode any new file gets. */
  fchmod (fd, 0666 & ~current_umask ());
  close (fd);
  return tmp;
}

static FragExportStatus
finish_file (char *tmp, const char *path, cairo_status_t status, char *err, size_t errlen)
{
  FragExportStatus st = FRAG_EXPORT_OK;
  if (status != CAIRO_STATUS_SUCCESS)
    st = fail (FRAG_EXPORT_BAD_INPUT, err, errlen, _("%s: cannot write: %s"), path,
               cairo_status_to_string (status));
  else if (rename (tmp, path) != 0)
    st = fail (FRAG_EXPORT_BAD_INPUT, err, errlen, _("%s: cannot write: %s"), path,
               strerror (errno));
  if (st != FRAG_EXPORT_OK)
    unlink (tmp);
  free (tmp);
  return st;
}

typedef struct {
  const FragExportOptions *opts;
  FragSim          *sims[FRAG_EXPORT_MAX_COMPARE];
  bool              owned[FRAG_EXPORT_MAX_COMPARE];
  FragRenderCache  *caches[FRAG_EXPORT_MAX_COMPARE];
  unsigned          n_sims;
  int               width, height;
  uint64_t          done, total;
} Job;

static void
draw_page (Job *job, cairo_t *cr)
{
  const FragExportOptions *o = job->opts;
  FragRenderContext ctxs[FRAG_EXPORT_MAX_COMPARE];
  for (unsigned i = 0; i < job->n_sims || (i == 0 && job->n_sims == 0); i++)
    {
      frag_render_context_init (&ctxs[i], job->n_sims ? job->sims[i] : NULL);
      ctxs[i].palette = frag_palette_get (o->palette);
      ctxs[i].font_scale = o->font_scale > 0 ? o->font_scale : 1.0;
      ctxs[i].color_by = o->color_by;
      ctxs[i].title = o->title;
      ctxs[i].cache = job->n_sims ? job->caches[i] : NULL;
    }
  if (job->n_sims == 0)
    {
      /* Statistics alone: the free blocks chart is what they can show. */
      frag_render_buddy_stats (cr, &ctxs[0], o->zones, o->n_zones, job->width, job->height);
      return;
    }
  if (job->n_sims > 1)
    frag_render_compare (cr, ctxs, job->n_sims, o->view, job->width, job->height);
  else
    frag_render_view (cr, &ctxs[0], o->view, job->width, job->height);
}

static void
seek_all (Job *job, uint64_t position)
{
  for (unsigned i = 0; i < job->n_sims; i++)
    {
      FragSim *sim = job->sims[i];
      uint64_t n = frag_sim_n_steps (sim);
      uint64_t p = position < n ? position : n;
      /* One step forward is a plain step: the frame map then repaints only what changed. */
      if (frag_sim_position (sim) + 1 == p)
        frag_sim_step (sim);
      else if (frag_sim_position (sim) != p)
        frag_sim_seek (sim, p);
    }
}

static bool
tick (Job *job)
{
  job->done++;
  return !job->opts->progress || job->opts->progress (job->done, job->total, job->opts->user_data);
}

static char *
numbered_path (const char *path, uint64_t position, uint64_t n_steps)
{
  const char *dot = strrchr (path, '.');
  size_t len = strlen (path) + 48;
  char *out = malloc (len);
  if (!out)
    return NULL;
  /* Zero-padded to the width of the last step, so the files sort in step order. */
  char num[24], last[24], padded[48];
  snprintf (last, sizeof last, "%" PRIu64, n_steps > 0 ? n_steps - 1 : 0);
  snprintf (num, sizeof num, "%" PRIu64, position > 0 ? position - 1 : 0);
  size_t pad = strlen (last) > strlen (num) ? strlen (last) - strlen (num) : 0;
  memset (padded, '0', pad);
  memcpy (padded + pad, num, strlen (num) + 1);
  if (position == 0)
    snprintf (out, len, "%.*s-start%s", (int) (dot - path), path, dot);
  else
    snprintf (out, len, "%.*s-step-%s%s", (int) (dot - path), path, padded, dot);
  return out;
}

static FragExportStatus
write_single (Job *job, FragExportFormat fmt, const char *path, char *err, size_t errlen)
{
  char *tmp = temp_beside (path);
  if (!tmp)
    return fail (FRAG_EXPORT_BAD_INPUT, err, errlen, _("%s: cannot write: %s"), path,
                 strerror (errno));
  cairo_surface_t *surface;
  if (fmt == FRAG_EXPORT_PNG)
    surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, job->width, job->height);
  else
    {
      surface = cairo_svg_surface_create (tmp, job->width, job->height);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
    }
  cairo_t *cr = cairo_create (surface);
  draw_page (job, cr);
  cairo_status_t st = cairo_status (cr);
  cairo_destroy (cr);
  if (st == CAIRO_STATUS_SUCCESS && fmt == FRAG_EXPORT_PNG)
    st = cairo_surface_write_to_png (surface, tmp);
  cairo_surface_finish (surface);
  if (st == CAIRO_STATUS_SUCCESS)
    st = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  return finish_file (tmp, path, st, err, errlen);
}

static FragExportStatus
run_job (Job *job, FragExportFormat fmt, char *err, size_t errlen)
{
  const FragExportOptions *o = job->opts;
  uint64_t n_steps = job->n_sims ? frag_sim_n_steps (job->sims[0]) : 0;
  uint64_t first, last;
  if (o->all)
    {
      first = 0;
      last = n_steps;
    }
  else
    {
      if (o->step != FRAG_EXPORT_STEP_LAST && o->step != FRAG_EXPORT_STEP_START && job->n_sims
          && o->step >= n_steps)
        {
          return fail (FRAG_EXPORT_BAD_USAGE, err, errlen,
                       "--step %" PRIu64 " is past the last step (the scenario has %" PRIu64
                       " steps, numbered from 0)", o->step, n_steps);
        }
      first = last = o->step == FRAG_EXPORT_STEP_LAST    ? n_steps
                     : o->step == FRAG_EXPORT_STEP_START ? 0
                                                         : o->step + 1;
    }
  if (last - first + 1 > FRAG_EXPORT_MAX_PAGES)
    {
      return fail (FRAG_EXPORT_BAD_USAGE, err, errlen,
                   "--all would write %" PRIu64 " pages (at most %u): export single steps with "
                   "--step", last - first + 1, FRAG_EXPORT_MAX_PAGES);
    }
  job->total = last - first + 1;

  if (fmt == FRAG_EXPORT_PDF)
    {
      char *tmp = temp_beside (o->path);
      if (!tmp)
        return fail (FRAG_EXPORT_BAD_INPUT, err, errlen, _("%s: cannot write: %s"), o->path,
                     strerror (errno));
      cairo_surface_t *surface = cairo_pdf_surface_create (tmp, job->width, job->height);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Fragscope");
      const FragProgram *prog = job->n_sims ? frag_sim_program (job->sims[0]) : NULL;
      const char *title = o->title ? o->title : prog && prog->title ? prog->title : NULL;
      if (title)
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
      cairo_t *cr = cairo_create (surface);
      bool cancelled = false;
      for (uint64_t pos = first; pos <= last; pos++)
        {
          seek_all (job, pos);
          cairo_save (cr);
          draw_page (job, cr);
          cairo_restore (cr);
          cairo_show_page (cr);
          if (!tick (job))
            {
              cancelled = true;
              break;
            }
        }
      cairo_status_t st = cairo_status (cr);
      cairo_destroy (cr);
      cairo_surface_finish (surface);
      if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status (surface);
      cairo_surface_destroy (surface);
      if (cancelled)
        {
          unlink (tmp);
          free (tmp);
          return fail (FRAG_EXPORT_CANCELLED, err, errlen, "export cancelled");
        }
      return finish_file (tmp, o->path, st, err, errlen);
    }

  for (uint64_t pos = first; pos <= last; pos++)
    {
      seek_all (job, pos);
      char *path = o->all ? numbered_path (o->path, pos, n_steps) : strdup (o->path);
      if (!path)
        return fail (FRAG_EXPORT_BAD_INPUT, err, errlen, _("out of memory"));
      FragExportStatus st = write_single (job, fmt, path, err, errlen);
      free (path);
      if (st != FRAG_EXPORT_OK)
        return st;
      if (!tick (job))
        return fail (FRAG_EXPORT_CANCELLED, err, errlen, "export cancelled");
    }
  return FRAG_EXPORT_OK;
}

FragExportStatus
frag_export_file (const FragExportOptions *o, char *err, size_t errlen)
{
  if (err && errlen)
    err[0] = 0;
  if (!o || !o->path || !o->path[0])
    return fail (FRAG_EXPORT_BAD_USAGE, err, errlen,
                 "no output file given (-o OUT.png|OUT.svg|OUT.pdf)");
  FragExportFormat fmt = o->format;
  if (fmt == FRAG_EXPORT_AUTO && !frag_export_format_from_path (o->path, &fmt))
    return fail (FRAG_EXPORT_BAD_USAGE, err, errlen,
                 "%s: unknown output format: the name must end in .png, .svg or .pdf", o->path);
  Job job;
  memset (&job, 0, sizeof job);
  job.opts = o;
  job.width = o->width > 0 ? o->width : 1920;
  job.height = o->height > 0 ? o->height : 1080;
  if (o->width < 0 || o->height < 0 || job.width > FRAG_EXPORT_MAX_SIZE
      || job.height > FRAG_EXPORT_MAX_SIZE)
    return fail (FRAG_EXPORT_BAD_USAGE, err, errlen,
                 "--width and --height must be between 1 and 16384 pixels");
  if ((unsigned) o->view >= FRAG_VIEW_COUNT)
    return fail (FRAG_EXPORT_BAD_USAGE, err, errlen, "unknown view");
  if (o->n_compare > FRAG_EXPORT_MAX_COMPARE || o->n_compare_sims > FRAG_EXPORT_MAX_COMPARE)
    return fail (FRAG_EXPORT_BAD_USAGE, err, errlen, "--compare takes at most 4 policies");

  const FragConfig *cfg = o->config;
  FragProgram *prog = o->program;
  if (o->sim && (!cfg || !prog))
    {
      cfg = frag_sim_config (o->sim);
      prog = (FragProgram *) frag_sim_program (o->sim);
    }
  if (!o->sim && !o->n_compare_sims && (!cfg || !prog))
    {
      if (!o->zones || o->n_zones == 0)
        return fail (FRAG_EXPORT_BAD_INPUT, err, errlen, "nothing to export");
      if (o->all || o->n_compare)
        return fail (FRAG_EXPORT_BAD_USAGE, err, errlen,
                     "/proc statistics have no steps: --all and --compare need a scenario");
    }

  FragExportStatus st = FRAG_EXPORT_OK;
  char msg[512];
  if (o->n_compare_sims > 0)
    for (unsigned i = 0; i < o->n_compare_sims; i++)
      job.sims[job.n_sims++] = o->compare_sims[i];
  else if (o->n_compare > 0)
    {
      for (unsigned i = 0; i < o->n_compare && st == FRAG_EXPORT_OK; i++)
        {
          FragConfig c = *cfg;
          c.mode = o->compare[i];
          FragSim *sim = frag_sim_new (&c, prog, msg, sizeof msg);
          if (!sim)
            st = fail (FRAG_EXPORT_BAD_INPUT, err, errlen, "%s", msg);
          else
            {
              job.sims[job.n_sims] = sim;
              job.owned[job.n_sims++] = true;
            }
        }
    }
  else if (o->sim)
    job.sims[job.n_sims++] = o->sim;
  else if (cfg && prog)
    {
      FragSim *sim = frag_sim_new (cfg, prog, msg, sizeof msg);
      if (!sim)
        st = fail (FRAG_EXPORT_BAD_INPUT, err, errlen, "%s", msg);
      else
        {
          job.sims[0] = sim;
          job.owned[0] = true;
          job.n_sims = 1;
        }
    }
  /* The metrics (and the page that shows them) need the run recorded once. */
  for (unsigned i = 0; i < job.n_sims && st == FRAG_EXPORT_OK; i++)
    {
      uint64_t pos = frag_sim_position (job.sims[i]);
      if ((o->view == FRAG_VIEW_PAGE || o->view == FRAG_VIEW_METRICS)
          && !frag_sim_prepare (job.sims[i], o->progress, o->user_data))
        st = fail (FRAG_EXPORT_CANCELLED, err, errlen, "export cancelled");
      else if (frag_sim_position (job.sims[i]) != pos)
        frag_sim_seek (job.sims[i], pos);
      job.caches[i] = frag_render_cache_new ();
    }
  if (st == FRAG_EXPORT_OK)
    st = run_job (&job, fmt, err, errlen);
  for (unsigned i = 0; i < job.n_sims; i++)
    {
      frag_render_cache_free (job.caches[i]);
      if (job.owned[i])
        frag_sim_free (job.sims[i]);
    }
  return st;
}
