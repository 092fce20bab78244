/* frag-render-procs.c: processes beside physical memory.
 *
 * Each live process is a column of its virtual space (scaled like physical memory, so sizes
 * compare at a glance); arrows go from each virtual run to the physical frames that hold it: one
 * arrow per segment under segmentation (base and limit written on the box), one per run of
 * pages under paging. When the step was an `access`, the translation is drawn below as the
 * textbook does: the address split into page number and offset, each page-table level, the
 * frame, the physical address.
 */
#include "config.h"

#include "frag-render-private.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PROCS_SHOWN 8u
#define MAX_EXTENTS     256u

typedef struct {
  uint64_t first_pfn, last_pfn;   /* span of the zones */
  double   top, height;
} PhysScale;

static double
phys_y (const PhysScale *s, uint64_t pfn)
{
  uint64_t span = s->last_pfn - s->first_pfn;
  if (span == 0)
    span = 1;
  if (pfn < s->first_pfn)
    pfn = s->first_pfn;
  return s->top + s->height * (double) (pfn - s->first_pfn) / (double) span;
}

static void
draw_physical (cairo_t *cr, const FragRenderContext *ctx, const PhysScale *ps, double x, double w,
               double unit)
{
  const FragPalette *pal = frag_r_palette (ctx);
  unsigned nz = frag_sim_n_zones (ctx->sim);
  uint64_t fs = frag_sim_config (ctx->sim)->frame_size;
  frag_r_text (cr, _("Physical memory"), x + w / 2, ps->top - unit * 0.4, unit * 0.9, true,
               FRAG_ALIGN_CENTER, FRAG_ALIGN_END, pal->foreground, 0, NULL, NULL);
  for (unsigned z = 0; z < nz && z < FRAG_MAX_ZONES; z++)
    {
      uint64_t start = 0, frames = 0;
      const uint32_t *words = frag_sim_zone_words (ctx->sim, z, &start, &frames);
      if (!words)
        continue;
      /* Runs of same-looking frames, so a million frames are a few hundred rectangles: runs
       * under a pixel are widened to one pixel's worth of frames, and neighbours of one colour
       * are filled as one. */
      double min_h = fmax (ps->height / 4000.0, 1.0);
      uint64_t k = 0;
      double pend_y0 = 0, pend_y1 = 0;
      uint32_t pend_color = 0;
      bool pending = false;
      while (k < frames)
        {
          FragFrameInfo fi;
          if (!frag_sim_frame_info (ctx->sim, start + k, &fi))
            break;
          uint64_t run = 1;
          uint32_t color;
          if (fi.free)
            {
              int o = fi.buddy_order < 0 ? 0 : fi.buddy_order > 15 ? 15 : fi.buddy_order;
              run = fi.buddy_order >= 0 ? fi.buddy_start + (1ull << o) - (start + k) : 1;
              color = pal->free_ramp[o];
            }
          else
            {
              run = fi.owner.frames ? fi.owner.start_pfn + fi.owner.frames - (start + k) : 1;
              if (fi.owner.kind == FRAG_OWNER_PROCESS
                  && frag_sim_config (ctx->sim)->mode == FRAG_MODE_PAGING)
                run = 1;
              color = frag_r_owner_info_color (ctx, &fi.owner);
            }
          if (run == 0 || run > frames - k)
            run = frames - k;
          /* Tiny runs of a huge memory: merge into one pixel-sized stroke. */
          double y0 = phys_y (ps, start + k), y1 = phys_y (ps, start + k + run);
          if (y1 - y0 < min_h && frames > 4096)
            {
              uint64_t more = (uint64_t) ((double) frames * min_h / ps->height) + 1;
              if (more > run)
                run = more < frames - k ? more : frames - k;
              y1 = phys_y (ps, start + k + run);
            }
          if (pending && color == pend_color)
            pend_y1 = y1;
          else
            {
              if (pending)
                frag_r_rect (cr, x, pend_y0, w, pend_y1 - pend_y0, pend_color);
              pend_y0 = y0;
              pend_y1 = y1;
              pend_color = color;
              pending = true;
            }
          k += run;
        }
      if (pending)
        frag_r_rect (cr, x, pend_y0, w, pend_y1 - pend_y0, pend_color);
      /* Frame lines and numbers when frames are tall enough to read. */
      double fh = phys_y (ps, start + 1) - phys_y (ps, start);
      if (fh >= unit * 1.25)
        for (uint64_t f = 0; f <= frames; f++)
          {
            double y = round (phys_y (ps, start + f)) + 0.5;
            frag_color_set_source (cr, pal->background, 0.9);
            cairo_set_line_width (cr, 1);
            cairo_move_to (cr, x, y);
            cairo_line_to (cr, x + w, y);
            cairo_stroke (cr);
            if (f < frames)
              {
                char lab[48];
                snprintf (lab, sizeof lab, "%" PRIu64, (start + f) * fs);
                frag_r_text (cr, lab, x + w + unit * 0.3, y, fmin (unit * 0.75, fh * 0.6), false,
                             FRAG_ALIGN_START, FRAG_ALIGN_CENTER, pal->muted, 0, NULL, NULL);
                snprintf (lab, sizeof lab, "%" PRIu64, start + f);
                FragFrameInfo fi;
                uint32_t tc = pal->muted;
                if (frag_sim_frame_info (ctx->sim, start + f, &fi) && !fi.free)
                  tc = frag_palette_text_on (pal, frag_r_owner_info_color (ctx, &fi.owner));
                frag_r_text (cr, lab, x + unit * 0.25, y + fh / 2, fmin (unit * 0.72, fh * 0.6),
                             false, FRAG_ALIGN_START, FRAG_ALIGN_CENTER, tc, 0, NULL, NULL);
              }
          }
    }
  frag_color_set_source (cr, pal->foreground, 1);
  cairo_set_line_width (cr, 1.5 * pal->line_scale);
  cairo_rectangle (cr, x, ps->top, w, ps->height);
  cairo_stroke (cr);
}

