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

#include "frag-capture.h"
#include "frag-cli-input.h"
#include "frag-proc.h"
#include "frag-reader.h"
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
load_proc_text (const char *path, const char *text, size_t len, FragCliInput *out, FILE *err)
{
  FragProcInfo *info = malloc (sizeof *info);
  char msg[1024];
  if (info == NULL)
    return false;
  frag_proc_info_init (info);
  if (!frag_proc_parse_auto (info, text, len, path, msg, sizeof msg))
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
load_capture (const char *path, const FragCliOverrides *ov, FragCliInput *out, FILE *err)
{
  char msg[1024];
  FragCapture *cap = frag_capture_load (path, msg, sizeof msg);
  if (cap == NULL)
    {
      fprintf (err, "%s\n", msg);
      return false;
    }
  FragSim *sim = frag_capture_sim_new (cap, NULL, msg, sizeof msg);
  frag_capture_free (cap);
  if (sim == NULL)
    {
      fprintf (err, "%s: %s\n", path, msg);
      return false;
    }
  (void) ov; /* a capture is a state, not a policy: overrides do not apply */
  out->kind = FRAG_CLI_INPUT_CAPTURE;
  out->sim = sim;
  out->n_steps = frag_sim_n_steps (sim);
  char title[512];
  snprintf (title, sizeof title, "Physical memory of the machine captured in %s", path);
  out->title = strdup (title);
  return true;
}

bool
frag_cli_input_load (const char *path, const FragCliOverrides *ov, FragCliInput *out, FILE *err)
{
  memset (out, 0, sizeof *out);
  struct stat st;
  if (stat (path, &st) != 0)
    {
      fprintf (err, "%s: cannot open: %s\n", path, strerror (errno));
      return false;
    }
  if (S_ISDIR (st.st_mode))
    {
      char zoneinfo[4096];
      snprintf (zoneinfo, sizeof zoneinfo, "%s/zoneinfo", path);
      if (access (zoneinfo, R_OK) != 0)
        {
          fprintf (err, "%s: is a directory, not a scenario (a capture directory holds zoneinfo "
                   "and kpageflags.bin[.xz])\n", path);
          return false;
        }
      return load_capture (path, ov, out, err);
    }

  /* Look at the start of the file to tell what it is. */
  char head[4096];
  size_t n = 0;
  FILE *f = fopen (path, "rb");
  if (f != NULL)
    {
      n = fread (head, 1, sizeof head - 1, f);
      fclose (f);
    }
  head[n] = '\0';
  size_t i = 0;
  while (i < n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\n' || head[i] == '\r'))
    i++;
  bool looks_proc = n > 0 && (frag_proc_sniff (head, n) != 0);
  if (looks_proc && head[i] != '{')
    {
      char *text = NULL;
      size_t len = 0;
      char msg[512];
      if (!frag_read_file (path, FRAG_PROC_MAX_BYTES, &text, &len, msg, sizeof msg))
        {
          fprintf (err, "%s\n", msg);
          return false;
        }
      bool ok = load_proc_text (path, text, len, out, err);
      free (text);
      return ok;
    }
  /* Everything else goes to the scenario loader, whose messages say what is wrong with it. */
  return load_scenario (path, ov, out, err);
}
