/* frag-sim-random.c: the `random` op, expanded lazily, one step at a time.
 *
 * Nothing is generated ahead: the generator (a splitmix64 state, the serial of generated names
 * and the list of the live objects this op made) is part of the simulation state, so a
 * 1,000,000-step `random` costs no memory for ops and checkpoints carry the generator along.
 * Each step draws like BENCH-TRACES.md: r = draw() (low 32 bits: allocate or free; high 32 bits:
 * the order of a raw allocation), then rnd = draw() (which live object a free takes, by
 * (rnd * n) >> 32, removed by swap-remove); a spawn then draws its segment count, sizes, migrate
 * type and pinning. Names are "r<serial>" with one serial per simulation.
 */
#include "frag-sim-private.h"


static uint64_t
draw (FragSim *sim)
{
  uint64_t z = (sim->st.rng += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static uint64_t
uniform (FragSim *sim, uint64_t lo, uint64_t hi)
{
  if (hi <= lo)
    return lo;
  uint64_t span = hi - lo + 1;
  return span == 0 ? draw (sim) : lo + draw (sim) % span;
}

static double
unit (FragSim *sim)
{
  return (double) (draw (sim) >> 11) * (1.0 / 9007199254740992.0);
}

static uint32_t
threshold32 (double p)
{
  if (!(p > 0.0))
    return 0;
  if (p >= 1.0)
    return UINT32_MAX;
  return (uint32_t) (p * 4294967296.0);
}

static FragMigrateType
pick_mt (FragSim *sim, const FragRandomSpec *spec)
{
  double sum = 0;
  for (unsigned i = 0; i < FRAG_MT_COUNT; i++)
    if (spec->mt_weights[i] > 0)
      sum += spec->mt_weights[i];
  if (!(sum > 0))
    return FRAG_MT_MOVABLE;
  double x = unit (sim) * sum;
  for (unsigned i = 0; i < FRAG_MT_COUNT; i++)
    if (spec->mt_weights[i] > 0)
      {
        if (x < spec->mt_weights[i])
          return (FragMigrateType) i;
        x -= spec->mt_weights[i];
      }
  return FRAG_MT_MOVABLE;
}

/* "r<serial>", without the cost of printf (this runs once per generated step). */
static void
gen_name (char *out, uint64_t serial)
{
  char digits[24];
  int n = 0;
  do
    {
      digits[n++] = (char) ('0' + serial % 10);
      serial /= 10;
    }
  while (serial > 0);
  *out++ = 'r';
  while (n > 0)
    *out++ = digits[--n];
  *out = '\0';
}

void
frag_sim_random_step (FragSim *sim, const FragRandomSpec *spec, uint64_t sub)
{
  if (sub == 0)
    {
      sim->st.rng = spec->seed;
      sim->gen_live.len = 0;
    }
  bool raw = spec->workload == FRAG_WORKLOAD_RAW;
  uint64_t r = draw (sim);
  uint32_t u = (uint32_t) r, g = (uint32_t) (r >> 32);
  uint32_t rnd = (uint32_t) draw (sim);
  double p = spec->alloc_ratio;
  if ((double) sim->st.used_frames > spec->target_use * (double) sim->total_frames)
    p = spec->high_ratio;
  FragObjTable *t = raw ? &sim->raws : &sim->procs;

  if (u < threshold32 (p) || sim->gen_live.len == 0)
    {
      char name[FRAG_GEN_NAME_LEN];
      gen_name (name, sim->st.gen_serial++);
      uint32_t slot = FRAG_NONE;
      if (raw)
        {
          unsigned maxo = spec->max_order < sim->cfg.max_order ? spec->max_order : sim->cfg.max_order;
          unsigned order = (unsigned) __builtin_ctz (g | (1u << maxo));
          if (order < spec->min_order)
            order = spec->min_order < maxo ? spec->min_order : maxo;
          sim->ev.op = FRAG_OP_ALLOC;
          frag_sim_op_alloc (sim, name, FRAG_NONE, order, pick_mt (sim, spec), &slot);
        }
      else
        {
          FragSegmentSpec segs[FRAG_MAX_SEGMENTS];
          unsigned maxs = spec->max_segments < 1 ? 1
                          : spec->max_segments > FRAG_MAX_SEGMENTS ? FRAG_MAX_SEGMENTS
                                                                    : spec->max_segments;
          unsigned n = (unsigned) uniform (sim, 1, maxs);
          uint64_t fs = sim->cfg.frame_size;
          uint64_t max_size = spec->max_size;
          if (max_size == 0)
            {
              uint64_t f = sim->total_frames / 64;
              max_size = (f ? f : 1) * fs;
            }
          uint64_t min_size = spec->min_size ? spec->min_size : 1;
          if (max_size < min_size)
            max_size = min_size;
          for (unsigned i = 0; i < n; i++)
            {
              segs[i].name = FRAG_NONE;
              segs[i].size = uniform (sim, min_size, max_size);
            }
          FragOp op = { 0 };
          op.kind = FRAG_OP_SPAWN;
          op.name = FRAG_NONE;
          op.segment = FRAG_NONE;
          op.mt = pick_mt (sim, spec);
          op.pinned = spec->pinned_ratio > 0 && unit (sim) < spec->pinned_ratio;
          op.order = -1;
          sim->ev.op = FRAG_OP_SPAWN;
          frag_sim_op_spawn (sim, &op, name, FRAG_NONE, segs, n, &slot);
        }
      if (slot != FRAG_NONE)
        {
          uint32_t *e = frag_vec_push (&sim->gen_live);
          if (e)
            *e = slot;
        }
      return;
    }

  size_t n = sim->gen_live.len;
  size_t idx = (size_t) (((uint64_t) rnd * n) >> 32);
  uint32_t slot = FRAG_VEC_AT (sim->gen_live, uint32_t, idx);
  FRAG_VEC_AT (sim->gen_live, uint32_t, idx) = FRAG_VEC_AT (sim->gen_live, uint32_t, n - 1);
  sim->gen_live.len--;
  /* The slot is known: no need to look the name up again. */
  const FragObj *o = &FRAG_VEC_AT (t->objs, FragObj, slot);
  frag_sim_event_name (sim, frag_sim_obj_name (sim, o), FRAG_NONE);
  sim->ev.op = raw ? FRAG_OP_FREE : FRAG_OP_EXIT;
  if (raw)
    frag_sim_raw_destroy (sim, slot);
  else
    frag_sim_process_destroy (sim, slot);
}
