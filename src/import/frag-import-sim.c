/* frag-import-sim.c: real-machine state and traces turned into FragSims, through the engine's
 * importer entry points (frag_sim_new, frag_sim_import_used). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frag-capture.h"
#include "frag-trace.h"

/* kpageflags does not tell a page's migrate type; this is the type a kernel would most likely
 * have given it, so that the pageblock view is plausible. */
static FragMigrateType
class_mt (uint8_t c)
{
  switch (c)
    {
    case FRAG_CLASS_ANON:
    case FRAG_CLASS_FILE:
    case FRAG_CLASS_HUGE:
      return FRAG_MT_MOVABLE;
    default:
      return FRAG_MT_UNMOVABLE;
    }
}

/* Imports each run of used frames of one class over [base, base + n) of `bytes`. */
static bool
import_runs (FragSim *sim, const uint8_t *bytes, uint64_t base, uint64_t n, const FragCapture *cap,
             char *err, size_t errlen)
{
  uint64_t i = 0;

  while (i < n)
    {
      uint8_t c = bytes[i];
      uint64_t j = i + 1;
      while (j < n && bytes[j] == c)
        j++;
      if (c != FRAG_IMPORT_FREE && c != FRAG_CLASS_NONE)
        {
          /* Runs never straddle zones: gaps between zones are NONE; split at zone ends anyway. */
          uint64_t a = base + i, e = base + j;
          while (a < e)
            {
              uint64_t stop = e;
              if (cap != NULL)
                {
                  int z = frag_capture_zone_of (cap, a);
                  if (z >= 0 && cap->zones[z].start_pfn + cap->zones[z].frames < stop)
                    stop = cap->zones[z].start_pfn + cap->zones[z].frames;
                }
              if (!frag_sim_import_used (sim, a, stop - a, (FragFrameClass) c, class_mt (c)))
                {
                  snprintf (err, errlen, "the engine refused frames %llu..%llu (%s)",
                            (unsigned long long) a, (unsigned long long) (stop - 1),
                            frag_frame_class_name ((FragFrameClass) c));
                  return false;
                }
              a = stop;
            }
        }
      i = j;
    }
  return true;
}

FragSim *
frag_capture_sim_new (const FragCapture *cap, FragProgram *prog, char *err, size_t errlen)
{
  FragConfig cfg;
  FragSim *sim;
  bool own = prog == NULL;

  if (!frag_capture_config (cap, &cfg, err, errlen))
    return NULL;
  if (own && (prog = frag_program_new ()) == NULL)
    {
      snprintf (err, errlen, "out of memory");
      return NULL;
    }
  sim = frag_sim_new (&cfg, prog, err, errlen);
  if (own)
    frag_program_unref (prog);
  if (sim == NULL)
    return NULL;
  if (!import_runs (sim, cap->klass, cap->base_pfn, cap->n_pfns, cap, err, errlen))
    {
      frag_sim_free (sim);
      return NULL;
    }
  return sim;
}

FragSim *
frag_trace_sim_new (const FragTrace *trace, const FragCapture *cap, char *err, size_t errlen)
{
  FragProgram *prog = frag_trace_program (trace);
  FragSim *sim;

  if (prog == NULL)
    {
      snprintf (err, errlen, "%s: out of memory", trace->file);
      return NULL;
    }
  if (cap != NULL)
    {
      sim = frag_capture_sim_new (cap, prog, err, errlen);
      frag_program_unref (prog);
      return sim;
    }

  uint64_t base, n;
  uint8_t *st = frag_trace_initial_state (trace, NULL, &base, &n, err, errlen);
  if (st == NULL)
    {
      frag_program_unref (prog);
      return NULL;
    }
  if (n > FRAG_MAX_FRAMES)
    {
      snprintf (err, errlen, "%s: the trace spans %llu pages, more than the engine's %llu",
                trace->file, (unsigned long long) n, (unsigned long long) FRAG_MAX_FRAMES);
      free (st);
      frag_program_unref (prog);
      return NULL;
    }
  FragConfig cfg;
  frag_config_init (&cfg);
  cfg.n_zones = 1;
  snprintf (cfg.zones[0].name, sizeof cfg.zones[0].name, "Trace");
  cfg.zones[0].start_pfn = base;
  cfg.zones[0].frames = n;
  cfg.frame_size = 4096;
  cfg.mode = FRAG_MODE_BUDDY;
  cfg.max_order = FRAG_IMPORT_MAX_ORDER;
  cfg.pageblock_order = 9;
  sim = frag_sim_new (&cfg, prog, err, errlen);
  frag_program_unref (prog);
  if (sim == NULL)
    {
      free (st);
      return NULL;
    }
  /* Used frames of the initial state are of unknown use: the trace never said. */
  for (uint64_t i = 0; i < n; i++)
    st[i] = st[i] == FRAG_TRACE_PFN_USED ? (uint8_t) FRAG_CLASS_UNKNOWN : FRAG_IMPORT_FREE;
  bool ok = import_runs (sim, st, base, n, NULL, err, errlen);
  free (st);
  if (!ok)
    {
      frag_sim_free (sim);
      return NULL;
    }
  return sim;
}
