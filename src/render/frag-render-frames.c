/* frag-render-frames.c: physical memory as frames, zone by zone, and the pageblock map.
 *
 * Two ways to draw a zone. A small one (a lecture's 10 or 50 frames) is drawn like a textbook
 * figure with cairo paths: labelled cells, byte addresses under them, process names across their
 * extents, holes outlined, the step's changes marked. A large one goes through the dense map
 * (frag-dense.h): pixels written through lookup tables into an image kept in the caller's
 * FragRenderCache; after a single step forward only the pixels of what that step changed are
 * painted again. Overlays (changes, holes, pageblock boundaries) are cairo paths in both cases,
 * so they stay sharp in SVG and PDF.
 */
#include "config.h"

#include "frag-render-private.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frag-frame.h"

#define TEXTBOOK_MAX_FRAMES 128u
#define MAX_OVERLAY_RUNS    4096u

typedef FragRBox Box;

static uint32_t
free_color (const FragRenderContext *ctx, int order, unsigned mt)
{
  const FragPalette *pal = frag_r_palette (ctx);
  unsigned o = order < 0 ? 0 : order > (int) FRAG_MAX_ORDER_LIMIT ? FRAG_MAX_ORDER_LIMIT
                                                                  : (unsigned) order;
  if (ctx->color_by == FRAG_COLOR_BY_MIGRATE_TYPE)
    return frag_color_mix (pal->migrate[mt & 7], pal->background, 0.78 - 0.04 * (o > 10 ? 10 : o));
  return pal->free_ramp[o];
}

/* An imported frame's kpageflags class in the reader's language (frag_frame_class_name spells
 * the capture format's); NULL for none. */
static const char *
class_label (FragFrameClass c)
{
  switch (c)
    {
    /* TRANSLATORS: what an imported frame holds (a class of Linux's kpageflags) */
    case FRAG_CLASS_NONE: return _("none");
    case FRAG_CLASS_ANON: return _("anon");
    case FRAG_CLASS_FILE: return _("file");
    case FRAG_CLASS_SLAB: return _("slab");
    case FRAG_CLASS_PAGE_TABLE: return _("page-table");
    case FRAG_CLASS_HUGE: return _("huge");
    case FRAG_CLASS_KERNEL: return _("kernel");
    case FRAG_CLASS_RESERVED: return _("reserved");
    case FRAG_CLASS_OFFLINE: return _("offline");
    case FRAG_CLASS_UNKNOWN: return _("unknown");
    case FRAG_CLASS_COUNT:
    default:
      return frag_frame_class_name (c);
    }
}

/* How addresses under a textbook figure are written: plain bytes for small memories (phil-opp's
 * 0, 50, 100), K or M when frames are whole KiB or MiB (OSTEP's 16K, 32K), hexadecimal else. */
typedef enum { ADDR_BYTES, ADDR_KIB, ADDR_MIB, ADDR_HEX } AddrStyle;

static AddrStyle
address_style (uint64_t frame_size, uint64_t end)
{
  if (end < 100000 && frame_size < 1024)
    return ADDR_BYTES;
  if (frame_size % (1u << 20) == 0)
    return ADDR_MIB;
  if (frame_size % 1024 == 0)
    return ADDR_KIB;
  return end < 100000 ? ADDR_BYTES : ADDR_HEX;
}

static void
format_address (uint64_t bytes, AddrStyle style, char *buf, size_t len)
{
  switch (style)
    {
    case ADDR_KIB: snprintf (buf, len, "%" PRIu64 "K", bytes >> 10); break;
    case ADDR_MIB: snprintf (buf, len, "%" PRIu64 "M", bytes >> 20); break;
    case ADDR_HEX: snprintf (buf, len, "0x%" PRIx64, bytes); break;
    case ADDR_BYTES:
    default: snprintf (buf, len, "%" PRIu64, bytes); break;
    }
}

/* ---- Textbook figure ----------------------------------------------------------------------- */

typedef struct {
  unsigned per_row, rows;
  double   cell_w, cell_h, addr_h, row_gap;
} TextbookLayout;

static bool
textbook_layout (uint64_t frames, Box box, double unit, TextbookLayout *tl)
{
  if (frames == 0 || frames > TEXTBOOK_MAX_FRAMES)
    return false;
  /* One row when it fits; else rows of 32, 16 or 8: the first whose cells are wide enough for
   * their labels and whose rows fit the height. Comfortable widths first, then tighter ones. */
  const double widths[] = { 2.3, 1.8 };
  const unsigned candidates[] = { (unsigned) frames, 32, 16, 8 };
  for (unsigned wi = 0; wi < 2; wi++)
    for (unsigned ci = 0; ci < 4; ci++)
      {
        unsigned per_row = candidates[ci];
        if (per_row > frames || (ci > 0 && per_row >= frames))
          continue;
        if (per_row * unit * widths[wi] > box.w)
          continue;
        tl->per_row = per_row;
        tl->rows = (unsigned) ((frames + per_row - 1) / per_row);
        tl->cell_w = box.w / per_row;
        tl->addr_h = unit * 1.5;
        tl->row_gap = unit * 0.5;
        double avail = box.h / tl->rows - tl->addr_h - tl->row_gap;
        /* A small memory is the lecture's figure: its cells grow with the pane (up to a third
         * of it, and never thinner than a quarter of their height) instead of sitting in a
         * thin strip. */
        tl->cell_h = fmax (fmax (tl->cell_w * 1.2, unit * 3.5),
                           fmin (box.h / tl->rows / 3, tl->cell_w * 4));
        tl->cell_h = fmin (tl->cell_h, fmax (unit * 7, box.h / 3));
        if (tl->cell_h > avail)
          tl->cell_h = avail;
        if (tl->cell_h >= unit * 1.6)
          return true;
      }
  return false;
}

typedef struct {
  FragFrameInfo info;
  bool          changed;
  uint32_t      color;
} Cell;

static bool
same_run (const Cell *a, const Cell *b, bool paging, bool buddy)
{
  if (a->info.free != b->info.free)
    return false;
  /* Free memory reads as holes, except under the buddy policy, whose lecture is the blocks. */
  if (a->info.free)
    return !buddy || a->info.buddy_start == b->info.buddy_start;
  const FragOwnerInfo *x = &a->info.owner, *y = &b->info.owner;
  if (x->kind != y->kind)
    return false;
  if (x->kind == FRAG_OWNER_PROCESS)
    {
      if (!x->name || !y->name || strcmp (x->name, y->name) != 0 || x->segment != y->segment)
        return false;
      /* Paging: only pages in virtual order, contiguous, read as one run. */
      return !paging || y->vpage == x->vpage + 1;
    }
  return x->start_pfn == y->start_pfn;
}

