/* frag-capture.c: capture directories and kpageflags, classified per pfn (see frag-capture.h).
 *
 * Speed matters (a 6.5M-pfn capture in well under a second, the live view every second): flags
 * are read in 512 KiB chunks (one huge read() of /proc/kpageflags fails with EINVAL), classified
 * with a handful of bit tests into one byte per pfn, and the free blocks come from one pass over
 * those bytes. */
#include "frag-capture.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "frag-reader.h"

#define CHUNK_WORDS (64u * 1024u)
/* x86-64's memory section (SECTION_SIZE_BITS 27: 128 MiB of 4 KiB pages), the unit in which
 * memory is present, hot-plugged and onlined. */
#define SECTION_SHIFT 15u

uint8_t
frag_kpageflags_classify (uint64_t f)
{
#define B(bit) (1ull << (bit))
  if (f & B (FRAG_KPF_BUDDY))
    return FRAG_IMPORT_FREE;
  if (f & (B (FRAG_KPF_NOPAGE) | B (FRAG_KPF_RESERVED)))
    return FRAG_CLASS_RESERVED;
  if (f & B (FRAG_KPF_OFFLINE))
    return FRAG_CLASS_OFFLINE;
  if (f & B (FRAG_KPF_SLAB))
    return FRAG_CLASS_SLAB;
  if (f & B (FRAG_KPF_PGTABLE))
    return FRAG_CLASS_PAGE_TABLE;
  if (f & (B (FRAG_KPF_HUGE) | B (FRAG_KPF_THP)))
    return FRAG_CLASS_HUGE;
  if (f & B (FRAG_KPF_ANON))
    return FRAG_CLASS_ANON;
  if (f & (B (FRAG_KPF_LRU) | B (FRAG_KPF_MMAP)))
    return FRAG_CLASS_FILE;
  return FRAG_CLASS_KERNEL;
#undef B
}

static int
cmp_zone_start (const void *a, const void *b)
{
  const FragCaptureZone *za = a, *zb = b;
  return za->start_pfn < zb->start_pfn ? -1 : za->start_pfn > zb->start_pfn;
}

/* Picks the non-empty zones of proc (zoneinfo) in pfn order. */
static bool
setup_zones (FragCapture *cap, const char *what, char *err, size_t errlen)
{
  const FragProcInfo *proc = &cap->proc;
  bool many_nodes = false;

  for (unsigned i = 0; i < proc->n_zones; i++)
    if (proc->zones[i].node != proc->zones[0].node)
      many_nodes = true;
  cap->n_zones = 0;
  for (unsigned i = 0; i < proc->n_zones; i++)
    {
      const FragProcZone *pz = &proc->zones[i];
      if (!pz->has_span || pz->spanned == 0)
        continue;
      if (cap->n_zones >= FRAG_MAX_ZONES)
        {
          frag_import_set_error (err, errlen, "%s: more than %u non-empty zones", what, FRAG_MAX_ZONES);
          return false;
        }
      FragCaptureZone *z = &cap->zones[cap->n_zones++];
      memset (z, 0, sizeof *z);
      char pname[FRAG_ZONE_NAME_LEN];
      memcpy (pname, pz->name, sizeof pname);
      pname[sizeof pname - 1] = '\0';
      if (many_nodes)
        snprintf (z->name, sizeof z->name, "N%d %.*s", pz->node, (int) sizeof z->name - 6, pname);
      else
        snprintf (z->name, sizeof z->name, "%s", pname);
      z->node = pz->node;
      z->start_pfn = pz->start_pfn;
      z->frames = pz->spanned;
      z->present = pz->present;
      z->managed = pz->managed;
    }
  if (cap->n_zones == 0)
    {
      frag_import_set_error (err, errlen, "%s: no zone with pages (spanned 0 everywhere)", what);
      return false;
    }
  qsort (cap->zones, cap->n_zones, sizeof cap->zones[0], cmp_zone_start);
  for (unsigned i = 0; i + 1 < cap->n_zones; i++)
    if (cap->zones[i].start_pfn + cap->zones[i].frames > cap->zones[i + 1].start_pfn)
      {
        frag_import_set_error (err, errlen, "%s: zones %s and %s overlap", what, cap->zones[i].name,
                 cap->zones[i + 1].name);
        return false;
      }
  cap->base_pfn = cap->zones[0].start_pfn;
  uint64_t end = cap->zones[cap->n_zones - 1].start_pfn + cap->zones[cap->n_zones - 1].frames;
  cap->n_pfns = end - cap->base_pfn;
  if (cap->n_pfns > FRAG_IMPORT_MAX_PFNS)
    {
      frag_import_set_error (err, errlen, "%s: the zones span %llu pfns, more than the %llu this importer takes",
               what, (unsigned long long) cap->n_pfns, (unsigned long long) FRAG_IMPORT_MAX_PFNS);
      return false;
    }
  return true;
}

