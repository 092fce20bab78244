/* frag-canvas.c: FragCanvas, a GtkWidget that shows one view of a FragSimulation.
 *
 * snapshot() draws through gtk_snapshot_append_cairo and keeps the resulting render node until
 * the simulation, palette or size changes (as Sysprof's flame graph does), so hovering, tooltips
 * and focus changes never repaint a 4M-frame map.
 *
 * Unzoomed, every view is frag_render_view, the same drawing as the exported figures; the
 * frame map's tooltips ask the renderer which frame is where (frag_render_frames_hit). Zoomed in
 * (zoom z shows 1/z of memory, panned by dragging or scrolling), the frame map is painted here
 * with the renderer's dense painter (frag-dense.h) on the pfn range shown.
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <inttypes.h>
#include <glib/gi18n.h>

#include "frag-canvas.h"
#include "frag-frame.h"

#define MAX_ZOOM 65536.0
#define NO_MEMORY_OWNER FRAG_FW_LOW_MASK
#define MAX_OUTLINED_FRAMES 20000u

struct _FragCanvas
{
  GtkWidget        parent_instance;

  FragSimulation  *simulation;
  gulong           changed_handler;
  FragView         view;
  char            *palette;
  double           font_scale;

  GskRenderNode   *cache;
  int              cache_width, cache_height;
  FragRenderCache *render_cache;
  FragDenseMap    *dense;
  guint32         *words;          /* frame map: words of the visible range, when copied */
  gsize            n_words;
  FragZoneStats   *zone_stats;     /* figures shown when there is no simulation */
  guint            n_zone_stats;
  char            *stats_title;

  guint            paints;          /* times the view was drawn anew (not from the node) */
  double           zoom;           /* frame map: 1 shows all of memory */
  double           pan;            /* frame map: first frame shown, as a fraction of memory */
  double           drag_pan;
};

G_DEFINE_FINAL_TYPE (FragCanvas, frag_canvas, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_VIEW,
  PROP_SIMULATION,
  PROP_PALETTE,
  PROP_FONT_SCALE,
  PROP_ZOOM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GType
frag_canvas_view_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { FRAG_VIEW_PAGE, "FRAG_VIEW_PAGE", "page" },
        { FRAG_VIEW_FRAMES, "FRAG_VIEW_FRAMES", "frames" },
        { FRAG_VIEW_BUDDY, "FRAG_VIEW_BUDDY", "buddy" },
        { FRAG_VIEW_PAGEBLOCKS, "FRAG_VIEW_PAGEBLOCKS", "pageblocks" },
        { FRAG_VIEW_PROCESSES, "FRAG_VIEW_PROCESSES", "processes" },
        { FRAG_VIEW_METRICS, "FRAG_VIEW_METRICS", "metrics" },
        { 0, NULL, NULL }
      };
      GType id = g_enum_register_static (g_intern_static_string ("FragCanvasView"), values);

      g_once_init_leave (&type_id, id);
    }
  return type_id;
}

const char *
frag_canvas_view_label (FragView view)
{
  switch (view)
    {
    case FRAG_VIEW_PAGE: return _("Whole page");
    case FRAG_VIEW_FRAMES: return _("Frame map");
    case FRAG_VIEW_BUDDY: return _("Free blocks by order");
    case FRAG_VIEW_PAGEBLOCKS: return _("Pageblocks");
    case FRAG_VIEW_PROCESSES: return _("Processes and page tables");
    case FRAG_VIEW_METRICS: return _("Fragmentation over time");
    case FRAG_VIEW_COUNT:
    default: return "";
    }
}

static const FragPalette *
frag_canvas_palette (FragCanvas *self)
{
  FragPaletteKind kind = FRAG_PALETTE_LIGHT;

  if (self->palette != NULL)
    frag_palette_parse (self->palette, &kind);
  return frag_palette_get (kind);
}

/* ---- The frame map --------------------------------------------------------------------------- */

static void
memory_range (const FragSim *sim,
              guint64       *start,
              guint64       *end)
{
  const FragConfig *cfg = frag_sim_config (sim);

  *start = 0;
  *end = 0;
  if (cfg->n_zones == 0)
    return;
  *start = cfg->zones[0].start_pfn;
  *end = cfg->zones[cfg->n_zones - 1].start_pfn + cfg->zones[cfg->n_zones - 1].frames;
}

