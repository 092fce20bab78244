/* frag-live.h: this machine's memory, read from /proc now, for the GUI's live view (refreshed
 * every second) and `fragscope-cli`.
 *
 * buddyinfo and zoneinfo are world-readable; pagetypeinfo and kpageflags need root. What cannot be
 * read is left out and said (which file, and why), never an error: the view falls back to the
 * per-order counts of buddyinfo. kpageflags is read in chunks from the first zone's pfn only.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "frag-capture.h"
#include "frag-proc.h"

typedef struct FragLive FragLive;

/* Reads from /proc. */
FragLive *frag_live_new (void);
/* Reads buddyinfo, pagetypeinfo, zoneinfo and kpageflags from another directory (tests, or a
 * copy of /proc files). */
FragLive *frag_live_new_at (const char *proc_dir);
void      frag_live_free (FragLive *live);
/* Skip kpageflags even where readable (cheaper; the per-pfn map is then absent). */
void      frag_live_set_use_kpageflags (FragLive *live, bool use);

/* After the first full read of kpageflags, each refresh reads `pfns` more of it (a rolling read
 * round the zones; default 1M pfns, some 0.1-0.4 s; sections the kernel does not manage are
 * read every 16th sweep only). 0 reads everything every time. */
void      frag_live_set_kpageflags_budget (FragLive *live, uint64_t pfns);
/* pfns of kpageflags read by the last refresh. */
uint64_t  frag_live_last_pfns_read (const FragLive *live);

/* Reads everything again. False (message) only when buddyinfo itself cannot be read or parsed. */
bool      frag_live_refresh (FragLive *live, char *err, size_t errlen);

/* buddyinfo + (when readable) pagetypeinfo + zoneinfo of the last refresh. */
const FragProcInfo *frag_live_proc (const FragLive *live);
/* The per-pfn state, or NULL when kpageflags (or zoneinfo) could not be read. */
const FragCapture  *frag_live_capture (const FragLive *live);
bool      frag_live_has_pagetypeinfo (const FragLive *live);
bool      frag_live_has_kpageflags (const FragLive *live);
/* What was left out and why ("pagetypeinfo: Permission denied (root only)"); "" when nothing. */
const char *frag_live_status (const FragLive *live);
/* Seconds the last refresh took. */
double    frag_live_last_refresh_seconds (const FragLive *live);

/* Zones of the buddyinfo (the rows /proc prints), and their figures: nr_free from buddyinfo, by
 * type from pagetypeinfo when read, start_pfn/frames from zoneinfo. */
unsigned  frag_live_n_zones (const FragLive *live);
bool      frag_live_zone_stats (const FragLive *live, unsigned zone, FragZoneStats *out);
