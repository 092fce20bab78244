/* frag-sim-import.c: building a state straight from a real machine (kpageflags captures, ftrace
 * replays): runs of frames marked used with a class, pageblocks re-tagged. Not steps: they are
 * accepted at position 0 only, and the first checkpoint is taken again before the first step.
 * One owner per imported run, so a capture costs one table entry per run, not per frame.
 */
#include "frag-sim-private.h"

bool
frag_sim_import_used (FragSim *sim, uint64_t pfn, uint64_t frames, FragFrameClass klass,
                      FragMigrateType mt)
{
  if (sim == NULL || sim->st.position != 0 || frames == 0 || (unsigned) mt >= FRAG_MT_COUNT
      || (unsigned) klass >= FRAG_CLASS_COUNT)
    return false;
  int z = frag_sim_zone_of (sim, pfn);
  if (z < 0)
    return false;
  const FragZoneSpec *zs = &sim->cfg.zones[z];
  if (frames > zs->frames - (pfn - zs->start_pfn))
    return false;
  uint64_t hs, hn;
  if (!frag_holes_hole_at (sim->holes[z], pfn, &hs, &hn) || hs + hn < pfn + frames)
    return false;
  uint32_t id = frag_sim_owner_new (sim);
  if (id == FRAG_NONE)
    return false;
  FragOwnerRec *o = &FRAG_VEC_AT (sim->owners, FragOwnerRec, id);
  o->kind = FRAG_OWNER_IMPORTED;
  o->klass = (uint8_t) klass;
  o->mt = (uint8_t) mt;
  o->start = pfn;
  o->frames = frames;
  bool rec = sim->recording_changes;
  sim->recording_changes = false;
  frag_sim_take (sim, (unsigned) z, pfn, frames, id, mt, false);
  sim->recording_changes = rec;
  frag_sim_invalidate_history (sim);
  return true;
}

bool
frag_sim_import_set_pageblock (FragSim *sim, uint64_t pageblock, FragMigrateType mt)
{
  if (sim == NULL || sim->st.position != 0 || (unsigned) mt >= FRAG_MT_COUNT)
    return false;
  unsigned pbo = sim->cfg.pageblock_order;
  if (pageblock > (UINT64_MAX >> pbo) - 1)
    return false;
  uint64_t s = pageblock << pbo, e = (pageblock + 1) << pbo;
  bool any = false;
  for (unsigned z = 0; z < sim->n_zones; z++)
    {
      const FragZoneSpec *zs = &sim->cfg.zones[z];
      if (zs->start_pfn < e && s < zs->start_pfn + zs->frames)
        {
          frag_zone_set_pageblock_mt (sim->zones[z], pageblock, mt);
          any = true;
        }
    }
  if (any)
    frag_sim_invalidate_history (sim);
  return any;
}
