/* fuzz-proc.c: libFuzzer target for the /proc text parsers (buddyinfo, pagetypeinfo, zoneinfo)
 * and what is derived from them, up to a whole capture: text before the first NUL byte is taken
 * as a zoneinfo, the bytes after it as kpageflags. Any input must parse or fail with a message,
 * never crash, never read out of bounds, and a success must give self-consistent figures. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE  /* memfd_create */
#endif
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "frag-import.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check (const FragProcInfo *info)
{
  for (unsigned z = 0; z < info->n_zones; z++)
    {
      FragZoneStats st;
      if (!frag_proc_zone_stats (info, z, &st))
        abort ();
      if (st.n_orders > FRAG_MAX_ORDER_LIMIT + 1 || st.name[sizeof st.name - 1] != '\0')
        abort ();
    }
  if (info->n_zones > FRAG_PROC_MAX_ZONES || info->n_types > FRAG_PROC_MAX_TYPES)
    abort ();
}

/* zoneinfo NUL kpageflags: a capture read through a memfd, as from a file. */
static void
fuzz_capture (const uint8_t *data, size_t size)
{
  const uint8_t *nul = size > 0 ? memchr (data, 0, size) : NULL; /* data is NULL when empty */
  char err[512], path[64];
  FragProcInfo zi;

  if (nul == NULL)
    return;
  frag_proc_info_init (&zi);
  if (!frag_proc_parse_zoneinfo (&zi, (const char *) data, (size_t) (nul - data), "zoneinfo", err,
                                 sizeof err))
    return;
  /* Keep the fuzzer on logic, not on allocating a terabyte of class bytes. */
  for (unsigned z = 0; z < zi.n_zones; z++)
    if (zi.zones[z].start_pfn > (1u << 20) || zi.zones[z].spanned > (1u << 20))
      return;
  int fd = memfd_create ("kpageflags", MFD_CLOEXEC);
  if (fd < 0)
    return;
  size_t n = size - (size_t) (nul + 1 - data);
  if (write (fd, nul + 1, n) == (ssize_t) n)
    {
      snprintf (path, sizeof path, "/proc/self/fd/%d", fd);
      FragCapture *cap = frag_capture_from_flags (&zi, path, err, sizeof err);
      if (cap != NULL)
        {
          for (unsigned z = 0; z < cap->n_zones; z++)
            {
              uint64_t sum = 0, pages = 0;
              for (unsigned c = 0; c < FRAG_IMPORT_N_CLASSES; c++)
                sum += cap->zones[z].class_frames[c];
              for (unsigned o = 0; o <= FRAG_IMPORT_MAX_ORDER; o++)
                pages += cap->zones[z].nr_free[o] << o;
              if (sum != cap->zones[z].frames || pages != cap->zones[z].free_frames
                  || cap->zones[z].largest_free_run > cap->zones[z].free_frames)
                abort ();
            }
          frag_capture_free (cap);
        }
    }
  close (fd);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  /* The parsers take (text, len) without a terminator: give them an exact-size copy so that
   * AddressSanitizer catches any read past the end. */
  char *text = malloc (size > 0 ? size : 1);
  char err[512];
  FragProcInfo info;

  if (text == NULL)
    return 0;
  if (size > 0)
    memcpy (text, data, size); /* data may be NULL when size is 0 */
  frag_proc_info_init (&info);
  if (frag_proc_parse_buddyinfo (&info, text, size, "fuzz", err, sizeof err))
    check (&info);
  frag_proc_info_init (&info);
  if (frag_proc_parse_pagetypeinfo (&info, text, size, "fuzz", err, sizeof err))
    check (&info);
  frag_proc_info_init (&info);
  if (frag_proc_parse_zoneinfo (&info, text, size, "fuzz", err, sizeof err))
    check (&info);
  /* Merged, as a capture reads them: reading the same file again changes no count. */
  frag_proc_info_init (&info);
  if (frag_proc_parse_auto (&info, text, size, "fuzz", err, sizeof err))
    {
      FragProcInfo once = info;
      if (frag_proc_parse_auto (&info, text, size, "fuzz", err, sizeof err))
        {
          check (&info);
          if (info.n_zones != once.n_zones)
            abort ();
          for (unsigned z = 0; z < info.n_zones; z++)
            if (memcmp (info.zones[z].nr_free, once.zones[z].nr_free,
                        sizeof info.zones[z].nr_free) != 0)
              abort ();
        }
    }
  (void) frag_proc_sniff (text, size);
  free (text);
  fuzz_capture (data, size);
  return 0;
}
