/* frag-source.h: the one door through which every front end opens an input.
 *
 * A path is recognised by its content (frag_import_detect): a scenario (the scenario loader), /proc
 * text (zone statistics only: nothing to step), a capture directory or an ftrace trace (the
 * importers). The result is a FragSim ready to step, with the scenario's config and program kept so
 * that a front end can rerun it under another policy. The CLI, the exporter and the GUI's loader all
 * call this, so a file opens the same way everywhere. Plain C: fragscope-cli links it without GLib.
 */
#pragma once

#include <stdbool.h>

#include "frag-engine.h"

typedef enum {
  FRAG_SOURCE_SCENARIO = 0,
  FRAG_SOURCE_PROC_TEXT,
  FRAG_SOURCE_CAPTURE,
  FRAG_SOURCE_TRACE,
} FragSourceKind;

typedef struct {
  bool              has_mode, has_fit, has_free_list;
  FragMode          mode;
  FragFit           fit;
  FragFreeListOrder free_list;
  bool              replay_trace;  /* capture directories: replay their trace on top */
  bool              no_sim;        /* scenarios: load and check only, build no FragSim */
} FragSourceOptions;

typedef struct {
  FragSourceKind kind;
  FragSim       *sim;       /* NULL for /proc text (and with no_sim) */
  FragConfig     config;    /* scenarios: the configuration after the overrides */
  FragProgram   *program;   /* scenarios: one reference (NULL otherwise) */
  char          *title;     /* never NULL after a successful load */
  FragZoneStats *zones;     /* /proc text only */
  unsigned       n_zones;
  uint64_t       n_steps;
  char          *warnings;  /* one per line, or NULL: unknown keys, malformed trace lines... */
  char          *error;     /* after a failed load: "FILE:LINE:COL: ..." (under 64 KiB) */
} FragSource;

/* Loads path (options may be NULL). On failure returns false with out->error set and nothing else
 * held; call frag_source_clear either way. */
bool        frag_source_load (const char *path, const FragSourceOptions *options, FragSource *out);
/* The built-in scenario (the paging introduction compiled into the scenario library). */
bool        frag_source_load_builtin (const FragSourceOptions *options, FragSource *out);
void        frag_source_clear (FragSource *source);
const char *frag_source_kind_name (FragSourceKind kind);
