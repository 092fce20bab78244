/* frag-cli-input.h: one door for every input the CLI reads: a scenario, /proc text, a capture
 * directory or an ftrace trace, recognised by content. The result is a FragSim ready to step, or,
 * for /proc text, zone statistics alone. */
#pragma once

#include <stdbool.h>
#include <stdio.h>

#include "frag-engine.h"

typedef enum {
  FRAG_CLI_INPUT_SCENARIO = 0,
  FRAG_CLI_INPUT_PROC_TEXT,
  FRAG_CLI_INPUT_CAPTURE,
  FRAG_CLI_INPUT_TRACE,
} FragCliInputKind;

typedef struct {
  bool              has_mode, has_fit, has_free_list;
  bool              replay_trace;  /* capture directories: replay their trace on top */
  FragMode          mode;
  FragFit           fit;
  FragFreeListOrder free_list;
} FragCliOverrides;

typedef struct {
  FragCliInputKind kind;
  FragSim         *sim;      /* NULL for /proc text */
  char            *title;
  FragZoneStats   *zones;    /* /proc text only */
  unsigned         n_zones;
  uint64_t         n_steps;
} FragCliInput;

/* Loads path; on failure prints the loader's message (FILE:LINE:COL: ...) on err and returns false
 * with nothing allocated. Warnings are printed on err too. */
bool        frag_cli_input_load (const char *path, const FragCliOverrides *ov, FragCliInput *out,
                                 FILE *err);
void        frag_cli_input_clear (FragCliInput *input);
const char *frag_cli_input_kind_name (FragCliInputKind kind);
