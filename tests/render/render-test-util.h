/* render-test-util.h: helpers shared by the renderer tests (pixels, goldens, temp dirs). */
#pragma once

#include <glib.h>
#include <cairo.h>
#include <stdint.h>

/* The 0xffRRGGBB colour of pixel (x, y) of an ARGB32 image surface (opaque images only). */
uint32_t render_test_pixel (cairo_surface_t *surface, int x, int y);
/* Compares `surface` with tests/render/golden/<name>.png: each channel may differ by `tolerance`
 * on at most `max_bad_fraction` of the pixels. With FRAGSCOPE_UPDATE_GOLDEN=1 the golden is
 * written instead. Skips the test (returns FALSE) when the golden is missing. */
gboolean render_test_golden (cairo_surface_t *surface, const char *name, int tolerance,
                             double max_bad_fraction);
/* A fresh temporary directory, removed with its files by render_test_rmdir. */
char    *render_test_tmpdir (void);
void     render_test_rmdir (const char *dir);

#include "frag-engine.h"

/* The paging-introduction figure (phil-opp) built with the program API, no loader needed:
 * 11 frames of 50 B; note, spawn A at 100, note, spawn B at 300, note, spawn C, note. */
FragSim *render_test_philopp (FragMode mode, FragConfig *cfg_out, FragProgram **prog_out);
/* A larger buddy-mode memory (`frames` frames, one zone) with `n` raw allocations of mixed
 * orders and types, every third one freed again. */
FragSim *render_test_raw (uint64_t frames, unsigned n);
