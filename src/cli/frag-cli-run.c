/* frag-cli-run.c: `validate` and `run`. Any input the loaders reject gives exit 1 with the
 * loader's FILE:LINE:COL message on stderr and nothing on stdout. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frag-cli-commands.h"
#include "frag-engine.h"
#include "frag-report.h"

bool
frag_cli_parse_u64 (const char *s, uint64_t *out)
{
  if (s == NULL || *s < '0' || *s > '9')
    return false;
  errno = 0;
  char *end;
  unsigned long long v = strtoull (s, &end, 10);
  if (errno != 0 || *end != '\0')
    return false;
  *out = v;
  return true;
}

bool
frag_cli_open (const char *path, const FragSourceOptions *options, FragSource *out)
{
  bool ok = frag_source_load (path, options, out);
  if (out->warnings)
    fprintf (stderr, "%s\n", out->warnings);
  if (!ok)
    {
      fprintf (stderr, "%s\n", out->error ? out->error : path);
      frag_source_clear (out);
    }
  return ok;
}

int
frag_cli_validate (int argc, char **argv)
{
  if (argc < 2)
    {
      fputs ("Usage: fragscope-cli validate FILE...\n", stderr);
      return FRAG_EXIT_USAGE;
    }
  int status = FRAG_EXIT_OK;
  /* Confirmations go to stdout only when every file is valid: a bad input prints nothing there. */
  size_t n_ok = 0;
  char **ok_lines = calloc ((size_t) argc, sizeof *ok_lines);
  if (ok_lines == NULL)
    return FRAG_EXIT_BAD_INPUT;
  for (int i = 1; i < argc; i++)
    {
      FragSource input;
      FragSourceOptions check_only = { .no_sim = true };
      if (!frag_cli_open (argv[i], &check_only, &input))
        {
          status = FRAG_EXIT_BAD_INPUT;
          continue;
        }
      char line[512];
      snprintf (line, sizeof line, "%s: ok (%s, %" PRIu64 " step%s)", argv[i],
                frag_source_kind_name (input.kind), input.n_steps,
                input.n_steps == 1 ? "" : "s");
      ok_lines[n_ok++] = strdup (line);
      frag_source_clear (&input);
    }
  if (status == FRAG_EXIT_OK)
    for (size_t i = 0; i < n_ok; i++)
      printf ("%s\n", ok_lines[i]);
  for (size_t i = 0; i < n_ok; i++)
    free (ok_lines[i]);
  free (ok_lines);
  return status;
}