static void
frag_canvas_visible_range (FragCanvas *self,
                           guint64    *first,
                           guint64    *n)
{
  guint64 start, end, total;

  *first = 0;
  *n = 0;
  if (self->simulation == NULL)
    return;
  memory_range (frag_simulation_get_sim (self->simulation), &start, &end);
  total = end - start;
  if (total == 0)
    return;
  *n = CLAMP ((guint64) ceil ((double) total / self->zoom), 1, total);
  *first = start + (guint64) (self->pan * (double) total);
  if (*first + *n > end)
    *first = end - *n;
}

/* Where the grid sits in the widget: centred, whole cells. */
static void
frag_canvas_layout (FragCanvas      *self,
                    FragDenseLayout *l,
                    int             *x0,
                    int             *y0)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  guint64 first, n;

  frag_canvas_visible_range (self, &first, &n);
  frag_dense_layout_compute (l, n, width, height);
  *x0 = MAX (0, (width - l->cols * l->cell) / 2);
  *y0 = MAX (0, (height - l->rows * l->cell) / 2);
}

static void frag_canvas_render_context (FragCanvas        *self,
                                        FragRenderContext *ctx);

/* The renderer's own rule (frag_render_owner_color), so a process has the same colour zoomed in
 * as in the other views and in every policy of a comparison. */
static uint32_t
owner_color_cb (uint32_t owner,
                void    *user_data)
{
  FragCanvas *self = user_data;
  FragRenderContext ctx;

  if (owner == NO_MEMORY_OWNER || self->simulation == NULL)
    return frag_canvas_palette (self)->muted;
  frag_canvas_render_context (self, &ctx);
  return frag_render_owner_color (&ctx, owner);
}

/* The words of frames [first, first + n). One zone seen whole is read in place; otherwise the
 * range is copied, gaps between zones become "no memory", and a cut free block gets a head
 * again so the painter still knows its order. */
static const guint32 *
frag_canvas_words (FragCanvas    *self,
                   const FragSim *sim,
                   guint64        first,
                   guint64        n)
{
  guint32 nomem = frag_fw_make_used (NO_MEMORY_OWNER, FRAG_MT_UNMOVABLE, TRUE, FALSE);

  if (frag_sim_n_zones (sim) == 1)
    {
      guint64 zstart, zframes;
      const uint32_t *words = frag_sim_zone_words (sim, 0, &zstart, &zframes);

      if (words != NULL && zstart == first && zframes >= n)
        return words;
    }

  if (self->n_words < n)
    {
      g_free (self->words);
      self->words = g_try_new (guint32, n);
      self->n_words = self->words != NULL ? n : 0;
      if (self->words == NULL)
        return NULL;
    }
  for (guint64 i = 0; i < n; i++)
    self->words[i] = nomem;

  for (unsigned z = 0; z < frag_sim_n_zones (sim); z++)
    {
      guint64 zstart, zframes, lo, hi;
      const uint32_t *words = frag_sim_zone_words (sim, z, &zstart, &zframes);
      FragFrameInfo info;

      if (words == NULL)
        continue;
      lo = MAX (zstart, first);
      hi = MIN (zstart + zframes, first + n);
      if (lo >= hi)
        continue;
      memcpy (self->words + (lo - first), words + (lo - zstart), (hi - lo) * sizeof (guint32));
      if (frag_fw_is_free (words[lo - zstart]) && !frag_fw_is_free_head (words[lo - zstart])
          && frag_sim_frame_info (sim, lo, &info) && info.buddy_order >= 0)
        self->words[lo - first] = frag_fw_make_free_head ((unsigned) info.buddy_order,
                                                          info.free_list_mt, 0);
    }
  return self->words;
}

