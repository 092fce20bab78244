/* frag-render-util.c: what every view shares: the context, the cache, text with pango,
 * legends, and the words shown to the audience (sizes, step descriptions, failure reasons). */
#include "config.h"

#include "frag-render-private.h"

#include <fontconfig/fontconfig.h>

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const view_names[FRAG_VIEW_COUNT] = {
  "page", "frames", "buddy", "pageblocks", "processes", "metrics",
};

const char *
frag_view_name (FragView view)
{
  return (unsigned) view < FRAG_VIEW_COUNT ? view_names[view] : NULL;
}

bool
frag_view_parse (const char *s, FragView *out)
{
  if (!s)
    return false;
  for (unsigned i = 0; i < FRAG_VIEW_COUNT; i++)
    if (!strcasecmp (s, view_names[i]))
      {
        *out = (FragView) i;
        return true;
      }
  return false;
}

void
frag_render_context_init (FragRenderContext *ctx, const FragSim *sim)
{
  memset (ctx, 0, sizeof *ctx);
  ctx->sim = sim;
  ctx->palette = frag_palette_get (FRAG_PALETTE_LIGHT);
  ctx->font_scale = 1.0;
  ctx->color_by = FRAG_COLOR_BY_OWNER;
  ctx->show_changes = true;
  ctx->show_pageblocks = true;
  ctx->show_addresses = true;
  ctx->metrics_order = 3;
}

FragRenderCache *
frag_render_cache_new (void)
{
  FragRenderCache *cache = calloc (1, sizeof *cache);
  if (cache)
    cache->dense = frag_dense_map_new ();
  if (cache && !cache->dense)
    {
      free (cache);
      return NULL;
    }
  return cache;
}

void
frag_render_cache_invalidate (FragRenderCache *cache)
{
  if (!cache)
    return;
  for (unsigned z = 0; z < FRAG_MAX_ZONES; z++)
    if (cache->images[z])
      {
        cairo_surface_destroy (cache->images[z]);
        cache->images[z] = NULL;
      }
  if (cache->metrics_image)
    {
      cairo_surface_destroy (cache->metrics_image);
      cache->metrics_image = NULL;
    }
  cache->sim = NULL;
  cache->legend_valid = false;
  cache->rank_program = NULL;
  cache->n_rank = 0;
  frag_dense_map_reset_owners (cache->dense);
}

void
frag_render_cache_free (FragRenderCache *cache)
{
  if (!cache)
    return;
  frag_render_cache_invalidate (cache);
  frag_dense_map_free (cache->dense);
  free (cache);
}

uint64_t
frag_render_cache_incremental_repaints (const FragRenderCache *cache)
{
  return cache ? cache->incremental_repaints : 0;
}

void
frag_render_cache_set_raster (FragRenderCache *cache, double scale)
{
  if (!cache)
    return;
  scale = scale > 0 && scale <= 8 ? scale : 0;
  if (scale != cache->raster_scale && cache->metrics_image)
    {
      cairo_surface_destroy (cache->metrics_image);
      cache->metrics_image = NULL;
    }
  cache->raster_scale = scale;
}

uint64_t
frag_render_cache_static_reuses (const FragRenderCache *cache)
{
  return cache ? cache->static_reuses : 0;
}

uint64_t
frag_render_cache_full_repaints (const FragRenderCache *cache)
{
  return cache ? cache->full_repaints : 0;
}

void
frag_r_begin (FragRScope *scope, const FragRenderContext *ctx)
{
  scope->ctx = *ctx;
  scope->tmp = NULL;
  if (!scope->ctx.palette)
    scope->ctx.palette = frag_palette_get (FRAG_PALETTE_LIGHT);
  if (!scope->ctx.cache)
    scope->ctx.cache = scope->tmp = frag_render_cache_new ();
}

bool
frag_r_begin_sim_view (FragRScope *scope, cairo_t *cr, const FragRenderContext *ctx, double width,
                       double height)
{
  if (!frag_r_sane (cr, ctx, width, height))
    return false;
  if (!ctx->sim)
    {
      frag_r_empty (cr, ctx, width, height, _("No memory loaded"));
      return false;
    }
  frag_r_begin (scope, ctx);
  return true;
}

