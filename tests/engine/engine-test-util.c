/* engine-test-util.c: helpers shared by the engine tests (kept small on purpose). */
#include "engine-test-util.h"
#include "frag-frame.h"

#include <string.h>

void
frag_test_config (FragConfig *cfg, uint64_t frame_size, uint64_t frames, FragMode mode, FragFit fit)
{
  frag_config_init (cfg);
  cfg->frame_size = frame_size;
  cfg->n_zones = 1;
  g_strlcpy (cfg->zones[0].name, "Normal", sizeof cfg->zones[0].name);
  cfg->zones[0].start_pfn = 0;
  cfg->zones[0].frames = frames;
  cfg->mode = mode;
  cfg->fit = fit;
}

FragOp *
frag_test_spawn (FragProgram *prog, const char *name, uint64_t size, int64_t at)
{
  FragOp *op = frag_program_add_op (prog, FRAG_OP_SPAWN);
  g_assert_nonnull (op);
  op->name = frag_program_intern (prog, name);
  op->first_segment = frag_program_add_segment (prog, FRAG_NONE, size);
  op->n_segments = 1;
  op->size = size;
  op->mt = FRAG_MT_MOVABLE;
  op->order = -1;
  if (at >= 0)
    {
      op->has_at = TRUE;
      op->address = (uint64_t) at;
    }
  return op;
}

FragOp *
frag_test_op (FragProgram *prog, FragOpKind kind, const char *name)
{
  FragOp *op = frag_program_add_op (prog, kind);
  g_assert_nonnull (op);
  if (name != NULL)
    op->name = frag_program_intern (prog, name);
  op->mt = FRAG_MT_MOVABLE;
  op->order = -1;
  return op;
}

FragSim *
frag_test_sim (const FragConfig *cfg, FragProgram *prog)
{
  char err[256] = "";
  FragSim *sim = frag_sim_new (cfg, prog, err, sizeof err);
  if (sim == NULL)
    g_error ("frag_sim_new: %s", err);
  frag_program_unref (prog);
  return sim;
}

void
frag_test_check (const FragSim *sim)
{
  char err[512] = "";
  if (!frag_sim_check (sim, err, sizeof err))
    g_error ("frag_sim_check at position %" G_GUINT64_FORMAT ": %s", frag_sim_position (sim), err);

  /* The pageblock summary (cached by the engine between changes) against the words counted
   * here: the previous check filled the cache, so a change that forgot to invalidate it shows
   * up as a stale answer now. */
  unsigned pbo = frag_sim_config (sim)->pageblock_order;
  for (unsigned z = 0; z < frag_sim_n_zones (sim); z++)
    {
      uint64_t start = 0, frames = 0, mixed = 0, prev_end = 0, shared = 0;
      const uint32_t *w = frag_sim_zone_words (sim, z, &start, &frames);
      FragZoneStats zs;
      uint64_t first_pb = 0, n_pb = 0;
      const FragPageblockUse *use = frag_sim_zone_pageblock_use (sim, z, &first_pb, &n_pb);
      g_assert_cmpuint (first_pb, ==, start >> pbo);
      if (z > 0)
        {
          uint64_t ps, pf;
          frag_sim_zone_words (sim, z - 1, &ps, &pf);
          prev_end = ps + pf;
        }
      for (uint64_t pb = start >> pbo; pb <= (start + frames - 1) >> pbo; pb++)
        {
          uint64_t s = MAX (pb << pbo, start), e = MIN ((pb + 1) << pbo, start + frames);
          unsigned mt = frag_sim_pageblock_type (sim, pb);
          uint32_t used = 0, foreign = 0;
          FragPageblockUse u;
          for (uint64_t p = s; p < e; p++)
            if (frag_fw_is_used (w[p - start]))
              {
                used++;
                foreign += frag_fw_used_mt (w[p - start]) != mt;
              }
          if (z > 0 && (pb << pbo) < prev_end)
            {
              shared = 1;
              continue;   /* shared with the zone below, which answers for it and its type */
            }
          mixed += foreign != 0;
          g_assert_nonnull (use);
          g_assert_cmpuint (pb - first_pb, <, n_pb);
          u = use[pb - first_pb];
          if (u.frames != e - s || u.used != used || u.foreign != foreign)
            g_error ("position %" G_GUINT64_FORMAT ", pageblock %" G_GUINT64_FORMAT ": use %u/%u, "
                     "%u foreign; the words say %u/%u, %u", frag_sim_position (sim), pb, u.used,
                     u.frames, u.foreign, used, (unsigned) (e - s), foreign);
        }
      frag_sim_zone_stats (sim, z, &zs);
      /* A block shared with the zone below is typed by each zone for its own part. */
      g_assert_cmpuint (zs.mixed_pageblocks, >=, mixed);
      g_assert_cmpuint (zs.mixed_pageblocks, <=, mixed + shared);
    }
}

uint64_t
frag_test_run_checked (FragSim *sim, uint64_t max_steps, uint64_t dense, uint64_t every)
{
  uint64_t n = 0;
  frag_test_check (sim);
  while (n < max_steps && frag_sim_step (sim))
    {
      n++;
      if (n <= dense || (every > 0 && n % every == 0))
        frag_test_check (sim);
    }
  frag_test_check (sim);
  return n;
}

static bool
hole_cb (const FragExtent *e, void *data)
{
  GString *s = data;
  g_string_append_printf (s, "%s%" G_GUINT64_FORMAT "+%" G_GUINT64_FORMAT, s->len ? " " : "",
                          e->start, e->frames);
  return true;
}

char *
frag_test_holes_string (const FragSim *sim)
{
  GString *s = g_string_new (NULL);
  frag_sim_foreach_hole (sim, hole_cb, s);
  return g_string_free (s, FALSE);
}

char *
frag_test_frames_string (const FragSim *sim, size_t process_index)
{
  uint64_t frames[256];
  size_t n = frag_sim_process_frames (sim, process_index, frames, G_N_ELEMENTS (frames));
  GString *s = g_string_new (NULL);
  for (size_t i = 0; i < n; i++)
    g_string_append_printf (s, "%s%" G_GUINT64_FORMAT, i ? " " : "", frames[i]);
  return g_string_free (s, FALSE);
}
