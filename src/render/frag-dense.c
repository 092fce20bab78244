/* frag-dense.c: paints frame words into ARGB32 pixels through lookup tables.
 *
 * The hot loop reads one 32-bit word per frame and does one table read: free heads set the
 * "current free colour" (blocks are aligned, so the head always comes before its tail frames),
 * free tail frames reuse it, used frames look their owner up in a table filled lazily by the
 * caller's resolver. Several frames per pixel are averaged with the channels spread apart in one
 * 64-bit accumulator, and the average is taken with a reciprocal multiply (no division per pixel).
 */
#define _POSIX_C_SOURCE 200809L
#include "frag-dense.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "frag-frame.h"

struct FragDenseMap {
  uint32_t          free_lut[128];  /* index (word >> 24) & 0x7f of a free head: order << 3 | mt */
  uint32_t          used_mt[8];
  uint32_t          grid;
  FragDenseColorBy  by;
  FragOwnerColorFunc owner_color;
  void             *owner_data;
  const FragPalette *pal;
  uint32_t         *owner_lut;      /* 0: not resolved yet */
  size_t            owner_cap;
};

bool
frag_dense_layout_compute (FragDenseLayout *l, uint64_t n_frames, int width, int height)
{
  memset (l, 0, sizeof *l);
  l->n_frames = n_frames;
  l->width = width;
  l->height = height;
  l->fpp = 1;
  l->cell = 1;
  l->row_h = 1;
  if (n_frames == 0 || width <= 0 || height <= 0)
    return false;
  uint64_t area = (uint64_t) width * (uint64_t) height;
  if (n_frames <= area)
    {
      int cell = (int) sqrt ((double) area / (double) n_frames);
      if (cell < 1)
        cell = 1;
      for (; cell > 1; cell--)
        {
          uint64_t cols = (uint64_t) (width / cell), rows = (uint64_t) (height / cell);
          if (cols > 0 && (n_frames + cols - 1) / cols <= rows)
            break;
        }
      l->cell = cell;
      l->cols = width / cell;
      l->rows = (int) ((n_frames + (uint64_t) l->cols - 1) / (uint64_t) l->cols);
      l->gaps = cell >= 6;
    }
  else
    {
      l->fpp = (n_frames + area - 1) / area;
      uint64_t pixels = (n_frames + l->fpp - 1) / l->fpp;
      l->cols = width;
      l->rows = (int) ((pixels + (uint64_t) width - 1) / (uint64_t) width);
    }
  l->row_h = l->cell;
  return true;
}

bool
frag_dense_layout_compute_stretched (FragDenseLayout *l, uint64_t n_frames, int width, int height)
{
  if (!frag_dense_layout_compute (l, n_frames, width, height))
    return false;
  /* Square cells may fill only part of the height (a long zone in a tall area): taller rows
   * use it, within reason, so that a projector shows the memory as large as it can. */
  int stretch = height / l->rows, limit = l->cell == 1 ? 4 * l->cell : 3 * l->cell;
  l->row_h = stretch > limit ? limit : stretch < l->cell ? l->cell : stretch;
  return true;
}

bool
frag_dense_layout_pixel_frames (const FragDenseLayout *l, int x, int y, uint64_t *first,
                                uint64_t *count)
{
  if (l->rows <= 0 || x < 0 || y < 0 || x >= l->cols * l->cell || y >= l->rows * l->row_h)
    return false;
  uint64_t index = (uint64_t) (y / l->row_h) * (uint64_t) l->cols + (uint64_t) (x / l->cell);
  uint64_t f = index * l->fpp;
  if (f >= l->n_frames)
    return false;
  *first = f;
  *count = l->n_frames - f < l->fpp ? l->n_frames - f : l->fpp;
  return true;
}