static void
frag_canvas_render_context (FragCanvas        *self,
                            FragRenderContext *ctx)
{
  frag_render_context_init (ctx, frag_simulation_get_sim (self->simulation));
  ctx->palette = frag_canvas_palette (self);
  ctx->font_scale = self->font_scale;
  ctx->cache = self->render_cache;
  /* On screen: views may keep sharp raster images of what a step does not change. */
  frag_render_cache_set_raster (self->render_cache,
                                gtk_widget_get_scale_factor (GTK_WIDGET (self)));
  ctx->title = frag_simulation_get_title (self->simulation);
}

static void
frag_canvas_draw_frames (FragCanvas *self,
                         cairo_t    *cr,
                         int         width,
                         int         height)
{
  const FragPalette *pal = frag_canvas_palette (self);
  const FragSim *sim = frag_simulation_get_sim (self->simulation);
  const FragChange *changes;
  size_t n_changes = 0;
  const guint32 *words;
  cairo_surface_t *image;
  FragDenseLayout l;
  guint64 first, n;
  int x0, y0;

  frag_color_set_source (cr, pal->background, 1.0);
  cairo_paint (cr);

  frag_canvas_visible_range (self, &first, &n);
  frag_canvas_layout (self, &l, &x0, &y0);
  if (l.rows <= 0 || l.cols <= 0)
    return;
  words = frag_canvas_words (self, sim, first, n);
  if (words == NULL)
    return;

  image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, l.cols * l.cell, l.rows * l.cell);
  if (cairo_surface_status (image) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (image);
      return;
    }
  cairo_surface_flush (image);
  frag_dense_map_set_colors (self->dense, pal, FRAG_DENSE_BY_OWNER, owner_color_cb, self);
  frag_dense_map_paint (self->dense, &l, words, 0, n, cairo_image_surface_get_data (image),
                        cairo_image_surface_get_stride (image));
  cairo_surface_mark_dirty (image);
  cairo_set_source_surface (cr, image, x0, y0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_paint (cr);
  cairo_surface_destroy (image);

  /* What the last step changed gets an outline, so the eye finds it on a projector. */
  changes = frag_sim_last_changes (sim, &n_changes);
  if (l.cell >= 4)
    {
      guint outlined = 0;

      cairo_set_line_width (cr, MAX (1.5, l.cell / 10.0) * pal->line_scale);
      for (size_t j = 0; j < n_changes && outlined < MAX_OUTLINED_FRAMES; j++)
        {
          gboolean gone = changes[j].kind == FRAG_CHANGE_FREED
                          || changes[j].kind == FRAG_CHANGE_MOVED_FROM;
          guint64 lo = MAX (changes[j].start, first);
          guint64 hi = MIN (changes[j].start + changes[j].frames, first + n);

          frag_color_set_source (cr, gone ? pal->muted : pal->changed, 1.0);
          for (guint64 pfn = lo; pfn < hi && outlined < MAX_OUTLINED_FRAMES; pfn++, outlined++)
            {
              int x, y, w, h;

              if (!frag_dense_layout_frame_rect (&l, pfn - first, &x, &y, &w, &h))
                continue;
              cairo_rectangle (cr, x0 + x + 1.5, y0 + y + 1.5, w - 4, h - 4);
            }
          cairo_stroke (cr);
        }
    }

  /* Big cells (a lecture's 11 frames) carry their pfn, as on a slide. */
  if (l.cell >= 40 && n <= 4096)
    {
      double size = MIN (20.0, l.cell / 3.0) * self->font_scale;

      cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
      cairo_set_font_size (cr, size);
      for (guint64 k = 0; k < n; k++)
        {
          char buf[32];
          int x, y, w, h;

          if (!frag_dense_layout_frame_rect (&l, k, &x, &y, &w, &h))
            continue;
          g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, first + k);
          frag_color_set_source (cr, frag_palette_text_on (pal, frag_dense_map_frame_color (
                                                             self->dense, words, k)), 0.7);
          cairo_move_to (cr, x0 + x + 5, y0 + y + size + 3);
          cairo_show_text (cr, buf);
        }
    }
}

