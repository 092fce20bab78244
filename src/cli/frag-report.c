/* frag-report.c: see frag-report.h. Keys and values follow CONTRACT.md exactly; extra keys are
 * additions (the contract allows extending). */
#include "frag-report.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

void
frag_format_bytes (uint64_t bytes, char *buf, size_t len)
{
  static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
  unsigned u = 0;
  double v = (double) bytes;
  /* Exact multiples read best as integers ("64 KiB"); others get one decimal. */
  while (u < 4 && bytes >= 1024 && (bytes % 1024 == 0 || v >= 10240))
    {
      v /= 1024;
      if (bytes % 1024 == 0)
        bytes /= 1024;
      else
        bytes = (uint64_t) v;
      u++;
    }
  if (v == (double) (uint64_t) v)
    snprintf (buf, len, "%" PRIu64 " %s", (uint64_t) v, units[u]);
  else
    snprintf (buf, len, "%.1f %s", v, units[u]);
}

static void
json_extents (FragJsonWriter *w, const FragExtent *ext, size_t n)
{
  frag_json_begin_array (w);
  for (size_t i = 0; i < n; i++)
    {
      frag_json_begin_object (w);
      frag_json_key (w, "start");
      frag_json_uint (w, ext[i].start);
      frag_json_key (w, "frames");
      frag_json_uint (w, ext[i].frames);
      frag_json_end_object (w);
    }
  frag_json_end_array (w);
}

void
frag_report_json_begin (FragJsonWriter *w, const FragSim *sim, const FragReportInfo *info,
                        uint64_t steps_run)
{
  const FragConfig *cfg = frag_sim_config (sim);
  const FragProgram *prog = frag_sim_program (sim);
  frag_json_begin_object (w);
  frag_json_key (w, "report");
  frag_json_string (w, "fragscope");
  frag_json_key (w, "version");
  frag_json_uint (w, 1);
  frag_json_key (w, "title");
  frag_json_string (w, info && info->title ? info->title : (prog && prog->title ? prog->title : ""));
  frag_json_key (w, "mode");
  frag_json_string (w, frag_mode_name (cfg->mode));
  frag_json_key (w, "fit");
  frag_json_string (w, frag_fit_name (cfg->fit));
  frag_json_key (w, "free_list");
  frag_json_string (w, frag_free_list_name (cfg->free_list));
  frag_json_key (w, "frame_size");
  frag_json_uint (w, cfg->frame_size);
  frag_json_key (w, "max_order");
  frag_json_uint (w, cfg->max_order);
  frag_json_key (w, "pageblock_order");
  frag_json_uint (w, cfg->pageblock_order);
  frag_json_key (w, "steps_run");
  frag_json_uint (w, steps_run);
  frag_json_key (w, "steps_total");
  frag_json_uint (w, frag_sim_n_steps (sim));
  frag_json_key (w, "events");
  frag_json_begin_array (w);
}

