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
  FRAG_INPUT_JSON,          /* a scenario: the first non-blank byte is '{' (the scenario loader
                               judges the rest) */
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