/* Reads the flags of pfns [base_pfn + first, base_pfn + first + count) and classifies them.
 * `initial`: a short file is not an error (the rest counts as reserved, with a warning); else
 * (a live update) any failure leaves the old bytes in place and returns false. */
static bool
read_range (FragCapture *cap, const char *path, uint64_t first, uint64_t count, bool initial,
            char *err, size_t errlen)
{
  FragReader *r = frag_reader_open (path, err, errlen);
  uint64_t *buf;
  uint64_t done = 0;
  size_t carry = 0;
  const uint64_t sec0 = cap->base_pfn >> SECTION_SHIFT;

  if (r == NULL)
    return false;
  buf = malloc (CHUNK_WORDS * sizeof *buf);
  if (buf == NULL)
    {
      frag_import_set_error (err, errlen, "%s: out of memory", path);
      frag_reader_close (r);
      return false;
    }
  /* Sections wholly inside the range are judged again from what is read now. */
  for (uint64_t sec = (cap->base_pfn + first) >> SECTION_SHIFT;
       sec < ((cap->base_pfn + first + count) >> SECTION_SHIFT); sec++)
    if ((sec << SECTION_SHIFT) >= cap->base_pfn + first)
      cap->section_used[sec - sec0] = 0;
  if (cap->base_pfn + first > 0 && !frag_reader_skip (r, (cap->base_pfn + first) * 8))
    {
      if (!initial)
        {
          frag_import_set_error (err, errlen, "%s: ends before pfn %llu", path,
                   (unsigned long long) (cap->base_pfn + first));
          free (buf);
          frag_reader_close (r);
          return false;
        }
      goto finish;
    }
  while (done < count)
    {
      uint64_t want = count - done;
      size_t bytes = (want < CHUNK_WORDS ? (size_t) want : CHUNK_WORDS) * 8;
      ptrdiff_t got = frag_reader_read (r, (uint8_t *) buf + carry, bytes - carry);
      if (got < 0)
        {
          if (!initial || (done == 0 && carry == 0))
            {
              frag_import_set_error (err, errlen, "%s", frag_reader_error (r));
              free (buf);
              frag_reader_close (r);
              return false;
            }
          /* A damaged tail (truncated .xz): keep what was read. */
          snprintf (cap->warning, sizeof cap->warning, "%s", frag_reader_error (r));
          break;
        }
      if (got == 0)
        break;
      size_t have = carry + (size_t) got;
      size_t words = have / 8;
      uint8_t *out = cap->klass + first + done;
      uint64_t pfn = cap->base_pfn + first + done;
      for (size_t i = 0; i < words; i++)
        {
          out[i] = frag_kpageflags_classify (buf[i]);
          if (buf[i] != 0)
            cap->section_used[((pfn + i) >> SECTION_SHIFT) - sec0] = 1;
        }
      done += words;
      carry = have % 8;
      if (carry > 0)
        memmove (buf, (uint8_t *) buf + words * 8, carry);
    }
finish:
  free (buf);
  frag_reader_close (r);
  if (done < count)
    {
      if (!initial)
        {
          frag_import_set_error (err, errlen, "%s: ends at pfn %llu", path,
                   (unsigned long long) (cap->base_pfn + first + done));
          return false;
        }
      cap->truncated = true;
      memset (cap->klass + first + done, FRAG_CLASS_RESERVED, count - done);
      if (cap->warning[0] == '\0')
        snprintf (cap->warning, sizeof cap->warning,
                  "%s: ends at pfn %llu, before the zones end (pfn %llu); the rest counts as "
                  "reserved", path, (unsigned long long) (cap->base_pfn + first + done),
                  (unsigned long long) (cap->base_pfn + cap->n_pfns));
    }
  if (initial)
    cap->pfns_read = done;
  return true;
}