void
frag_r_end (FragRScope *scope)
{
  frag_render_cache_free (scope->tmp);
  scope->tmp = NULL;
}

static void
rank_build (FragRenderCache *cache, const FragProgram *prog)
{
  cache->rank_program = prog;
  cache->n_rank = 0;
  if (!prog)
    return;
  /* Scenario programs are short; a huge generated one only needs its first names. */
  size_t limit = prog->n_ops < 200000 ? prog->n_ops : 200000;
  for (size_t i = 0; i < limit && cache->n_rank < FRAG_RANK_MAX; i++)
    {
      const FragOp *op = &prog->ops[i];
      if (op->kind != FRAG_OP_SPAWN || op->name == FRAG_NONE)
        continue;
      bool seen = false;
      for (unsigned j = 0; j < cache->n_rank && !seen; j++)
        seen = cache->rank_ids[j] == op->name;
      if (!seen)
        cache->rank_ids[cache->n_rank++] = op->name;
    }
}

uint32_t
frag_r_process_color (const FragRenderContext *ctx, const char *name, uint32_t id)
{
  const FragPalette *pal = frag_r_palette (ctx);
  FragRenderCache *cache = ctx->cache;
  if (cache && ctx->sim && name)
    {
      const FragProgram *prog = frag_sim_program (ctx->sim);
      if (cache->rank_program != prog)
        rank_build (cache, prog);
      for (unsigned i = 0; i < cache->n_rank; i++)
        {
          const char *s = frag_program_string (prog, cache->rank_ids[i]);
          if (s && strcmp (s, name) == 0)
            return frag_palette_owner_color (pal, i);
        }
      /* Names the program never spelled out (random workloads): by hash, past the ranked ones. */
      return frag_palette_string_color (pal, name);
    }
  return frag_palette_owner_color (pal, id);
}

bool
frag_r_sane (cairo_t *cr, const FragRenderContext *ctx, double width, double height)
{
  /* NaN fails every comparison, so it is refused too; past 32768 a pixel count overflows int. */
  return cr && ctx && cairo_status (cr) == CAIRO_STATUS_SUCCESS && width > 0 && height > 0
         && width <= 32768 && height <= 32768;
}

const FragPalette *
frag_r_palette (const FragRenderContext *ctx)
{
  return ctx && ctx->palette ? ctx->palette : frag_palette_get (FRAG_PALETTE_LIGHT);
}