static void
draw_arrow (cairo_t *cr, double x0, double y0, double x1, double y1, uint32_t color, double lw)
{
  double dx = (x1 - x0) * 0.45;
  frag_color_set_source (cr, color, 0.9);
  cairo_set_line_width (cr, lw);
  cairo_move_to (cr, x0, y0);
  cairo_curve_to (cr, x0 + dx, y0, x1 - dx, y1, x1 - lw * 3, y1);
  cairo_stroke (cr);
  cairo_move_to (cr, x1, y1);
  cairo_line_to (cr, x1 - lw * 4, y1 - lw * 2.2);
  cairo_line_to (cr, x1 - lw * 4, y1 + lw * 2.2);
  cairo_close_path (cr);
  cairo_fill (cr);
}

/* The virtual address as the textbook writes it: bits, split into one index per page-table
 * level and the offset. Only when pages are a power of two bytes. Returns the height used. */
static double
draw_address_bits (cairo_t *cr, const FragRenderContext *ctx, const FragEvent *ev, double x,
                   double y, double w, double unit)
{
  const FragPalette *pal = frag_r_palette (ctx);
  const FragConfig *cfg = frag_sim_config (ctx->sim);
  uint64_t fs = cfg->frame_size;
  if (cfg->mode != FRAG_MODE_PAGING || fs == 0 || (fs & (fs - 1)) != 0)
    return 0;
  unsigned off_bits = 0;
  while ((1ull << off_bits) < fs)
    off_bits++;
  unsigned levels = cfg->pt_levels ? cfg->pt_levels : 1;
  if (levels > FRAG_MAX_PT_LEVELS)
    levels = FRAG_MAX_PT_LEVELS;
  unsigned per = cfg->pt_bits_per_level ? cfg->pt_bits_per_level : 9;
  if (levels == 1)
    {
      /* One level: as many page-number bits as the process's pages need (OSTEP's 2 bits). */
      uint64_t pages = 1;
      size_t np = frag_sim_n_processes (ctx->sim);
      for (size_t i = 0; i < np; i++)
        {
          FragProcessInfo pi;
          if (frag_sim_process (ctx->sim, i, &pi) && pi.name && ev->name
              && strcmp (pi.name, ev->name) == 0)
            pages = (pi.bytes + fs - 1) / fs;
        }
      uint64_t vpage = ev->vaddr / fs;
      if (vpage + 1 > pages)
        pages = vpage + 1;
      per = 1;
      while ((1ull << per) < pages && per < 32)
        per++;
    }
  unsigned total = off_bits + levels * per;
  if (total > 64 || total == 0)
    return 0;
  /* Each field at least as wide as its label. */
  double bit_w = unit * 1.3;
  for (unsigned f = 0; f <= levels; f++)
    {
      char lab[64];
      bool is_off = f == levels;
      unsigned bits = is_off ? off_bits : per;
      /* TRANSLATORS: samples that measure the labels under the address bits ("offset 5",
       * "page 2", "L1 index 3"): translate the words as there and keep the zeros */
      const char *sample = is_off ? _("offset 0000000000")
                           : levels == 1 ? _("page 0000000000") : _("L0 index 0000000000");
      snprintf (lab, sizeof lab, "%s", sample);
      double lw_text;
      frag_r_text_size (cr, lab, unit * 0.7, false, 0, &lw_text, NULL);
      if (bits)
        bit_w = fmax (bit_w, (lw_text * 0.6 + unit * 0.5) / bits);
    }
  bit_w = fmin (bit_w, (w - unit) / total);
  if (bit_w < unit * 0.45)
    return 0;
  double bx = x, bh = unit * 1.5, size = fmin (unit * 0.85, bit_w * 0.8);
  for (unsigned f = 0; f <= levels; f++)
    {
      bool is_off = f == levels;
      unsigned bits = is_off ? off_bits : per;
      unsigned shift = is_off ? 0 : off_bits + (levels - 1 - f) * per;
      uint64_t value = (ev->vaddr >> shift) & (bits >= 64 ? ~0ull : ((1ull << bits) - 1));
      uint32_t fill = is_off ? pal->surface : frag_color_mix (pal->owners[1], pal->background, 0.7);
      frag_r_rect (cr, bx, y, bits * bit_w, bh, fill);
      for (unsigned b = 0; b < bits; b++)
        {
          char d[2] = { (char) ('0' + ((value >> (bits - 1 - b)) & 1)), 0 };
          frag_r_text (cr, d, bx + (b + 0.5) * bit_w, y + bh / 2, size, true, FRAG_ALIGN_CENTER,
                       FRAG_ALIGN_CENTER, pal->foreground, 0, NULL, NULL);
        }
      frag_color_set_source (cr, pal->foreground, 1);
      cairo_set_line_width (cr, 1.2 * pal->line_scale);
      cairo_rectangle (cr, bx, y, bits * bit_w, bh);
      cairo_stroke (cr);
      char lab[64];
      if (is_off)
        snprintf (lab, sizeof lab, _("offset %" PRIu64), value);
      else if (levels == 1)
        snprintf (lab, sizeof lab, _("page %" PRIu64), value);
      else
        /* TRANSLATORS: the index into the page table of level %u */
        snprintf (lab, sizeof lab, _("L%u index %" PRIu64), f + 1, value);
      frag_r_text (cr, lab, bx + bits * bit_w / 2, y + bh + unit * 0.15, unit * 0.7, false,
                   FRAG_ALIGN_CENTER, FRAG_ALIGN_START, pal->muted, 0, NULL, NULL);
      bx += bits * bit_w;
    }
  return bh + unit * 1.3;
}