static bool
read_flags (FragCapture *cap, const char *path, char *err, size_t errlen)
{
  uint64_t n_sections = ((cap->base_pfn + cap->n_pfns) >> SECTION_SHIFT)
                        - (cap->base_pfn >> SECTION_SHIFT) + 1;

  cap->klass = malloc (cap->n_pfns > 0 ? cap->n_pfns : 1);
  cap->section_used = calloc (n_sections, 1);
  if (cap->klass == NULL || cap->section_used == NULL)
    {
      frag_import_set_error (err, errlen, "%s: out of memory for %llu pfns", path,
               (unsigned long long) cap->n_pfns);
      return false;
    }
  return read_range (cap, path, 0, cap->n_pfns, true, err, errlen);
}

/* Gaps between zones are not memory of any zone; then the per-zone figures. */
static void
summarize (FragCapture *cap)
{
  uint64_t prev_end = cap->base_pfn;

  for (unsigned zi = 0; zi < cap->n_zones; zi++)
    {
      FragCaptureZone *z = &cap->zones[zi];
      uint64_t a = z->start_pfn - cap->base_pfn, e = a + z->frames;

      if (z->start_pfn > prev_end)
        memset (cap->klass + (prev_end - cap->base_pfn), FRAG_CLASS_NONE,
                z->start_pfn - prev_end);
      prev_end = z->start_pfn + z->frames;

      /* Whole sections whose every flag word is 0 are memory the kernel does not manage (not
       * present, or present but never onlined): kpageflags reports them as 0, not NOPAGE, on
       * recent kernels. Counted as reserved, at most spanned - managed pages, from the top
       * (where hot-plugged memory lives). */
      if (cap->section_used != NULL && z->frames > z->managed)
        {
          uint64_t budget = z->frames - z->managed;
          uint64_t first = (z->start_pfn + (1ull << SECTION_SHIFT) - 1) >> SECTION_SHIFT;
          uint64_t last = (z->start_pfn + z->frames) >> SECTION_SHIFT; /* exclusive */
          uint64_t sec0 = cap->base_pfn >> SECTION_SHIFT;
          for (uint64_t sec = last; sec-- > first && budget >= (1ull << SECTION_SHIFT);)
            if (!cap->section_used[sec - sec0])
              {
                memset (cap->klass + ((sec << SECTION_SHIFT) - cap->base_pfn),
                        FRAG_CLASS_RESERVED, 1ull << SECTION_SHIFT);
                budget -= 1ull << SECTION_SHIFT;
              }
        }
      memset (z->nr_free, 0, sizeof z->nr_free);
      memset (z->class_frames, 0, sizeof z->class_frames);
      z->free_frames = 0;
      z->largest_free_run = 0;
      uint64_t i = a;
      while (i < e)
        {
          uint8_t c = cap->klass[i];
          uint64_t j = i + 1;
          while (j < e && cap->klass[j] == c)
            j++;
          z->class_frames[c] += j - i;
          if (c == FRAG_IMPORT_FREE)
            {
              uint64_t p = cap->base_pfn + i, end = cap->base_pfn + j;
              if (j - i > z->largest_free_run)
                z->largest_free_run = j - i;
              z->free_frames += j - i;
              while (p < end)
                {
                  unsigned o = FRAG_IMPORT_MAX_ORDER;
                  while (o > 0 && ((p & ((1ull << o) - 1)) != 0 || p + (1ull << o) > end))
                    o--;
                  z->nr_free[o]++;
                  p += 1ull << o;
                }
            }
          i = j;
        }
    }
}

static bool
path_exists (const char *path)
{
  struct stat st;
  return stat (path, &st) == 0 && S_ISREG (st.st_mode);
}

static bool
read_optional (FragProcInfo *info, const char *dir, const char *name, bool *found, char *err,
               size_t errlen)
{
  char path[4096];

  snprintf (path, sizeof path, "%s/%s", dir, name);
  *found = path_exists (path);
  if (!*found)
    return true;
  return frag_proc_read (info, path, err, errlen);
}