bool
frag_dense_layout_frame_rect (const FragDenseLayout *l, uint64_t k, int *x, int *y, int *w,
                              int *h)
{
  if (l->rows <= 0 || k >= l->n_frames)
    return false;
  uint64_t index = k / l->fpp;
  *x = (int) (index % (uint64_t) l->cols) * l->cell;
  *y = (int) (index / (uint64_t) l->cols) * l->row_h;
  *w = l->cell;
  *h = l->row_h;
  return true;
}

FragDenseMap *
frag_dense_map_new (void)
{
  FragDenseMap *map = calloc (1, sizeof *map);
  if (map)
    frag_dense_map_set_colors (map, frag_palette_get (FRAG_PALETTE_LIGHT), FRAG_DENSE_BY_OWNER,
                               NULL, NULL);
  return map;
}

void
frag_dense_map_free (FragDenseMap *map)
{
  if (!map)
    return;
  free (map->owner_lut);
  free (map);
}

void
frag_dense_map_reset_owners (FragDenseMap *map)
{
  if (map->owner_lut)
    memset (map->owner_lut, 0, map->owner_cap * sizeof *map->owner_lut);
}

void
frag_dense_map_forget_owner (FragDenseMap *map, uint32_t owner)
{
  if (owner < map->owner_cap)
    map->owner_lut[owner] = 0;
}

void
frag_dense_map_set_colors (FragDenseMap *map, const FragPalette *pal, FragDenseColorBy by,
                           FragOwnerColorFunc owner_color, void *user_data)
{
  map->pal = pal;
  map->by = by;
  map->owner_color = owner_color;
  map->owner_data = user_data;
  map->grid = pal->grid | 0xff000000u;
  for (unsigned i = 0; i < 128; i++)
    {
      unsigned order = i >> 3, mt = i & 7;
      uint32_t c = pal->free_ramp[order];
      if (by == FRAG_DENSE_BY_MIGRATE_TYPE)
        /* Free memory keeps the hue of its list, washed out so that used frames stand out. */
        c = frag_color_mix (pal->migrate[mt], pal->background,
                            0.78 - 0.04 * (order > 10 ? 10 : order));
      map->free_lut[i] = c | 0xff000000u;
    }
  for (unsigned mt = 0; mt < 8; mt++)
    map->used_mt[mt] = pal->migrate[mt] | 0xff000000u;
  frag_dense_map_reset_owners (map);
}

static uint32_t
resolve_owner (FragDenseMap *map, uint32_t owner)
{
  if (owner >= map->owner_cap)
    {
      size_t cap = map->owner_cap ? map->owner_cap : 1024;
      while (cap <= owner)
        cap *= 2;
      uint32_t *lut = realloc (map->owner_lut, cap * sizeof *lut);
      if (!lut)
        return map->pal->raw | 0xff000000u;
      memset (lut + map->owner_cap, 0, (cap - map->owner_cap) * sizeof *lut);
      map->owner_lut = lut;
      map->owner_cap = cap;
    }
  uint32_t c = map->owner_color ? map->owner_color (owner, map->owner_data)
                                : frag_palette_owner_color (map->pal, owner);
  c |= 0xff000000u;
  map->owner_lut[owner] = c;
  return c;
}

static inline uint32_t
used_color (FragDenseMap *map, uint32_t w)
{
  if (map->by == FRAG_DENSE_BY_MIGRATE_TYPE)
    return map->used_mt[frag_fw_used_mt (w)];
  uint32_t owner = frag_fw_owner (w);
  uint32_t c = owner < map->owner_cap ? map->owner_lut[owner] : 0;
  return c ? c : resolve_owner (map, owner);
}

/* The colour free tail frames at k inherit: the head at or below k (aligned blocks). */
static uint32_t
free_color_before (const FragDenseMap *map, const uint32_t *words, uint64_t k)
{
  uint64_t i = k;
  for (;;)
    {
      uint32_t w = words[i];
      if (frag_fw_is_free_head (w))
        return map->free_lut[(w >> 24) & 0x7f];
      if (frag_fw_is_used (w) || i == 0 || k - i > (1u << FRAG_MAX_ORDER_LIMIT))
        return map->free_lut[0];
      i--;
    }
}