static void
draw_access (cairo_t *cr, const FragRenderContext *ctx, const FragEvent *ev, double x, double y,
             double w, double h, double unit)
{
  const FragPalette *pal = frag_r_palette (ctx);
  const FragConfig *cfg = frag_sim_config (ctx->sim);
  uint64_t fs = cfg->frame_size ? cfg->frame_size : 1;
  char line[512];
  frag_r_rect (cr, x, y, w, h, pal->surface);
  double size = unit * 0.85;
  uint64_t vpage = ev->vaddr / fs, off = ev->vaddr % fs;
  if (cfg->mode == FRAG_MODE_PAGING)
    snprintf (line, sizeof line, _("Translate virtual %" PRIu64 " of %s = page %" PRIu64
                                   ", offset %" PRIu64),
              ev->vaddr, ev->name ? ev->name : "?", vpage, off);
  else
    {
      /* Base and bounds: find the segment holding the address and write the sum out. */
      snprintf (line, sizeof line, _("Translate virtual %" PRIu64 " of %s: segment base + offset"),
                ev->vaddr, ev->name ? ev->name : "?");
      size_t np = frag_sim_n_processes (ctx->sim);
      for (size_t i = 0; i < np; i++)
        {
          FragProcessInfo pi;
          if (!frag_sim_process (ctx->sim, i, &pi) || !pi.name || !ev->name
              || strcmp (pi.name, ev->name) != 0)
            continue;
          for (unsigned sgi = 0; sgi < pi.n_segments; sgi++)
            {
              FragSegmentInfo seg;
              if (!frag_sim_segment (ctx->sim, i, sgi, &seg) || ev->vaddr < seg.base_vaddr
                  || ev->vaddr >= seg.base_vaddr + seg.bytes || seg.start_pfn == UINT64_MAX)
                continue;
              uint64_t soff = ev->vaddr - seg.base_vaddr, base = seg.start_pfn * fs;
              /* TRANSLATORS: base and bounds, written out: the address, the process, the
               * segment and its virtual range, the offset and the limit, base + offset */
              snprintf (line, sizeof line,
                        _("Translate virtual %" PRIu64 " of %s: segment %s (virtual %" PRIu64
                          "\u2013%" PRIu64 "), offset %" PRIu64 " < limit %" PRIu64 "; base %"
                          PRIu64 " + %" PRIu64 " = physical %" PRIu64), ev->vaddr, ev->name,
                        seg.name ? seg.name : "0", seg.base_vaddr, seg.base_vaddr + seg.bytes,
                        soff, seg.bytes, base, soff, base + soff);
            }
        }
    }
  double title_h = 0;
  frag_r_text (cr, line, x + unit * 0.5, y + unit * 0.35, size, true, FRAG_ALIGN_START,
               FRAG_ALIGN_START, pal->foreground, w - unit, NULL, &title_h);
  /* A wrapped title pushes the rest down. */
  double extra = fmax (0, title_h - unit * 1.2);
  y += extra;
  h -= extra;
  double bits_h = draw_address_bits (cr, ctx, ev, x + unit * 0.6, y + unit * 1.8,
                                     w - unit * 1.2, unit);
  y += bits_h;
  h -= bits_h;
  /* The chain: one box per table level, then the frame, then the physical address. */
  unsigned levels = ev->walk ? ev->walk_levels : 0;
  if (levels > FRAG_MAX_PT_LEVELS)
    levels = FRAG_MAX_PT_LEVELS;
  unsigned n_boxes = levels + 1;
  double bw = fmin (unit * 9, (w - unit * 2) / (n_boxes + 0.6 * (n_boxes - 1))),
         bh = fmin (unit * 2.6, h - unit * 2.6);
  if (bh < unit)
    return;
  double by = y + unit * 1.9, bx = x + unit * 0.6;
  for (unsigned i = 0; i < n_boxes; i++)
    {
      char l1[96], l2[96];
      bool bad = false;
      if (i < levels)
        {
          const FragWalkLevel *lv = &ev->walk[i];
          snprintf (l1, sizeof l1, _("level %u table"), i + 1);
          /* TRANSLATORS: the page table entry's index, then an arrow or "absent" */
          snprintf (l2, sizeof l2, _("entry %u %s"), lv->index,
                    lv->present ? "\u2192" : _("absent"));
          bad = !lv->present;
        }
      else if (ev->ok)
        {
          snprintf (l1, sizeof l1, _("frame %" PRIu64), ev->paddr / fs);
          snprintf (l2, sizeof l2, _("physical %" PRIu64), ev->paddr);
        }
      else
        {
          /* TRANSLATORS: a page fault */
          snprintf (l1, sizeof l1, "%s", _("fault"));
          snprintf (l2, sizeof l2, "%s", _("not mapped"));
          bad = true;
        }
      frag_r_rounded (cr, bx, by, bw, bh, unit * 0.3);
      frag_color_set_source (cr, bad ? pal->failure : pal->background, bad ? 0.15 : 1);
      cairo_fill_preserve (cr);
      frag_color_set_source (cr, bad ? pal->failure : pal->foreground, 1);
      cairo_set_line_width (cr, 1.5 * pal->line_scale);
      cairo_stroke (cr);
      frag_r_text (cr, l1, bx + bw / 2, by + bh * 0.32, fmin (size, bh * 0.3), true,
                   FRAG_ALIGN_CENTER, FRAG_ALIGN_CENTER, pal->foreground, 0, NULL, NULL);
      frag_r_text (cr, l2, bx + bw / 2, by + bh * 0.7, fmin (size * 0.85, bh * 0.28), false,
                   FRAG_ALIGN_CENTER, FRAG_ALIGN_CENTER, pal->muted, 0, NULL, NULL);
      if (i + 1 < n_boxes)
        draw_arrow (cr, bx + bw, by + bh / 2, bx + bw + bw * 0.6, by + bh / 2, pal->foreground,
                    1.5 * pal->line_scale);
      bx += bw * 1.6;
    }
}

