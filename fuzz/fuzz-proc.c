/* fuzz-proc.c: libFuzzer target for the /proc text parsers (buddyinfo, pagetypeinfo, zoneinfo)
 * and what is derived from them. Any input must parse or fail with a message, never crash,
 * never read out of bounds, and a successful parse must give self-consistent zone figures. */
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
  memcpy (text, data, size);
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
  return 0;
}