uint32_t
frag_dense_map_frame_color (FragDenseMap *map, const uint32_t *words, uint64_t k)
{
  uint32_t w = words[k];
  if (frag_fw_is_used (w))
    return used_color (map, w);
  return free_color_before (map, words, k);
}

static inline uint64_t
spread (uint32_t c)
{
  return ((uint64_t) (c & 0xff0000u) << 24) | ((uint64_t) (c & 0xff00u) << 12) | (c & 0xffu);
}

static void
paint_cells (FragDenseMap *map, const FragDenseLayout *l, const uint32_t *words, uint64_t first,
             uint64_t end, unsigned char *pixels, int stride)
{
  uint32_t cur = first > 0 ? free_color_before (map, words, first) : map->free_lut[0];
  int cell = l->cell, fill = l->gaps ? cell - 1 : cell;
  int rh = l->row_h, fill_h = l->gaps ? rh - 1 : rh;
  for (uint64_t k = first; k < end; k++)
    {
      uint32_t w = words[k], c;
      if (w & FRAG_FW_FREE_HEAD)
        c = cur = map->free_lut[(w >> 24) & 0x7f];
      else if (w & FRAG_FW_USED)
        c = used_color (map, w);
      else
        c = cur;
      int x0 = (int) (k % (uint64_t) l->cols) * cell, y0 = (int) (k / (uint64_t) l->cols) * rh;
      for (int dy = 0; dy < rh; dy++)
        {
          uint32_t *row = (uint32_t *) (pixels + (size_t) (y0 + dy) * (size_t) stride) + x0;
          if (dy >= fill_h)
            {
              for (int dx = 0; dx < cell; dx++)
                row[dx] = map->grid;
              continue;
            }
          for (int dx = 0; dx < fill; dx++)
            row[dx] = c;
          for (int dx = fill; dx < cell; dx++)
            row[dx] = map->grid;
        }
    }
}

/* One frame's colour: `cur` carries the colour of the free block being crossed. */
static inline uint32_t
frame_color_fast (FragDenseMap *map, uint32_t w, uint32_t *cur, const bool by_mt)
{
  uint32_t is_head = w >> 31;
  uint32_t is_used = ((w >> 30) & 1u) & (is_head ^ 1u);
  uint32_t head = map->free_lut[(w >> 24) & 0x7f];
  *cur = is_head ? head : *cur;
  uint32_t used;
  if (by_mt)
    used = map->used_mt[(w >> 24) & 7u];
  else
    {
      uint32_t idx = w & FRAG_FW_LOW_MASK & (0u - is_used);
      used = idx < map->owner_cap ? map->owner_lut[idx] : 0;
      if (__builtin_expect (used == 0 && is_used, 0))
        used = resolve_owner (map, idx);
    }
  return is_used ? used : *cur;
}

