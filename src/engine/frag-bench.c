/* frag-bench.c: generating and replaying the benchmark traces (see frag-bench.h and
 * shared/spec/BENCH-TRACES.md, whose definitions this follows to the bit). */
#include "frag-bench.h"
#include "frag-zone.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BENCH_FRAMES      (1ull << 22)
#define BENCH_MAX_ORDER   10u
#define BENCH_PB_ORDER    9u

typedef struct {
  char     name;
  uint64_t seed;
  uint64_t n_ops;
  uint64_t target;   /* UINT64_MAX: none */
  uint32_t p_lo, p_hi;
} TraceDef;

static const TraceDef traces[] = {
  { 'A', 0x5eed1234u, 1000000u, UINT64_MAX, 2576980377u, 2576980377u },
  { 'B', 0x5eed1235u, 3000000u, 3774873u, 4080218931u, 1717986918u },
};

static const TraceDef *
trace_def (char trace)
{
  for (size_t i = 0; i < sizeof traces / sizeof traces[0]; i++)
    if (traces[i].name == trace || traces[i].name == trace - 'a' + 'A')
      return &traces[i];
  return NULL;
}

bool
frag_bench_expected (char trace, FragBenchResult *out)
{
  const TraceDef *d = trace_def (trace);
  if (d == NULL || out == NULL)
    return false;
  memset (out, 0, sizeof *out);
  out->trace = d->name;
  out->ops = d->n_ops;
  if (d->name == 'A')
    {
      out->allocs = 600281;
      out->frees = 399719;
      out->live = 200562;
      out->used = 1190137;
      out->checksum = 0x9fae27473a8957ebull;
    }
  else
    {
      out->allocs = 1812186;
      out->frees = 1187814;
      out->live = 624372;
      out->used = 3774999;
      out->checksum = 0x0d550baa2b3cc65aull;
    }
  return true;
}

static inline uint64_t
splitmix64 (uint64_t *s)
{
  uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/* One op, generated before timing: the alloc/free draw, the order, and the free's pick. */
typedef struct {
  uint32_t u;
  uint32_t rnd;
} BenchOp;

static double
now_seconds (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec * 1e-9;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

bool
frag_bench_trace (char trace, FragFreeListOrder discipline, unsigned repeats,
                  uint64_t n_ops_override, FragBenchResult *out)
{
  const TraceDef *d = trace_def (trace);
  if (d == NULL || out == NULL || (unsigned) discipline >= FRAG_FREE_LIST_COUNT)
    return false;
  if (repeats == 0)
    repeats = 5;
  if (repeats > FRAG_BENCH_MAX_REPEATS)
    repeats = FRAG_BENCH_MAX_REPEATS;
  uint64_t n = n_ops_override ? n_ops_override : d->n_ops;
  if (n > FRAG_BENCH_MAX_OPS)
    return false;

  memset (out, 0, sizeof *out);
  out->trace = d->name;
  out->ops = n;
  out->repeats = repeats;

  FragZoneParams params = {
    .start_pfn = 0, .frames = BENCH_FRAMES, .max_order = BENCH_MAX_ORDER,
    .pageblock_order = BENCH_PB_ORDER, .discipline = discipline, .initial_mt = FRAG_MT_MOVABLE,
  };
  BenchOp *ops = malloc (n * sizeof *ops);
  uint8_t *orders = malloc (n);
  /* A live block in 32 bits (pfn << 4 | order: pfns are below 2^22), so that the list the frees
   * pick from at random stays as small as it can. */
  uint32_t *live = malloc (n * sizeof *live);
  FragZone *pristine = frag_zone_new (&params);
  FragZone *zone = pristine ? frag_zone_clone (pristine) : NULL;
  bool ok = ops && orders && live && zone;

  if (ok)
    {
      uint64_t s = d->seed;
      for (uint64_t i = 0; i < n; i++)
        {
          uint64_t r = splitmix64 (&s);
          uint32_t g = (uint32_t) (r >> 32);
          ops[i].u = (uint32_t) r;
          orders[i] = (uint8_t) __builtin_ctz (g | (1u << BENCH_MAX_ORDER));
          ops[i].rnd = (uint32_t) splitmix64 (&s);
        }
    }

  /* Touch the list once before timing, so the first repeat does not pay its page faults. */
  if (ok)
    memset (live, 0, n * sizeof *live);

  for (unsigned rep = 0; ok && rep < repeats; rep++)
    {
      if (rep > 0)
        frag_zone_copy (zone, pristine);
      uint64_t allocs = 0, frees = 0, fails = 0, n_live = 0, used = 0, checksum = 0;
      const uint64_t target = d->target;
      const uint32_t p_lo = d->p_lo, p_hi = d->p_hi;

      double t0 = now_seconds ();
      for (uint64_t i = 0; i < n; i++)
        {
          uint32_t p = used < target ? p_lo : p_hi;
          if (ops[i].u < p || n_live == 0)
            {
              unsigned order = orders[i];
              uint64_t pfn = frag_zone_alloc (zone, order, FRAG_MT_MOVABLE, 1);
              if (pfn == FRAG_PFN_NONE)
                {
                  fails++;
                  continue;
                }
              allocs++;
              live[n_live++] = (uint32_t) (pfn << 4) | order;
              used += 1ull << order;
              checksum = checksum * 31 + pfn;
            }
          else
            {
              uint64_t idx = ((uint64_t) ops[i].rnd * n_live) >> 32;
              uint32_t e = live[idx];
              unsigned order = (unsigned) (e & 15);
              frag_zone_free (zone, e >> 4, order);
              live[idx] = live[--n_live];
              used -= 1ull << order;
              frees++;
            }
        }
      double t1 = now_seconds ();

      out->seconds[rep] = t1 - t0;
      out->allocs = allocs;
      out->frees = frees;
      out->fails = fails;
      out->live = n_live;
      out->used = used;
      out->checksum = checksum;
    }

  if (ok)
    {
      double sorted[FRAG_BENCH_MAX_REPEATS];
      memcpy (sorted, out->seconds, repeats * sizeof (double));
      qsort (sorted, repeats, sizeof (double), cmp_double);
      out->seconds_median = repeats % 2 ? sorted[repeats / 2]
                                        : (sorted[repeats / 2 - 1] + sorted[repeats / 2]) / 2;
      out->mops = out->seconds_median > 0 ? (double) n / out->seconds_median / 1e6 : 0;
    }

  frag_zone_destroy (zone);
  frag_zone_destroy (pristine);
  free (live);
  free (orders);
  free (ops);
  return ok;
}