static void
run_label (const FragRenderContext *ctx, const Cell *c, uint64_t frames, char *buf, size_t len)
{
  char b[32];
  uint64_t fs = frag_sim_config (ctx->sim)->frame_size;
  if (c->info.free)
    {
      if (frag_sim_config (ctx->sim)->mode == FRAG_MODE_BUDDY && c->info.buddy_order >= 0)
        snprintf (buf, len, _("order %d\n%s"), c->info.buddy_order,
                  frag_render_format_bytes (frames * fs, b, sizeof b));
      else
        snprintf (buf, len, _("%s free"), frag_render_format_bytes (frames * fs, b, sizeof b));
      return;
    }
  const FragOwnerInfo *o = &c->info.owner;
  const char *name = o->name ? o->name : "?";
  if (o->kind == FRAG_OWNER_PROCESS)
    {
      FragSegmentInfo seg;
      const char *segname = NULL;
      size_t np = frag_sim_n_processes (ctx->sim);
      for (size_t i = 0; i < np && !segname; i++)
        {
          FragProcessInfo pi;
          if (frag_sim_process (ctx->sim, i, &pi) && pi.name && strcmp (pi.name, name) == 0
              && pi.n_segments > 1 && frag_sim_segment (ctx->sim, i, o->segment, &seg))
            segname = seg.name;
        }
      if (segname)
        snprintf (buf, len, "%s.%s", name, segname);
      else
        snprintf (buf, len, "%s", name);
    }
  else if (o->kind == FRAG_OWNER_IMPORTED)
    snprintf (buf, len, "%s", class_label (o->klass) ? class_label (o->klass) : _("used"));
  else
    snprintf (buf, len, "%s", name);
}

static void
draw_textbook (cairo_t *cr, const FragRenderContext *ctx, const FragZoneStats *zs, Box box,
               double unit, const TextbookLayout *tl)
{
  const FragPalette *pal = frag_r_palette (ctx);
  const FragConfig *cfg = frag_sim_config (ctx->sim);
  bool paging = cfg->mode == FRAG_MODE_PAGING, buddy = cfg->mode == FRAG_MODE_BUDDY;
  uint64_t n = zs->frames, fs = cfg->frame_size;
  Cell cells[TEXTBOOK_MAX_FRAMES];
  memset (cells, 0, sizeof cells);
  for (uint64_t k = 0; k < n; k++)
    {
      Cell *c = &cells[k];
      if (!frag_sim_frame_info (ctx->sim, zs->start_pfn + k, &c->info))
        c->info.free = true;
      c->color = c->info.free ? free_color (ctx, c->info.buddy_order, c->info.free_list_mt)
                              : frag_r_owner_info_color (ctx, &c->info.owner);
    }
  size_t n_changes = 0;
  const FragChange *changes = ctx->show_changes ? frag_sim_last_changes (ctx->sim, &n_changes)
                                                : NULL;
  for (size_t i = 0; changes && i < n_changes; i++)
    for (uint64_t p = changes[i].start; p < changes[i].start + changes[i].frames; p++)
      if (p >= zs->start_pfn && p < zs->start_pfn + n)
        cells[p - zs->start_pfn].changed = true;

  uint64_t end_addr = (zs->start_pfn + n) * fs;
  AddrStyle hex = address_style (fs, end_addr);
  uint64_t pb_frames = 1ull << cfg->pageblock_order;
  double lw = pal->line_scale;

  for (unsigned r = 0; r < tl->rows; r++)
    {
      uint64_t k0 = (uint64_t) r * tl->per_row, k1 = k0 + tl->per_row < n ? k0 + tl->per_row : n;
      double y = box.y + r * (tl->cell_h + tl->addr_h + tl->row_gap);
      /* Cells. */
      for (uint64_t k = k0; k < k1; k++)
        frag_r_rect (cr, box.x + (k - k0) * tl->cell_w, y, tl->cell_w, tl->cell_h, cells[k].color);
      /* Thin lines between frames. */
      frag_color_set_source (cr, pal->background,
                             pal->kind == FRAG_PALETTE_HIGH_CONTRAST ? 0 : 0.9);
      cairo_set_line_width (cr, 1);
      for (uint64_t k = k0 + 1; k < k1; k++)
        {
          double x = round (box.x + (k - k0) * tl->cell_w) + 0.5;
          cairo_move_to (cr, x, y);
          cairo_line_to (cr, x, y + tl->cell_h);
        }
      cairo_stroke (cr);
      /* Runs: one label across each, a firm line between them, holes outlined. */
      uint64_t a = k0;
      while (a < k1)
        {
          uint64_t b = a + 1;
          while (b < k1 && same_run (&cells[b - 1], &cells[b], paging, buddy))
            b++;
          double x0 = box.x + (a - k0) * tl->cell_w, x1 = box.x + (b - k0) * tl->cell_w;
          char label[96];
          run_label (ctx, &cells[a], b - a, label, sizeof label);
          uint32_t tc = cells[a].info.free ? pal->muted
                                           : frag_palette_text_on (pal, cells[a].color);
          double size = fmin (unit * (cells[a].info.free ? 1.0 : 1.6), tl->cell_h * 0.34);
          double tw, th, wrap = 0, room = (x1 - x0) * 0.92;
          frag_r_text_size (cr, label, size, !cells[a].info.free, 0, &tw, NULL);
          if (tw > room)
            {
              /* Too wide for its run: over two or more lines if the cell is tall enough, else
               * smaller (down to the smallest legible size), else left out. */
              frag_r_text_size (cr, label, size, !cells[a].info.free, room, &tw, &th);
              if (tw <= room && th <= tl->cell_h * 0.8)
                wrap = room;
              else
                {
                  frag_r_text_size (cr, label, size, !cells[a].info.free, 0, &tw, NULL);
                  size *= room / tw;
                }
            }
          if (size >= unit * 0.72)
            frag_r_text (cr, label, (x0 + x1) / 2, y + tl->cell_h * 0.56, size,
                         !cells[a].info.free, FRAG_ALIGN_CENTER, FRAG_ALIGN_CENTER, tc, wrap,
                         NULL, NULL);
          if (cells[a].info.free)
            {
              double dash[] = { 4 * lw, 3 * lw };
              cairo_set_dash (cr, dash, 2, 0);
              frag_color_set_source (cr, pal->hole, 0.9);
              cairo_set_line_width (cr, 1.2 * lw);
              cairo_rectangle (cr, x0 + 2.5, y + 2.5, x1 - x0 - 5, tl->cell_h - 5);
              cairo_stroke (cr);
              cairo_set_dash (cr, NULL, 0, 0);
            }
          if (a > k0)
            {
              frag_color_set_source (cr, pal->foreground, 1);
              cairo_set_line_width (cr, 1.5 * lw);
              cairo_move_to (cr, round (x0), y);
              cairo_line_to (cr, round (x0), y + tl->cell_h);
              cairo_stroke (cr);
            }
          /* Paging: the virtual page each frame holds. */
          if (paging && !cells[a].info.free && cells[a].info.owner.kind == FRAG_OWNER_PROCESS)
            for (uint64_t k = a; k < b; k++)
              {
                char vp[32];
                snprintf (vp, sizeof vp, _("page %" PRIu64), cells[k].info.owner.vpage);
                double cx = box.x + (k - k0 + 0.5) * tl->cell_w;
                frag_r_text (cr, vp, cx, y + tl->cell_h - unit * 0.2,
                             fmin (unit * 0.7, tl->cell_w * 0.18),
                             false, FRAG_ALIGN_CENTER, FRAG_ALIGN_END, tc, 0, NULL, NULL);
              }
          a = b;
        }
      /* Frame numbers in the corner of each cell. */
      double small = fmin (unit * 0.72, tl->cell_h * 0.2);
      for (uint64_t k = k0; k < k1 && small >= 6; k++)
        {
          char num[32];
          snprintf (num, sizeof num, "%" PRIu64, zs->start_pfn + k);
          uint32_t tc = cells[k].info.free ? pal->muted
                                           : frag_palette_text_on (pal, cells[k].color);
          frag_r_text (cr, num, box.x + (k - k0) * tl->cell_w + unit * 0.2, y + unit * 0.12, small,
                       false, FRAG_ALIGN_START, FRAG_ALIGN_START, tc, 0, NULL, NULL);
        }
      /* Pageblock boundaries inside the memory: a heavy tick above and below. */
      if (ctx->show_pageblocks && pb_frames < n)
        for (uint64_t k = k0; k < k1; k++)
          if (((zs->start_pfn + k) & (pb_frames - 1)) == 0 && k > 0)
            {
              double x = round (box.x + (k - k0) * tl->cell_w);
              frag_color_set_source (cr, pal->pageblock, 1);
              cairo_set_line_width (cr, 3 * lw);
              cairo_move_to (cr, x, y - unit * 0.35);
              cairo_line_to (cr, x, y + tl->cell_h + unit * 0.35);
              cairo_stroke (cr);
            }
      /* Changed frames: a bold outline around each changed run. */
      for (uint64_t k = k0; k < k1; k++)
        {
          if (!cells[k].changed)
            continue;
          uint64_t e = k;
          while (e + 1 < k1 && cells[e + 1].changed)
            e++;
          double x0 = box.x + (k - k0) * tl->cell_w, x1 = box.x + (e + 1 - k0) * tl->cell_w;
          frag_color_set_source (cr, pal->changed, 1);
          cairo_set_line_width (cr, 3 * lw);
          cairo_rectangle (cr, x0 + 1.5 * lw, y + 1.5 * lw, x1 - x0 - 3 * lw, tl->cell_h - 3 * lw);
          cairo_stroke (cr);
          k = e;
        }
      /* The memory's outline. */
      frag_color_set_source (cr, pal->foreground, 1);
      cairo_set_line_width (cr, 1.5 * lw);
      cairo_rectangle (cr, box.x + 0.75, y + 0.75, (k1 - k0) * tl->cell_w - 1.5, tl->cell_h - 1.5);
      cairo_stroke (cr);
      /* Byte addresses at the frame boundaries, as many as fit. */
      if (ctx->show_addresses)
        {
          double asz = fmin (unit * 0.72, tl->addr_h * 0.55);
          char lab[32];
          format_address (end_addr, hex, lab, sizeof lab);
          double lw_text;
          frag_r_text_size (cr, lab, asz, false, 0, &lw_text, NULL);
          uint64_t every = 1;
          while (every * tl->cell_w < lw_text * 1.25 && every < 1024)
            every *= 2;
          for (uint64_t k = k0; k <= k1; k++)
            {
              bool last = k == k1;
              if (!last && (k - k0) % every != 0)
                continue;
              if (last && (k1 - k0) % every != 0 && k1 - k0 > 1 && every > 1)
                continue;
              double x = box.x + (k - k0) * tl->cell_w;
              frag_color_set_source (cr, pal->muted, 1);
              cairo_set_line_width (cr, 1);
              cairo_move_to (cr, round (x) + 0.5, y + tl->cell_h);
              cairo_line_to (cr, round (x) + 0.5, y + tl->cell_h + unit * 0.3);
              cairo_stroke (cr);
              format_address ((zs->start_pfn + k) * fs, hex, lab, sizeof lab);
              FragAlign al = k == k0 ? FRAG_ALIGN_START : last ? FRAG_ALIGN_END : FRAG_ALIGN_CENTER;
              frag_r_text (cr, lab, x, y + tl->cell_h + unit * 0.3, asz, false, al,
                           FRAG_ALIGN_START, pal->muted, 0, NULL, NULL);
            }
        }
    }
}