static inline void
paint_binned_impl (FragDenseMap *map, const FragDenseLayout *l, const uint32_t *words,
                   uint64_t first, uint64_t end, unsigned char *pixels, int stride,
                   const bool by_mt)
{
  uint64_t fpp = l->fpp, n = l->n_frames;
  uint64_t p0 = first / fpp, p1 = (end - 1) / fpp + 1;
  uint64_t k = p0 * fpp;
  uint32_t cur = k > 0 ? free_color_before (map, words, k) : map->free_lut[0];
  uint64_t full_mult = ((1ull << 24) + fpp / 2) / fpp;
  uint64_t cols = (uint64_t) l->cols;
  const size_t row_step = (size_t) stride * (size_t) l->row_h;
  uint32_t *row = (uint32_t *) (pixels + (size_t) (p0 / cols) * row_step);
  uint64_t x = p0 % cols;
  const uint64_t half = 1ull << 23;

  for (uint64_t p = p0; p < p1; p++)
    {
      uint64_t stop = k + fpp < n ? k + fpp : n, count = stop - k;
      uint32_t firstc = frame_color_fast (map, words[k++], &cur, by_mt);
      uint64_t acc = spread (firstc), r = 0, g = 0, b = 0;
      uint32_t diff = 0;
      unsigned batch = 1;
      for (; k < stop; k++)
        {
          uint32_t c = frame_color_fast (map, words[k], &cur, by_mt);
          diff |= c ^ firstc;
          acc += spread (c);
          /* Each channel has 20 bits: flush before 4096 frames could overflow one. */
          if (__builtin_expect (++batch == 4096, 0))
            {
              r += acc >> 40; g += (acc >> 20) & 0xfffff; b += acc & 0xfffff;
              acc = 0;
              batch = 0;
            }
        }
      uint32_t out = firstc;
      if (diff)
        {
          r += acc >> 40; g += (acc >> 20) & 0xfffff; b += acc & 0xfffff;
          uint64_t mult = count == fpp ? full_mult : ((1ull << 24) + count / 2) / count;
          out = 0xff000000u | (uint32_t) (((r * mult + half) >> 24) << 16)
                | (uint32_t) (((g * mult + half) >> 24) << 8)
                | (uint32_t) ((b * mult + half) >> 24);
        }
      row[x] = out;
      if (++x == cols)
        {
          x = 0;
          row = (uint32_t *) ((unsigned char *) row + row_step);
        }
    }
}

/* Run-length path: memory is made of runs (a free buddy block is 2^order frames whose tails need
 * not be read at all; a used run repeats one owner), so each run adds colour x length to the
 * pixel being filled, and runs longer than a pixel write whole pixels at once. */
static void
paint_binned_runs (FragDenseMap *map, const FragDenseLayout *l, const uint32_t *words,
                   uint64_t first, uint64_t end, unsigned char *pixels, int stride)
{
  const uint64_t fpp = l->fpp, n = l->n_frames, cols = (uint64_t) l->cols;
  const uint64_t p0 = first / fpp, p1 = (end - 1) / fpp + 1;
  const uint64_t full_mult = ((1ull << 24) + fpp / 2) / fpp, half = 1ull << 23;
  const bool by_mt = map->by == FRAG_DENSE_BY_MIGRATE_TYPE;
  const uint64_t stop = p1 * fpp < n ? p1 * fpp : n;
  uint64_t k = p0 * fpp;
  uint32_t cur = k > 0 ? free_color_before (map, words, k) : map->free_lut[0];
  const size_t row_step = (size_t) stride * (size_t) l->row_h;
  uint32_t *row = (uint32_t *) (pixels + (size_t) (p0 / cols) * row_step);
  uint64_t x = p0 % cols;
  uint64_t acc = 0, filled = 0;
  uint32_t all_or = 0, all_and = ~0u;

  while (k < stop)
    {
      uint32_t w = words[k], c;
      uint64_t len = 1;
      if (w & FRAG_FW_FREE_HEAD)
        {
          c = cur = map->free_lut[(w >> 24) & 0x7f];
          len = 1ull << frag_fw_order (w);
          /* A well-formed block has only tail words after its head; stop early otherwise. */
          if (len > 1 && k + 1 < stop && (words[k + 1] & (FRAG_FW_FREE_HEAD | FRAG_FW_USED)))
            len = 1;
        }
      else if (w & FRAG_FW_USED)
        {
          c = by_mt ? map->used_mt[frag_fw_used_mt (w)] : used_color (map, w);
          uint32_t key = w | FRAG_FW_ALLOC_HEAD;
          /* Two words per test while the run goes on (runs are often a few frames long). */
          uint64_t key2 = ((uint64_t) key << 32) | key, head2 = 0x2000000020000000ull;
          while (k + len + 1 < stop)
            {
              uint64_t pair;
              memcpy (&pair, &words[k + len], sizeof pair);
              if ((pair | head2) != key2)
                break;
              len += 2;
            }
          while (k + len < stop && (words[k + len] | FRAG_FW_ALLOC_HEAD) == key)
            len++;
        }
      else
        {
          c = cur;
          while (k + len < stop && !(words[k + len] & (FRAG_FW_FREE_HEAD | FRAG_FW_USED)))
            len++;
        }
      if (len > stop - k)
        len = stop - k;
      k += len;
      while (len > 0)
        {
          if (filled == 0 && len >= fpp)
            {
              /* Whole pixels of one colour. */
              uint64_t whole = len / fpp;
              len -= whole * fpp;
              while (whole--)
                {
                  row[x] = c;
                  if (++x == cols)
                    {
                      x = 0;
                      row = (uint32_t *) ((unsigned char *) row + row_step);
                    }
                }
              continue;
            }
          uint64_t take = fpp - filled < len ? fpp - filled : len;
          acc += spread (c) * take;
          all_or |= c;
          all_and &= c;
          filled += take;
          len -= take;
          if (filled == fpp || k == n)
            {
              uint64_t mult = filled == fpp ? full_mult : ((1ull << 24) + filled / 2) / filled;
              uint32_t avg = 0xff000000u | (uint32_t) ((((acc >> 40) * mult + half) >> 24) << 16)
                             | (uint32_t) (((((acc >> 20) & 0xfffff) * mult + half) >> 24) << 8)
                             | (uint32_t) ((((acc & 0xfffff) * mult + half) >> 24));
              row[x] = all_or == all_and ? all_or : avg;
              if (++x == cols)
                {
                  x = 0;
                  row = (uint32_t *) ((unsigned char *) row + row_step);
                }
              acc = 0;
              filled = 0;
              all_or = 0;
              all_and = ~0u;
            }
        }
    }
}