void
frag_report_json_event (FragJsonWriter *w, const FragSim *sim, const FragEvent *ev)
{
  frag_json_begin_object (w);
  frag_json_key (w, "step");
  frag_json_uint (w, ev->step);
  frag_json_key (w, "op");
  frag_json_string (w, frag_op_name (ev->op));
  switch (ev->op)
    {
    case FRAG_OP_SPAWN:
    case FRAG_OP_EXIT:
    case FRAG_OP_GROW:
    case FRAG_OP_ACCESS:
      frag_json_key (w, "process");
      frag_json_string (w, ev->name);
      break;
    case FRAG_OP_ALLOC:
    case FRAG_OP_FREE:
      frag_json_key (w, "id");
      frag_json_string (w, ev->name);
      break;
    case FRAG_OP_NOTE:
      frag_json_key (w, "text");
      frag_json_string (w, ev->name);
      break;
    default:
      break;
    }
  frag_json_key (w, "ok");
  frag_json_bool (w, ev->ok);
  if (!ev->ok && frag_reason_name (ev->reason) != NULL)
    {
      frag_json_key (w, "reason");
      frag_json_string (w, frag_reason_name (ev->reason));
    }
  if (ev->op == FRAG_OP_GROW && ev->segment)
    {
      frag_json_key (w, "segment");
      frag_json_string (w, ev->segment);
    }
  if (ev->op == FRAG_OP_SPAWN || ev->op == FRAG_OP_ALLOC || ev->op == FRAG_OP_GROW
      || ev->op == FRAG_OP_TRACE_ALLOC)
    {
      if (ev->ok)
        {
          frag_json_key (w, "extents");
          json_extents (w, ev->extents, ev->n_extents);
        }
      if (ev->bytes)
        {
          frag_json_key (w, "bytes");
          frag_json_uint (w, ev->bytes);
        }
    }
  if (ev->op == FRAG_OP_ALLOC || ev->op == FRAG_OP_TRACE_ALLOC || ev->op == FRAG_OP_TRACE_FREE
      || (ev->op == FRAG_OP_COMPACT && ev->order >= 0))
    {
      frag_json_key (w, "order");
      frag_json_int (w, ev->order);
    }
  if (ev->op == FRAG_OP_ACCESS)
    {
      frag_json_key (w, "address");
      frag_json_uint (w, ev->vaddr);
      if (ev->ok)
        {
          frag_json_key (w, "physical");
          frag_json_uint (w, ev->paddr);
        }
      if (ev->walk_levels > 0)
        {
          frag_json_key (w, "walk");
          frag_json_begin_array (w);
          for (unsigned i = 0; i < ev->walk_levels; i++)
            {
              frag_json_begin_object (w);
              frag_json_key (w, "index");
              frag_json_uint (w, ev->walk[i].index);
              frag_json_key (w, "present");
              frag_json_bool (w, ev->walk[i].present);
              frag_json_end_object (w);
            }
          frag_json_end_array (w);
        }
    }
  if (ev->frames_freed)
    {
      frag_json_key (w, "frames_freed");
      frag_json_uint (w, ev->frames_freed);
    }
  if (ev->compacted || ev->op == FRAG_OP_COMPACT)
    {
      frag_json_key (w, "compaction_frames_moved");
      frag_json_uint (w, ev->frames_moved);
      frag_json_key (w, "compaction_bytes_moved");
      frag_json_uint (w, ev->frames_moved * frag_sim_config (sim)->frame_size);
    }
  if (ev->compaction_skipped)
    {
      /* Linux's rule for costly orders: the index says memory is short, compaction would not help. */
      frag_json_key (w, "compaction_skipped");
      frag_json_bool (w, true);
      frag_json_key (w, "fragmentation_index");
      frag_json_milli (w, ev->compaction_fragindex);
    }
  if (ev->skipped)
    {
      frag_json_key (w, "skipped");
      frag_json_bool (w, true);
    }
  frag_json_end_object (w);
}

static bool
type_row_nonzero (const FragZoneStats *zs, unsigned mt)
{
  for (unsigned o = 0; o < zs->n_orders; o++)
    if (zs->nr_free_by_type[mt][o])
      return true;
  return false;
}

void
frag_report_json_zone (FragJsonWriter *w, const FragZoneStats *zs)
{
  frag_json_begin_object (w);
  frag_json_key (w, "name");
  frag_json_string (w, zs->name);
  frag_json_key (w, "start_pfn");
  frag_json_uint (w, zs->start_pfn);
  frag_json_key (w, "frames");
  frag_json_uint (w, zs->frames);
  frag_json_key (w, "free_frames");
  frag_json_uint (w, zs->free_frames);
  frag_json_key (w, "largest_free_run");
  frag_json_uint (w, zs->largest_free_run);
  frag_json_key (w, "free_blocks_by_order");
  frag_json_begin_array (w);
  for (unsigned o = 0; o < zs->n_orders; o++)
    frag_json_uint (w, zs->nr_free[o]);
  frag_json_end_array (w);
  frag_json_key (w, "free_blocks_by_type");
  frag_json_begin_object (w);
  for (unsigned mt = 0; mt < FRAG_MT_COUNT; mt++)
    {
      if (!type_row_nonzero (zs, mt))
        continue;
      frag_json_key (w, frag_migrate_type_name (mt));
      frag_json_begin_array (w);
      for (unsigned o = 0; o < zs->n_orders; o++)
        frag_json_uint (w, zs->nr_free_by_type[mt][o]);
      frag_json_end_array (w);
    }
  frag_json_end_object (w);
  frag_json_key (w, "pageblocks_by_type");
  frag_json_begin_object (w);
  for (unsigned mt = 0; mt < FRAG_MT_COUNT; mt++)
    if (zs->pageblocks_by_type[mt])
      {
        frag_json_key (w, frag_migrate_type_name (mt));
        frag_json_uint (w, zs->pageblocks_by_type[mt]);
      }
  frag_json_end_object (w);
  frag_json_key (w, "unusable_free_index");
  frag_json_begin_array (w);
  for (unsigned o = 0; o < zs->n_orders; o++)
    frag_json_milli (w, frag_unusable_free_index (zs->nr_free, zs->n_orders, o));
  frag_json_end_array (w);
  frag_json_key (w, "fragmentation_index");
  frag_json_begin_array (w);
  for (unsigned o = 0; o < zs->n_orders; o++)
    frag_json_milli (w, frag_fragmentation_index (zs->nr_free, zs->n_orders, o));
  frag_json_end_array (w);
  frag_json_end_object (w);
}