gboolean
frag_canvas_frame_at (FragCanvas *self,
                      double      x,
                      double      y,
                      guint64    *pfn)
{
  FragDenseLayout l;
  guint64 first, n, k, count;
  int x0, y0;

  g_return_val_if_fail (FRAG_IS_CANVAS (self), FALSE);

  if (self->view != FRAG_VIEW_FRAMES || self->simulation == NULL)
    return FALSE;
  if (self->zoom <= 1.0)
    {
      FragRenderContext ctx;

      frag_canvas_render_context (self, &ctx);
      return frag_render_frames_hit (&ctx, gtk_widget_get_width (GTK_WIDGET (self)),
                                     gtk_widget_get_height (GTK_WIDGET (self)), x, y, pfn);
    }
  frag_canvas_visible_range (self, &first, &n);
  frag_canvas_layout (self, &l, &x0, &y0);
  if (!frag_dense_layout_pixel_frames (&l, (int) floor (x - x0), (int) floor (y - y0), &k, &count))
    return FALSE;
  *pfn = first + k;
  return TRUE;
}

char *
frag_canvas_dup_frame_text (const FragSim *sim,
                            guint64        pfn)
{
  FragFrameInfo info;
  const FragConfig *cfg;
  GString *s;

  if (sim == NULL || !frag_sim_frame_info (sim, pfn, &info))
    return NULL;
  cfg = frag_sim_config (sim);

  s = g_string_new (NULL);
  g_string_append_printf (s, _("Frame %" PRIu64), (uint64_t) info.pfn);
  g_string_append_printf (s, "\n%s %s", _("Zone:"),
                          info.zone < cfg->n_zones ? cfg->zones[info.zone].name : "?");
  g_string_append_printf (s, "\n%s %" G_GUINT64_FORMAT " (%s)", _("Pageblock:"), info.pageblock,
                          frag_render_migrate_type_label (info.pageblock_mt));
  if (info.free)
    {
      g_string_append_printf (s, "\n%s", _("Free"));
      if (info.buddy_order >= 0)
        g_string_append_printf (s, "\n%s %d (%s %" G_GUINT64_FORMAT ", %s)", _("Buddy order:"),
                                info.buddy_order, _("block at"), info.buddy_start,
                                frag_render_migrate_type_label (info.free_list_mt));
    }
  else
    {
      const char *owner = info.owner.name;

      if (owner == NULL)
        owner = frag_frame_class_name (info.owner.klass);
      g_string_append_printf (s, "\n%s %s", _("Owner:"), owner != NULL ? owner : "?");
      g_string_append_printf (s, "\n%s %s%s", _("Migrate type:"),
                              frag_render_migrate_type_label (info.owner.mt),
                              info.owner.pinned ? _(", pinned") : "");
      if (info.owner.order >= 0)
        g_string_append_printf (s, "\n%s %d", _("Buddy order:"), info.owner.order);
      if (info.owner.kind == FRAG_OWNER_PROCESS && cfg->mode == FRAG_MODE_PAGING)
        g_string_append_printf (s, "\n%s %" G_GUINT64_FORMAT, _("Virtual page:"),
                                info.owner.vpage);
    }
  return g_string_free (s, FALSE);
}

/* ---- Widget ---------------------------------------------------------------------------------- */

