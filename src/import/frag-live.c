/* frag-live.c: reading this machine's /proc for the live view (see frag-live.h). */
#include "frag-live.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "frag-reader.h"

/* /proc/kpageflags reads at some 10-40 MB/s in the kernel: a 6.5M-pfn machine takes over a
 * second. After the first full read, each refresh reads this many pfns more, round the zones,
 * and reads sections the kernel does not manage (all flags 0) only every 16th sweep. */
#define DEFAULT_BUDGET (1ull << 20)
#define UNMANAGED_EVERY 16u

struct FragLive {
  char         dir[1024];
  bool         use_kpageflags;
  uint64_t     budget;       /* pfns per refresh after the first; 0: all */
  uint64_t     cursor;       /* next pfn of the rolling read */
  uint64_t     sweep;
  uint64_t     last_read;    /* pfns read by the last refresh */
  FragProcInfo proc;
  FragCapture *cap;
  bool         has_pagetypeinfo;
  char         status[1024];
  double       seconds;
};

FragLive *
frag_live_new_at (const char *proc_dir)
{
  FragLive *live = calloc (1, sizeof *live);

  if (live == NULL)
    return NULL;
  snprintf (live->dir, sizeof live->dir, "%s", proc_dir != NULL ? proc_dir : "/proc");
  live->use_kpageflags = true;
  live->budget = DEFAULT_BUDGET;
  frag_proc_info_init (&live->proc);
  return live;
}

FragLive *
frag_live_new (void)
{
  return frag_live_new_at ("/proc");
}

void
frag_live_free (FragLive *live)
{
  if (live == NULL)
    return;
  frag_capture_free (live->cap);
  free (live);
}

void
frag_live_set_use_kpageflags (FragLive *live, bool use)
{
  live->use_kpageflags = use;
}

static void
add_status (FragLive *live, const char *what, const char *why)
{
  size_t off = strlen (live->status);
  snprintf (live->status + off, sizeof live->status - off, "%s%s: %s", off > 0 ? "; " : "", what,
            why);
}

/* Why a root-only file could not be read, in words a lecturer can act on. */
static void
explain (FragLive *live, const char *name, const char *path, const char *message)
{
  char why[600];

  if (access (path, R_OK) != 0 && (errno == EACCES || errno == EPERM))
    snprintf (why, sizeof why, "not readable without root (%s)", strerror (errno));
  else
    snprintf (why, sizeof why, "%s", message);
  add_status (live, name, why);
}

void
frag_live_set_kpageflags_budget (FragLive *live, uint64_t pfns)
{
  live->budget = pfns;
}

uint64_t
frag_live_last_pfns_read (const FragLive *live)
{
  return live->last_read;
}

/* Whether the zones of a fresh zoneinfo are those of the map we hold. */
static bool
same_zones (const FragCapture *cap, const FragProcInfo *zi)
{
  unsigned n = 0;

  for (unsigned i = 0; i < zi->n_zones; i++)
    {
      const FragProcZone *z = &zi->zones[i];
      if (!z->has_span || z->spanned == 0)
        continue;
      n++;
      bool found = false;
      for (unsigned k = 0; k < cap->n_zones && !found; k++)
        found = cap->zones[k].node == z->node && cap->zones[k].start_pfn == z->start_pfn
                && cap->zones[k].frames == z->spanned && cap->zones[k].managed == z->managed;
      if (!found)
        return false;
    }
  return n == cap->n_zones;
}

/* Reads the pending run [*run_start, +*run_len) into the map. */
static bool
flush_run (FragLive *live, const char *path, uint64_t *run_start, uint64_t *run_len, char *err,
           size_t errlen)
{
  if (*run_len == 0)
    return true;
  if (!frag_capture_update (live->cap, path, *run_start, *run_len, err, errlen))
    return false;
  live->last_read += *run_len;
  *run_len = 0;
  return true;
}

/* Reads the next slice of the rolling kpageflags read into live->cap. */
static bool
update_slice (FragLive *live, const char *path, char *err, size_t errlen)
{
  FragCapture *cap = live->cap;
  const uint64_t sec = FRAG_CAPTURE_SECTION_PFNS;
  const uint64_t end = cap->base_pfn + cap->n_pfns;
  uint64_t left = live->budget, run_start = 0, run_len = 0;
  uint64_t visited = 0;

  live->last_read = 0;
  if (live->cursor < cap->base_pfn || live->cursor >= end)
    live->cursor = cap->base_pfn;
  while (left > 0 && visited < cap->n_pfns)
    {
      uint64_t a = live->cursor;
      uint64_t b = (a / sec + 1) * sec;
      if (b > end)
        b = end;
      bool skip = a % sec == 0 && b - a == sec && frag_capture_is_unmanaged_section (cap, a)
                  && live->sweep % UNMANAGED_EVERY != 0;
      if ((skip || (run_len > 0 && run_start + run_len != a))
          && !flush_run (live, path, &run_start, &run_len, err, errlen))
        return false;
      if (!skip)
        {
          if (b - a > left)
            b = a + left;
          if (run_len == 0)
            run_start = a;
          run_len += b - a;
          left -= b - a;
        }
      visited += b - a;
      live->cursor = b;
      if (live->cursor >= end)
        {
          live->cursor = cap->base_pfn;
          live->sweep++;
          if (!flush_run (live, path, &run_start, &run_len, err, errlen))
            return false;
        }
    }
  return flush_run (live, path, &run_start, &run_len, err, errlen);
}

