/* frag-capture.h: a real machine's per-pfn state, from a capture directory or /proc itself.
 *
 * A capture directory holds `zoneinfo` and `kpageflags.bin` or `kpageflags.bin.xz` (one
 * little-endian u64 of flags per pfn, from pfn 0, as /proc/kpageflags reads), and optionally
 * `buddyinfo`, `buddyinfo.pre`, `pagetypeinfo` and a trace. Every pfn of every zone is classified
 * into a byte (FragFrameClass, or FRAG_IMPORT_FREE for a page the buddy allocator holds free), and
 * the free pages are split into aligned maximal buddy blocks per zone, which gives the kernel's own
 * /proc/buddyinfo without any engine. frag_capture_sim_new turns the same state into a FragSim.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "frag-engine.h"
#include "frag-proc.h"

/* The class byte of a free (KPF_BUDDY) page: one past the FragFrameClass values. */
#define FRAG_IMPORT_FREE        ((uint8_t) FRAG_CLASS_COUNT)
#define FRAG_IMPORT_N_CLASSES   (FRAG_CLASS_COUNT + 1)
#define FRAG_IMPORT_MAX_ORDER   10u   /* x86-64's MAX_PAGE_ORDER: orders 0..10 */
#define FRAG_IMPORT_MAX_PFNS    (1ull << 28) /* 1 TiB of 4 KiB pages: larger is refused */

/* /proc/kpageflags bits (include/uapi/linux/kernel-page-flags.h) */
#define FRAG_KPF_LRU        5
#define FRAG_KPF_SLAB       7
#define FRAG_KPF_BUDDY      10
#define FRAG_KPF_MMAP       11
#define FRAG_KPF_ANON       12
#define FRAG_KPF_HUGE       17
#define FRAG_KPF_NOPAGE     20
#define FRAG_KPF_THP        22
#define FRAG_KPF_OFFLINE    23
#define FRAG_KPF_PGTABLE    26
#define FRAG_KPF_RESERVED   32   /* kernel-hacking flag */

typedef struct {
  char     name[FRAG_ZONE_NAME_LEN];   /* "Normal", or "N1 Normal" when there are several nodes */
  int      node;
  uint64_t start_pfn;
  uint64_t frames;                     /* spanned */
  uint64_t present, managed;
  uint64_t free_frames;
  uint64_t largest_free_run;
  uint64_t nr_free[FRAG_IMPORT_MAX_ORDER + 1];  /* aligned maximal blocks of the BUDDY pages */
  uint64_t class_frames[FRAG_IMPORT_N_CLASSES]; /* pages of each class byte */
} FragCaptureZone;

typedef struct {
  FragProcInfo    proc;      /* zoneinfo, plus buddyinfo/pagetypeinfo when the directory has them */
  unsigned        n_zones;   /* non-empty zones, in pfn order */
  FragCaptureZone zones[FRAG_MAX_ZONES];
  uint64_t        base_pfn;  /* klass[i] is pfn base_pfn + i */
  uint64_t        n_pfns;
  uint8_t        *klass;     /* FragFrameClass or FRAG_IMPORT_FREE; NONE between zones */
  uint64_t        pfns_read; /* u64 entries read from kpageflags */
  uint8_t        *section_used; /* per 2^15-pfn section: some flag word was not 0 */
  bool            truncated; /* kpageflags ended before the last zone: the rest is RESERVED */
  bool            have_buddyinfo_pre;
  FragProcInfo    buddyinfo_pre; /* `buddyinfo.pre` (read just before kpageflags), if present */
  char            warning[256];  /* non-fatal remark (truncation...), "" when none */
} FragCapture;

/* The class byte of one kpageflags word. */
uint8_t      frag_kpageflags_classify (uint64_t flags);

/* Loads a capture directory. NULL with "DIR/FILE[:LINE:COL]: what" on failure. */
FragCapture *frag_capture_load (const char *dir, char *err, size_t errlen);
/* The same from explicit parts: zoneinfo already parsed into proc, flags from a reader path
 * (plain or .xz, or /proc/kpageflags). Used by the live view. */
FragCapture *frag_capture_from_flags (const FragProcInfo *proc, const char *kpageflags_path,
                                      char *err, size_t errlen);
void         frag_capture_free (FragCapture *cap);
/* Reads the flags of pfns [pfn, pfn + count) again (the live view refreshes a slice at a time;
 * whole 2^15-pfn sections inside the slice are judged anew) and recomputes the zone figures.
 * False (message) leaves the old state. */
bool         frag_capture_update (FragCapture *cap, const char *kpageflags_path, uint64_t pfn,
                                  uint64_t count, char *err, size_t errlen);
/* True when pfn lies in a section whose flags were all 0 and that counts as reserved (memory the
 * kernel does not manage): the live view reads those rarely. */
bool         frag_capture_is_unmanaged_section (const FragCapture *cap, uint64_t pfn);
#define FRAG_CAPTURE_SECTION_PFNS (1ull << 15)

/* Class byte of a pfn (FRAG_CLASS_NONE outside the zones). */
uint8_t      frag_capture_class (const FragCapture *cap, uint64_t pfn);
/* Index of the zone holding pfn, or -1. */
int          frag_capture_zone_of (const FragCapture *cap, uint64_t pfn);

/* Figures of one zone in the engine's shape (nr_free from the BUDDY pages; no migrate types,
 * which kpageflags does not tell). */
bool         frag_capture_zone_stats (const FragCapture *cap, unsigned zone, FragZoneStats *out);
/* The FragConfig of the capture: its zones, buddy mode, frame_size 4096, max_order 10,
 * pageblock_order 9. False (message) when the zones do not fit the engine's limits. */
bool         frag_capture_config (const FragCapture *cap, FragConfig *cfg, char *err,
                                  size_t errlen);
/* A FragSim holding the capture's state: all zones, each run of used pages imported with its
 * class. prog may be NULL (an empty program). NULL with a message when the engine refuses. */
FragSim     *frag_capture_sim_new (const FragCapture *cap, FragProgram *prog, char *err,
                                   size_t errlen);

/* Loads the capture `reps` times; returns the best wall time in seconds (or -1, message). */
double       frag_import_bench (const char *dir, unsigned reps, char *err, size_t errlen);
/* The same, loading and building the FragSim (frag_capture_sim_new) each time. */
double       frag_import_bench_sim (const char *dir, unsigned reps, char *err, size_t errlen);