static void
frag_canvas_invalidate (FragCanvas *self)
{
  g_clear_pointer (&self->cache, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* A picture says nothing to a screen reader: the frame map describes memory in words too. */
static void
frag_canvas_update_description (FragCanvas *self)
{
  g_autofree char *text = NULL;
  FragMetrics m;

  if (self->view != FRAG_VIEW_FRAMES || self->simulation == NULL)
    return;
  frag_sim_metrics (frag_simulation_get_sim (self->simulation), &m);
  /* TRANSLATORS: a screen reader's summary of the frame map */
  text = g_strdup_printf (_("%" PRIu64 " of %" PRIu64 " frames free, largest hole %" PRIu64
                            " frames, %" PRIu64 " processes"),
                          (uint64_t) m.free_frames, (uint64_t) m.total_frames,
                          (uint64_t) m.largest_free_run, (uint64_t) m.live_processes);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  text, -1);
}

static void
frag_canvas_changed_cb (FragCanvas     *self,
                        FragSimulation *simulation)
{
  frag_canvas_update_description (self);
  /* Every view follows every step: the renderer repaints only what changed (the frame map's
   * changed blocks, the metrics' marker), so a 4M-frame run playing at 1000 steps/s keeps
   * 60 frames/s with all of them (`fragscope-cli bench --only "app frame"`). */
  /* Owner ids are reused once a process exits or the run seeks back. */
  frag_dense_map_reset_owners (self->dense);
  frag_canvas_invalidate (self);
}

static void
frag_canvas_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  FragCanvas *self = FRAG_CANVAS (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (width <= 0 || height <= 0)
    return;

  if (self->cache != NULL && (self->cache_width != width || self->cache_height != height))
    g_clear_pointer (&self->cache, gsk_render_node_unref);

  if (self->cache == NULL)
    {
      g_autoptr(GtkSnapshot) sub = gtk_snapshot_new ();
      cairo_t *cr = gtk_snapshot_append_cairo (sub, &GRAPHENE_RECT_INIT (0, 0, width, height));

      if (self->simulation == NULL && self->n_zone_stats > 0)
        {
          FragRenderContext ctx;

          frag_render_context_init (&ctx, NULL);
          ctx.palette = frag_canvas_palette (self);
          ctx.font_scale = self->font_scale;
          ctx.title = self->stats_title;
          frag_render_buddy_stats (cr, &ctx, self->zone_stats, self->n_zone_stats, width, height);
        }
      else if (self->simulation == NULL)
        {
          frag_color_set_source (cr, frag_canvas_palette (self)->background, 1.0);
          cairo_paint (cr);
        }
      else if (self->view == FRAG_VIEW_FRAMES && self->zoom > 1.0)
        frag_canvas_draw_frames (self, cr, width, height);
      else
        {
          FragRenderContext ctx;

          frag_canvas_render_context (self, &ctx);
          frag_render_view (cr, &ctx, self->view, width, height);
        }
      cairo_destroy (cr);
      self->paints++;
      self->cache = gtk_snapshot_free_to_node (g_steal_pointer (&sub));
      self->cache_width = width;
      self->cache_height = height;
    }
  if (self->cache != NULL)
    gtk_snapshot_append_node (snapshot, self->cache);
}

static gboolean
frag_canvas_query_tooltip (GtkWidget  *widget,
                           int         x,
                           int         y,
                           gboolean    keyboard,
                           GtkTooltip *tooltip)
{
  FragCanvas *self = FRAG_CANVAS (widget);
  g_autofree char *text = NULL;
  guint64 pfn;

  if (!frag_canvas_frame_at (self, x, y, &pfn))
    return FALSE;
  text = frag_canvas_dup_frame_text (frag_simulation_get_sim (self->simulation), pfn);
  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
frag_canvas_clamp_pan (FragCanvas *self)
{
  self->pan = CLAMP (self->pan, 0.0, 1.0 - 1.0 / self->zoom);
}

static gboolean
frag_canvas_scroll_cb (FragCanvas               *self,
                       double                    dx,
                       double                    dy,
                       GtkEventControllerScroll *controller)
{
  GdkModifierType state;

  if (self->view != FRAG_VIEW_FRAMES)
    return FALSE;
  state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  if (state & GDK_CONTROL_MASK)
    {
      frag_canvas_set_zoom (self, self->zoom * (dy < 0 ? 1.25 : 0.8));
      return TRUE;
    }
  if (self->zoom <= 1.0)
    return FALSE;
  self->pan += (dy + dx) * 0.1 / self->zoom;
  frag_canvas_clamp_pan (self);
  frag_canvas_invalidate (self);
  return TRUE;
}

static void
frag_canvas_drag_begin_cb (FragCanvas     *self,
                           double          x,
                           double          y,
                           GtkGestureDrag *gesture)
{
  self->drag_pan = self->pan;
}

static void
frag_canvas_drag_update_cb (FragCanvas     *self,
                            double          dx,
                            double          dy,
                            GtkGestureDrag *gesture)
{
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->view != FRAG_VIEW_FRAMES || self->zoom <= 1.0 || height <= 0)
    return;
  /* Memory runs row by row: dragging up by the widget's height moves one screenful on. */
  self->pan = self->drag_pan - dy / height / self->zoom;
  frag_canvas_clamp_pan (self);
  frag_canvas_invalidate (self);
}

static void
frag_canvas_dispose (GObject *object)
{
  FragCanvas *self = FRAG_CANVAS (object);

  frag_canvas_set_simulation (self, NULL);
  g_clear_pointer (&self->cache, gsk_render_node_unref);

  G_OBJECT_CLASS (frag_canvas_parent_class)->dispose (object);
}

static void
frag_canvas_finalize (GObject *object)
{
  FragCanvas *self = FRAG_CANVAS (object);

  g_free (self->palette);
  g_free (self->words);
  g_free (self->zone_stats);
  g_free (self->stats_title);
  g_clear_pointer (&self->render_cache, frag_render_cache_free);
  g_clear_pointer (&self->dense, frag_dense_map_free);

  G_OBJECT_CLASS (frag_canvas_parent_class)->finalize (object);
}

static void
frag_canvas_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  FragCanvas *self = FRAG_CANVAS (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      g_value_set_enum (value, self->view);
      break;
    case PROP_SIMULATION:
      g_value_set_object (value, self->simulation);
      break;
    case PROP_PALETTE:
      g_value_set_string (value, self->palette);
      break;
    case PROP_FONT_SCALE:
      g_value_set_double (value, self->font_scale);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
frag_canvas_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  FragCanvas *self = FRAG_CANVAS (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      frag_canvas_set_view (self, g_value_get_enum (value));
      break;
    case PROP_SIMULATION:
      frag_canvas_set_simulation (self, g_value_get_object (value));
      break;
    case PROP_PALETTE:
      frag_canvas_set_palette (self, g_value_get_string (value));
      break;
    case PROP_FONT_SCALE:
      frag_canvas_set_font_scale (self, g_value_get_double (value));
      break;
    case PROP_ZOOM:
      frag_canvas_set_zoom (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
frag_canvas_class_init (FragCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = frag_canvas_dispose;
  object_class->finalize = frag_canvas_finalize;
  object_class->get_property = frag_canvas_get_property;
  object_class->set_property = frag_canvas_set_property;

  widget_class->snapshot = frag_canvas_snapshot;
  widget_class->query_tooltip = frag_canvas_query_tooltip;

  properties[PROP_VIEW] =
    g_param_spec_enum ("view", NULL, NULL, FRAG_TYPE_CANVAS_VIEW, FRAG_VIEW_FRAMES,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIMULATION] =
    g_param_spec_object ("simulation", NULL, NULL, FRAG_TYPE_SIMULATION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PALETTE] =
    g_param_spec_string ("palette", NULL, NULL, "light",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FONT_SCALE] =
    g_param_spec_double ("font-scale", NULL, NULL, 0.5, 4.0, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, 1.0, MAX_ZOOM, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "fragcanvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
frag_canvas_init (FragCanvas *self)
{
  GtkEventController *scroll;
  GtkGesture *drag;

  self->view = FRAG_VIEW_FRAMES;
  self->zoom = 1.0;
  self->font_scale = 1.0;
  self->palette = g_strdup ("light");
  self->render_cache = frag_render_cache_new ();
  self->dense = frag_dense_map_new ();
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (self), 160, 120);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  frag_canvas_view_label (self->view), -1);

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect_swapped (scroll, "scroll", G_CALLBACK (frag_canvas_scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  drag = gtk_gesture_drag_new ();
  g_signal_connect_swapped (drag, "drag-begin", G_CALLBACK (frag_canvas_drag_begin_cb), self);
  g_signal_connect_swapped (drag, "drag-update", G_CALLBACK (frag_canvas_drag_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
}

GtkWidget *
frag_canvas_new (FragView view)
{
  return g_object_new (FRAG_TYPE_CANVAS, "view", view, NULL);
}

FragView
frag_canvas_get_view (FragCanvas *self)
{
  g_return_val_if_fail (FRAG_IS_CANVAS (self), 0);
  return self->view;
}

void
frag_canvas_set_view (FragCanvas *self,
                      FragView    view)
{
  g_return_if_fail (FRAG_IS_CANVAS (self));
  g_return_if_fail ((int) view >= 0 && view < FRAG_VIEW_COUNT);

  if (self->view == view)
    return;
  self->view = view;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  frag_canvas_view_label (view), -1);
  frag_canvas_invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

FragSimulation *
frag_canvas_get_simulation (FragCanvas *self)
{
  g_return_val_if_fail (FRAG_IS_CANVAS (self), NULL);
  return self->simulation;
}

void
frag_canvas_set_simulation (FragCanvas     *self,
                            FragSimulation *simulation)
{
  g_return_if_fail (FRAG_IS_CANVAS (self));
  g_return_if_fail (simulation == NULL || FRAG_IS_SIMULATION (simulation));

  if (self->simulation == simulation)
    return;
  if (self->simulation != NULL)
    {
      g_clear_signal_handler (&self->changed_handler, self->simulation);
      g_clear_object (&self->simulation);
    }
  if (simulation != NULL)
    {
      self->simulation = g_object_ref (simulation);
      self->changed_handler = g_signal_connect_swapped (simulation, "changed",
                                                        G_CALLBACK (frag_canvas_changed_cb), self);
    }
  /* Another memory may be of another size: show all of it. */
  self->zoom = 1.0;
  self->pan = 0.0;
  frag_render_cache_invalidate (self->render_cache);
  frag_dense_map_reset_owners (self->dense);
  frag_canvas_update_description (self);
  frag_canvas_invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIMULATION]);
}

void
frag_canvas_set_zone_stats (FragCanvas          *self,
                            const FragZoneStats *zones,
                            guint                n_zones,
                            const char          *title)
{
  g_return_if_fail (FRAG_IS_CANVAS (self));

  g_clear_pointer (&self->zone_stats, g_free);
  self->n_zone_stats = 0;
  if (zones != NULL && n_zones > 0)
    {
      self->zone_stats = g_memdup2 (zones, sizeof (FragZoneStats) * n_zones);
      self->n_zone_stats = n_zones;
    }
  g_free (self->stats_title);
  self->stats_title = g_strdup (title);
  frag_canvas_invalidate (self);
}

const char *
frag_canvas_get_palette (FragCanvas *self)
{
  g_return_val_if_fail (FRAG_IS_CANVAS (self), NULL);
  return self->palette;
}

void
frag_canvas_set_palette (FragCanvas *self,
                         const char *palette)
{
  g_return_if_fail (FRAG_IS_CANVAS (self));

  if (palette == NULL)
    palette = "light";
  if (g_strcmp0 (self->palette, palette) == 0)
    return;
  g_free (self->palette);
  self->palette = g_strdup (palette);
  frag_dense_map_reset_owners (self->dense);
  frag_canvas_invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PALETTE]);
}

double
frag_canvas_get_font_scale (FragCanvas *self)
{
  g_return_val_if_fail (FRAG_IS_CANVAS (self), 1.0);
  return self->font_scale;
}

void
frag_canvas_set_font_scale (FragCanvas *self,
                            double      font_scale)
{
  g_return_if_fail (FRAG_IS_CANVAS (self));

  font_scale = CLAMP (font_scale, 0.5, 4.0);
  if (self->font_scale == font_scale)
    return;
  self->font_scale = font_scale;
  frag_canvas_invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FONT_SCALE]);
}

guint
frag_canvas_get_paints (FragCanvas *self)
{
  g_return_val_if_fail (FRAG_IS_CANVAS (self), 0);
  return self->paints;
}

double
frag_canvas_get_zoom (FragCanvas *self)
{
  g_return_val_if_fail (FRAG_IS_CANVAS (self), 1.0);
  return self->zoom;
}

void
frag_canvas_set_zoom (FragCanvas *self,
                      double      zoom)
{
  double centre;

  g_return_if_fail (FRAG_IS_CANVAS (self));

  zoom = CLAMP (zoom, 1.0, MAX_ZOOM);
  if (self->zoom == zoom)
    return;
  /* Keep the middle of what is shown in the middle. */
  centre = self->pan + 0.5 / self->zoom;
  self->zoom = zoom;
  self->pan = centre - 0.5 / zoom;
  frag_canvas_clamp_pan (self);
  frag_canvas_invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}