static void
paint_binned (FragDenseMap *map, const FragDenseLayout *l, const uint32_t *words, uint64_t first,
              uint64_t end, unsigned char *pixels, int stride)
{
  if (map->owner_cap == 0)
    resolve_owner (map, 0);
  /* Past 4096 frames per pixel a run's colour x length could overflow a 20-bit channel sum. */
  if (l->fpp <= 4096)
    paint_binned_runs (map, l, words, first, end, pixels, stride);
  else if (map->by == FRAG_DENSE_BY_MIGRATE_TYPE)
    paint_binned_impl (map, l, words, first, end, pixels, stride, true);
  else
    paint_binned_impl (map, l, words, first, end, pixels, stride, false);
}

void
frag_dense_map_paint (FragDenseMap *map, const FragDenseLayout *l, const uint32_t *words,
                      uint64_t first, uint64_t n, unsigned char *pixels, int stride)
{
  if (!map || !l || !words || !pixels || l->rows <= 0 || first >= l->n_frames || n == 0)
    return;
  uint64_t end = n > l->n_frames - first ? l->n_frames : first + n;
  if (l->fpp == 1)
    {
      paint_cells (map, l, words, first, end, pixels, stride);
      return;
    }
  paint_binned (map, l, words, first, end, pixels, stride);
  if (l->row_h > 1)
    {
      /* Binned rows were painted on their first pixel row: copy the part painted downwards. */
      uint64_t cols = (uint64_t) l->cols, p0 = first / l->fpp, p1 = (end - 1) / l->fpp + 1;
      for (uint64_t r = p0 / cols; r <= (p1 - 1) / cols; r++)
        {
          uint64_t c0 = r == p0 / cols ? p0 % cols : 0;
          uint64_t c1 = r == (p1 - 1) / cols ? (p1 - 1) % cols + 1 : cols;
          unsigned char *base = pixels + (size_t) r * (size_t) l->row_h * (size_t) stride;
          for (int dy = 1; dy < l->row_h; dy++)
            memcpy (base + (size_t) dy * (size_t) stride + c0 * 4, base + c0 * 4,
                    (size_t) (c1 - c0) * 4);
        }
    }
}

/* ---- Benchmark ------------------------------------------------------------------------------ */

