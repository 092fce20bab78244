/* frag-source.c: see frag-source.h. */
#include "frag-source.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "frag-import.h"
#include "frag-scenario.h"

const char *
frag_source_kind_name (FragSourceKind kind)
{
  switch (kind)
    {
    case FRAG_SOURCE_SCENARIO: return "scenario";
    case FRAG_SOURCE_PROC_TEXT: return "/proc text";
    case FRAG_SOURCE_CAPTURE: return "capture";
    case FRAG_SOURCE_TRACE: return "ftrace trace";
    }
  return "input";
}

void
frag_source_clear (FragSource *source)
{
  frag_sim_free (source->sim);
  frag_program_unref (source->program);
  free (source->title);
  free (source->zones);
  free (source->warnings);
  free (source->error);
  memset (source, 0, sizeof *source);
}

static bool fail (FragSource *out, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));

static bool
fail (FragSource *out, const char *fmt, ...)
{
  char buf[8192];
  va_list ap;
  va_start (ap, fmt);
  vsnprintf (buf, sizeof buf, fmt, ap);
  va_end (ap);
  char *error = strdup (buf);
  frag_source_clear (out);
  out->error = error;
  return false;
}

static void
add_warning (FragSource *out, const char *text)
{
  size_t old = out->warnings ? strlen (out->warnings) : 0;
  size_t add = strlen (text);
  char *w = realloc (out->warnings, old + add + 2);
  if (w == NULL)
    return;
  if (old)
    w[old++] = '\n';
  memcpy (w + old, text, add + 1);
  out->warnings = w;
}

static void
apply_options (FragConfig *cfg, const FragSourceOptions *o)
{
  if (o == NULL)
    return;
  if (o->has_mode)
    cfg->mode = o->mode;
  if (o->has_fit)
    cfg->fit = o->fit;
  if (o->has_free_list)
    cfg->free_list = o->free_list;
}

/* Takes the scenario (NULL with diag's error on failure) and builds the simulation. */
static bool
from_scenario (FragScenario *sc, FragDiagnostics *diag, const char *path,
               const FragSourceOptions *options, FragSource *out)
{
  for (size_t i = 0; i < diag->n_warnings; i++)
    add_warning (out, diag->warnings[i].full);
  if (sc == NULL)
    {
      const char *msg = frag_diagnostics_error (diag);
      bool r = fail (out, "%s", msg ? msg : "the scenario could not be loaded");
      frag_diagnostics_clear (diag);
      return r;
    }
  frag_diagnostics_clear (diag);
  out->kind = FRAG_SOURCE_SCENARIO;
  out->config = sc->config;
  apply_options (&out->config, options);
  out->program = frag_program_ref (sc->program);
  const char *title = sc->program->title;
  if (title == NULL || *title == '\0')
    {
      const char *name = sc->name ? sc->name : path;
      const char *slash = name ? strrchr (name, '/') : NULL;
      title = slash ? slash + 1 : (name ? name : "Untitled scenario");
    }
  out->title = strdup (title);
  frag_scenario_free (sc);
  out->n_steps = frag_program_n_steps (out->program);
  if (options != NULL && options->no_sim)
    return true;
  char msg[1024];
  out->sim = frag_sim_new (&out->config, out->program, msg, sizeof msg);
  if (out->sim == NULL)
    return fail (out, "%s: %s", path ? path : "scenario", msg);
  return true;
}

static bool
load_proc_text (const char *path, FragSource *out)
{
  FragProcInfo *info = malloc (sizeof *info);
  char msg[1024];
  if (info == NULL)
    return fail (out, "%s: out of memory", path);
  frag_proc_info_init (info);
  /* Plain or xz-compressed text; the parser is picked by content. */
  if (!frag_proc_read (info, path, msg, sizeof msg))
    {
      free (info);
      return fail (out, "%s", msg);
    }
  out->zones = calloc (info->n_zones ? info->n_zones : 1, sizeof *out->zones);
  if (out->zones == NULL)
    {
      free (info);
      return fail (out, "%s: out of memory", path);
    }
  for (unsigned z = 0; z < info->n_zones; z++)
    if (frag_proc_zone_stats (info, z, &out->zones[out->n_zones]))
      out->n_zones++;
  free (info);
  out->kind = FRAG_SOURCE_PROC_TEXT;
  char title[512];
  snprintf (title, sizeof title, "Free memory of %s", path);
  out->title = strdup (title);
  return true;
}

static bool
load_import (const char *path, bool with_trace, FragSource *out)
{
  char msg[1024];
  FragImportResult res;
  if (!frag_import_open (path, with_trace, &res, msg, sizeof msg))
    return fail (out, "%s", msg);
  if (res.warnings[0] != '\0')
    add_warning (out, res.warnings);
  out->kind = res.kind == FRAG_INPUT_CAPTURE ? FRAG_SOURCE_CAPTURE : FRAG_SOURCE_TRACE;
  out->sim = res.sim;
  out->n_steps = frag_sim_n_steps (res.sim);
  out->config = *frag_sim_config (res.sim);
  out->title = strdup (res.title[0] ? res.title : path);
  return true;
}

bool
frag_source_load (const char *path, const FragSourceOptions *options, FragSource *out)
{
  memset (out, 0, sizeof *out);
  char msg[1024] = "";
  switch (frag_import_detect_full (path, msg, sizeof msg))
    {
    case FRAG_INPUT_CAPTURE:
    case FRAG_INPUT_TRACE:
      /* A real machine's state is not a policy: mode and fit do not apply. */
      return load_import (path, options != NULL && options->replay_trace, out);
    case FRAG_INPUT_BUDDYINFO:
    case FRAG_INPUT_PAGETYPEINFO:
    case FRAG_INPUT_ZONEINFO:
      return load_proc_text (path, out);
    case FRAG_INPUT_JSON:
      break;
    case FRAG_INPUT_UNKNOWN:
    default:
      {
        /* Missing files, folders and empty files are the detector's to explain; anything else goes
         * to the scenario loader, whose messages say what is wrong with it. */
        struct stat st;
        if (stat (path, &st) != 0 || S_ISDIR (st.st_mode) || st.st_size == 0)
          return fail (out, "%s", msg[0] ? msg : path);
        break;
      }
    }
  FragDiagnostics diag;
  frag_diagnostics_init (&diag);
  FragScenario *sc = frag_scenario_load_file (path, &diag);
  return from_scenario (sc, &diag, path, options, out);
}

bool
frag_source_load_builtin (const FragSourceOptions *options, FragSource *out)
{
  memset (out, 0, sizeof *out);
  FragDiagnostics diag;
  frag_diagnostics_init (&diag);
  FragScenario *sc = frag_scenario_load_builtin (&diag);
  return from_scenario (sc, &diag, FRAG_SCENARIO_BUILTIN_NAME, options, out);
}