static bool
json_hole_cb (const FragExtent *extent, void *data)
{
  FragJsonWriter *w = data;
  frag_json_begin_object (w);
  frag_json_key (w, "start");
  frag_json_uint (w, extent->start);
  frag_json_key (w, "frames");
  frag_json_uint (w, extent->frames);
  frag_json_end_object (w);
  return true;
}

static void
json_metrics (FragJsonWriter *w, const FragMetrics *m, bool trace)
{
  frag_json_key (w, "metrics");
  frag_json_begin_object (w);
  frag_json_key (w, "free_frames");
  frag_json_uint (w, m->free_frames);
  frag_json_key (w, "used_frames");
  frag_json_uint (w, m->used_frames);
  frag_json_key (w, "largest_free_run");
  frag_json_uint (w, m->largest_free_run);
  frag_json_key (w, "external_fragmentation");
  frag_json_double (w, m->external_fragmentation);
  frag_json_key (w, "internal_fragmentation_bytes");
  frag_json_uint (w, m->internal_fragmentation_bytes);
  frag_json_key (w, "failed_allocations");
  frag_json_uint (w, m->failed_allocations);
  frag_json_key (w, "failed_external_fragmentation");
  frag_json_uint (w, m->failed_external_fragmentation);
  frag_json_key (w, "failed_out_of_memory");
  frag_json_uint (w, m->failed_out_of_memory);
  frag_json_key (w, "compaction_frames_moved");
  frag_json_uint (w, m->compaction_frames_moved);
  frag_json_key (w, "compaction_bytes_moved");
  frag_json_uint (w, m->compaction_bytes_moved);
  frag_json_key (w, "compactions");
  frag_json_uint (w, m->compactions);
  frag_json_key (w, "extfrag_events");
  frag_json_uint (w, m->extfrag_events);
  frag_json_key (w, "pageblocks_stolen");
  frag_json_uint (w, m->pageblocks_stolen);
  frag_json_key (w, "live_processes");
  frag_json_uint (w, m->live_processes);
  frag_json_key (w, "live_allocations");
  frag_json_uint (w, m->live_allocations);
  frag_json_key (w, "page_faults");
  frag_json_uint (w, m->page_faults);
  if (trace)
    {
      frag_json_key (w, "trace_allocs");
      frag_json_uint (w, m->trace_allocs);
      frag_json_key (w, "trace_frees");
      frag_json_uint (w, m->trace_frees);
      frag_json_key (w, "trace_skipped");
      frag_json_uint (w, m->trace_skipped);
    }
  frag_json_end_object (w);
}

static bool
program_has_trace (const FragSim *sim)
{
  const FragProgram *prog = frag_sim_program (sim);
  for (size_t i = 0; prog && i < prog->n_ops; i++)
    if (prog->ops[i].kind == FRAG_OP_TRACE_ALLOC || prog->ops[i].kind == FRAG_OP_TRACE_FREE)
      return true;
  return false;
}

