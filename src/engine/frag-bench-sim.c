/* frag-bench-sim.c: the simulation benchmarks (see frag-bench-sim.h). Plain C11, timed with
 * CLOCK_MONOTONIC; every run builds its own simulation from a fixed seed. */
#include "frag-bench-sim.h"
#include "frag-sim-private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double
now_s (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec * 1e-9;
}

static uint64_t
mix64 (uint64_t *s)
{
  uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static double
cpu_s (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec * 1e-9;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static void
one_zone (FragConfig *cfg, uint64_t frames, FragMode mode)
{
  frag_config_init (cfg);
  cfg->n_zones = 1;
  snprintf (cfg->zones[0].name, sizeof cfg->zones[0].name, "Normal");
  cfg->zones[0].start_pfn = 0;
  cfg->zones[0].frames = frames;
  cfg->mode = mode;
  cfg->fit = FRAG_FIT_FIRST;
  cfg->trigger = FRAG_TRIGGER_MANUAL;
}

bool
frag_bench_sim_seek (uint64_t frames, uint64_t steps, unsigned n_seeks, FragBenchSeekResult *out)
{
  memset (out, 0, sizeof *out);
  frames = frames ? frames : (uint64_t) 1 << 22;
  steps = steps ? steps : 1000000;
  n_seeks = n_seeks ? n_seeks : 200;
  FragConfig cfg;
  one_zone (&cfg, frames, FRAG_MODE_SEGMENTATION);
  FragProgram *prog = frag_program_new ();
  if (prog == NULL)
    return false;
  FragRandomSpec spec;
  frag_random_spec_init (&spec);
  spec.seed = 0x5eed5eedull;
  spec.count = steps;
  spec.min_size = cfg.frame_size;
  spec.max_size = 64 * cfg.frame_size;
  spec.alloc_ratio = 0.9;
  spec.target_use = 0.9;
  spec.high_ratio = 0.5;
  FragOp *op = frag_program_add_op (prog, FRAG_OP_RANDOM);
  if (op == NULL)
    {
      frag_program_unref (prog);
      return false;
    }
  op->random = frag_program_add_random (prog, &spec);
  char err[128];
  FragSim *sim = frag_sim_new (&cfg, prog, err, sizeof err);
  frag_program_unref (prog);
  if (sim == NULL)
    return false;
  double t0 = now_s ();
  if (!frag_sim_prepare (sim, NULL, NULL))
    {
      frag_sim_free (sim);
      return false;
    }
  out->prepare_seconds = now_s () - t0;
  out->frames = frames;
  out->steps = frag_sim_n_steps (sim);
  out->checkpoints = sim->n_cps;
  out->checkpoint_bytes = frag_sim_checkpoint_bytes (sim);
  /* Adversarial targets: every checkpoint's position and the step before (both replay the
   * whole interval before it). */
  size_t n_adv = 0;
  uint64_t *adv = calloc (2 * sim->n_cps + 1, sizeof *adv);
  for (size_t i = 1; adv && i < sim->n_cps; i++)
    {
      adv[n_adv++] = sim->cps[i].position;
      if (sim->cps[i].position - 1 > sim->cps[i - 1].position)
        adv[n_adv++] = sim->cps[i].position - 1;
    }
  if (adv)
    adv[n_adv++] = out->steps;
  size_t n_max = n_seeks > n_adv ? n_seeks : n_adv;
  double *ms = calloc (n_max, sizeof *ms), *cpu = calloc (n_max, sizeof *cpu);
  if (ms == NULL || cpu == NULL || adv == NULL)
    {
      free (ms);
      free (cpu);
      free (adv);
      frag_sim_free (sim);
      return false;
    }
  uint64_t s = 12345;
  for (unsigned i = 0; i < n_seeks; i++)
    {
      uint64_t pos = mix64 (&s) % (out->steps + 1);
      double t = now_s (), c = cpu_s ();
      frag_sim_seek (sim, pos);
      cpu[i] = (cpu_s () - c) * 1e3;
      ms[i] = (now_s () - t) * 1e3;
      out->seek_max_ms = ms[i] > out->seek_max_ms ? ms[i] : out->seek_max_ms;
      out->seek_cpu_max_ms = cpu[i] > out->seek_cpu_max_ms ? cpu[i] : out->seek_cpu_max_ms;
    }
  qsort (ms, n_seeks, sizeof *ms, cmp_double);
  qsort (cpu, n_seeks, sizeof *cpu, cmp_double);
  out->n_seeks = n_seeks;
  out->seek_median_ms = ms[n_seeks / 2];
  out->seek_cpu_median_ms = cpu[n_seeks / 2];
  for (size_t i = 0; i < n_adv; i++)
    {
      /* From the far side of the run, so that the seek cannot continue from where it stands. */
      frag_sim_seek (sim, adv[i] < out->steps / 2 ? out->steps : 0);
      double t = now_s (), c = cpu_s ();
      frag_sim_seek (sim, adv[i]);
      cpu[i] = (cpu_s () - c) * 1e3;
      ms[i] = (now_s () - t) * 1e3;
      out->adv_max_ms = ms[i] > out->adv_max_ms ? ms[i] : out->adv_max_ms;
      if (cpu[i] > out->adv_cpu_max_ms)
        {
          out->adv_cpu_max_ms = cpu[i];
          out->adv_worst_position = adv[i];
        }
    }
  qsort (ms, n_adv, sizeof *ms, cmp_double);
  qsort (cpu, n_adv, sizeof *cpu, cmp_double);
  out->n_adversarial = (unsigned) n_adv;
  out->adv_median_ms = ms[n_adv / 2];
  out->adv_cpu_median_ms = cpu[n_adv / 2];
  free (ms);
  free (cpu);
  free (adv);
  frag_sim_free (sim);
  return true;
}

bool
frag_bench_sim_compact (FragMode mode, uint64_t frames, unsigned repeats,
                        FragBenchCompactResult *out)
{
  memset (out, 0, sizeof *out);
  frames = frames ? frames : (uint64_t) 1 << 22;
  repeats = repeats ? repeats : 3;
  FragConfig cfg;
  FragMode sim_mode = mode == FRAG_MODE_BUDDY ? FRAG_MODE_PAGING
                      : mode == FRAG_MODE_COMPACTION ? FRAG_MODE_SEGMENTATION : mode;
  one_zone (&cfg, frames, sim_mode);
  FragProgram *prog = frag_program_new ();
  if (prog == NULL)
    return false;
  /* Processes of 1..32 frames until memory is full, then one in ten exits, then compact. */
  uint64_t s = 777, filled = 0, n = 0;
  char name[32];
  while (filled < frames)
    {
      uint64_t size = 1 + mix64 (&s) % 32;
      if (size > frames - filled)
        size = frames - filled;
      snprintf (name, sizeof name, "p%llu", (unsigned long long) n++);
      FragOp *op = frag_program_add_op (prog, FRAG_OP_SPAWN);
      if (op == NULL)
        goto oom;
      op->name = frag_program_intern (prog, name);
      op->first_segment = frag_program_add_segment (prog, FRAG_NONE, size * cfg.frame_size);
      op->n_segments = 1;
      filled += size;
    }
  for (uint64_t i = 0; i < n; i++)
    if (mix64 (&s) % 10 == 0)
      {
        snprintf (name, sizeof name, "p%llu", (unsigned long long) i);
        FragOp *op = frag_program_add_op (prog, FRAG_OP_EXIT);
        if (op == NULL)
          goto oom;
        op->name = frag_program_intern (prog, name);
      }
  if (frag_program_add_op (prog, FRAG_OP_COMPACT) == NULL)
    goto oom;
  char err[128];
  FragSim *sim = frag_sim_new (&cfg, prog, err, sizeof err);
  frag_program_unref (prog);
  if (sim == NULL)
    return false;
  uint64_t total = frag_sim_n_steps (sim);
  sim->recording_changes = false;
  frag_sim_seek (sim, total - 1);
  frag_sim_checkpoint_take (sim);
  FragMetrics m;
  frag_sim_metrics (sim, &m);
  out->mode = mode;
  out->frames = frames;
  out->use_before = (double) m.used_frames / (double) frames;
  out->largest_free_run_before = m.largest_free_run;
  double ms[16], cpu[16];
  if (repeats > 16)
    repeats = 16;
  for (unsigned i = 0; i < repeats; i++)
    {
      if (i > 0 && !frag_sim_restore_checkpoint_at (sim, total - 1))
        break;
      double t = now_s (), c = cpu_s ();
      frag_sim_step (sim);
      cpu[i] = (cpu_s () - c) * 1e3;
      ms[i] = (now_s () - t) * 1e3;
      out->repeats = i + 1;
      out->max_ms = ms[i] > out->max_ms ? ms[i] : out->max_ms;
      out->cpu_max_ms = cpu[i] > out->cpu_max_ms ? cpu[i] : out->cpu_max_ms;
    }
  qsort (ms, out->repeats, sizeof *ms, cmp_double);
  qsort (cpu, out->repeats, sizeof *cpu, cmp_double);
  out->ms = ms[out->repeats / 2];
  out->cpu_ms = cpu[out->repeats / 2];
  frag_sim_metrics (sim, &m);
  out->frames_moved = m.compaction_frames_moved;
  out->largest_free_run_after = m.largest_free_run;
  frag_sim_free (sim);
  return true;

oom:
  frag_program_unref (prog);
  return false;
}

bool
frag_bench_seek (FragSimBenchResult *out)
{
  FragBenchSeekResult r;
  memset (out, 0, sizeof *out);
  if (!frag_bench_sim_seek (0, 0, 0, &r))
    return false;
  /* The worst of the random and the adversarial seeks, in CPU time: the machine may be shared,
   * and wall time would measure the other users too. */
  out->median_ms = r.seek_cpu_median_ms;
  out->max_ms = r.seek_cpu_max_ms > r.adv_cpu_max_ms ? r.seek_cpu_max_ms : r.adv_cpu_max_ms;
  out->runs = r.n_seeks + r.n_adversarial;
  return true;
}

bool
frag_bench_compaction (FragMode mode, FragSimBenchResult *out)
{
  FragBenchCompactResult r;
  memset (out, 0, sizeof *out);
  if (!frag_bench_sim_compact (mode, 0, 0, &r))
    return false;
  out->median_ms = r.ms;
  out->max_ms = r.max_ms;
  out->runs = r.repeats;
  return true;
}
