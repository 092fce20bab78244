/* frag-import.h: the import layer's front door: what kind of input a path is, and everything the
 * layer offers (the /proc parsers, captures, traces, the live reader and the capture command).
 *
 * Plain C with liblzma; no GLib, no GTK, no json-c, so fragscope-cli links it as it is.
 */
#pragma once

#include <stdio.h>

#include "frag-capture.h"
#include "frag-capture-command.h"
#include "frag-live.h"
#include "frag-proc.h"
#include "frag-reader.h"
#include "frag-trace.h"

typedef enum {
  FRAG_INPUT_UNKNOWN = 0,   /* missing, unreadable, empty, or none of the below */
  FRAG_INPUT_JSON,          /* a scenario: the first non-blank byte is '{' or '[' (the scenario
                               loader judges the rest) */
  FRAG_INPUT_BUDDYINFO,
  FRAG_INPUT_PAGETYPEINFO,
  FRAG_INPUT_ZONEINFO,
  FRAG_INPUT_CAPTURE,       /* a directory with zoneinfo and kpageflags.bin[.xz] */
  FRAG_INPUT_TRACE,         /* an ftrace text trace, plain or .xz */
} FragInputKind;

/* Looks at the content (the first few KiB, decompressed when xz), never at the name. */
FragInputKind frag_import_detect (const char *path);
/* The same, saying why when the answer is UNKNOWN (missing file, empty, directory without
 * zoneinfo, ...). */
FragInputKind frag_import_detect_full (const char *path, char *err, size_t errlen);
/* "json", "buddyinfo", "pagetypeinfo", "zoneinfo", "capture", "trace", "unknown". */
const char   *frag_input_kind_name (FragInputKind kind);

/* Everything a front end needs to show a real-machine input as a simulation. */
typedef struct {
  FragInputKind kind;
  FragSim      *sim;            /* the caller frees it (frag_sim_free) */
  char          title[512];
  char          warnings[2048]; /* non-fatal: malformed trace lines, a truncated capture; or "" */
  uint64_t      trace_ops;      /* steps of the replay (0 for a bare capture) */
} FragImportResult;

/* Opens a capture directory (with its trace.txt[.xz] replayed on top when `with_trace` and the
 * directory has one) or a trace file (replayed on its own) as a FragSim. Other kinds are refused
 * with a message (scenarios belong to the scenario loader, /proc text to frag_proc_read). */
bool frag_import_open (const char *path, bool with_trace, FragImportResult *out, char *err,
                       size_t errlen);