/* ---- Dense map ------------------------------------------------------------------------------ */

static uint32_t
dense_owner_cb (uint32_t owner, void *user_data)
{
  FragRenderCache *cache = user_data;
  return frag_r_owner_color (cache->ctx, owner);
}

/* Row-by-row rectangles covering frames [a, b) of a layout (zone-relative). */
static void
layout_span_path (cairo_t *cr, const FragDenseLayout *l, double ox, double oy, uint64_t a,
                  uint64_t b, double min_size)
{
  if (b <= a || a >= l->n_frames)
    return;
  if (b > l->n_frames)
    b = l->n_frames;
  uint64_t cols = (uint64_t) l->cols;
  uint64_t pa = a / l->fpp, pb = (b - 1) / l->fpp;
  for (uint64_t row = pa / cols; row <= pb / cols; row++)
    {
      uint64_t c0 = row == pa / cols ? pa % cols : 0, c1 = row == pb / cols ? pb % cols : cols - 1;
      double x = ox + (double) c0 * l->cell, y = oy + (double) row * l->row_h;
      double w = (double) (c1 - c0 + 1) * l->cell, h = l->row_h;
      if (w < min_size)
        {
          x -= (min_size - w) / 2;
          w = min_size;
        }
      if (h < min_size)
        {
          y -= (min_size - h) / 2;
          h = min_size;
        }
      cairo_rectangle (cr, x, y, w, h);
    }
}

typedef struct {
  cairo_t *cr;
  const FragDenseLayout *l;
  double ox, oy;
  uint64_t zone_start, zone_frames;
  unsigned count;
} HoleCtx;

static bool
hole_cb (const FragExtent *e, void *user_data)
{
  HoleCtx *h = user_data;
  if (e->start >= h->zone_start + h->zone_frames || e->start + e->frames <= h->zone_start)
    return true;
  uint64_t a = e->start < h->zone_start ? 0 : e->start - h->zone_start;
  uint64_t b = e->start + e->frames - h->zone_start;
  if (b > h->zone_frames)
    b = h->zone_frames;
  layout_span_path (h->cr, h->l, h->ox, h->oy, a, b, 0);
  return ++h->count < MAX_OVERLAY_RUNS;
}

typedef struct {
  FragRenderCache       *cache;
  const FragDenseLayout *l;
  const uint32_t        *words;
  uint64_t               start_pfn;
  unsigned char         *px;
  int                    stride;
} RepaintRuns;

static void
repaint_run (uint64_t pfn, uint64_t frames, void *user_data)
{
  RepaintRuns *rr = user_data;
  uint64_t a = pfn - rr->start_pfn, b = a + frames;
  if (pfn < rr->start_pfn || a >= rr->l->n_frames)
    return;
  if (b > rr->l->n_frames)
    b = rr->l->n_frames;
  for (uint64_t k = a; k < b; k++)
    if (frag_fw_is_used (rr->words[k]))
      frag_dense_map_forget_owner (rr->cache->dense, frag_fw_owner (rr->words[k]));
  frag_dense_map_paint (rr->cache->dense, rr->l, rr->words, a, b - a, rr->px, rr->stride);
}