void
frag_report_json_end (FragJsonWriter *w, const FragSim *sim)
{
  frag_json_end_array (w); /* events */

  frag_json_key (w, "zones");
  frag_json_begin_array (w);
  for (unsigned z = 0; z < frag_sim_n_zones (sim); z++)
    {
      FragZoneStats zs;
      frag_sim_zone_stats (sim, z, &zs);
      frag_report_json_zone (w, &zs);
    }
  frag_json_end_array (w);

  frag_json_key (w, "holes");
  frag_json_begin_array (w);
  frag_sim_foreach_hole (sim, json_hole_cb, w);
  frag_json_end_array (w);

  frag_json_key (w, "processes");
  frag_json_begin_array (w);
  size_t n_proc = frag_sim_n_processes (sim);
  size_t cap = 0;
  FragExtent *ext = NULL;
  uint64_t *frames = NULL;
  for (size_t i = 0; i < n_proc; i++)
    {
      FragProcessInfo pi;
      if (!frag_sim_process (sim, i, &pi))
        continue;
      /* extents() counts past max; frames() writes at most max: size by what the process holds. */
      size_t n_ext = frag_sim_process_extents (sim, i, NULL, 0);
      size_t need = n_ext > pi.frames ? n_ext : (size_t) pi.frames;
      if (need > cap)
        {
          cap = need;
          ext = realloc (ext, cap * sizeof *ext);
          frames = realloc (frames, cap * sizeof *frames);
          if (ext == NULL || frames == NULL)
            abort ();
        }
      n_ext = frag_sim_process_extents (sim, i, ext, cap);
      size_t n_frames = frag_sim_process_frames (sim, i, frames, cap);
      frag_json_begin_object (w);
      frag_json_key (w, "name");
      frag_json_string (w, pi.name);
      frag_json_key (w, "extents");
      json_extents (w, ext, n_ext);
      frag_json_key (w, "frames");
      frag_json_begin_array (w);
      for (size_t f = 0; f < n_frames; f++)
        frag_json_uint (w, frames[f]);
      frag_json_end_array (w);
      frag_json_key (w, "bytes");
      frag_json_uint (w, pi.bytes);
      frag_json_key (w, "migratetype");
      frag_json_string (w, frag_migrate_type_name (pi.mt));
      if (pi.pinned)
        {
          frag_json_key (w, "pinned");
          frag_json_bool (w, true);
        }
      frag_json_end_object (w);
    }
  free (ext);
  free (frames);
  frag_json_end_array (w);

  size_t n_raw = frag_sim_n_raw (sim);
  frag_json_key (w, "allocations");
  frag_json_begin_array (w);
  for (size_t i = 0; i < n_raw; i++)
    {
      const char *id;
      uint64_t pfn;
      unsigned order;
      FragMigrateType mt;
      if (!frag_sim_raw (sim, i, &id, &pfn, &order, &mt))
        continue;
      frag_json_begin_object (w);
      frag_json_key (w, "id");
      frag_json_string (w, id);
      frag_json_key (w, "start");
      frag_json_uint (w, pfn);
      frag_json_key (w, "order");
      frag_json_uint (w, order);
      frag_json_key (w, "migratetype");
      frag_json_string (w, frag_migrate_type_name (mt));
      frag_json_end_object (w);
    }
  frag_json_end_array (w);

  FragMetrics m;
  frag_sim_metrics (sim, &m);
  json_metrics (w, &m, program_has_trace (sim));
  frag_json_end_object (w);
  fputc ('\n', w->out);
}

void
frag_report_json_stats_only (FragJsonWriter *w, const char *title, const FragZoneStats *zones,
                             unsigned n_zones)
{
  uint64_t free_frames = 0, largest = 0;
  frag_json_begin_object (w);
  frag_json_key (w, "report");
  frag_json_string (w, "fragscope");
  frag_json_key (w, "version");
  frag_json_uint (w, 1);
  frag_json_key (w, "title");
  frag_json_string (w, title ? title : "");
  frag_json_key (w, "mode");
  frag_json_string (w, "buddy");
  frag_json_key (w, "steps_run");
  frag_json_uint (w, 0);
  frag_json_key (w, "events");
  frag_json_begin_array (w);
  frag_json_end_array (w);
  frag_json_key (w, "zones");
  frag_json_begin_array (w);
  for (unsigned z = 0; z < n_zones; z++)
    {
      frag_report_json_zone (w, &zones[z]);
      free_frames += zones[z].free_frames;
      if (zones[z].largest_free_run > largest)
        largest = zones[z].largest_free_run;
    }
  frag_json_end_array (w);
  frag_json_key (w, "metrics");
  frag_json_begin_object (w);
  frag_json_key (w, "free_frames");
  frag_json_uint (w, free_frames);
  /* From /proc text the largest free run is only known to be at least the largest block. */
  frag_json_key (w, "largest_free_block");
  frag_json_uint (w, largest);
  frag_json_end_object (w);
  frag_json_end_object (w);
  fputc ('\n', w->out);
}

/* ---- text ----------------------------------------------------------------------------------- */

static void
text_extents (FILE *out, const FragExtent *ext, size_t n)
{
  for (size_t i = 0; i < n; i++)
    {
      if (ext[i].frames == 1)
        fprintf (out, "%s%" PRIu64, i ? ", " : "", ext[i].start);
      else
        fprintf (out, "%s%" PRIu64 "-%" PRIu64, i ? ", " : "", ext[i].start,
                 ext[i].start + ext[i].frames - 1);
    }
}