int
frag_cli_run (int argc, char **argv)
{
  const char *path = NULL;
  bool json = false, all_events = false;
  uint64_t until = UINT64_MAX;
  FragSourceOptions ov = { 0 };

  for (int i = 1; i < argc; i++)
    {
      const char *a = argv[i];
      const char *val = (i + 1 < argc) ? argv[i + 1] : NULL;
      if (strcmp (a, "--json") == 0)
        json = true;
      else if (strcmp (a, "--events") == 0)
        all_events = true;
      else if (strcmp (a, "--replay-trace") == 0)
        ov.replay_trace = true;
      else if (strcmp (a, "--mode") == 0 && val)
        {
          if (!frag_mode_parse (val, &ov.mode))
            {
              fprintf (stderr, "fragscope-cli: unknown mode '%s' (segmentation, paging, compaction, "
                       "buddy)\n", val);
              return FRAG_EXIT_USAGE;
            }
          ov.has_mode = true;
          i++;
        }
      else if (strcmp (a, "--fit") == 0 && val)
        {
          if (!frag_fit_parse (val, &ov.fit))
            {
              fprintf (stderr, "fragscope-cli: unknown fit '%s' (first, next, best, worst)\n", val);
              return FRAG_EXIT_USAGE;
            }
          ov.has_fit = true;
          i++;
        }
      else if (strcmp (a, "--free-list") == 0 && val)
        {
          if (!frag_free_list_parse (val, &ov.free_list))
            {
              fprintf (stderr, "fragscope-cli: unknown free list order '%s' (address, lifo)\n", val);
              return FRAG_EXIT_USAGE;
            }
          ov.has_free_list = true;
          i++;
        }
      else if (strcmp (a, "--until") == 0 && val)
        {
          if (!frag_cli_parse_u64 (val, &until))
            {
              fprintf (stderr, "fragscope-cli: --until needs a step number (0-based), not '%s'\n",
                       val);
              return FRAG_EXIT_USAGE;
            }
          i++;
        }
      else if (a[0] == '-' && a[1] != '\0')
        {
          fprintf (stderr, "fragscope-cli: unknown or incomplete option '%s' for run\n", a);
          return FRAG_EXIT_USAGE;
        }
      else if (path == NULL)
        path = a;
      else
        {
          fprintf (stderr, "fragscope-cli: run takes one FILE (got '%s' too)\n", a);
          return FRAG_EXIT_USAGE;
        }
    }
  if (path == NULL)
    {
      fputs ("Usage: fragscope-cli run FILE [--mode M] [--fit F] [--until N] [--json]\n", stderr);
      return FRAG_EXIT_USAGE;
    }

  FragSource input;
  if (!frag_cli_open (path, &ov, &input))
    return FRAG_EXIT_BAD_INPUT;

  if (input.sim == NULL)
    {
      /* Statistics only (/proc text): nothing to step. */
      if (json)
        {
          FragJsonWriter w;
          frag_json_init (&w, stdout);
          frag_report_json_stats_only (&w, input.title, input.zones, input.n_zones);
        }
      else
        {
          printf ("%s\n\n", input.title ? input.title : path);
          for (unsigned z = 0; z < input.n_zones; z++)
            frag_report_text_zone (stdout, &input.zones[z], false);
        }
      frag_source_clear (&input);
      return FRAG_EXIT_OK;
    }

  FragSim *sim = input.sim;
  /* The report only goes forward: no time-travel checkpoints or plot samples to keep. */
  frag_sim_set_batch (sim, true);
  uint64_t n = frag_sim_n_steps (sim);
  uint64_t steps_run = (until == UINT64_MAX || until >= n) ? n : until + 1;
  FragReportInfo info = { .title = input.title, .source = path };

  if (json)
    {
      FragJsonWriter w;
      frag_json_init (&w, stdout);
      frag_report_json_begin (&w, sim, &info, steps_run);
      for (uint64_t s = 0; s < steps_run && frag_sim_step (sim); s++)
        frag_report_json_event (&w, sim, frag_sim_last_event (sim));
      frag_report_json_end (&w, sim);
    }
  else
    {
      /* People read a few hundred lines; longer runs list failures only unless --events. */
      bool list_all = all_events || steps_run <= 500;
      uint64_t shown = 0;
      frag_report_text_begin (stdout, sim, &info, steps_run);
      for (uint64_t s = 0; s < steps_run && frag_sim_step (sim); s++)
        {
          const FragEvent *ev = frag_sim_last_event (sim);
          bool failed_alloc = !ev->ok && (ev->reason == FRAG_REASON_EXTERNAL_FRAGMENTATION
                                          || ev->reason == FRAG_REASON_OUT_OF_MEMORY);
          if (list_all || (failed_alloc && shown++ < 50))
            frag_report_text_event (stdout, sim, ev);
        }
      if (!list_all)
        printf ("(%" PRIu64 " steps; showing at most 50 failures, --events lists every step)\n",
                steps_run);
      frag_report_text_end (stdout, sim);
    }
  if (fflush (stdout) != 0 || ferror (stdout))
    {
      fprintf (stderr, "fragscope-cli: could not write the report: %s\n", strerror (errno));
      frag_source_clear (&input);
      return FRAG_EXIT_BAD_INPUT;
    }
  frag_source_clear (&input);
  return FRAG_EXIT_OK;
}