void
frag_render_processes (cairo_t *cr, const FragRenderContext *ctx_in, double width, double height)
{
  FragRScope scope;
  if (!frag_r_begin_sim_view (&scope, cr, ctx_in, width, height))
    return;
  const FragRenderContext *ctx = &scope.ctx;
  const FragPalette *pal = frag_r_palette (ctx);
  const FragSim *sim = ctx->sim;
  const FragConfig *cfg = frag_sim_config (sim);
  cairo_save (cr);
  frag_r_fill_background (cr, ctx, width, height);
  double unit = frag_r_unit (ctx, width, height), pad = unit * 0.8;

  const FragEvent *ev = frag_sim_last_event (sim);
  bool access = ev && ev->op == FRAG_OP_ACCESS;
  double walk_h = access ? fmin (height * 0.42, unit * 8) : 0;

  PhysScale ps;
  ps.first_pfn = cfg->zones[0].start_pfn;
  ps.last_pfn = cfg->zones[cfg->n_zones ? cfg->n_zones - 1 : 0].start_pfn
                + cfg->zones[cfg->n_zones ? cfg->n_zones - 1 : 0].frames;
  ps.top = pad + unit * 2.2;
  ps.height = height - ps.top - pad - walk_h - (access ? unit * 0.6 : 0);
  /* A line of its own for "+N more processes", under the boxes. */
  if (frag_sim_n_processes (sim) > MAX_PROCS_SHOWN)
    ps.height -= unit * 1.2;
  if (ps.height < unit * 2)
    {
      cairo_restore (cr);
      frag_r_end (&scope);
      return;
    }
  double phys_w = fmin (width * 0.16, unit * 7), phys_x = width - pad - phys_w - unit * 3.5;
  draw_physical (cr, ctx, &ps, phys_x, phys_w, unit);

  size_t np = frag_sim_n_processes (sim);
  size_t shown = np < MAX_PROCS_SHOWN ? np : MAX_PROCS_SHOWN;
  if (np == 0)
    frag_r_text (cr, _("No process is running"), (pad + phys_x) / 2, ps.top + ps.height / 2, unit,
                 false, FRAG_ALIGN_CENTER, FRAG_ALIGN_CENTER, pal->muted, 0, NULL, NULL);
  double area_w = phys_x - pad - unit * 8;
  uint64_t total = ps.last_pfn - ps.first_pfn;
  /* Processes are stacked down a column while they fit (arrows then never cross a box), and
   * flow into further columns when they do not. */
  double heights[MAX_PROCS_SHOWN], xs[MAX_PROCS_SHOWN], ys[MAX_PROCS_SHOWN];
  unsigned n_cols = 1;
  {
    double cy = ps.top;
    for (size_t i = 0; i < shown; i++)
      {
        FragProcessInfo pi;
        double vh = unit * 2.6;
        if (frag_sim_process (sim, i, &pi))
          vh = fmin (ps.height, fmax (unit * 2.6, ps.height * (double) pi.frames
                                                    / (double) (total ? total : 1)));
        heights[i] = vh;
        if (cy > ps.top && cy + unit * 1.8 + vh > ps.top + ps.height)
          {
            n_cols++;
            cy = ps.top;
          }
        xs[i] = n_cols - 1;
        ys[i] = cy + unit * 1.6;
        cy += vh + unit * 2.6;
      }
  }
  double col_w = fmin (unit * 7, area_w / (n_cols * 1.6));
  FragExtent *ext = calloc (MAX_EXTENTS, sizeof *ext);
  /* Two passes: every arrow first, then the boxes over them, so no arrow crosses a box. */
  for (int pass = 0; pass < 2; pass++)
  for (size_t i = 0; i < shown && ext; i++)
    {
      FragProcessInfo pi;
      if (!frag_sim_process (sim, i, &pi))
        continue;
      uint32_t color = frag_r_process_color (ctx, pi.name, pi.id);
      double cx = pad + unit * 2.5 + xs[i] * col_w * 1.6;
      double vh = heights[i];
      double vy = ys[i];
      char lab[96];
      snprintf (lab, sizeof lab, "%s", pi.name ? pi.name : "?");
      if (pass == 1)
        {
          double name_w, virt_w;
          frag_r_text_size (cr, lab, unit * 0.9, true, 0, &name_w, NULL);
          /* Many processes in narrow columns: a name that would run into the next column is
           * left to the hover and the legend. */
          if (name_w <= col_w * 1.5 || n_cols == 1)
            frag_r_text (cr, lab, cx, vy - unit * 0.25, unit * 0.9, true, FRAG_ALIGN_START,
                         FRAG_ALIGN_END, pal->foreground, 0, NULL, NULL);
          snprintf (lab, sizeof lab, _("virtual 0\u2013%" PRIu64), pi.bytes);
          frag_r_text_size (cr, lab, unit * 0.75, false, 0, &virt_w, NULL);
          /* Only where it does not run into the name or the next column. */
          if (name_w + virt_w + unit * 0.4 <= col_w * 1.5)
            frag_r_text (cr, lab, cx + name_w + unit * 0.4, vy - unit * 0.25, unit * 0.75, false,
                         FRAG_ALIGN_START, FRAG_ALIGN_END, pal->muted, 0, NULL, NULL);
        }
      /* Virtual runs, proportional to their frames. */
      size_t n_ext = frag_sim_process_extents (sim, i, ext, MAX_EXTENTS);
      if (n_ext > MAX_EXTENTS)
        n_ext = MAX_EXTENTS;
      uint64_t held = 0;
      for (size_t e = 0; e < n_ext; e++)
        held += ext[e].frames;
      double y = vy;
      uint64_t vpage = 0;
      for (size_t e = 0; e < n_ext; e++)
        {
          double eh = vh * (double) ext[e].frames / (double) (held ? held : 1);
          double py = (phys_y (&ps, ext[e].start) + phys_y (&ps, ext[e].start + ext[e].frames)) / 2;
          /* The page an `access` just translated: its arrow in bold, its frame outlined. */
          bool hot = access && ev->ok && pi.name && ev->name && strcmp (pi.name, ev->name) == 0
                     && cfg->frame_size && ev->vaddr / cfg->frame_size >= vpage
                     && ev->vaddr / cfg->frame_size < vpage + ext[e].frames;
          double ay = y + eh / 2;
          if (hot)
            {
              /* Inside a run of pages: from the very page to the very frame. */
              uint64_t vp = ev->vaddr / cfg->frame_size, pf = ev->paddr / cfg->frame_size;
              ay = y + eh * ((double) (vp - vpage) + 0.5) / (double) ext[e].frames;
              py = (phys_y (&ps, pf) + phys_y (&ps, pf + 1)) / 2;
            }
          if (pass == 0)
            {
              draw_arrow (cr, cx + col_w, ay, phys_x, py,
                          hot ? pal->foreground : frag_color_mix (color, pal->foreground, 0.25),
                          fmax (1.2, unit * 0.11) * pal->line_scale * (hot ? 2.2 : 1));
              if (hot)
                {
                  uint64_t pf = ev->paddr / cfg->frame_size;
                  frag_color_set_source (cr, pal->changed, 1);
                  cairo_set_line_width (cr, 3 * pal->line_scale);
                  cairo_rectangle (cr, phys_x + 1.5, phys_y (&ps, pf) + 1.5, phys_w - 3,
                                   phys_y (&ps, pf + 1) - phys_y (&ps, pf) - 3);
                  cairo_stroke (cr);
                }
              vpage += ext[e].frames;
              y += eh;
              continue;
            }
          frag_r_rect (cr, cx, y, col_w, eh, color);
          frag_color_set_source (cr, pal->background, 1);
          cairo_set_line_width (cr, 1);
          cairo_rectangle (cr, cx + 0.5, y + 0.5, col_w - 1, eh - 1);
          cairo_stroke (cr);
          uint32_t tc = frag_palette_text_on (pal, color);
          if (eh >= unit * 1.0)
            {
              if (cfg->mode == FRAG_MODE_PAGING)
                {
                  if (ext[e].frames == 1)
                    snprintf (lab, sizeof lab, _("page %" PRIu64), vpage);
                  else
                    snprintf (lab, sizeof lab, _("pages %" PRIu64 "\u2013%" PRIu64), vpage,
                              vpage + ext[e].frames - 1);
                }
              else
                {
                  /* One extent per segment: name it when the process has several. */
                  FragSegmentInfo seg;
                  bool named = pi.n_segments > 1 && n_ext == pi.n_segments
                               && frag_sim_segment (sim, i, (unsigned) e, &seg) && seg.name;
                  /* TRANSLATORS: a segment's name and a line break (or two empty strings),
                   * then its base and limit in bytes */
                  snprintf (lab, sizeof lab, _("%s%sbase %" PRIu64 "\nlimit %" PRIu64),
                            named ? seg.name : "", named ? "\n" : "",
                            ext[e].start * cfg->frame_size, ext[e].frames * cfg->frame_size);
                }
              /* Legible or not at all: lines that do not fit at the smallest size give way
               * to the first one alone. */
              double lsize = fmin (unit * 0.8, eh * 0.33);
              if (lsize < unit * 0.72)
                {
                  char *nl = strchr (lab, '\n');
                  if (nl)
                    *nl = 0;
                  lsize = fmin (unit * 0.8, eh * 0.6);
                }
              double lw_text;
              frag_r_text_size (cr, lab, lsize, false, 0, &lw_text, NULL);
              if (lsize >= unit * 0.72 && lw_text <= col_w * 0.95)
                frag_r_text (cr, lab, cx + col_w / 2, y + eh / 2, lsize, false,
                             FRAG_ALIGN_CENTER, FRAG_ALIGN_CENTER, tc, 0, NULL, NULL);
            }
          vpage += ext[e].frames;
          y += eh;
        }
      if (pass == 1)
        {
          frag_color_set_source (cr, pal->foreground, 1);
          cairo_set_line_width (cr, 1.2 * pal->line_scale);
          cairo_rectangle (cr, cx, vy, col_w, y - vy);
          cairo_stroke (cr);
        }
    }
  free (ext);
  if (np > shown)
    {
      char more[64];
      snprintf (more, sizeof more,
                dngettext (GETTEXT_PACKAGE, "+%zu more process", "+%zu more processes",
                           np - shown),
                np - shown);
      frag_r_text (cr, more, pad, height - pad - walk_h, unit * 0.75, false, FRAG_ALIGN_START,
                   FRAG_ALIGN_END, pal->muted, 0, NULL, NULL);
    }
  if (access)
    draw_access (cr, ctx, ev, pad, height - pad - walk_h, width - 2 * pad, walk_h, unit);
  cairo_restore (cr);
  frag_r_end (&scope);
}
