/* frag-diagnostics.h: what the scenario loader says about a file it read.
 *
 * A load keeps the first error (loading stops there and nothing of the file is used) and the
 * first FRAG_DIAG_MAX_WARNINGS warnings. Each diagnostic is kept twice: as one line ready to print,
 * "FILE:LINE:COL: JSON.PATH: what is wrong", and as separate fields, so that the GUI can put the
 * cursor on the spot or show the path beside the text. Plain C: the CLI links no GLib.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FRAG_DIAG_MAX_WARNINGS 32u

typedef enum {
  FRAG_DIAG_ERROR = 0,
  FRAG_DIAG_WARNING,
} FragDiagSeverity;

typedef struct {
  FragDiagSeverity severity;
  char    *file;     /* the name the file was loaded under (never NULL once set) */
  uint32_t line;     /* 1-based; 0 when the problem has no place in the text (missing file...) */
  uint32_t column;   /* 1-based, in characters (UTF-8 code points) */
  char    *path;     /* JSON path such as "steps[3].size"; "" for the top level or no place */
  char    *message;  /* what is wrong, without file, place or path */
  char    *full;     /* "FILE:LINE:COL: PATH: MESSAGE", always under 64 KiB */
} FragDiagnostic;

typedef struct {
  bool           has_error;
  FragDiagnostic error;
  size_t         n_warnings;
  size_t         n_warnings_dropped;  /* warnings past FRAG_DIAG_MAX_WARNINGS */
  FragDiagnostic warnings[FRAG_DIAG_MAX_WARNINGS];
} FragDiagnostics;

void frag_diagnostics_init (FragDiagnostics *diag);
/* Frees what the diagnostics hold and makes them empty again. */
void frag_diagnostics_clear (FragDiagnostics *diag);
/* The full error line, or NULL when there is no error. */
const char *frag_diagnostics_error (const FragDiagnostics *diag);

/* Used by the loader. Records an error (only the first one counts) or a warning. Strings are
 * copied; path and file may be NULL. Returns false only when memory runs out. */
bool frag_diagnostics_add (FragDiagnostics *diag, FragDiagSeverity severity, const char *file,
                           uint32_t line, uint32_t column, const char *path, const char *message);

#ifdef __cplusplus
}
#endif