FragCapture *
frag_capture_from_flags (const FragProcInfo *proc, const char *kpageflags_path, char *err,
                         size_t errlen)
{
  FragCapture *cap = calloc (1, sizeof *cap);

  if (cap == NULL)
    {
      frag_import_set_error (err, errlen, "out of memory");
      return NULL;
    }
  cap->proc = *proc;
  if (!(proc->sources & FRAG_PROC_ZONEINFO))
    {
      frag_import_set_error (err, errlen, "%s: zoneinfo is needed to place the pfns in zones", kpageflags_path);
      frag_capture_free (cap);
      return NULL;
    }
  if (!setup_zones (cap, kpageflags_path, err, errlen)
      || !read_flags (cap, kpageflags_path, err, errlen))
    {
      frag_capture_free (cap);
      return NULL;
    }
  summarize (cap);
  return cap;
}

FragCapture *
frag_capture_load (const char *dir, char *err, size_t errlen)
{
  char path[4096];
  struct stat st;
  FragProcInfo proc;
  FragCapture *cap;
  bool found;

  if (dir == NULL || stat (dir, &st) != 0)
    {
      frag_import_set_error (err, errlen, "%s: cannot open: %s", dir != NULL ? dir : "(null)",
               dir != NULL ? strerror (errno) : "no path");
      return NULL;
    }
  if (!S_ISDIR (st.st_mode))
    {
      frag_import_set_error (err, errlen, "%s: not a capture directory", dir);
      return NULL;
    }
  frag_proc_info_init (&proc);
  snprintf (path, sizeof path, "%s/zoneinfo", dir);
  if (!path_exists (path))
    {
      frag_import_set_error (err, errlen, "%s: no zoneinfo in this capture directory", dir);
      return NULL;
    }
  char perr[1024];
  if (!frag_proc_read (&proc, path, perr, sizeof perr))
    {
      frag_import_set_error (err, errlen, "%s", perr);
      return NULL;
    }
  if (!(proc.sources & FRAG_PROC_ZONEINFO))
    {
      frag_import_set_error (err, errlen, "%s:1:1: expected zoneinfo text", path);
      return NULL;
    }
  if (!read_optional (&proc, dir, "buddyinfo", &found, err, errlen)
      || !read_optional (&proc, dir, "pagetypeinfo", &found, err, errlen))
    return NULL;
  snprintf (path, sizeof path, "%s/kpageflags.bin", dir);
  if (!path_exists (path))
    snprintf (path, sizeof path, "%s/kpageflags.bin.xz", dir);
  if (!path_exists (path))
    {
      frag_import_set_error (err, errlen, "%s: no kpageflags.bin or kpageflags.bin.xz in this capture "
               "directory", dir);
      return NULL;
    }
  cap = frag_capture_from_flags (&proc, path, err, errlen);
  if (cap == NULL)
    return NULL;
  frag_proc_info_init (&cap->buddyinfo_pre);
  if (!read_optional (&cap->buddyinfo_pre, dir, "buddyinfo.pre", &cap->have_buddyinfo_pre, err,
                      errlen))
    {
      frag_capture_free (cap);
      return NULL;
    }
  return cap;
}

bool
frag_capture_update (FragCapture *cap, const char *kpageflags_path, uint64_t pfn, uint64_t count,
                     char *err, size_t errlen)
{
  if (pfn < cap->base_pfn || pfn - cap->base_pfn > cap->n_pfns
      || count > cap->n_pfns - (pfn - cap->base_pfn))
    {
      frag_import_set_error (err, errlen, "pfns %llu+%llu are outside the capture", (unsigned long long) pfn,
               (unsigned long long) count);
      return false;
    }
  if (!read_range (cap, kpageflags_path, pfn - cap->base_pfn, count, false, err, errlen))
    return false;
  summarize (cap);
  return true;
}

bool
frag_capture_is_unmanaged_section (const FragCapture *cap, uint64_t pfn)
{
  if (pfn < cap->base_pfn || pfn - cap->base_pfn >= cap->n_pfns)
    return false;
  return !cap->section_used[(pfn >> SECTION_SHIFT) - (cap->base_pfn >> SECTION_SHIFT)]
         && cap->klass[pfn - cap->base_pfn] == FRAG_CLASS_RESERVED;
}

