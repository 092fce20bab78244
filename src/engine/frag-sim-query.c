/* frag-sim-query.c: what the renderer, the CLI report and the GUI read from a FragSim.
 *
 * Read-only, except that the creation-order tables drop their dead entries on first read (a
 * change of representation, not of state).
 */
#include "frag-sim-private.h"

#include <string.h>

static FragOwnerRec *
owner_rec (const FragSim *sim, uint32_t id)
{
  return &FRAG_VEC_AT (sim->owners, FragOwnerRec, id);
}

void
frag_sim_metrics (const FragSim *sim, FragMetrics *out)
{
  *out = sim->st.m;
  uint64_t largest = 0;
  for (unsigned z = 0; z < sim->n_zones; z++)
    {
      uint64_t l = frag_holes_largest (sim->holes[z]);
      largest = l > largest ? l : largest;
    }
  out->free_frames = frag_sim_free_frames (sim);
  out->total_frames = sim->total_frames;
  out->used_frames = sim->total_frames - out->free_frames;
  out->largest_free_run = largest;
  out->external_fragmentation = out->free_frames
                                  ? 1.0 - (double) largest / (double) out->free_frames : 0.0;
  out->internal_fragmentation_bytes = sim->st.internal_bytes;
  out->live_processes = sim->procs.n_live;
  out->live_allocations = sim->raws.n_live;
  out->extfrag_events = 0;
  out->pageblocks_stolen = 0;
  for (unsigned z = 0; z < sim->n_zones; z++)
    {
      const FragZoneCounters *c = frag_zone_counters (sim->zones[z]);
      out->extfrag_events += c->extfrag_events;
      out->pageblocks_stolen += c->pageblocks_stolen;
    }
}

unsigned
frag_sim_n_zones (const FragSim *sim)
{
  return sim->n_zones;
}

void
frag_sim_zone_stats (const FragSim *sim, unsigned zone, FragZoneStats *out)
{
  memset (out, 0, sizeof *out);
  if (zone >= sim->n_zones)
    return;
  const FragZoneSpec *zs = &sim->cfg.zones[zone];
  const FragZone *z = sim->zones[zone];
  memcpy (out->name, zs->name, sizeof out->name);
  out->name[sizeof out->name - 1] = '\0';
  out->start_pfn = zs->start_pfn;
  out->frames = zs->frames;
  out->free_frames = frag_holes_free_frames (sim->holes[zone]);
  out->largest_free_run = frag_holes_largest (sim->holes[zone]);
  out->n_orders = sim->cfg.max_order + 1;
  for (unsigned o = 0; o < out->n_orders; o++)
    for (unsigned mt = 0; mt < FRAG_MT_COUNT; mt++)
      {
        uint64_t n = frag_zone_nr_free (z, o, (FragMigrateType) mt);
        out->nr_free_by_type[mt][o] = n;
        out->nr_free[o] += n;
      }
  unsigned pbo = sim->cfg.pageblock_order;
  uint64_t first = zs->start_pfn >> pbo, last = (zs->start_pfn + zs->frames - 1) >> pbo;
  for (uint64_t pb = first; pb <= last; pb++)
    {
      FragMigrateType mt = frag_zone_pageblock_mt (z, pb);
      if ((unsigned) mt < FRAG_MT_COUNT)
        out->pageblocks_by_type[mt]++;
      out->n_pageblocks++;
    }
  frag_zone_pageblock_use (z, &out->mixed_pageblocks);
}

uint64_t
frag_sim_zone_generation (const FragSim *sim, unsigned zone)
{
  return zone < sim->n_zones ? frag_zone_generation (sim->zones[zone]) : 0;
}

bool
frag_sim_zone_changes_since (const FragSim *sim, unsigned zone, uint64_t generation,
                             FragRangeFunc fn, void *data)
{
  return zone < sim->n_zones && frag_zone_changes_since (sim->zones[zone], generation, fn, data);
}

const FragPageblockUse *
frag_sim_zone_pageblock_use (const FragSim *sim, unsigned zone, uint64_t *first_pageblock,
                             uint64_t *n)
{
  if (zone >= sim->n_zones)
    return NULL;
  if (first_pageblock)
    *first_pageblock = sim->cfg.zones[zone].start_pfn >> sim->cfg.pageblock_order;
  if (n)
    *n = frag_zone_n_pageblocks (sim->zones[zone]);
  return frag_zone_pageblock_use (sim->zones[zone], NULL);
}

typedef struct {
  FragExtentFunc fn;
  void          *data;
  bool           stopped;
} HoleWalk;

static bool
hole_walk_cb (const FragExtent *extent, void *user_data)
{
  HoleWalk *hw = user_data;
  if (!hw->fn (extent, hw->data))
    {
      hw->stopped = true;
      return false;
    }
  return true;
}