void
frag_report_text_begin (FILE *out, const FragSim *sim, const FragReportInfo *info,
                        uint64_t steps_run)
{
  const FragConfig *cfg = frag_sim_config (sim);
  const FragProgram *prog = frag_sim_program (sim);
  const char *title = info && info->title ? info->title : (prog ? prog->title : NULL);
  char fs[32], total[32];
  frag_format_bytes (cfg->frame_size, fs, sizeof fs);
  frag_format_bytes (frag_config_total_frames (cfg) * cfg->frame_size, total, sizeof total);
  fprintf (out, "%s\n", title && *title ? title : "(untitled)");
  if (prog && prog->description && *prog->description)
    fprintf (out, "  %s\n", prog->description);
  fprintf (out, "Policy: %s", frag_mode_name (cfg->mode));
  if (cfg->mode == FRAG_MODE_SEGMENTATION || cfg->mode == FRAG_MODE_COMPACTION)
    fprintf (out, ", %s fit", frag_fit_name (cfg->fit));
  fprintf (out, "; %s free lists\n", frag_free_list_name (cfg->free_list));
  fprintf (out, "Memory: %s in %" PRIu64 " frames of %s, %u zone%s, orders 0..%u, pageblocks of "
           "order %u\n", total, frag_config_total_frames (cfg), fs, cfg->n_zones,
           cfg->n_zones == 1 ? "" : "s", cfg->max_order, cfg->pageblock_order);
  fprintf (out, "Steps: %" PRIu64 " of %" PRIu64 "\n\n", steps_run, frag_sim_n_steps (sim));
}

void
frag_report_text_event (FILE *out, const FragSim *sim, const FragEvent *ev)
{
  const FragConfig *cfg = frag_sim_config (sim);
  fprintf (out, "%6" PRIu64 "  %-7s ", ev->step, frag_op_name (ev->op));
  switch (ev->op)
    {
    case FRAG_OP_NOTE:
      fprintf (out, "%s\n", ev->name ? ev->name : "");
      return;
    case FRAG_OP_COMPACT:
      if (ev->compaction_skipped)
        fprintf (out, "skipped: fragmentation index %d.%03d <= 0.500 for order %d, the failure "
                 "would be for lack of memory\n", ev->compaction_fragindex / 1000,
                 ev->compaction_fragindex % 1000, ev->order);
      else
        fprintf (out, "moved %" PRIu64 " frames (%" PRIu64 " bytes)\n", ev->frames_moved,
                 ev->frames_moved * cfg->frame_size);
      return;
    case FRAG_OP_ACCESS:
      if (ev->ok)
        fprintf (out, "%s: virtual %" PRIu64 " -> physical %" PRIu64 "\n", ev->name,
                 ev->vaddr, ev->paddr);
      else
        fprintf (out, "%s: virtual %" PRIu64 " -> fault\n", ev->name ? ev->name : "?", ev->vaddr);
      return;
    default:
      break;
    }
  fprintf (out, "%s", ev->name ? ev->name : "");
  if (ev->op == FRAG_OP_ALLOC || ev->op == FRAG_OP_TRACE_ALLOC)
    fprintf (out, " order %d", ev->order);
  if (!ev->ok)
    {
      fprintf (out, ": FAILED (%s)\n", frag_reason_name (ev->reason) ? frag_reason_name (ev->reason)
                                                                    : "skipped");
      return;
    }
  if (ev->n_extents)
    {
      fprintf (out, ": frame%s ", ev->n_extents == 1 && ev->extents[0].frames == 1 ? "" : "s");
      text_extents (out, ev->extents, ev->n_extents);
    }
  if (ev->frames_freed)
    fprintf (out, ": %" PRIu64 " frame%s freed", ev->frames_freed, ev->frames_freed == 1 ? "" : "s");
  if (ev->compacted)
    fprintf (out, " (after compaction moved %" PRIu64 " frames)", ev->frames_moved);
  fputc ('\n', out);
}

