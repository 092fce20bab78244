/* frag-baseline.c: see frag-baseline.h. Deliberately the textbook design: one doubly linked free
 * list per order threaded through a page array, blocks taken from and returned to the head,
 * buddies merged on free (Linux's __rmqueue_smallest / expand / __free_one_page, one migrate
 * type). No engine code is shared, so the figure is an honest yardstick. */
#define _POSIX_C_SOURCE 200809L
#include "frag-baseline.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NFRAMES   (1u << 22)
#define MAX_ORDER 10u
#define NIL       UINT32_MAX

typedef struct {
  uint32_t next, prev;
  uint8_t  order;
  uint8_t  free;   /* head of a free block */
} Page;

typedef struct {
  Page    *pages;
  uint32_t head[MAX_ORDER + 1];
} Buddy;

static void
list_add (Buddy *b, uint32_t pfn, unsigned order)
{
  Page *p = &b->pages[pfn];
  p->order = (uint8_t) order;
  p->free = 1;
  p->prev = NIL;
  p->next = b->head[order];
  if (p->next != NIL)
    b->pages[p->next].prev = pfn;
  b->head[order] = pfn;
}

static void
list_del (Buddy *b, uint32_t pfn, unsigned order)
{
  Page *p = &b->pages[pfn];
  if (p->prev != NIL)
    b->pages[p->prev].next = p->next;
  else
    b->head[order] = p->next;
  if (p->next != NIL)
    b->pages[p->next].prev = p->prev;
  p->free = 0;
}

static void
buddy_init (Buddy *b)
{
  memset (b->pages, 0, (size_t) NFRAMES * sizeof (Page));
  for (unsigned o = 0; o <= MAX_ORDER; o++)
    b->head[o] = NIL;
  /* Added from the top so that the lowest block ends up at the head, as the engine starts. */
  for (uint32_t pfn = NFRAMES; pfn > 0; pfn -= 1u << MAX_ORDER)
    list_add (b, pfn - (1u << MAX_ORDER), MAX_ORDER);
}

static uint32_t
buddy_alloc (Buddy *b, unsigned order)
{
  for (unsigned o = order; o <= MAX_ORDER; o++)
    {
      uint32_t pfn = b->head[o];
      if (pfn == NIL)
        continue;
      list_del (b, pfn, o);
      while (o > order)
        {
          o--;
          list_add (b, pfn + (1u << o), o);
        }
      return pfn;
    }
  return NIL;
}

static void
buddy_free (Buddy *b, uint32_t pfn, unsigned order)
{
  while (order < MAX_ORDER)
    {
      uint32_t buddy = pfn ^ (1u << order);
      Page *bp = &b->pages[buddy];
      if (!bp->free || bp->order != order)
        break;
      list_del (b, buddy, order);
      pfn &= buddy;
      order++;
    }
  list_add (b, pfn, order);
}

/* The ops of BENCH-TRACES.md, generated the same way as the engine's bench (splitmix64). */
typedef struct {
  uint32_t u, rnd;
  uint8_t  order;
} Op;

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

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

bool
frag_baseline_trace (char trace, unsigned repeats, FragBaselineResult *out)
{
  uint64_t seed = trace == 'B' ? 0x5eed1235ull : 0x5eed1234ull;
  uint64_t n = trace == 'B' ? 3000000 : 1000000;
  uint64_t target = trace == 'B' ? 3774873 : UINT64_MAX;
  uint32_t p_lo = trace == 'B' ? 4080218931u : 2576980377u;
  uint32_t p_hi = trace == 'B' ? 1717986918u : 2576980377u;
  if (repeats < 1 || repeats > 9)
    return false;

  Op *ops = malloc (n * sizeof *ops);
  Buddy b = { .pages = malloc ((size_t) NFRAMES * sizeof (Page)) };
  uint64_t *live = malloc (n * sizeof *live);
  if (ops == NULL || b.pages == NULL || live == NULL)
    {
      free (ops);
      free (b.pages);
      free (live);
      return false;
    }
  uint64_t s = seed;
  for (uint64_t i = 0; i < n; i++)
    {
      uint64_t r = splitmix (&s);
      ops[i].u = (uint32_t) r;
      ops[i].order = (uint8_t) __builtin_ctzll ((r >> 32) | (1ull << 10));
      ops[i].rnd = (uint32_t) splitmix (&s);
    }

  double times[9];
  memset (out, 0, sizeof *out);
  for (unsigned rep = 0; rep < repeats; rep++)
    {
      buddy_init (&b);
      uint64_t n_live = 0, used = 0, allocs = 0, frees = 0, fails = 0;
      double t0 = now ();
      for (uint64_t i = 0; i < n; i++)
        {
          uint32_t p = used < target ? p_lo : p_hi;
          if (ops[i].u < p || n_live == 0)
            {
              uint32_t pfn = buddy_alloc (&b, ops[i].order);
              if (pfn == NIL)
                {
                  fails++;
                  continue;
                }
              live[n_live++] = ((uint64_t) pfn << 8) | ops[i].order;
              used += 1u << ops[i].order;
              allocs++;
            }
          else
            {
              uint64_t idx = ((uint64_t) ops[i].rnd * n_live) >> 32;
              uint64_t e = live[idx];
              live[idx] = live[--n_live];
              buddy_free (&b, (uint32_t) (e >> 8), (unsigned) (e & 0xff));
              used -= 1u << (e & 0xff);
              frees++;
            }
        }
      times[rep] = now () - t0;
      out->allocs = allocs;
      out->frees = frees;
      out->fails = fails;
      out->live = n_live;
      out->used = used;
    }
  qsort (times, repeats, sizeof times[0], cmp_double);
  out->seconds_median = times[repeats / 2];
  out->mops = (double) n / out->seconds_median / 1e6;
  free (ops);
  free (b.pages);
  free (live);
  return true;
}
