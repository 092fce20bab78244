/* frag-report.h: the report of `fragscope-cli run` (CONTRACT.md "Report, version 1"), as JSON or
 * as text for people. Both are streamed: the header, then one event per step as the run goes, then
 * the final state. */
#pragma once

#include <stdio.h>

#include "frag-engine.h"
#include "frag-json-writer.h"

typedef struct {
  const char *title;       /* overrides the program's title (imports) */
  const char *source;      /* what was read, for the text report */
} FragReportInfo;

/* JSON: begin writes the header and opens "events"; end closes it and writes zones, holes,
 * processes and metrics. */
void frag_report_json_begin (FragJsonWriter *w, const FragSim *sim, const FragReportInfo *info,
                             uint64_t steps_run);
void frag_report_json_event (FragJsonWriter *w, const FragSim *sim, const FragEvent *ev);
void frag_report_json_end (FragJsonWriter *w, const FragSim *sim);

/* A zone object of the report from its stats alone (also used for /proc text input). */
void frag_report_json_zone (FragJsonWriter *w, const FragZoneStats *zs);
/* A whole report for inputs that are only zone statistics (/proc/buddyinfo, /proc/pagetypeinfo). */
void frag_report_json_stats_only (FragJsonWriter *w, const char *title, const FragZoneStats *zones,
                                  unsigned n_zones);

/* Text for people. */
void frag_report_text_begin (FILE *out, const FragSim *sim, const FragReportInfo *info,
                             uint64_t steps_run);
void frag_report_text_event (FILE *out, const FragSim *sim, const FragEvent *ev);
void frag_report_text_end (FILE *out, const FragSim *sim);
/* with_span: the zone's pfn range is known (not for /proc/buddyinfo text). */
void frag_report_text_zone (FILE *out, const FragZoneStats *zs, bool with_span);

/* "250 B", "16 KiB", "1.5 GiB": sizes as a lecturer says them. */
void frag_format_bytes (uint64_t bytes, char *buf, size_t len);