void
frag_capture_free (FragCapture *cap)
{
  if (cap == NULL)
    return;
  free (cap->klass);
  free (cap->section_used);
  free (cap);
}

uint8_t
frag_capture_class (const FragCapture *cap, uint64_t pfn)
{
  if (pfn < cap->base_pfn || pfn - cap->base_pfn >= cap->n_pfns)
    return FRAG_CLASS_NONE;
  return cap->klass[pfn - cap->base_pfn];
}

int
frag_capture_zone_of (const FragCapture *cap, uint64_t pfn)
{
  for (unsigned i = 0; i < cap->n_zones; i++)
    if (pfn >= cap->zones[i].start_pfn && pfn - cap->zones[i].start_pfn < cap->zones[i].frames)
      return (int) i;
  return -1;
}

bool
frag_capture_zone_stats (const FragCapture *cap, unsigned zone, FragZoneStats *out)
{
  const FragCaptureZone *z;

  if (zone >= cap->n_zones)
    return false;
  z = &cap->zones[zone];
  memset (out, 0, sizeof *out);
  snprintf (out->name, sizeof out->name, "%s", z->name);
  out->start_pfn = z->start_pfn;
  out->frames = z->frames;
  out->free_frames = z->free_frames;
  out->largest_free_run = z->largest_free_run;
  out->n_orders = FRAG_IMPORT_MAX_ORDER + 1;
  memcpy (out->nr_free, z->nr_free, sizeof z->nr_free);
  out->n_pageblocks = ((z->start_pfn + z->frames + 511) >> 9) - (z->start_pfn >> 9);
  return true;
}

bool
frag_capture_config (const FragCapture *cap, FragConfig *cfg, char *err, size_t errlen)
{
  uint64_t total = 0;

  memset (cfg, 0, sizeof *cfg);
  cfg->frame_size = 4096;
  cfg->max_order = FRAG_IMPORT_MAX_ORDER;
  cfg->pageblock_order = 9;
  cfg->mode = FRAG_MODE_BUDDY;
  cfg->fit = FRAG_FIT_FIRST;
  cfg->free_list = FRAG_FREE_LIST_ADDRESS;
  cfg->trigger = FRAG_TRIGGER_ON_FAILURE;
  cfg->threshold = 0.5;
  cfg->pt_levels = 1;
  cfg->pt_bits_per_level = 9;
  cfg->initial_pageblock_type = FRAG_MT_MOVABLE;
  cfg->n_zones = cap->n_zones;
  for (unsigned i = 0; i < cap->n_zones; i++)
    {
      snprintf (cfg->zones[i].name, sizeof cfg->zones[i].name, "%s", cap->zones[i].name);
      cfg->zones[i].start_pfn = cap->zones[i].start_pfn;
      cfg->zones[i].frames = cap->zones[i].frames;
      total += cap->zones[i].frames;
    }
  if (total > FRAG_MAX_FRAMES)
    {
      frag_import_set_error (err, errlen, "the capture has %llu frames; the engine holds at most %llu",
               (unsigned long long) total, (unsigned long long) FRAG_MAX_FRAMES);
      return false;
    }
  return true;
}

static double
now_seconds (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec * 1e-9;
}

static double
bench (const char *dir, unsigned reps, bool with_sim, char *err, size_t errlen)
{
  double best = -1;

  if (reps == 0)
    reps = 1;
  for (unsigned i = 0; i < reps; i++)
    {
      double t0 = now_seconds ();
      FragCapture *cap = frag_capture_load (dir, err, errlen);
      if (cap == NULL)
        return -1;
      if (with_sim)
        {
          FragSim *sim = frag_capture_sim_new (cap, NULL, err, errlen);
          if (sim == NULL)
            {
              frag_capture_free (cap);
              return -1;
            }
          frag_sim_free (sim);
        }
      double dt = now_seconds () - t0;
      frag_capture_free (cap);
      if (best < 0 || dt < best)
        best = dt;
    }
  return best;
}

double
frag_import_bench (const char *dir, unsigned reps, char *err, size_t errlen)
{
  return bench (dir, reps, false, err, errlen);
}

double
frag_import_bench_sim (const char *dir, unsigned reps, char *err, size_t errlen)
{
  return bench (dir, reps, true, err, errlen);
}