static double
now_seconds (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec * 1e-9;
}

bool
frag_live_refresh (FragLive *live, char *err, size_t errlen)
{
  char path[1200], msg[1024];
  FragProcInfo proc, zi;
  double t0 = now_seconds ();

  live->status[0] = '\0';
  frag_proc_info_init (&proc);
  snprintf (path, sizeof path, "%s/buddyinfo", live->dir);
  if (!frag_proc_read (&proc, path, err, errlen))
    return false;
  if (!(proc.sources & FRAG_PROC_BUDDYINFO))
    {
      snprintf (err, errlen, "%s: not buddyinfo text", path);
      return false;
    }

  snprintf (path, sizeof path, "%s/pagetypeinfo", live->dir);
  live->has_pagetypeinfo = false;
  FragProcInfo with_types = proc;
  if (frag_proc_read (&with_types, path, msg, sizeof msg))
    {
      proc = with_types;
      live->has_pagetypeinfo = true;
    }
  else
    explain (live, "pagetypeinfo", path, msg);

  /* zoneinfo into its own info too: the capture wants only its zones. */
  frag_proc_info_init (&zi);
  snprintf (path, sizeof path, "%s/zoneinfo", live->dir);
  bool have_zoneinfo = frag_proc_read (&zi, path, msg, sizeof msg);
  if (have_zoneinfo)
    {
      FragProcInfo merged = proc;
      if (frag_proc_read (&merged, path, msg, sizeof msg))
        proc = merged;
    }
  else
    explain (live, "zoneinfo", path, msg);

  if (!live->use_kpageflags || !have_zoneinfo)
    {
      frag_capture_free (live->cap);
      live->cap = NULL;
      live->last_read = 0;
    }
  if (!live->use_kpageflags)
    add_status (live, "kpageflags", "not read (switched off)");
  else if (!have_zoneinfo)
    add_status (live, "kpageflags", "not read (needs zoneinfo to place pfns in zones)");
  else
    {
      snprintf (path, sizeof path, "%s/kpageflags", live->dir);
      if (access (path, F_OK) != 0)
        snprintf (path, sizeof path, "%s/kpageflags.bin", live->dir);
      if (live->cap != NULL && live->budget > 0 && same_zones (live->cap, &zi))
        {
          if (!update_slice (live, path, msg, sizeof msg))
            {
              frag_capture_free (live->cap);
              live->cap = NULL;
              explain (live, "kpageflags", path, msg);
            }
        }
      else
        {
          frag_capture_free (live->cap);
          live->cap = frag_capture_from_flags (&zi, path, msg, sizeof msg);
          live->cursor = 0;
          live->sweep = 1;
          live->last_read = live->cap != NULL ? live->cap->pfns_read : 0;
          if (live->cap == NULL)
            explain (live, "kpageflags", path, msg);
          else if (live->cap->truncated)
            add_status (live, "kpageflags", live->cap->warning);
        }
    }
  live->proc = proc;
  live->seconds = now_seconds () - t0;
  return true;
}

const FragProcInfo *
frag_live_proc (const FragLive *live)
{
  return &live->proc;
}

const FragCapture *
frag_live_capture (const FragLive *live)
{
  return live->cap;
}

bool
frag_live_has_pagetypeinfo (const FragLive *live)
{
  return live->has_pagetypeinfo;
}

bool
frag_live_has_kpageflags (const FragLive *live)
{
  return live->cap != NULL;
}

const char *
frag_live_status (const FragLive *live)
{
  return live->status;
}

double
frag_live_last_refresh_seconds (const FragLive *live)
{
  return live->seconds;
}

unsigned
frag_live_n_zones (const FragLive *live)
{
  unsigned n = 0;
  for (unsigned i = 0; i < live->proc.n_zones; i++)
    n += live->proc.zones[i].has_free;
  return n;
}

bool
frag_live_zone_stats (const FragLive *live, unsigned zone, FragZoneStats *out)
{
  unsigned seen = 0;

  for (unsigned i = 0; i < live->proc.n_zones; i++)
    {
      if (!live->proc.zones[i].has_free)
        continue;
      if (seen++ != zone)
        continue;
      if (!frag_proc_zone_stats (&live->proc, i, out))
        return false;
      /* The per-pfn map knows the real largest run. */
      if (live->cap != NULL)
        for (unsigned k = 0; k < live->cap->n_zones; k++)
          if (live->cap->zones[k].node == live->proc.zones[i].node
              && live->cap->zones[k].start_pfn == out->start_pfn
              && live->cap->zones[k].frames == out->frames)
            out->largest_free_run = live->cap->zones[k].largest_free_run;
      return true;
    }
  return false;
}
