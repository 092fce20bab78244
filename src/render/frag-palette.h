/* frag-palette.h: the colours of every Fragscope view.
 *
 * Colours are 0xAARRGGBB words (alpha always 0xff here) so that the dense frame map can copy them
 * straight into a CAIRO_FORMAT_ARGB32 image. Categorical colours come from Okabe and Ito's
 * colour-blind safe set; free frames use a pale ramp by buddy order that stays behind the owners.
 * Plain C: no GLib, no GTK.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <cairo.h>

#include "frag-engine.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  FRAG_PALETTE_LIGHT = 0,
  FRAG_PALETTE_DARK,
  FRAG_PALETTE_HIGH_CONTRAST,
  FRAG_PALETTE_COUNT
} FragPaletteKind;

#define FRAG_PALETTE_N_OWNERS 7u

typedef struct {
  FragPaletteKind kind;
  const char *name;             /* "light", "dark", "high-contrast" */
  uint32_t background;
  uint32_t surface;             /* panels behind charts */
  uint32_t foreground;          /* text, axes */
  uint32_t muted;               /* secondary text, gridlines */
  uint32_t grid;                /* lines between frame cells */
  uint32_t pageblock;           /* pageblock boundaries */
  uint32_t hole;                /* outline of free runs (holes) */
  uint32_t changed;             /* frames the current step changed */
  uint32_t failure;             /* failed steps, faults */
  uint32_t success;
  uint32_t owners[FRAG_PALETTE_N_OWNERS];      /* processes, by id */
  uint32_t free_ramp[FRAG_MAX_ORDER_LIMIT + 1]; /* free frames by the order of their block */
  uint32_t migrate[8];          /* by FragMigrateType (6 used; 2 spare for bad words) */
  uint32_t klass[FRAG_CLASS_COUNT];
  uint32_t raw;                 /* raw allocations when not coloured by type */
  double   line_scale;          /* high contrast draws thicker lines */
} FragPalette;

const FragPalette *frag_palette_get (FragPaletteKind kind);
/* "light", "dark", "high-contrast" (also "hc", "contrast"); false when unknown. */
bool        frag_palette_parse (const char *s, FragPaletteKind *out);

/* A stable colour for a process id (the engine keeps one id per name for the whole run): the
 * first ids get the pure categorical colours, later ones lighter and darker variants. */
uint32_t    frag_palette_owner_color (const FragPalette *pal, uint32_t id);
/* Raw kernel-style allocations of a migrate type: the type's hue, darkened so that they never
 * read as a process of the same hue. */
uint32_t    frag_palette_raw_color (const FragPalette *pal, unsigned mt);
/* A stable colour for any string (raw allocation ids, imported owners). */
uint32_t    frag_palette_string_color (const FragPalette *pal, const char *s);
/* Black or white, whichever reads better on `bg`. */
uint32_t    frag_palette_text_on (const FragPalette *pal, uint32_t bg);
/* Linear blend of two colours, t in [0,1] (0 gives a). */
uint32_t    frag_color_mix (uint32_t a, uint32_t b, double t);
void        frag_color_set_source (cairo_t *cr, uint32_t color, double alpha);

#ifdef __cplusplus
}
#endif