static void
paint_zone_image (const FragRenderContext *ctx, unsigned z, const FragDenseLayout *l,
                  const uint32_t *words, uint64_t start_pfn)
{
  FragRenderCache *cache = ctx->cache;
  FragDenseColorBy by = ctx->color_by == FRAG_COLOR_BY_MIGRATE_TYPE ? FRAG_DENSE_BY_MIGRATE_TYPE
                                                                    : FRAG_DENSE_BY_OWNER;
  int iw = l->cols * l->cell, ih = l->rows * l->row_h;
  bool same_look = cache->sim == ctx->sim && cache->palette == ctx->palette
                   && cache->color_by == ctx->color_by;
  if (!same_look)
    {
      frag_render_cache_invalidate (cache);
      cache->sim = ctx->sim;
      cache->palette = ctx->palette;
      cache->color_by = ctx->color_by;
      frag_dense_map_set_colors (cache->dense, frag_r_palette (ctx), by, dense_owner_cb, cache);
    }
  cairo_surface_t *img = cache->images[z];
  bool fresh = !img || cache->image_w[z] != iw || cache->image_h[z] != ih;
  if (fresh)
    {
      if (img)
        cairo_surface_destroy (img);
      img = cache->images[z] = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, iw, ih);
      cache->image_w[z] = iw;
      cache->image_h[z] = ih;
      cache->image_gen[z] = UINT64_MAX;
    }
  if (cairo_surface_status (img) != CAIRO_STATUS_SUCCESS)
    return;
  uint64_t gen = frag_sim_zone_generation (ctx->sim, z);
  if (!fresh && cache->image_gen[z] == gen)
    return;
  cairo_surface_flush (img);
  unsigned char *px = cairo_image_surface_get_data (img);
  int stride = cairo_image_surface_get_stride (img);
  /* Since the last paint: only the blocks the engine says changed (one step or many, as a
   * playing simulation takes several between two frames); everything after a seek. Owner ids
   * of new allocations may have named something else before: their colours are forgotten
   * first. */
  RepaintRuns rr = { cache, l, words, start_pfn, px, stride };
  if (fresh || cache->image_gen[z] == UINT64_MAX
      || !frag_sim_zone_changes_since (ctx->sim, z, cache->image_gen[z], repaint_run, &rr))
    {
      frag_dense_map_reset_owners (cache->dense);
      memset (px, 0, (size_t) stride * (size_t) ih);
      frag_dense_map_paint (cache->dense, l, words, 0, l->n_frames, px, stride);
      cache->full_repaints++;
    }
  else
    cache->incremental_repaints++;
  cairo_surface_mark_dirty (img);
  cache->image_gen[z] = gen;
}

