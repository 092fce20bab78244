/* frag-trace-bench.c: the speed of a trace replay, for `fragscope-cli bench --suite`.
 *
 * The target is a 400,000-event trace replayed within a second. The trace is generated
 * here (so the benchmark needs no capture): a kernel-like mix of page allocations (mostly order 0,
 * some up to order 3, migrate types as the kernel prints them) and frees of live blocks, written as
 * ftrace text lines with task names that contain spaces, then parsed and replayed through a
 * FragSim: the same path as `fragscope-cli run trace.txt`. */
#define _POSIX_C_SOURCE 200809L
#include "frag-trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t
splitmix (uint64_t *s)
{
  uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static double
now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec * 1e-9;
}

/* Writes n_events lines; returns the text (NUL-terminated) or NULL. */
static char *
generate (uint64_t n_events, size_t *len_out)
{
  const uint64_t base = 0x100000, span = 1u << 20; /* 4 GiB of 4 KiB pages */
  uint8_t *used = calloc (span, 1);
  uint64_t *live = malloc (n_events * sizeof *live);
  size_t cap = (size_t) n_events * 256 + 4096, len = 0; /* lines are under 256 bytes */
  char *text = malloc (cap);
  if (used == NULL || live == NULL || text == NULL)
    {
      free (used);
      free (live);
      free (text);
      return NULL;
    }
  len += (size_t) snprintf (text, cap, "# tracer: nop\n#\n");
  uint64_t s = 0x7ace7ace, n_live = 0, live_frames = 0;
  double ts = 1000.0;
  for (uint64_t i = 0; i < n_events && cap - len > 512; i++)
    {
      uint64_t r = splitmix (&s);
      ts += 0.000013;
      /* Allocations win while under half of the span is live, then it churns. */
      bool alloc = n_live == 0 || (live_frames < span / 2 ? (r & 0xff) < 160 : (r & 0xff) < 120);
      if (alloc)
        {
          unsigned order = (r >> 8) % 10 < 8 ? 0 : 1 + (unsigned) ((r >> 16) % 3);
          uint64_t pfn = 0;
          bool found = false;
          for (int tries = 0; tries < 64 && !found; tries++)
            {
              pfn = (splitmix (&s) % span) & ~((1ull << order) - 1);
              found = true;
              for (uint64_t k = 0; k < (1ull << order); k++)
                if (used[pfn + k])
                  found = false;
            }
          if (!found)
            continue;
          memset (used + pfn, 1, 1ull << order);
          live[n_live++] = (pfn << 8) | order;
          live_frames += 1ull << order;
          len += (size_t) snprintf (text + len, cap - len,
                                    "   kworker/u8:%u %s-%u    [%03u] ..... %.6f: mm_page_alloc: "
                                    "page=0xffffea%010llx pfn=0x%llx order=%u migratetype=%u "
                                    "gfp_flags=GFP_KERNEL\n", (unsigned) (r % 7),
                                    (r & 1) ? "events_unbound" : "flush", (unsigned) (r % 9000) + 10,
                                    (unsigned) (r >> 60) % 2, ts,
                                    (unsigned long long) ((base + pfn) * 64),
                                    (unsigned long long) (base + pfn), order,
                                    (unsigned) ((r >> 24) % 10 < 7 ? 1 : (r >> 28) % 3));
        }
      else
        {
          uint64_t idx = ((r >> 32) * n_live) >> 32;
          uint64_t e = live[idx];
          live[idx] = live[--n_live];
          uint64_t pfn = e >> 8;
          unsigned order = (unsigned) (e & 0xff);
          memset (used + pfn, 0, 1ull << order);
          live_frames -= 1ull << order;
          len += (size_t) snprintf (text + len, cap - len,
                                    "          <idle>-0       [%03u] ..s1. %.6f: mm_page_free: "
                                    "page=0xffffea%010llx pfn=0x%llx order=%u\n",
                                    (unsigned) (r >> 60) % 2, ts,
                                    (unsigned long long) ((base + pfn) * 64),
                                    (unsigned long long) (base + pfn), order);
        }
    }
  free (used);
  free (live);
  *len_out = len;
  return text;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

double
frag_trace_bench (uint64_t n_events, unsigned reps, uint64_t *events_replayed, char *err,
                  size_t errlen)
{
  size_t len = 0;
  char *text = generate (n_events, &len);
  double times[9];
  if (text == NULL || reps < 1 || reps > 9)
    {
      snprintf (err, errlen, "trace bench: out of memory or bad repeat count");
      free (text);
      return -1;
    }
  for (unsigned rep = 0; rep < reps; rep++)
    {
      double t0 = now ();
      FragTrace *trace = frag_trace_parse (text, len, "bench");
      FragSim *sim = trace ? frag_trace_sim_new (trace, NULL, err, errlen) : NULL;
      if (sim == NULL)
        {
          frag_trace_free (trace);
          free (text);
          return -1;
        }
      frag_sim_set_batch (sim, true); /* as `fragscope-cli run trace` replays it */
      while (frag_sim_step (sim))
        ;
      times[rep] = now () - t0;
      if (events_replayed)
        *events_replayed = frag_sim_n_steps (sim);
      frag_sim_free (sim);
      frag_trace_free (trace);
    }
  free (text);
  qsort (times, reps, sizeof times[0], cmp_double);
  return times[reps / 2];
}
