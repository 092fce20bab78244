/* frag-proc.h: parsers for Linux's /proc/buddyinfo, /proc/pagetypeinfo and /proc/zoneinfo.
 *
 * Tolerant of what differs between kernels and machines (any set of migrate-type rows, with or
 * without CMA, any number of orders, any node and zone names, the ">100000" cap newer kernels print
 * in pagetypeinfo, spacing of hand-made lecture copies), strict about anything else: a line that is
 * none of the known forms is an error "FILE:LINE:COL: what is wrong". The three files fill one
 * FragProcInfo, zones matched by node and name, so a capture's files can be combined.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "frag-engine.h"

#define FRAG_PROC_MAX_ZONES  32u
#define FRAG_PROC_MAX_TYPES  8u                          /* migrate-type rows per zone */
#define FRAG_PROC_MAX_ORDERS (FRAG_MAX_ORDER_LIMIT + 1u) /* columns */
#define FRAG_PROC_TYPE_LEN   24u
#define FRAG_PROC_MAX_BYTES  (4u << 20)                  /* a /proc text file larger is refused */

typedef enum {
  FRAG_PROC_BUDDYINFO    = 1 << 0,
  FRAG_PROC_PAGETYPEINFO = 1 << 1,
  FRAG_PROC_ZONEINFO     = 1 << 2,
} FragProcSource;

typedef struct {
  int      node;
  char     name[FRAG_ZONE_NAME_LEN];
  /* buddyinfo (or, for pagetypeinfo input, the sum of all type rows) */
  bool     has_free;
  uint64_t nr_free[FRAG_PROC_MAX_ORDERS];
  /* pagetypeinfo: rows in the order of FragProcInfo.type_names */
  bool     has_types;
  uint64_t nr_free_by_type[FRAG_PROC_MAX_TYPES][FRAG_PROC_MAX_ORDERS];
  bool     capped;       /* some count was printed as ">100000": a lower bound */
  bool     has_blocks;
  uint64_t blocks_by_type[FRAG_PROC_MAX_TYPES];
  /* zoneinfo */
  bool     has_span;
  uint64_t start_pfn, spanned, present, managed, free_pages;
} FragProcZone;

typedef struct {
  unsigned     sources;          /* FragProcSource bits seen */
  unsigned     n_orders;         /* columns, 0 until a row is read */
  int          pageblock_order;  /* -1 when not given */
  unsigned     n_types;
  char         type_names[FRAG_PROC_MAX_TYPES][FRAG_PROC_TYPE_LEN]; /* as printed */
  int          type_mt[FRAG_PROC_MAX_TYPES]; /* FragMigrateType, -1 for names we do not know */
  unsigned     n_zones;
  FragProcZone zones[FRAG_PROC_MAX_ZONES];
} FragProcInfo;

void frag_proc_info_init (FragProcInfo *info);

/* Parse text (len bytes, need not be NUL-terminated) into info; `file` names it in messages.
 * On failure info may hold part of the file: callers discard it. */
bool frag_proc_parse_buddyinfo (FragProcInfo *info, const char *text, size_t len,
                                const char *file, char *err, size_t errlen);
bool frag_proc_parse_pagetypeinfo (FragProcInfo *info, const char *text, size_t len,
                                   const char *file, char *err, size_t errlen);
bool frag_proc_parse_zoneinfo (FragProcInfo *info, const char *text, size_t len,
                               const char *file, char *err, size_t errlen);
/* Picks the parser by content (see frag_proc_sniff). */
bool frag_proc_parse_auto (FragProcInfo *info, const char *text, size_t len,
                           const char *file, char *err, size_t errlen);
/* Reads a file (plain or .xz) and parses it by content. */
bool frag_proc_read (FragProcInfo *info, const char *path, char *err, size_t errlen);

/* Which of the three a text looks like: a FragProcSource bit, or 0. */
FragProcSource frag_proc_sniff (const char *text, size_t len);

/* Linux's name ("Movable", "HighAtomic", "CMA", ...) to our migrate type; -1 when unknown. */
int  frag_proc_migrate_type (const char *name);
/* The zone of that node and name, or -1. */
int  frag_proc_find_zone (const FragProcInfo *info, int node, const char *name);

/* Per-zone figures for the renderer and the report, without a FragSim: nr_free from buddyinfo
 * or, for pagetypeinfo input, the sum of all type rows; by-type rows of known types; pageblocks;
 * frames and start_pfn when zoneinfo was read (else frames = free pages, start_pfn 0). n_orders is
 * the number of columns read. Returns false when zone is out of range. */
bool frag_proc_zone_stats (const FragProcInfo *info, unsigned zone, FragZoneStats *out);