static void
draw_dense (cairo_t *cr, const FragRenderContext *ctx, unsigned z, const FragDenseLayout *lp,
            Box box)
{
  const FragPalette *pal = frag_r_palette (ctx);
  uint64_t start_pfn = 0, frames = 0;
  const uint32_t *words = frag_sim_zone_words (ctx->sim, z, &start_pfn, &frames);
  FragDenseLayout l = *lp;
  if (!words || l.rows <= 0 || l.n_frames != frames)
    return;
  ctx->cache->ctx = ctx;
  paint_zone_image (ctx, z, &l, words, start_pfn);
  cairo_surface_t *img = ctx->cache->images[z];
  if (!img || cairo_surface_status (img) != CAIRO_STATUS_SUCCESS)
    return;
  double ox = floor (box.x), oy = floor (box.y);
  cairo_save (cr);
  cairo_set_source_surface (cr, img, ox, oy);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_rectangle (cr, ox, oy, l.cols * l.cell, l.rows * l.row_h);
  cairo_fill (cr);
  double lw = pal->line_scale;
  /* Holes: outlined when cells are big enough to see an outline inside. */
  if (l.cell >= 8)
    {
      HoleCtx hc = { cr, &l, ox, oy, start_pfn, frames, 0 };
      frag_sim_foreach_hole (ctx->sim, hole_cb, &hc);
      double dash[] = { 3 * lw, 2 * lw };
      cairo_set_dash (cr, dash, 2, 0);
      frag_color_set_source (cr, pal->hole, 0.9);
      cairo_set_line_width (cr, 1 * lw);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
  /* Pageblock boundaries where they can be seen: the staircase between the frames before a
   * pageblock's first frame and the frames from it on. */
  uint64_t pb = 1ull << frag_sim_config (ctx->sim)->pageblock_order;
  if (ctx->show_pageblocks && l.fpp == 1 && l.cell >= 3 && pb > 1 && pb < frames
      && frames / pb <= 4096)
    {
      frag_color_set_source (cr, pal->pageblock, 0.85);
      cairo_set_line_width (cr, fmax (1.5, l.cell * 0.18) * lw);
      double right = ox + (double) l.cols * l.cell;
      for (uint64_t p = ((start_pfn + pb - 1) / pb) * pb; p < start_pfn + frames; p += pb)
        {
          uint64_t k = p - start_pfn;
          if (k == 0)
            continue;
          double x = ox + (double) (k % (uint64_t) l.cols) * l.cell;
          double y = oy + (double) (k / (uint64_t) l.cols) * l.row_h;
          cairo_move_to (cr, ox, y + l.row_h);
          cairo_line_to (cr, x, y + l.row_h);
          cairo_line_to (cr, x, y);
          cairo_line_to (cr, right, y);
        }
      cairo_stroke (cr);
    }
  /* Changes of the last step. */
  size_t n_changes = 0;
  const FragChange *changes = ctx->show_changes ? frag_sim_last_changes (ctx->sim, &n_changes)
                                                : NULL;
  if (changes && n_changes)
    {
      size_t shown = n_changes < MAX_OVERLAY_RUNS ? n_changes : MAX_OVERLAY_RUNS;
      for (size_t i = 0; i < shown; i++)
        {
          uint64_t a = changes[i].start, b = a + changes[i].frames;
          if (b <= start_pfn || a >= start_pfn + frames)
            continue;
          a = a < start_pfn ? 0 : a - start_pfn;
          b = b - start_pfn > frames ? frames : b - start_pfn;
          layout_span_path (cr, &l, ox, oy, a, b, 5);
        }
      frag_color_set_source (cr, pal->background, 0.9);
      cairo_set_line_width (cr, 4 * lw);
      cairo_stroke_preserve (cr);
      frag_color_set_source (cr, pal->changed, 1);
      cairo_set_line_width (cr, 2 * lw);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

/* ---- The view ------------------------------------------------------------------------------ */

double
frag_r_frames_legend (cairo_t *cr, const FragRenderContext *ctx, double x, double y, double w,
                      double size)
{
  const FragPalette *pal = frag_r_palette (ctx);
  FragLegendItem items[24];
  char names[20][72];
  size_t n = 0;
  if (ctx->color_by == FRAG_COLOR_BY_MIGRATE_TYPE)
    {
      for (unsigned mt = 0; mt < FRAG_MT_COUNT; mt++)
        items[n++] = (FragLegendItem) { pal->migrate[mt], frag_r_mt_label (mt), false };
    }
  else if (ctx->color_by == FRAG_COLOR_BY_CLASS)
    {
      for (unsigned c = 1; c < FRAG_CLASS_COUNT && n < 12; c++)
        {
          const char *name = class_label ((FragFrameClass) c);
          items[n++] = (FragLegendItem) { pal->klass[c], name ? name : "?", false };
        }
    }
  else if (ctx->sim)
    {
      size_t np = frag_sim_n_processes (ctx->sim);
      if (np > 10)
        {
          /* A workload of hundreds: names would be noise; say what the colours mean instead. */
          snprintf (names[n], sizeof names[n],
                    dngettext (GETTEXT_PACKAGE, "%zu process (a colour per name)",
                               "%zu processes (a colour per name)", np), np);
          items[n] = (FragLegendItem) { pal->owners[0], names[n], false };
          n++;
          np = 0;
        }
      for (size_t i = 0; i < np && n < 10; i++)
        {
          FragProcessInfo pi;
          if (!frag_sim_process (ctx->sim, i, &pi))
            continue;
          snprintf (names[n], sizeof names[n], "%s%s", pi.name ? pi.name : "?",
                    pi.pinned ? _(" (pinned)") : "");
          items[n] = (FragLegendItem) { frag_r_process_color (ctx, pi.name, pi.id), names[n],
                                        false };
          n++;
        }
      /* Raw allocations and imported frames: list what a sample of the memory actually holds
       * (a trace replay or a capture has no process to name). */
      bool raw_mt[FRAG_MT_COUNT] = { false }, klass[FRAG_CLASS_COUNT] = { false };
      FragRenderCache *cache = ctx->cache;
      uint64_t position = frag_sim_position (ctx->sim);
      if (cache && cache->legend_valid && cache->legend_sim == ctx->sim
          && cache->legend_position == position)
        {
          memcpy (raw_mt, cache->legend_raw_mt, sizeof raw_mt);
          memcpy (klass, cache->legend_klass, sizeof klass);
        }
      else
        {
          FragMetrics m;
          frag_sim_metrics (ctx->sim, &m);
          unsigned nz = frag_sim_n_zones (ctx->sim);
          for (unsigned z = 0; z < nz && m.used_frames > 0; z++)
            {
              FragZoneStats zs;
              frag_sim_zone_stats (ctx->sim, z, &zs);
              uint64_t step = zs.frames / 4096 + 1;
              for (uint64_t k = 0; k < zs.frames; k += step)
                {
                  FragFrameInfo fi;
                  if (!frag_sim_frame_info (ctx->sim, zs.start_pfn + k, &fi) || fi.free)
                    continue;
                  if (fi.owner.kind == FRAG_OWNER_RAW && (unsigned) fi.owner.mt < FRAG_MT_COUNT)
                    raw_mt[fi.owner.mt] = true;
                  else if (fi.owner.kind == FRAG_OWNER_IMPORTED
                           && (unsigned) fi.owner.klass < FRAG_CLASS_COUNT)
                    klass[fi.owner.klass] = true;
                }
            }

          if (cache)
            {
              memcpy (cache->legend_raw_mt, raw_mt, sizeof raw_mt);
              memcpy (cache->legend_klass, klass, sizeof klass);
              cache->legend_sim = ctx->sim;
              cache->legend_position = position;
              cache->legend_valid = true;
            }
        }
      if (frag_sim_n_raw (ctx->sim) > 0)
        for (unsigned mt = 0; mt < 3; mt++)
          raw_mt[mt] = true;
      for (unsigned mt = 0; mt < FRAG_MT_COUNT && n < 18; mt++)
        if (raw_mt[mt])
          {
            /* TRANSLATORS: allocations of the scenario's alloc op, by migrate type */
            snprintf (names[n], sizeof names[n], _("raw %s"), frag_r_mt_label (mt));
            items[n] = (FragLegendItem) { frag_palette_raw_color (pal, mt), names[n], false };
            n++;
          }
      for (unsigned c = 0; c < FRAG_CLASS_COUNT && n < 18; c++)
        if (klass[c])
          {
            const char *name = class_label ((FragFrameClass) c);
            items[n++] = (FragLegendItem) { pal->klass[c], name ? name : _("used"), false };
          }
    }
  if (ctx->color_by != FRAG_COLOR_BY_MIGRATE_TYPE)
    {
      items[n++] = (FragLegendItem) { pal->free_ramp[0], _("free (order 0)"), false };
      items[n++] = (FragLegendItem) { pal->free_ramp[10], _("free (order 10)"), false };
    }
  if (ctx->show_changes)
    items[n++] = (FragLegendItem) { pal->changed, _("changed by this step"), true };
  return frag_r_legend (cr, ctx, items, n, x, y, w, size);
}

/* Where each zone goes inside the frame map's box: computed once, used to draw and to answer
 * "which frame is under the pointer" with the same numbers. */
typedef struct {
  unsigned       n_zones;
  FragZoneStats  zs[FRAG_MAX_ZONES];
  double         header_y[FRAG_MAX_ZONES];
  double         header_h;
  Box            body[FRAG_MAX_ZONES];   /* textbook: the figure's origin; dense: the image's */
  bool           textbook[FRAG_MAX_ZONES];
  TextbookLayout tl[FRAG_MAX_ZONES];
  FragDenseLayout dl[FRAG_MAX_ZONES];
} FramesLayout;

static bool
frames_layout (const FragRenderContext *ctx, const Box *box, double unit, FramesLayout *fl)
{
  memset (fl, 0, sizeof *fl);
  unsigned nz = frag_sim_n_zones (ctx->sim);
  if (nz == 0)
    return false;
  if (nz > FRAG_MAX_ZONES)
    nz = FRAG_MAX_ZONES;
  fl->n_zones = nz;
  uint64_t total = 0;
  for (unsigned z = 0; z < nz; z++)
    {
      frag_sim_zone_stats (ctx->sim, z, &fl->zs[z]);
      total += fl->zs[z].frames;
    }
  double header = fl->header_h = unit * 1.7;
  /* Zone headers give way (rather than shrink) when they would take half of a small view. */
  if (nz * header * 2 > box->h)
    header = fl->header_h = 0;
  double avail = box->h - nz * header;
  if (avail < nz * 4)
    return false;
  /* Zones share the height by size, each keeping some room so a small DMA zone stays visible. */
  double min_share = avail * 0.12 / nz;
  double y = box->y;
  for (unsigned z = 0; z < nz; z++)
    {
      double share = nz == 1 ? avail
                             : min_share + (avail - min_share * nz) * (double) fl->zs[z].frames
                                             / (double) (total ? total : 1);
      fl->header_y[z] = y;
      Box zb = { box->x, y + header, box->w, share };
      if (textbook_layout (fl->zs[z].frames, zb, unit, &fl->tl[z]))
        {
          /* Centre the figure vertically in its share. */
          const TextbookLayout *tl = &fl->tl[z];
          double used = tl->rows * (tl->cell_h + tl->addr_h + tl->row_gap);
          zb.y += fmax (0, (zb.h - used) / 2);
          fl->textbook[z] = true;
        }
      else
        {
          frag_dense_layout_compute_stretched (&fl->dl[z], fl->zs[z].frames, (int) zb.w,
                                               (int) zb.h);
          zb.x = floor (zb.x);
          zb.y = floor (zb.y);
        }
      fl->body[z] = zb;
      y += header + share;
    }
  return true;
}

static bool
layout_locate (const FramesLayout *fl, uint64_t pfn, Box *out)
{
  for (unsigned z = 0; z < fl->n_zones; z++)
    {
      const FragZoneStats *zs = &fl->zs[z];
      if (pfn < zs->start_pfn || pfn >= zs->start_pfn + zs->frames)
        continue;
      uint64_t k = pfn - zs->start_pfn;
      if (fl->textbook[z])
        {
          const TextbookLayout *tl = &fl->tl[z];
          uint64_t row = k / tl->per_row, col = k % tl->per_row;
          out->x = fl->body[z].x + col * tl->cell_w;
          out->y = fl->body[z].y + row * (tl->cell_h + tl->addr_h + tl->row_gap);
          out->w = tl->cell_w;
          out->h = tl->cell_h;
          return true;
        }
      int x, y, w, h;
      if (!frag_dense_layout_frame_rect (&fl->dl[z], k, &x, &y, &w, &h))
        return false;
      out->x = fl->body[z].x + x;
      out->y = fl->body[z].y + y;
      out->w = w;
      out->h = h;
      return true;
    }
  return false;
}

static bool
layout_hit (const FramesLayout *fl, double x, double y, uint64_t *pfn)
{
  for (unsigned z = 0; z < fl->n_zones; z++)
    {
      const FragZoneStats *zs = &fl->zs[z];
      double rx = x - fl->body[z].x, ry = y - fl->body[z].y;
      if (rx < 0 || ry < 0)
        continue;
      if (fl->textbook[z])
        {
          const TextbookLayout *tl = &fl->tl[z];
          double pitch = tl->cell_h + tl->addr_h + tl->row_gap;
          uint64_t row = (uint64_t) (ry / pitch), col = (uint64_t) (rx / tl->cell_w);
          if (ry - row * pitch > tl->cell_h || col >= tl->per_row)
            continue;
          uint64_t k = row * tl->per_row + col;
          if (k < zs->frames)
            {
              *pfn = zs->start_pfn + k;
              return true;
            }
          continue;
        }
      uint64_t first, count;
      if (frag_dense_layout_pixel_frames (&fl->dl[z], (int) rx, (int) ry, &first, &count))
        {
          *pfn = zs->start_pfn + first;
          return true;
        }
    }
  return false;
}

void
frag_r_draw_frames_body (cairo_t *cr, const FragRenderContext *ctx, Box *box, double unit)
{
  const FragPalette *pal = frag_r_palette (ctx);
  FramesLayout fl;
  if (!frames_layout (ctx, box, unit, &fl))
    return;
  uint64_t fs = frag_sim_config (ctx->sim)->frame_size;
  for (unsigned z = 0; z < fl.n_zones; z++)
    {
      const FragZoneStats *zs = &fl.zs[z];
      double y = fl.header_y[z], header = fl.header_h;
      if (header <= 0)
        {
          if (fl.textbook[z])
            draw_textbook (cr, ctx, zs, fl.body[z], unit, &fl.tl[z]);
          else
            draw_dense (cr, ctx, z, &fl.dl[z], fl.body[z]);
          continue;
        }
      char left[160], right[160], b1[32], b2[32], b3[32];
      snprintf (left, sizeof left,
                dngettext (GETTEXT_PACKAGE,
                           "Zone %.16s  pfn %" PRIu64 "\u2013%" PRIu64 "  (%" PRIu64
                           " frame of %s)",
                           "Zone %.16s  pfn %" PRIu64 "\u2013%" PRIu64 "  (%" PRIu64
                           " frames of %s)", zs->frames),
                zs->name, zs->start_pfn,
                zs->start_pfn + zs->frames - (zs->frames ? 1 : 0), zs->frames,
                frag_render_format_bytes (fs, b1, sizeof b1));
      snprintf (right, sizeof right, _("%s free, largest hole %s"),
                frag_render_format_bytes (zs->free_frames * fs, b2, sizeof b2),
                frag_render_format_bytes (zs->largest_free_run * fs, b3, sizeof b3));
      /* Both halves on one line; when they would touch, the right half (which the buddy chart
       * repeats) gives way: text never shrinks below legible. */
      double lw_t, rw_t, ls = unit * 0.85, rs = unit * 0.8;
      frag_r_text_size (cr, left, ls, true, 0, &lw_t, NULL);
      if (lw_t > box->w)
        {
          /* Narrow (a comparison's panel, large type): the name and the frames, no pfns; then
           * the name alone. */
          snprintf (left, sizeof left,
                    dngettext (GETTEXT_PACKAGE, "%.16s: %" PRIu64 " frame of %s",
                               "%.16s: %" PRIu64 " frames of %s", zs->frames),
                    zs->name, zs->frames, frag_render_format_bytes (fs, b1, sizeof b1));
          frag_r_text_size (cr, left, ls, true, 0, &lw_t, NULL);
          if (lw_t > box->w)
            snprintf (left, sizeof left, _("Zone %.16s"), zs->name);
        }
      frag_r_text_size (cr, right, rs, false, 0, &rw_t, NULL);
      frag_r_text (cr, left, box->x, y + header * 0.45, ls, true, FRAG_ALIGN_START,
                   FRAG_ALIGN_CENTER, pal->foreground, 0, NULL, NULL);
      if (lw_t + rw_t + unit * 0.5 <= box->w)
        frag_r_text (cr, right, box->x + box->w, y + header * 0.45, rs, false, FRAG_ALIGN_END,
                     FRAG_ALIGN_CENTER, pal->muted, 0, NULL, NULL);
      if (fl.textbook[z])
        draw_textbook (cr, ctx, zs, fl.body[z], unit, &fl.tl[z]);
      else
        draw_dense (cr, ctx, z, &fl.dl[z], fl.body[z]);
    }
}

/* The frame map's box inside a frames view of that size (legend measured on a scratch surface). */
static bool
frames_view_layout (const FragRenderContext *ctx, cairo_t *cr_in, double width, double height,
                    double *unit_out, Box *box_out, double *legend_h_out,
                    cairo_pattern_t **legend_out)
{
  double unit = frag_r_unit (ctx, width, height);
  double pad = unit * 0.8;
  cairo_surface_t *scratch = NULL;
  cairo_t *cr = cr_in;
  if (!cr)
    {
      scratch = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
      cr = cairo_create (scratch);
    }
  cairo_push_group (cr);
  double legend_h = frag_r_frames_legend (cr, ctx, pad, 0, width - 2 * pad, unit * 0.8);
  cairo_pattern_t *legend = cairo_pop_group (cr);
  if (legend_out && !scratch && pad <= fmin (width, height) / 40)
    *legend_out = legend;   /* drawn where it goes (the padding stays): paint it, not again */
  else
    cairo_pattern_destroy (legend);
  if (scratch)
    {
      cairo_destroy (cr);
      cairo_surface_destroy (scratch);
    }
  /* A thumbnail keeps its text legible by dropping it: no legend when it would take more than
   * a third of the view, and less padding. */
  if (legend_h > (height - 2 * pad) / 3)
    legend_h = 0;
  if (pad > fmin (width, height) / 40)
    pad = fmin (width, height) / 40;
  *unit_out = unit;
  *legend_h_out = legend_h;
  *box_out = (Box) { pad, pad, width - 2 * pad,
                     height - 2 * pad - (legend_h > 0 ? legend_h + unit * 0.4 : 0) };
  return box_out->w > 0 && box_out->h > 0;
}

bool
frag_render_frames_locate (const FragRenderContext *ctx_in, double width, double height,
                           uint64_t pfn, double *x, double *y, double *w, double *h)
{
  if (!ctx_in || !ctx_in->sim || !(width > 0 && height > 0 && width <= 32768 && height <= 32768))
    return false;
  FragRScope scope;
  frag_r_begin (&scope, ctx_in);
  double unit, legend_h;
  Box box, cell;
  FramesLayout fl;
  bool ok = frames_view_layout (&scope.ctx, NULL, width, height, &unit, &box, &legend_h, NULL)
            && frames_layout (&scope.ctx, &box, unit, &fl) && layout_locate (&fl, pfn, &cell);
  frag_r_end (&scope);
  if (ok)
    {
      *x = cell.x;
      *y = cell.y;
      *w = cell.w;
      *h = cell.h;
    }
  return ok;
}

bool
frag_render_frames_hit (const FragRenderContext *ctx_in, double width, double height, double x,
                        double y, uint64_t *pfn)
{
  if (!ctx_in || !ctx_in->sim || !(width > 0 && height > 0 && width <= 32768 && height <= 32768))
    return false;
  FragRScope scope;
  frag_r_begin (&scope, ctx_in);
  double unit, legend_h;
  Box box;
  FramesLayout fl;
  bool ok = frames_view_layout (&scope.ctx, NULL, width, height, &unit, &box, &legend_h, NULL)
            && frames_layout (&scope.ctx, &box, unit, &fl) && layout_hit (&fl, x, y, pfn);
  frag_r_end (&scope);
  return ok;
}

void
frag_render_frames (cairo_t *cr, const FragRenderContext *ctx_in, double width, double height)
{
  FragRScope scope;
  if (!frag_r_begin_sim_view (&scope, cr, ctx_in, width, height))
    return;
  const FragRenderContext *ctx = &scope.ctx;
  cairo_save (cr);
  frag_r_fill_background (cr, ctx, width, height);
  double unit, legend_h;
  Box box;
  cairo_pattern_t *legend = NULL;
  if (frames_view_layout (ctx, cr, width, height, &unit, &box, &legend_h, &legend))
    {
      frag_r_draw_frames_body (cr, ctx, &box, unit);
      if (legend_h > 0 && legend)
        {
          cairo_save (cr);
          cairo_translate (cr, 0, height - unit * 0.8 - legend_h);
          cairo_set_source (cr, legend);
          cairo_paint (cr);
          cairo_restore (cr);
        }
      else if (legend_h > 0)
        frag_r_frames_legend (cr, ctx, box.x, height - unit * 0.8 - legend_h, box.w, unit * 0.8);
    }
  if (legend)
    cairo_pattern_destroy (legend);
  cairo_restore (cr);
  frag_r_end (&scope);
}

/* ---- Pageblocks ------------------------------------------------------------------------------ */

void
frag_render_pageblocks (cairo_t *cr, const FragRenderContext *ctx_in, double width, double height)
{
  FragRScope scope;
  if (!frag_r_begin_sim_view (&scope, cr, ctx_in, width, height))
    return;
  const FragRenderContext *ctx = &scope.ctx;
  const FragPalette *pal = frag_r_palette (ctx);
  const FragConfig *cfg = frag_sim_config (ctx->sim);
  cairo_save (cr);
  frag_r_fill_background (cr, ctx, width, height);
  double unit = frag_r_unit (ctx, width, height), pad = unit * 0.8;
  unsigned nz = frag_sim_n_zones (ctx->sim);
  if (nz > FRAG_MAX_ZONES)
    nz = FRAG_MAX_ZONES;
  unsigned pbo = cfg->pageblock_order;
  uint64_t pbf = 1ull << pbo;

  /* The legend names only the types that occur (and "mixed" only when a block is), so that
   * legible text leaves room for the blocks; a view too small for both drops the legend. */
  bool type_seen[FRAG_MT_COUNT] = { false };
  uint64_t any_mixed = 0;
  for (unsigned z = 0; z < nz; z++)
    {
      uint64_t start = 0, frames = 0;
      FragZoneStats zs;
      frag_sim_zone_stats (ctx->sim, z, &zs);
      any_mixed += zs.mixed_pageblocks;
      if (!frag_sim_zone_words (ctx->sim, z, &start, &frames) || frames == 0)
        continue;
      uint64_t first_pb = start >> pbo, last_pb = (start + frames - 1) >> pbo;
      for (uint64_t pb = first_pb; pb <= last_pb && pb - first_pb < 200000; pb++)
        {
          unsigned mt = (unsigned) frag_sim_pageblock_type (ctx->sim, pb);
          if (mt < FRAG_MT_COUNT)
            type_seen[mt] = true;
        }
    }
  FragLegendItem items[FRAG_MT_COUNT + 3];
  size_t n_items = 0;
  for (unsigned mt = 0; mt < FRAG_MT_COUNT; mt++)
    if (type_seen[mt])
      items[n_items++] = (FragLegendItem) { pal->migrate[mt], frag_r_mt_label (mt), false };
  if (any_mixed)
    items[n_items++] = (FragLegendItem) { pal->foreground, _("framed: mixed (holds another type)"),
                                          true };
  items[n_items++] = (FragLegendItem) { pal->free_ramp[0], _("paler: more of it free"), false };
  cairo_push_group (cr);
  double legend_h = frag_r_legend (cr, ctx, items, n_items, pad, 0, width - 2 * pad, unit * 0.8);
  cairo_pattern_t *legend = cairo_pop_group (cr);
  if (legend_h > (height - 2 * pad) / 3
      || (height - 2 * pad - legend_h - unit * 0.4) / (nz ? nz : 1) - unit * 2.0 < unit * 2.5)
    legend_h = 0;
  double top = pad, bottom = height - pad - (legend_h > 0 ? legend_h + unit * 0.4 : 0);
  /* Each zone needs its title and a strip of blocks at least as tall as the text; when they
   * do not all fit, the largest zones are shown. */
  unsigned k = (unsigned) fmax (1, floor ((bottom - top) / (unit * 3.6)));
  if (k > nz)
    k = nz;
  bool keep[FRAG_MAX_ZONES];
  for (unsigned zi = 0; zi < nz; zi++)
    {
      unsigned larger = 0;
      for (unsigned zj = 0; zj < nz; zj++)
        larger += cfg->zones[zj].frames > cfg->zones[zi].frames
                  || (cfg->zones[zj].frames == cfg->zones[zi].frames && zj > zi);
      keep[zi] = larger < k;
    }
  double each = (bottom - top) / k;

  for (unsigned z = 0, slot = 0; z < nz; z++)
    {
      if (!keep[z])
        continue;
      uint64_t start = 0, frames = 0;
      const uint32_t *words = frag_sim_zone_words (ctx->sim, z, &start, &frames);
      FragZoneStats zs;
      frag_sim_zone_stats (ctx->sim, z, &zs);
      double y0 = top + each * slot++;
      char title[160];
      snprintf (title, sizeof title,
                dngettext (GETTEXT_PACKAGE,
                           "Zone %.16s: %" PRIu64 " pageblock of %" PRIu64 " frames, %" PRIu64
                           " mixed",
                           "Zone %.16s: %" PRIu64 " pageblocks of %" PRIu64 " frames, %" PRIu64
                           " mixed", zs.n_pageblocks),
                zs.name, zs.n_pageblocks, pbf, zs.mixed_pageblocks);
      double title_w;
      frag_r_text_size (cr, title, unit * 0.85, true, 0, &title_w, NULL);
      if (title_w > width - 2 * pad)   /* narrow: the short form rather than smaller type */
        snprintf (title, sizeof title,
                  dngettext (GETTEXT_PACKAGE, "%.16s: %" PRIu64 " pageblock, %" PRIu64 " mixed",
                             "%.16s: %" PRIu64 " pageblocks, %" PRIu64 " mixed",
                             zs.n_pageblocks),
                  zs.name, zs.n_pageblocks, zs.mixed_pageblocks);
      frag_r_text (cr, title, pad, y0 + unit * 0.7, unit * 0.85, true, FRAG_ALIGN_START,
                   FRAG_ALIGN_CENTER, pal->foreground, 0, NULL, NULL);
      if (!words || frames == 0)
        continue;
      uint64_t first_pb = start >> pbo, last_pb = (start + frames - 1) >> pbo;
      uint64_t npb = last_pb - first_pb + 1;
      Box b = { pad, y0 + unit * 1.6, width - 2 * pad, each - unit * 2.0 };
      if (b.h < 4)
        continue;
      FragDenseLayout l;
      if (!frag_dense_layout_compute (&l, npb, (int) b.w, (int) b.h))
        continue;
      uint64_t n_use = 0;
      const FragPageblockUse *use = frag_sim_zone_pageblock_use (ctx->sim, z, NULL, &n_use);
      /* Whole pixels: the cells are then pixel-aligned boxes, crisp, and cairo fills a path of
       * many such boxes in one fast pass. */
      b.x = round (b.x);
      b.y = round (b.y);
      uint64_t limit = npb < 200000 ? npb : 200000;
      double gap = l.cell >= 6 ? 1 : 0;
      /* The fill says the type and, lighter when mostly free, how much is in use: in steps of
       * 1/32 of a block, so that the thousands of cells of a large memory fall in a few
       * colours, each filled as one path (one fill per cell was most of this view's time). */
      enum { LEVELS = 33, BUCKETS = FRAG_MT_COUNT * LEVELS };
      uint32_t *bucket_of = malloc (limit * sizeof *bucket_of);
      uint32_t counts[BUCKETS + 1] = { 0 };
      for (uint64_t i = 0; bucket_of && i < limit; i++)
        {
          FragMigrateType mt = frag_sim_pageblock_type (ctx->sim, first_pb + i);
          unsigned m = (unsigned) mt < FRAG_MT_COUNT ? (unsigned) mt : 6;
          uint32_t fr = use && i < n_use ? use[i].frames : 1, used = use && i < n_use ? use[i].used : 0;
          unsigned level = fr ? (unsigned) (((uint64_t) (fr - used) * (LEVELS - 1) + fr / 2) / fr)
                              : LEVELS - 1;
          bucket_of[i] = m * LEVELS + level;
          counts[bucket_of[i] + 1]++;
        }
      if (bucket_of)
        {
          /* Cells in bucket order (a counting sort), then one path and one fill per bucket. */
          uint32_t *order = malloc (limit * sizeof *order);
          for (unsigned q = 0; q < BUCKETS; q++)
            counts[q + 1] += counts[q];
          for (uint64_t i = 0; order && i < limit; i++)
            order[counts[bucket_of[i]]++] = (uint32_t) i;
          for (uint64_t j = 0; order && j < limit;)
            {
              uint32_t bk = bucket_of[order[j]];
              for (; j < limit && bucket_of[order[j]] == bk; j++)
                {
                  int x, y, w, h;
                  frag_dense_layout_frame_rect (&l, order[j] * l.fpp, &x, &y, &w, &h);
                  cairo_rectangle (cr, b.x + x, b.y + y, w - gap, h - gap);
                }
              unsigned m = bk / LEVELS, level = bk % LEVELS;
              uint32_t c = frag_color_mix (pal->migrate[m], pal->background,
                                           0.6 * level / (double) (LEVELS - 1));
              frag_color_set_source (cr, c, 1.0);
              cairo_fill (cr);
            }
          free (order);
        }

      /* Mixed blocks and, when cells are large, the words in them. */
      for (uint64_t i = 0; i < limit && (l.cell >= 4 || l.cell / 9.0 >= unit * 0.72); i++)
        {
          uint64_t pb = first_pb + i;
          bool mixed = use && i < n_use && use[i].foreign > 0;
          bool label = l.cell / 9.0 >= unit * 0.72;
          if (!mixed && !label)
            continue;
          FragMigrateType mt = frag_sim_pageblock_type (ctx->sim, pb);
          uint64_t a = pb << pbo, e = a + pbf;
          if (a < start)
            a = start;
          if (e > start + frames)
            e = start + frames;
          uint32_t c = bucket_of ? frag_color_mix (pal->migrate[bucket_of[i] / LEVELS],
                                                   pal->background,
                                                   0.6 * (bucket_of[i] % LEVELS)
                                                   / (double) (LEVELS - 1))
                                 : pal->migrate[(unsigned) mt < FRAG_MT_COUNT ? mt : 6];
          int x, y, w, h;
          frag_dense_layout_frame_rect (&l, i * l.fpp, &x, &y, &w, &h);
          if (mixed && l.cell >= 4)
            {
              /* An inner frame and a corner flag: "this block holds pages of another type". */
              double mlw = fmin (3.0, fmax (1.0, l.cell * 0.04)) * pal->line_scale;
              double in = mlw / 2 + 1, flag = fmax (3, (w - gap) * 0.22);
              frag_color_set_source (cr, frag_palette_text_on (pal, c), 0.9);
              cairo_set_line_width (cr, mlw);
              cairo_rectangle (cr, b.x + x + in, b.y + y + in, w - gap - 2 * in, h - gap - 2 * in);
              cairo_stroke (cr);
              cairo_move_to (cr, b.x + x + w - gap - flag, b.y + y);
              cairo_line_to (cr, b.x + x + w - gap, b.y + y);
              cairo_line_to (cr, b.x + x + w - gap, b.y + y + flag);
              cairo_close_path (cr);
              cairo_fill (cr);
            }
          if (label)
            {
              /* Big cells (few pageblocks): say which block it is and how full. */
              double used_frac = use && i < n_use && use[i].frames
                                   ? (double) use[i].used / use[i].frames : 0;
              char lab[160];
              /* TRANSLATORS: the pageblock's number, its frames, its migrate type, how much
               * of it is used, then ", mixed" or nothing */
              snprintf (lab, sizeof lab, _("pageblock %" PRIu64 "\npfn %" PRIu64 "\u2013%" PRIu64
                                           "\n%s\n%.0f%% used%s"), pb, a, e ? e - 1 : 0,
                        frag_r_mt_label (mt), 100.0 * used_frac, mixed ? _(", mixed") : "");
              frag_r_text (cr, lab, b.x + x + (w - gap) / 2, b.y + y + (h - gap) / 2,
                           fmin (unit * 0.85, l.cell / 9.0), false, FRAG_ALIGN_CENTER,
                           FRAG_ALIGN_CENTER, frag_palette_text_on (pal, c), w * 0.8, NULL, NULL);
            }
        }
      free (bucket_of);
    }
  if (legend_h > 0)
    {
      cairo_translate (cr, 0, height - pad - legend_h);
      cairo_set_source (cr, legend);
      cairo_paint (cr);
    }
  cairo_pattern_destroy (legend);
  cairo_restore (cr);
  frag_r_end (&scope);
}