/* Wall-clock by default; building with -DFRAG_BENCH_CLOCK=CLOCK_THREAD_CPUTIME_ID measures CPU
 * time instead, which stays meaningful on a loaded machine. */
#ifndef FRAG_BENCH_CLOCK
#define FRAG_BENCH_CLOCK CLOCK_MONOTONIC
#endif

static uint64_t
bench_rand (uint64_t *s)
{
  /* splitmix64: reproducible on every machine. */
  uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

typedef struct {
  uint64_t seed;
  unsigned split_percent;  /* chance that a block is split in two rather than kept whole */
  uint32_t last_owner;
} BenchGen;

/* Fills [pfn, pfn + 2^order) with one free block or one used run, or splits it in two. A used
 * run keeps the previous run's owner half the time (a process holds neighbouring blocks). */
static void
bench_fill (uint32_t *words, uint64_t pfn, unsigned order, BenchGen *g)
{
  uint64_t r = bench_rand (&g->seed);
  if (order > 0 && r % 100 < g->split_percent)
    {
      bench_fill (words, pfn, order - 1, g);
      bench_fill (words, pfn + (1ull << (order - 1)), order - 1, g);
      return;
    }
  uint64_t frames = 1ull << order;
  if ((r >> 8) & 1)
    {
      words[pfn] = frag_fw_make_free_head (order, FRAG_MT_MOVABLE, 0);
      for (uint64_t i = 1; i < frames; i++)
        words[pfn + i] = 0;
    }
  else
    {
      if ((r >> 9) & 1)
        g->last_owner = (uint32_t) ((r >> 16) % 5000u);
      unsigned mt = (unsigned) ((r >> 40) % 3u);
      for (uint64_t i = 0; i < frames; i++)
        words[pfn + i] = frag_fw_make_used (g->last_owner, mt, i == 0, false);
    }
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

double
frag_render_bench_dense (uint64_t frames, int width, int height, unsigned runs)
{
  return frag_render_bench_dense_mix (frames, width, height, runs, 50);
}

double
frag_render_bench_dense_mix (uint64_t frames, int width, int height, unsigned runs,
                             unsigned split_percent)
{
  if (frames == 0 || frames > (1ull << 28) || width <= 0 || height <= 0 || split_percent > 100)
    return -1;
  if (runs == 0)
    runs = 1;
  uint32_t *words = malloc (frames * sizeof *words);
  double *times = calloc (runs, sizeof *times);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  FragDenseMap *map = frag_dense_map_new ();
  double result = -1;
  if (!words || !times || !map || cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    goto out;

  BenchGen gen = { 42, split_percent, 0 };
  uint64_t pfn = 0;
  for (; pfn + 1024 <= frames; pfn += 1024)
    bench_fill (words, pfn, 10, &gen);
  for (; pfn < frames; pfn++)
    words[pfn] = frag_fw_make_free_head (0, FRAG_MT_MOVABLE, 0);

  FragDenseLayout l;
  frag_dense_layout_compute (&l, frames, width, height);
  unsigned char *pixels = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  cairo_surface_flush (surface);
  frag_dense_map_paint (map, &l, words, 0, frames, pixels, stride); /* resolves the owners */
  for (unsigned i = 0; i < runs; i++)
    {
      struct timespec t0, t1;
      clock_gettime (FRAG_BENCH_CLOCK, &t0);
      frag_dense_map_paint (map, &l, words, 0, frames, pixels, stride);
      clock_gettime (FRAG_BENCH_CLOCK, &t1);
      times[i] = (double) (t1.tv_sec - t0.tv_sec) + (double) (t1.tv_nsec - t0.tv_nsec) * 1e-9;
    }
  cairo_surface_mark_dirty (surface);
  qsort (times, runs, sizeof *times, cmp_double);
  result = times[runs / 2];
out:
  frag_dense_map_free (map);
  cairo_surface_destroy (surface);
  free (times);
  free (words);
  return result;
}