void
frag_sim_foreach_hole (const FragSim *sim, FragExtentFunc fn, void *user_data)
{
  HoleWalk hw = { fn, user_data, false };
  for (unsigned z = 0; z < sim->n_zones && !hw.stopped; z++)
    frag_holes_foreach (sim->holes[z], hole_walk_cb, &hw);
}

static uint32_t
live_slot (const FragSim *sim, const FragObjTable *t, size_t index)
{
  frag_obj_table_compact ((FragObjTable *) t);
  if (index >= t->order.len)
    return FRAG_NONE;
  return FRAG_VEC_AT (t->order, uint32_t, index);
}

size_t
frag_sim_n_processes (const FragSim *sim)
{
  return sim->procs.n_live;
}

bool
frag_sim_process (const FragSim *sim, size_t index, FragProcessInfo *out)
{
  uint32_t slot = live_slot (sim, &sim->procs, index);
  if (slot == FRAG_NONE)
    return false;
  const FragObj *p = &FRAG_VEC_AT (sim->procs.objs, FragObj, slot);
  memset (out, 0, sizeof *out);
  out->name = frag_sim_obj_name (sim, p);
  out->id = p->hash;
  out->pinned = p->pinned;
  out->mt = (FragMigrateType) p->mt;
  out->n_segments = p->n_segments;
  out->bytes = p->bytes;
  out->frames = p->frames;
  return true;
}

static uint32_t
segment_owner (const FragSim *sim, size_t process_index, unsigned segment, uint64_t *base)
{
  uint32_t slot = live_slot (sim, &sim->procs, process_index);
  if (slot == FRAG_NONE)
    return FRAG_NONE;
  const FragObj *p = &FRAG_VEC_AT (sim->procs.objs, FragObj, slot);
  uint64_t b = 0;
  unsigned i = 0;
  for (uint32_t id = p->first_owner; id != FRAG_NONE; id = owner_rec (sim, id)->next, i++)
    {
      const FragOwnerRec *o = owner_rec (sim, id);
      if (i == segment)
        {
          if (base)
            *base = b;
          return id;
        }
      b += o->paged ? o->frames * sim->cfg.frame_size : o->bytes;
    }
  return FRAG_NONE;
}

bool
frag_sim_segment (const FragSim *sim, size_t process_index, unsigned segment,
                  FragSegmentInfo *out)
{
  uint64_t base = 0;
  uint32_t id = segment_owner (sim, process_index, segment, &base);
  if (id == FRAG_NONE)
    return false;
  const FragOwnerRec *o = owner_rec (sim, id);
  memset (out, 0, sizeof *out);
  out->name = frag_program_string (sim->prog, o->seg_name);
  out->bytes = o->bytes;
  out->frames = o->frames;
  out->base_vaddr = base;
  out->start_pfn = o->start;
  if (o->paged)
    {
      const uint64_t *pte = frag_sim_pte ((FragSim *) sim, o);
      for (uint64_t i = 1; i < o->frames; i++)
        if (pte[i] != pte[i - 1] + 1)
          {
            out->start_pfn = UINT64_MAX;
            break;
          }
    }
  return true;
}

size_t
frag_sim_process_extents (const FragSim *sim, size_t process_index, FragExtent *out, size_t max)
{
  uint32_t slot = live_slot (sim, &sim->procs, process_index);
  if (slot == FRAG_NONE)
    return 0;
  const FragObj *p = &FRAG_VEC_AT (sim->procs.objs, FragObj, slot);
  size_t n = 0;
  for (uint32_t id = p->first_owner; id != FRAG_NONE; id = owner_rec (sim, id)->next)
    {
      const FragOwnerRec *o = owner_rec (sim, id);
      if (!o->paged)
        {
          if (n < max)
            out[n] = (FragExtent) { o->start, o->frames };
          n++;
          continue;
        }
      const uint64_t *pte = frag_sim_pte ((FragSim *) sim, o);
      uint64_t i = 0;
      while (i < o->frames)
        {
          uint64_t s = i++;
          while (i < o->frames && pte[i] == pte[i - 1] + 1)
            i++;
          if (n < max)
            out[n] = (FragExtent) { pte[s], i - s };
          n++;
        }
    }
  return n < max ? n : max;
}

size_t
frag_sim_process_frames (const FragSim *sim, size_t process_index, uint64_t *out, size_t max)
{
  uint32_t slot = live_slot (sim, &sim->procs, process_index);
  if (slot == FRAG_NONE)
    return 0;
  const FragObj *p = &FRAG_VEC_AT (sim->procs.objs, FragObj, slot);
  size_t n = 0;
  for (uint32_t id = p->first_owner; id != FRAG_NONE; id = owner_rec (sim, id)->next)
    {
      const FragOwnerRec *o = owner_rec (sim, id);
      const uint64_t *pte = o->paged ? frag_sim_pte ((FragSim *) sim, o) : NULL;
      for (uint64_t i = 0; i < o->frames && n < max; i++)
        out[n++] = pte ? pte[i] : o->start + i;
    }
  return n;
}