void
frag_report_text_zone (FILE *out, const FragZoneStats *zs, bool with_span)
{
  if (with_span)
    fprintf (out, "Zone %s: pfn %" PRIu64 "..%" PRIu64 ", %" PRIu64 " frames, %" PRIu64
             " free, largest free run %" PRIu64 "\n", zs->name, zs->start_pfn,
             zs->start_pfn + zs->frames - 1, zs->frames, zs->free_frames, zs->largest_free_run);
  else
    fprintf (out, "Zone %s: %" PRIu64 " free frames, largest free block %" PRIu64 " frames\n",
             zs->name, zs->free_frames, zs->largest_free_run);
  fprintf (out, "  %-22s", "free blocks by order");
  for (unsigned o = 0; o < zs->n_orders; o++)
    fprintf (out, " %6" PRIu64, zs->nr_free[o]);
  fputc ('\n', out);
  for (unsigned mt = 0; mt < FRAG_MT_COUNT; mt++)
    {
      if (!type_row_nonzero (zs, mt))
        continue;
      fprintf (out, "  %-22s", frag_migrate_type_name (mt));
      for (unsigned o = 0; o < zs->n_orders; o++)
        fprintf (out, " %6" PRIu64, zs->nr_free_by_type[mt][o]);
      fputc ('\n', out);
    }
  fprintf (out, "  %-22s", "fragmentation index");
  for (unsigned o = 0; o < zs->n_orders; o++)
    {
      int v = frag_fragmentation_index (zs->nr_free, zs->n_orders, o);
      fprintf (out, " %s%d.%03d", v < 0 ? "-" : " ", abs (v) / 1000, abs (v) % 1000);
    }
  fputc ('\n', out);
  fprintf (out, "  pageblocks:");
  for (unsigned mt = 0; mt < FRAG_MT_COUNT; mt++)
    if (zs->pageblocks_by_type[mt])
      fprintf (out, " %s %" PRIu64, frag_migrate_type_name (mt), zs->pageblocks_by_type[mt]);
  fputc ('\n', out);
}

typedef struct {
  FILE    *out;
  unsigned n;
} HoleText;

static bool
text_hole_cb (const FragExtent *extent, void *data)
{
  HoleText *ht = data;
  if (ht->n++ < 16)
    fprintf (ht->out, " %" PRIu64 "+%" PRIu64, extent->start, extent->frames);
  return true;
}

void
frag_report_text_end (FILE *out, const FragSim *sim)
{
  const FragConfig *cfg = frag_sim_config (sim);
  FragMetrics m;
  frag_sim_metrics (sim, &m);
  char free_b[32], largest_b[32];
  frag_format_bytes (m.free_frames * cfg->frame_size, free_b, sizeof free_b);
  frag_format_bytes (m.largest_free_run * cfg->frame_size, largest_b, sizeof largest_b);
  fprintf (out, "\nFree: %" PRIu64 " frames (%s), largest free run %" PRIu64 " frames (%s), "
           "external fragmentation %.3f\n", m.free_frames, free_b, m.largest_free_run, largest_b,
           m.external_fragmentation);
  fprintf (out, "Failed allocations: %" PRIu64 " (%" PRIu64 " external fragmentation, %" PRIu64
           " out of memory); internal fragmentation %" PRIu64 " bytes\n", m.failed_allocations,
           m.failed_external_fragmentation, m.failed_out_of_memory,
           m.internal_fragmentation_bytes);
  if (m.compactions || m.compaction_frames_moved)
    fprintf (out, "Compaction: %" PRIu64 " runs moved %" PRIu64 " frames (%" PRIu64 " bytes)\n",
             m.compactions, m.compaction_frames_moved, m.compaction_bytes_moved);
  if (m.extfrag_events || m.pageblocks_stolen)
    fprintf (out, "Linux fallbacks: %" PRIu64 " extfrag events, %" PRIu64 " pageblocks stolen\n",
             m.extfrag_events, m.pageblocks_stolen);
  if (m.trace_allocs || m.trace_frees || m.trace_skipped)
    fprintf (out, "Trace: %" PRIu64 " allocs, %" PRIu64 " frees, %" PRIu64 " skipped\n",
             m.trace_allocs, m.trace_frees, m.trace_skipped);
  fprintf (out, "Holes (start+frames):");
  HoleText ht = { out, 0 };
  frag_sim_foreach_hole (sim, text_hole_cb, &ht);
  if (ht.n > 16)
    fprintf (out, " ... (%u holes)", ht.n);
  fprintf (out, "\n\n");
  for (unsigned z = 0; z < frag_sim_n_zones (sim); z++)
    {
      FragZoneStats zs;
      frag_sim_zone_stats (sim, z, &zs);
      frag_report_text_zone (out, &zs, true);
    }
}
