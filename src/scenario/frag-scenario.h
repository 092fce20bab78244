/* frag-scenario.h: loading Fragscope scenario files (*.fragscope.json) into engine structures.
 *
 * The loader reads the whole file, checks it strictly (see docs/scenario-format.md for every key,
 * limit and message) and fills a FragConfig and a FragProgram for frag_sim_new. A file with any
 * error gives NULL and nothing of it is used; FragDiagnostics then holds the first error as
 * "FILE:LINE:COL: JSON.PATH: what is wrong". Unknown keys are warnings, with a suggestion.
 * Uses json-c, never GLib: fragscope-cli links this library.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "frag-engine.h"
#include "frag-diagnostics.h"

#ifdef __cplusplus
extern "C" {
#endif

#define FRAG_SCENARIO_VERSION        1
#define FRAG_SCENARIO_MAX_FILE_SIZE  (64u * 1024u * 1024u)  /* bytes */
#define FRAG_SCENARIO_MAX_DEPTH      64u                    /* nested objects and arrays */
/* Bytes at the end of memory: a zone may not reach past this address. */
#define FRAG_SCENARIO_MAX_ADDRESS    (1ull << 62)

typedef struct {
  char        *path;    /* the file it came from; NULL for text loaded from memory */
  char        *name;    /* the name used in messages: the path, or the display name */
  FragConfig   config;
  FragProgram *program; /* one reference owned by the scenario (frag_program_ref to keep it) */
} FragScenario;

/* diag may be NULL; when given it is cleared first. Both return NULL on any error. */
FragScenario *frag_scenario_load_file (const char *path, FragDiagnostics *diag);
FragScenario *frag_scenario_load_data (const char *display_name, const char *data, size_t len,
                                       FragDiagnostics *diag);
void          frag_scenario_free (FragScenario *scenario);

/* The built-in scenario (scenarios/paging-introduction.fragscope.json, compiled in). */
FragScenario *frag_scenario_load_builtin (FragDiagnostics *diag);
const char   *frag_scenario_builtin_text (size_t *len);
#define FRAG_SCENARIO_BUILTIN_NAME "paging-introduction.fragscope.json"

/* The command line's --mode and --fit: replace the file's policy by name (case-insensitive).
 * Return false, with a message listing the choices in err, for an unknown name. */
bool frag_scenario_override_mode (FragScenario *scenario, const char *mode, char *err,
                                  size_t errlen);
bool frag_scenario_override_fit (FragScenario *scenario, const char *fit, char *err,
                                 size_t errlen);

#ifdef __cplusplus
}
#endif