double
frag_r_unit (const FragRenderContext *ctx, double width, double height)
{
  if (ctx && ctx->text_size > 0)
    return fmax (ctx->text_size, FRAG_R_MIN_UNIT)
           * (ctx->font_scale > 0 ? fmin (ctx->font_scale, 4) : 1.0);
  double m = fmin (width, height * 1.6);
  double u = m / 52.0;
  /* Never below what reads from the back of a lecture hall: the smallest text a view draws is
   * about 0.72 of this (13 px at font scale 1); views lay themselves out around the text. */
  if (u < FRAG_R_MIN_UNIT)
    u = FRAG_R_MIN_UNIT;
  if (u > 30)
    u = 30;
  double scale = ctx && ctx->font_scale > 0 ? ctx->font_scale : 1.0;
  if (scale > 4)
    scale = 4;
  return u * scale;
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when it is not one. */
static size_t
utf8_seq (const unsigned char *s)
{
  unsigned c = s[0];
  if (c < 0x80)
    return 1;
  size_t n;
  unsigned min;
  if (c >= 0xc2 && c <= 0xdf)
    n = 2, min = 0x80;
  else if (c >= 0xe0 && c <= 0xef)
    n = 3, min = 0x800;
  else if (c >= 0xf0 && c <= 0xf4)
    n = 4, min = 0x10000;
  else
    return 0;
  unsigned cp = c & (0x7f >> n);
  for (size_t i = 1; i < n; i++)
    {
      if ((s[i] & 0xc0) != 0x80)
        return 0;
      cp = (cp << 6) | (s[i] & 0x3f);
    }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
    return 0;
  return n;
}

size_t
frag_r_utf8_sanitize (const char *in, char *out, size_t outlen)
{
  const unsigned char *s = (const unsigned char *) in;
  size_t o = 0;
  if (outlen == 0)
    return 0;
  while (*s)
    {
      size_t n = utf8_seq (s);
      const unsigned char *src = s;
      static const unsigned char repl[3] = { 0xef, 0xbf, 0xbd };
      size_t copy = n;
      if (n == 0)
        {
          src = repl;
          copy = 3;
          n = 1;
        }
      if (o + copy >= outlen)
        break;
      memcpy (out + o, src, copy);
      o += copy;
      s += n;
    }
  out[o] = 0;
  return o;
}

static PangoLayout *
make_layout (cairo_t *cr, const char *text, double size, bool bold, double max_width)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string ("Sans");
  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  pango_font_description_set_weight (desc, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  if (max_width > 0)
    {
      pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  /* Text comes from files and machines: pango warns about invalid UTF-8 (fatal under the tests'
   * G_DEBUG), so bad bytes become U+FFFD first. */
  char small[512];
  size_t len = text ? strlen (text) : 0;
  char *clean = len * 3 + 1 <= sizeof small ? small : malloc (len * 3 + 1);
  if (clean)
    {
      frag_r_utf8_sanitize (text ? text : "", clean, len * 3 + 1);
      pango_layout_set_text (layout, clean, -1);
      if (clean != small)
        free (clean);
    }
  return layout;
}

void
frag_r_text_size (cairo_t *cr, const char *text, double size, bool bold, double max_width,
                  double *w, double *h)
{
  PangoLayout *layout = make_layout (cr, text, size, bold, max_width);
  int pw, ph;
  pango_layout_get_pixel_size (layout, &pw, &ph);
  if (w)
    *w = pw;
  if (h)
    *h = ph;
  g_object_unref (layout);
}

void
frag_r_text (cairo_t *cr, const char *text, double x, double y, double size, bool bold,
             FragAlign halign, FragAlign valign, uint32_t color, double max_width, double *out_w,
             double *out_h)
{
  if (size <= 0.5)
    return;
  PangoLayout *layout = make_layout (cr, text, size, bold, max_width);
  if (max_width > 0 && halign == FRAG_ALIGN_CENTER)
    pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  PangoRectangle ink, logical;
  pango_layout_get_pixel_extents (layout, &ink, &logical);
  double w = logical.width, h = logical.height;
  double bx = max_width > 0 && halign != FRAG_ALIGN_START ? max_width : w;
  double dx = halign == FRAG_ALIGN_CENTER ? -bx / 2 : halign == FRAG_ALIGN_END ? -bx : 0;
  double dy = valign == FRAG_ALIGN_CENTER ? -h / 2 : valign == FRAG_ALIGN_END ? -h : 0;
  cairo_save (cr);
  frag_color_set_source (cr, color, 1.0);
  cairo_move_to (cr, x + dx, y + dy);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
  if (out_w)
    *out_w = w;
  if (out_h)
    *out_h = h;
  g_object_unref (layout);
}

void
frag_r_rect (cairo_t *cr, double x, double y, double w, double h, uint32_t fill)
{
  frag_color_set_source (cr, fill, 1.0);
  cairo_rectangle (cr, x, y, w, h);
  cairo_fill (cr);
}

void
frag_r_rounded (cairo_t *cr, double x, double y, double w, double h, double r)
{
  if (r > w / 2)
    r = w / 2;
  if (r > h / 2)
    r = h / 2;
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -FRAG_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, FRAG_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, FRAG_PI / 2, FRAG_PI);
  cairo_arc (cr, x + r, y + r, r, FRAG_PI, 3 * FRAG_PI / 2);
  cairo_close_path (cr);
}

void
frag_r_fill_background (cairo_t *cr, const FragRenderContext *ctx, double w, double h)
{
  frag_r_rect (cr, 0, 0, w, h, frag_r_palette (ctx)->background);
}

void
frag_r_empty (cairo_t *cr, const FragRenderContext *ctx, double w, double h, const char *message)
{
  const FragPalette *pal = frag_r_palette (ctx);
  frag_r_fill_background (cr, ctx, w, h);
  frag_r_text (cr, message, w / 2, h / 2, frag_r_unit (ctx, w, h), false, FRAG_ALIGN_CENTER,
               FRAG_ALIGN_CENTER, pal->muted, w * 0.9, NULL, NULL);
}

const char *
frag_r_mt_label (unsigned mt)
{
  static const char *const names[FRAG_MT_COUNT] = {
    /* TRANSLATORS: migrate types (Linux's pageblock types), in legends and pageblock labels */
    N_("unmovable"), N_("movable"), N_("reclaimable"), N_("highatomic"), N_("cma"),
    N_("isolate"),
  };
  return mt < FRAG_MT_COUNT ? _(names[mt]) : "?";
}

const char *
frag_render_migrate_type_label (FragMigrateType mt)
{
  return frag_r_mt_label ((unsigned) mt);
}

double
frag_r_legend (cairo_t *cr, const FragRenderContext *ctx, const FragLegendItem *items, size_t n,
               double x, double y, double max_width, double size)
{
  const FragPalette *pal = frag_r_palette (ctx);
  double cx = x, cy = y, sw = size * 1.1, gap = size * 0.45, line = size * 1.6;
  for (size_t i = 0; i < n; i++)
    {
      double tw, th;
      frag_r_text_size (cr, items[i].label, size, false, 0, &tw, &th);
      double need = sw + gap + tw + size * 1.2;
      if (cx > x && cx + need > x + max_width)
        {
          cx = x;
          cy += line;
        }
      if (items[i].outline)
        {
          frag_color_set_source (cr, items[i].color, 1.0);
          cairo_set_line_width (cr, fmax (1.5, size * 0.14) * pal->line_scale);
          cairo_rectangle (cr, cx + 1, cy + (line - sw) / 2 + 1, sw - 2, sw - 2);
          cairo_stroke (cr);
        }
      else
        {
          frag_r_rounded (cr, cx, cy + (line - sw) / 2, sw, sw, size * 0.2);
          frag_color_set_source (cr, items[i].color, 1.0);
          cairo_fill_preserve (cr);
          frag_color_set_source (cr, pal->muted, 0.6);
          cairo_set_line_width (cr, 0.75 * pal->line_scale);
          cairo_stroke (cr);
        }
      frag_r_text (cr, items[i].label, cx + sw + gap, cy + line / 2, size, false,
                   FRAG_ALIGN_START, FRAG_ALIGN_CENTER, pal->foreground, 0, NULL, NULL);
      cx += need;
    }
  return n ? cy - y + line : 0;
}

uint32_t
frag_r_owner_info_color (const FragRenderContext *ctx, const FragOwnerInfo *info)
{
  const FragPalette *pal = frag_r_palette (ctx);
  switch (ctx->color_by)
    {
    case FRAG_COLOR_BY_MIGRATE_TYPE:
      return pal->migrate[(unsigned) info->mt < FRAG_MT_COUNT ? info->mt : 6];
    case FRAG_COLOR_BY_CLASS:
      if (info->kind == FRAG_OWNER_IMPORTED && (unsigned) info->klass < FRAG_CLASS_COUNT)
        return pal->klass[info->klass];
      return info->kind == FRAG_OWNER_PROCESS ? pal->klass[FRAG_CLASS_ANON]
                                              : pal->klass[FRAG_CLASS_KERNEL];
    case FRAG_COLOR_BY_OWNER:
    case FRAG_COLOR_BY_COUNT:
    default:
      break;
    }
  switch (info->kind)
    {
    case FRAG_OWNER_PROCESS:
      return frag_r_process_color (ctx, info->name, info->process);
    case FRAG_OWNER_RAW:
      /* Raw kernel-style allocations: the type tells the lecture's story (stealing, mixing). */
      return frag_palette_raw_color (pal, (unsigned) info->mt < FRAG_MT_COUNT ? info->mt : 6);
    case FRAG_OWNER_IMPORTED:
      return pal->klass[(unsigned) info->klass < FRAG_CLASS_COUNT ? info->klass
                                                                  : FRAG_CLASS_UNKNOWN];
    case FRAG_OWNER_NONE:
    default:
      return pal->raw;
    }
}

uint32_t
frag_r_owner_color (const FragRenderContext *ctx, uint32_t owner_id)
{
  FragOwnerInfo info;
  if (!ctx->sim || !frag_sim_owner (ctx->sim, owner_id, &info))
    return frag_palette_owner_color (frag_r_palette (ctx), owner_id);
  return frag_r_owner_info_color (ctx, &info);
}

uint32_t
frag_render_owner_color (const FragRenderContext *ctx, uint32_t owner_id)
{
  if (!ctx)
    return frag_palette_owner_color (frag_palette_get (FRAG_PALETTE_LIGHT), owner_id);
  if (ctx->cache)
    return frag_r_owner_color (ctx, owner_id);
  FragRScope scope;
  frag_r_begin (&scope, ctx);
  uint32_t color = frag_r_owner_color (&scope.ctx, owner_id);
  frag_r_end (&scope);
  return color;
}

/* ---- Words ---------------------------------------------------------------------------------- */

char *
frag_render_format_bytes (uint64_t bytes, char *buf, size_t len)
{
  static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
  if (!buf || len == 0)
    return buf;
  /* Small sizes in bytes, unless they are whole KiB (a 4096-byte frame reads "4 KiB"). */
  if (bytes < 1024 || (bytes < 10240 && bytes % 1024 != 0))
    {
      snprintf (buf, len, "%" PRIu64 " B", bytes);
      return buf;
    }
  double v = (double) bytes;
  unsigned u = 0;
  while (v >= 1024 && u + 1 < sizeof units / sizeof *units)
    {
      v /= 1024;
      u++;
    }
  if (v == floor (v))
    snprintf (buf, len, "%.0f %s", v, units[u]);
  else
    snprintf (buf, len, v < 100 ? "%.1f %s" : "%.0f %s", v, units[u]);
  return buf;
}

char *
frag_render_describe_event (const FragEvent *ev, uint64_t frame_size, char *buf, size_t len)
{
  char b1[32];
  if (!buf || len == 0)
    return buf;
  buf[0] = 0;
  if (!ev)
    return buf;
  const char *op = frag_op_name (ev->op);
  const char *name = ev->name ? ev->name : "";
  switch (ev->op)
    {
    case FRAG_OP_SPAWN:
      /* TRANSLATORS: a step of the scenario (its op "spawn"): process name, its size */
      snprintf (buf, len, _("spawn %s (%s)"), name,
                frag_render_format_bytes (ev->bytes, b1, sizeof b1));
      break;
    case FRAG_OP_GROW:
      /* TRANSLATORS: process name, "." and segment name (or two empty strings), size */
      snprintf (buf, len, _("grow %s%s%s by %s"), name, ev->segment ? "." : "",
                ev->segment ? ev->segment : "",
                frag_render_format_bytes (ev->bytes, b1, sizeof b1));
      break;
    case FRAG_OP_EXIT:
      snprintf (buf, len, _("exit %s"), name);
      break;
    case FRAG_OP_ALLOC:
      snprintf (buf, len, _("alloc %s (order %d, %s)"), name, ev->order,
                frag_render_format_bytes (ev->bytes, b1, sizeof b1));
      break;
    case FRAG_OP_FREE:
      snprintf (buf, len, _("free %s"), name);
      break;
    case FRAG_OP_COMPACT:
      if (ev->frames_moved)
        snprintf (buf, len, dngettext (GETTEXT_PACKAGE, "compact: %" PRIu64 " frame moved (%s)",
                                       "compact: %" PRIu64 " frames moved (%s)",
                                       ev->frames_moved),
                  ev->frames_moved,
                  frag_render_format_bytes (ev->frames_moved * frame_size, b1, sizeof b1));
      else
        snprintf (buf, len, "%s", _("compact: nothing to move"));
      break;
    case FRAG_OP_ACCESS:
      if (ev->ok)
        snprintf (buf, len, _("access %s: virtual %" PRIu64 " -> physical %" PRIu64), name,
                  ev->vaddr, ev->paddr);
      else
        snprintf (buf, len, _("access %s: virtual %" PRIu64), name, ev->vaddr);
      break;
    case FRAG_OP_NOTE:
      snprintf (buf, len, "%s", _("note"));
      break;
    case FRAG_OP_TRACE_ALLOC:
    case FRAG_OP_TRACE_FREE:
      if (ev->n_extents)
        /* TRANSLATORS: the trace's op ("trace-alloc", "trace-free"), a frame number, the
         * block's order, then ", skipped" or nothing */
        snprintf (buf, len, _("%s pfn %" PRIu64 " (order %d)%s"), op ? op : "trace",
                  ev->extents[0].start, ev->order < 0 ? 0 : ev->order,
                  ev->skipped ? _(", skipped") : "");
      else
        snprintf (buf, len, "%s%s", op ? op : "trace", ev->skipped ? _(" (skipped)") : "");
      break;
    case FRAG_OP_RANDOM:
    case FRAG_OP_COUNT:
    default:
      snprintf (buf, len, "%s %s", op ? op : "step", name);
      break;
    }
  if (ev->compacted && ev->op != FRAG_OP_COMPACT)
    {
      size_t used = strlen (buf);
      snprintf (buf + used, len - used,
                dngettext (GETTEXT_PACKAGE, " after compaction (%" PRIu64 " frame moved)",
                           " after compaction (%" PRIu64 " frames moved)", ev->frames_moved),
                ev->frames_moved);
    }
  return buf;
}

char *
frag_render_failure_text (const FragSim *sim, const FragEvent *ev, char *buf, size_t len)
{
  char a[32], b[32];
  if (!buf || len == 0)
    return buf;
  buf[0] = 0;
  if (!ev || ev->ok || ev->reason == FRAG_REASON_NONE)
    return buf;
  uint64_t fs = 1;
  FragMetrics m;
  memset (&m, 0, sizeof m);
  if (sim)
    {
      fs = frag_sim_config (sim)->frame_size;
      frag_sim_metrics (sim, &m);
    }
  const char *name = ev->name ? ev->name : "?";
  switch (ev->reason)
    {
    case FRAG_REASON_EXTERNAL_FRAGMENTATION:
      snprintf (buf, len, _("external fragmentation: %s free, largest hole %s"),
                frag_render_format_bytes (m.free_frames * fs, a, sizeof a),
                frag_render_format_bytes (m.largest_free_run * fs, b, sizeof b));
      break;
    case FRAG_REASON_OUT_OF_MEMORY:
      snprintf (buf, len, _("out of memory: %s asked, %s free"),
                frag_render_format_bytes (ev->bytes, a, sizeof a),
                frag_render_format_bytes (m.free_frames * fs, b, sizeof b));
      break;
    case FRAG_REASON_NO_SUCH_PROCESS:
      snprintf (buf, len, _("no such process: nothing named %s is alive"), name);
      break;
    case FRAG_REASON_PROCESS_EXISTS:
      snprintf (buf, len, _("process exists: %s is already running"), name);
      break;
    case FRAG_REASON_FAULT:
      snprintf (buf, len, _("page fault: virtual address %" PRIu64 " of %s is not mapped"),
                ev->vaddr, name);
      break;
    case FRAG_REASON_NONE:
    case FRAG_REASON_COUNT:
    default:
      snprintf (buf, len, "%s", _("failed"));
      break;
    }
  return buf;
}

void
frag_render_view (cairo_t *cr, const FragRenderContext *ctx, FragView view, double width,
                  double height)
{
  if (!frag_r_sane (cr, ctx, width, height))
    return;
  switch (view)
    {
    case FRAG_VIEW_FRAMES: frag_render_frames (cr, ctx, width, height); break;
    case FRAG_VIEW_BUDDY: frag_render_buddy (cr, ctx, width, height); break;
    case FRAG_VIEW_PAGEBLOCKS: frag_render_pageblocks (cr, ctx, width, height); break;
    case FRAG_VIEW_PROCESSES: frag_render_processes (cr, ctx, width, height); break;
    case FRAG_VIEW_METRICS: frag_render_metrics (cr, ctx, width, height); break;
    case FRAG_VIEW_PAGE:
    case FRAG_VIEW_COUNT:
    default:
      frag_render_page (cr, ctx, width, height);
      break;
    }
}

void
frag_render_shutdown (void)
{
  /* Release order matters: pango's font map holds cairo fonts, which hold fontconfig patterns. */
  pango_cairo_font_map_set_default (NULL);
  cairo_debug_reset_static_data ();
  FcFini ();
}
