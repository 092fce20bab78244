/* frag-cli-input.c: see frag-cli-input.h. Inputs are recognised by content, not by name: a
 * directory is a capture, text starting with '{' is a scenario, /proc text is sniffed by its
 * first rows, and anything with kmem events in it is a trace. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "frag-cli-input.h"
#include "frag-import.h"
#include "frag-scenario.h"

const char *
frag_cli_input_kind_name (FragCliInputKind kind)
{
  switch (kind)
    {
    case FRAG_CLI_INPUT_SCENARIO: return "scenario";
    case FRAG_CLI_INPUT_PROC_TEXT: return "/proc text";
    case FRAG_CLI_INPUT_CAPTURE: return "capture";
    case FRAG_CLI_INPUT_TRACE: return "ftrace trace";
    }
  return "input";
}

void
frag_cli_input_clear (FragCliInput *input)
{
  frag_sim_free (input->sim);
  free (input->title);
  free (input->zones);
  memset (input, 0, sizeof *input);
}

static void
apply_overrides (FragConfig *cfg, const FragCliOverrides *ov)
{
  if (ov == NULL)
    return;
  if (ov->has_mode)
    cfg->mode = ov->mode;
  if (ov->has_fit)
    cfg->fit = ov->fit;
  if (ov->has_free_list)
    cfg->free_list = ov->free_list;
}

static bool
load_scenario (const char *path, const FragCliOverrides *ov, FragCliInput *out, FILE *err)
{
  FragDiagnostics diag;
  frag_diagnostics_init (&diag);
  FragScenario *sc = frag_scenario_load_file (path, &diag);
  for (size_t i = 0; i < diag.n_warnings; i++)
    fprintf (err, "%s\n", diag.warnings[i].full);
  if (sc == NULL)
    {
      fprintf (err, "%s\n", frag_diagnostics_error (&diag) ? frag_diagnostics_error (&diag)
                                                           : "could not load the scenario");
      frag_diagnostics_clear (&diag);
      return false;
    }
  frag_diagnostics_clear (&diag);
  apply_overrides (&sc->config, ov);
  char msg[512];
  FragSim *sim = frag_sim_new (&sc->config, sc->program, msg, sizeof msg);
  if (sim == NULL)
    {
      fprintf (err, "%s: %s\n", path, msg);
      frag_scenario_free (sc);
      return false;
    }
  out->kind = FRAG_CLI_INPUT_SCENARIO;
  out->sim = sim;
  out->n_steps = frag_sim_n_steps (sim);
  out->title = sc->program->title ? strdup (sc->program->title) : NULL;
  frag_scenario_free (sc);
  return true;
}

static bool
load_proc_text (const char *path, FragCliInput *out, FILE *err)
{
  FragProcInfo *info = malloc (sizeof *info);
  char msg[1024];
  if (info == NULL)
    return false;
  frag_proc_info_init (info);
  /* frag_proc_read takes plain or xz-compressed text and picks the parser by content. */
  if (!frag_proc_read (info, path, msg, sizeof msg))
    {
      fprintf (err, "%s\n", msg);
      free (info);
      return false;
    }
  out->zones = calloc (info->n_zones ? info->n_zones : 1, sizeof *out->zones);
  if (out->zones == NULL)
    {
      free (info);
      return false;
    }
  for (unsigned z = 0; z < info->n_zones; z++)
    if (frag_proc_zone_stats (info, z, &out->zones[out->n_zones]))
      out->n_zones++;
  free (info);
  out->kind = FRAG_CLI_INPUT_PROC_TEXT;
  char title[512];
  snprintf (title, sizeof title, "Free memory of %s", path);
  out->title = strdup (title);
  return true;
}

static bool
load_import (const char *path, bool with_trace, FragCliInput *out, FILE *err)
{
  char msg[1024];
  FragImportResult res;
  if (!frag_import_open (path, with_trace, &res, msg, sizeof msg))
    {
      fprintf (err, "%s\n", msg);
      return false;
    }
  if (res.warnings[0] != '\0')
    fprintf (err, "%s\n", res.warnings);
  out->kind = res.kind == FRAG_INPUT_CAPTURE ? FRAG_CLI_INPUT_CAPTURE : FRAG_CLI_INPUT_TRACE;
  out->sim = res.sim;
  out->n_steps = frag_sim_n_steps (res.sim);
  out->title = strdup (res.title);
  return true;
}

bool
frag_cli_input_load (const char *path, const FragCliOverrides *ov, FragCliInput *out, FILE *err)
{
  memset (out, 0, sizeof *out);
  char msg[1024];
  FragInputKind kind = frag_import_detect_full (path, msg, sizeof msg);
  switch (kind)
    {
    case FRAG_INPUT_CAPTURE:
    case FRAG_INPUT_TRACE:
      /* A real machine's state is not a policy: --mode and --fit do not apply. */
      return load_import (path, ov != NULL && ov->replay_trace, out, err);
    case FRAG_INPUT_BUDDYINFO:
    case FRAG_INPUT_PAGETYPEINFO:
    case FRAG_INPUT_ZONEINFO:
      return load_proc_text (path, out, err);
    case FRAG_INPUT_JSON:
      return load_scenario (path, ov, out, err);
    case FRAG_INPUT_UNKNOWN:
    default:
      {
        /* Missing files, directories and empty files are the detector's to explain; anything else
         * goes to the scenario loader, whose messages say what is wrong with it. */
        struct stat st;
        if (stat (path, &st) != 0 || S_ISDIR (st.st_mode) || st.st_size == 0)
          {
            fprintf (err, "%s\n", msg[0] ? msg : path);
            return false;
          }
        return load_scenario (path, ov, out, err);
      }
    }
}