size_t
frag_sim_n_raw (const FragSim *sim)
{
  return sim->raws.n_live;
}

bool
frag_sim_raw (const FragSim *sim, size_t index, const char **id, uint64_t *pfn, unsigned *order,
              FragMigrateType *mt)
{
  uint32_t slot = live_slot (sim, &sim->raws, index);
  if (slot == FRAG_NONE)
    return false;
  const FragObj *r = &FRAG_VEC_AT (sim->raws.objs, FragObj, slot);
  const FragOwnerRec *o = owner_rec (sim, r->first_owner);
  if (id)
    *id = frag_sim_obj_name (sim, r);
  if (pfn)
    *pfn = o->start;
  if (order)
    *order = o->order < 0 ? 0u : (unsigned) o->order;
  if (mt)
    *mt = (FragMigrateType) o->mt;
  return true;
}

bool
frag_sim_owner (const FragSim *sim, uint32_t owner_id, FragOwnerInfo *out)
{
  memset (out, 0, sizeof *out);
  out->order = -1;
  if (owner_id >= sim->owners.len)
    return false;
  const FragOwnerRec *o = owner_rec (sim, owner_id);
  if (o->kind == FRAG_OWNER_NONE)
    return false;
  out->kind = (FragOwnerKind) o->kind;
  out->segment = o->seg;
  out->mt = (FragMigrateType) o->mt;
  out->klass = (FragFrameClass) o->klass;
  out->pinned = o->pinned;
  out->start_pfn = o->start;
  out->frames = o->frames;
  out->order = o->order;
  out->process = FRAG_NONE;
  if (o->obj != FRAG_NONE)
    {
      const FragObjTable *t = o->kind == FRAG_OWNER_PROCESS ? &sim->procs : &sim->raws;
      const FragObj *obj = &FRAG_VEC_AT (t->objs, FragObj, o->obj);
      out->name = frag_sim_obj_name (sim, obj);
      if (o->kind == FRAG_OWNER_PROCESS)
        out->process = obj->hash;
    }
  return true;
}

bool
frag_sim_frame_info (const FragSim *sim, uint64_t pfn, FragFrameInfo *out)
{
  memset (out, 0, sizeof *out);
  int z = frag_sim_zone_of (sim, pfn);
  if (z < 0)
    return false;
  const FragZone *zone = sim->zones[z];
  out->pfn = pfn;
  out->zone = (unsigned) z;
  out->pageblock = pfn >> sim->cfg.pageblock_order;
  out->pageblock_mt = frag_zone_pageblock_mt (zone, out->pageblock);
  uint64_t head;
  unsigned order;
  out->buddy_order = -1;
  if (frag_zone_free_block_of (zone, pfn, &head, &order))
    {
      out->free = true;
      out->buddy_order = (int) order;
      out->buddy_start = head;
      out->free_list_mt = frag_fw_free_mt (frag_zone_words (zone)[head - sim->cfg.zones[z].start_pfn]);
      out->owner.kind = FRAG_OWNER_NONE;
      out->owner.order = -1;
      return true;
    }
  uint32_t wd = frag_zone_words (zone)[pfn - sim->cfg.zones[z].start_pfn];
  if (frag_sim_owner (sim, frag_fw_owner (wd), &out->owner))
    {
      const FragOwnerRec *o = owner_rec (sim, frag_fw_owner (wd));
      if (o->paged && sim->rmap.len)
        out->owner.vpage = FRAG_VEC_AT (sim->rmap, uint32_t,
                                        sim->zone_offset[z] + pfn - sim->cfg.zones[z].start_pfn);
      else if (o->start != FRAG_PFN_NONE && pfn >= o->start)
        out->owner.vpage = (pfn - o->start);
    }
  return true;
}

FragMigrateType
frag_sim_pageblock_type (const FragSim *sim, uint64_t pageblock)
{
  uint64_t pfn = pageblock << sim->cfg.pageblock_order;
  uint64_t end = pfn + ((uint64_t) 1 << sim->cfg.pageblock_order);
  for (unsigned z = 0; z < sim->n_zones; z++)
    {
      const FragZoneSpec *zs = &sim->cfg.zones[z];
      if (zs->start_pfn < end && pfn < zs->start_pfn + zs->frames)
        return frag_zone_pageblock_mt (sim->zones[z], pageblock);
    }
  return sim->cfg.initial_pageblock_type;
}

const uint32_t *
frag_sim_zone_words (const FragSim *sim, unsigned zone, uint64_t *start_pfn, uint64_t *frames)
{
  if (zone >= sim->n_zones)
    return NULL;
  if (start_pfn)
    *start_pfn = sim->cfg.zones[zone].start_pfn;
  if (frames)
    *frames = sim->cfg.zones[zone].frames;
  return frag_zone_words (sim->zones[zone]);
}
