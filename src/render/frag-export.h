/* frag-export.h: writing views to PNG, SVG and PDF files (fragscope-cli export, the GUI's export
 * dialog).
 *
 * The exporter makes its own simulations from a configuration and a program (or uses one it is
 * given and nobody else touches), so the GUI can run it on a worker thread while the user keeps
 * stepping. Files are written to a temporary name in the same directory and renamed into place:
 * a failure or a cancel never leaves a broken file behind. Plain C, cairo only.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "frag-engine.h"
#include "frag-palette.h"
#include "frag-render.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  FRAG_EXPORT_AUTO = 0,   /* from the file name's extension */
  FRAG_EXPORT_PNG,
  FRAG_EXPORT_SVG,
  FRAG_EXPORT_PDF,
} FragExportFormat;

/* Also the CLI's exit codes (CONTRACT.md): 0, 1 bad input (or the output cannot be written),
 * 2 bad usage. Cancelling is the GUI's business. */
typedef enum {
  FRAG_EXPORT_OK = 0,
  FRAG_EXPORT_BAD_INPUT = 1,
  FRAG_EXPORT_BAD_USAGE = 2,
  FRAG_EXPORT_CANCELLED = 3,
} FragExportStatus;

#define FRAG_EXPORT_STEP_LAST   UINT64_MAX
#define FRAG_EXPORT_STEP_START  (UINT64_MAX - 1) /* the state before the first step */
#define FRAG_EXPORT_MAX_PAGES   20000u   /* --all past this many steps is refused */
#define FRAG_EXPORT_MAX_SIZE    16384    /* pixels per side */
#define FRAG_EXPORT_MAX_COMPARE 4u

typedef struct {
  const char      *path;          /* output file */
  FragExportFormat format;
  FragView         view;          /* default: page */
  int              width, height; /* pixels (raster exact; SVG px; PDF points); 0: 1920x1080 */
  bool             all;           /* one page per step, after one for the start */
  uint64_t         step;          /* state after this step (0-based); FRAG_EXPORT_STEP_LAST */
  FragPaletteKind  palette;
  double           font_scale;    /* 0: 1.0 */
  FragColorBy      color_by;
  const char      *title;         /* NULL: the program's title */

  /* The source, one of three: */
  const FragConfig *config;       /* with program: the exporter makes its own FragSim(s) */
  FragProgram      *program;
  FragSim          *sim;          /* drawn as it is (it is seeked: the caller must not use it
                                   * meanwhile); for --compare its config and program are used */
  const FragZoneStats *zones;     /* plain statistics (imported /proc text): the buddy chart */
  unsigned          n_zones;

  /* The same step under several policies, side by side (at most FRAG_EXPORT_MAX_COMPARE):
   * either the modes (the exporter makes a FragSim per mode) or simulations the caller made
   * (the GUI makes them on its main thread; they are seeked like `sim`). */
  const FragMode   *compare;
  unsigned          n_compare;
  FragSim *const   *compare_sims;
  unsigned          n_compare_sims;

  /* Called with pages done / pages total (and during the run that records the metrics);
   * returning false cancels. May be NULL. */
  FragProgressFunc  progress;
  void             *user_data;
} FragExportOptions;

void             frag_export_options_init (FragExportOptions *opts);
/* PNG, SVG or PDF from the extension (case-insensitive); false when none of those. */
bool             frag_export_format_from_path (const char *path, FragExportFormat *out);
/* Writes the file(s). --all into PNG or SVG writes one file per page: OUT-start.png,
 * OUT-step-0.png, ... (a PDF holds them all as pages). On failure err says why. */
FragExportStatus frag_export_file (const FragExportOptions *opts, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif
