/* frag-dense.h: the dense frame map, painted pixel by pixel from frame words.
 *
 * Millions of frames cannot be one cairo rectangle each. This part works on plain data (the
 * frame words of frag-frame.h, as frag_sim_zone_words returns them, or an array a test builds)
 * and writes colours straight into a CAIRO_FORMAT_ARGB32 image through lookup tables. Frames are
 * laid out row-major: either square cells of `cell` pixels (few frames), or `fpp` consecutive
 * frames per pixel (many frames), whose colours are averaged so that a pixel half free and half
 * used reads as a blend. No GLib, no GTK; no state outside the FragDenseMap object the caller owns.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cairo.h>

#include "frag-palette.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  uint64_t n_frames;
  int      width, height;   /* the pixel area given */
  uint64_t fpp;             /* frames per pixel, >= 1 */
  int      cell;            /* width of a frame's cell in pixels when fpp == 1, >= 1 */
  int      row_h;           /* height of a row of cells (or pixels): cell, or (stretched
                             * layouts only) up to 3-4 times that */
  int      cols, rows;      /* cells (or pixels) per row, rows in use */
  bool     gaps;            /* cells keep a 1-pixel grid line on their right and bottom */
} FragDenseLayout;

/* Chooses the largest square cell that fits all frames, else frames per pixel. Returns false
 * (and a layout with 0 rows) when nothing can be drawn (no frames or no pixels). Rows are as
 * tall as cells (row_h == cell): the image is cols * cell by rows * cell pixels. */
bool frag_dense_layout_compute (FragDenseLayout *l, uint64_t n_frames, int width, int height);
/* The same, but rows may be up to 3 times (4 for one-pixel cells) taller than cells when the
 * rows would leave most of the height empty: the image is cols * cell by rows * row_h. */
bool frag_dense_layout_compute_stretched (FragDenseLayout *l, uint64_t n_frames, int width,
                                          int height);
/* The frames pixel (x, y) of the area shows; false outside the frames. */
bool frag_dense_layout_pixel_frames (const FragDenseLayout *l, int x, int y, uint64_t *first,
                                     uint64_t *count);
/* The pixel rectangle of frame k (its cell, or the pixel that holds it). */
bool frag_dense_layout_frame_rect (const FragDenseLayout *l, uint64_t k, int *x, int *y, int *w,
                                   int *h);

typedef enum {
  FRAG_DENSE_BY_OWNER = 0,     /* used frames: owner colour (resolved once per owner id) */
  FRAG_DENSE_BY_MIGRATE_TYPE,  /* used frames: their allocation's type; free: the free list's */
} FragDenseColorBy;

/* Colour (0xffRRGGBB) of a used frame's owner id; called once per id until the map is reset. */
typedef uint32_t (*FragOwnerColorFunc) (uint32_t owner, void *user_data);

typedef struct FragDenseMap FragDenseMap;

FragDenseMap *frag_dense_map_new (void);
void          frag_dense_map_free (FragDenseMap *map);
/* Forgets resolved owner colours (owner ids are reused after a seek, or the palette changed). */
void          frag_dense_map_reset_owners (FragDenseMap *map);
/* Forgets one owner's colour (its id now names another allocation). */
void          frag_dense_map_forget_owner (FragDenseMap *map, uint32_t owner);
void          frag_dense_map_set_colors (FragDenseMap *map, const FragPalette *pal,
                                         FragDenseColorBy by, FragOwnerColorFunc owner_color,
                                         void *user_data);

/* Paints frames [first, first + n) of `words` (words[0] is the first frame of a zone, so that
 * free blocks are met head first) into the layout's pixels. `pixels` points at the area's top-left
 * pixel, `stride` in bytes. Only the pixels of those frames are written. */
void frag_dense_map_paint (FragDenseMap *map, const FragDenseLayout *l, const uint32_t *words,
                           uint64_t first, uint64_t n, unsigned char *pixels, int stride);
/* Colour of one frame as the map would paint it alone (tests, tooltips, legends). */
uint32_t frag_dense_map_frame_color (FragDenseMap *map, const uint32_t *words, uint64_t k);

/* The CLI's `bench`: paints `frames` synthetic frames into a width x height image `runs` times
 * and returns the median time of one paint in seconds (negative when the image cannot be made).
 * The synthetic memory: each 1024-frame block is split in two with probability split_percent/100
 * at every level down to single frames; each piece is a free buddy block or a used run (of one of
 * 5000 owners, the previous piece's owner half the time). frag_render_bench_dense uses 50%; 75%
 * gives runs of about 12 frames, a worst case for the run-length painter. */
double frag_render_bench_dense (uint64_t frames, int width, int height, unsigned runs);
double frag_render_bench_dense_mix (uint64_t frames, int width, int height, unsigned runs,
                                    unsigned split_percent);

#ifdef __cplusplus
}
#endif
