/* frag-sim-paging.c: paging mode: pages as order-0 buddy allocations, page tables, the walk.
 *
 * Each paging segment keeps its page table as a run of pfns (virtual page order) in one shared
 * pool, so the whole of it is one flat array for checkpoints. A table that must grow is copied
 * to the end of the pool; the pool is collected when garbage outweighs what is live. Page tables
 * are bookkeeping only: they take no frames (the lecture figures count frames without them).
 * The reverse map (frame -> virtual page) lets compaction move pages in bulk.
 */
#include "frag-sim-private.h"

#include <stdlib.h>
#include <string.h>

static uint64_t
global_index (const FragSim *sim, unsigned z, uint64_t pfn)
{
  return sim->zone_offset[z] + (pfn - sim->cfg.zones[z].start_pfn);
}

uint64_t *
frag_sim_pte (FragSim *sim, const FragOwnerRec *o)
{
  return &FRAG_VEC_AT (sim->pte_pool, uint64_t, o->pte);
}

/* Copies every live table to a fresh pool, tightly. */
static bool
collect_pool (FragSim *sim)
{
  FragVec fresh = { NULL, 0, 0, sizeof (uint64_t) };
  if (!frag_vec_reserve (&fresh, sim->st.pte_live + 16))
    return false;
  for (size_t id = 0; id < sim->owners.len; id++)
    {
      FragOwnerRec *o = &FRAG_VEC_AT (sim->owners, FragOwnerRec, id);
      if (o->kind == FRAG_OWNER_NONE || !o->paged || o->pte_cap == 0)
        continue;
      memcpy ((uint64_t *) fresh.data + fresh.len, frag_sim_pte (sim, o),
              o->frames * sizeof (uint64_t));
      o->pte = fresh.len;
      o->pte_cap = o->frames;
      fresh.len += o->frames;
    }
  free (sim->pte_pool.data);
  sim->pte_pool = fresh;
  return true;
}

static bool
reserve_table (FragSim *sim, FragOwnerRec *o, uint64_t frames)
{
  if (frames <= o->pte_cap)
    return true;
  if (sim->pte_pool.len > 4096 && sim->pte_pool.len > 2 * sim->st.pte_live)
    collect_pool (sim);
  uint64_t cap = o->pte_cap * 2 > frames ? o->pte_cap * 2 : frames;
  if (!frag_vec_reserve (&sim->pte_pool, sim->pte_pool.len + cap))
    return false;
  uint64_t at = sim->pte_pool.len;
  if (o->pte_cap > 0)
    memcpy ((uint64_t *) sim->pte_pool.data + at, frag_sim_pte (sim, o),
            o->frames * sizeof (uint64_t));
  sim->pte_pool.len += cap;
  o->pte = at;
  o->pte_cap = cap;
  return true;
}

static void
drop_pages (FragSim *sim, uint32_t id, uint64_t keep)
{
  FragOwnerRec *o = &FRAG_VEC_AT (sim->owners, FragOwnerRec, id);
  uint64_t *pte = frag_sim_pte (sim, o);
  while (o->frames > keep)
    {
      uint64_t pfn = pte[--o->frames];
      int z = frag_sim_zone_of (sim, pfn);
      FRAG_VEC_AT (sim->rmap, uint32_t, global_index (sim, (unsigned) z, pfn)) = FRAG_NONE;
      frag_sim_buddy_free (sim, (unsigned) z, pfn, 0);
      sim->st.pte_live--;
    }
  o->start = o->frames ? pte[0] : FRAG_PFN_NONE;
}

/* One order-0 page exactly at pfn (explicit frames, `at`): false if it is not free. */
static bool
page_at (FragSim *sim, uint64_t pfn, FragMigrateType mt, uint32_t id, unsigned *zone)
{
  int z = frag_sim_zone_of (sim, pfn);
  if (z < 0 || !frag_holes_hole_at (sim->holes[z], pfn, NULL, NULL))
    return false;
  if (!frag_zone_alloc_at (sim->zones[z], pfn, 0, mt, id))
    return false;
  frag_holes_take_range (sim->holes[z], pfn, 1);
  sim->st.used_frames++;
  frag_sim_note_change (sim, pfn, 1, FRAG_CHANGE_ALLOCATED);
  *zone = (unsigned) z;
  return true;
}

bool
frag_sim_paging_add_pages (FragSim *sim, uint32_t id, uint64_t pages,
                           const uint64_t *explicit_pfns, uint64_t n_explicit, bool has_at,
                           uint64_t at_pfn)
{
  FragOwnerRec *o = &FRAG_VEC_AT (sim->owners, FragOwnerRec, id);
  uint64_t keep = o->frames;
  if (pages > UINT32_MAX || o->frames + pages > UINT32_MAX || !reserve_table (sim, o, o->frames + pages))
    return false;
  FragMigrateType mt = (FragMigrateType) o->mt;
  for (uint64_t k = 0; k < pages; k++)
    {
      unsigned z = 0;
      uint64_t pfn;
      if (k < n_explicit)
        pfn = page_at (sim, explicit_pfns[k], mt, id, &z) ? explicit_pfns[k] : FRAG_PFN_NONE;
      else if (has_at)
        pfn = page_at (sim, at_pfn + k, mt, id, &z) ? at_pfn + k : FRAG_PFN_NONE;
      else
        pfn = frag_sim_buddy_alloc (sim, 0, mt, id, &z);
      o = &FRAG_VEC_AT (sim->owners, FragOwnerRec, id);
      if (pfn == FRAG_PFN_NONE)
        {
          drop_pages (sim, id, keep);
          return false;
        }
      uint64_t vpage = o->frames++;
      frag_sim_pte (sim, o)[vpage] = pfn;
      FRAG_VEC_AT (sim->rmap, uint32_t, global_index (sim, z, pfn)) = (uint32_t) vpage;
      sim->st.pte_live++;
    }
  o->start = o->frames ? frag_sim_pte (sim, o)[0] : FRAG_PFN_NONE;
  return true;
}

void
frag_sim_paging_free (FragSim *sim, uint32_t id)
{
  drop_pages (sim, id, 0);
  FragOwnerRec *o = &FRAG_VEC_AT (sim->owners, FragOwnerRec, id);
  o->pte_cap = 0;
}

/* The multi-level walk. Virtual layout: segment after segment, each starting on a page. Table ids
 * (FragWalkLevel.pfn) are virtual: at level l the table number is the virtual page number shifted
 * right by the bits of the levels below and including l (level 0: table 0). A table is present
 * when some mapped page falls in its range. */
void
frag_sim_op_access_paging (FragSim *sim, FragObj *p, uint64_t vaddr)
{
  uint64_t fs = sim->cfg.frame_size;
  uint64_t vpage = vaddr / fs;
  unsigned L = sim->cfg.pt_levels, b = sim->cfg.pt_bits_per_level;
  uint64_t total = p->frames;
  sim->ev.walk = sim->ev_walk;
  sim->ev.walk_levels = 0;
  bool present = true;
  for (unsigned l = 0; l < L && present; l++)
    {
      unsigned shift = b * (L - 1 - l);
      uint64_t prefix = shift >= 64 ? 0 : vpage >> shift;
      uint64_t mask = b >= 64 ? UINT64_MAX : (((uint64_t) 1 << b) - 1);
      FragWalkLevel *w = &sim->ev_walk[l];
      w->index = (uint32_t) (prefix & mask);
      w->pfn = (shift + b >= 64) ? 0 : vpage >> (shift + b);
      uint64_t first_page = shift >= 64 ? 0 : prefix << shift;
      present = (shift >= 64 || (prefix << shift) >> shift == prefix) && first_page < total;
      w->present = present;
      sim->ev.walk_levels = l + 1;
    }
  if (!present)
    {
      sim->ev.ok = false;
      sim->ev.reason = FRAG_REASON_FAULT;
      sim->st.m.page_faults++;
      return;
    }
  uint64_t base = 0;
  for (uint32_t i = p->first_owner; i != FRAG_NONE;
       i = FRAG_VEC_AT (sim->owners, FragOwnerRec, i).next)
    {
      FragOwnerRec *o = &FRAG_VEC_AT (sim->owners, FragOwnerRec, i);
      if (vpage - base < o->frames)
        {
          uint64_t pfn = frag_sim_pte (sim, o)[vpage - base];
          sim->ev.paddr = pfn * fs + vaddr % fs;
          FragExtent *e = frag_vec_push (&sim->ev_extents);
          if (e)
            {
              e->start = pfn;
              e->frames = 1;
            }
          return;
        }
      base += o->frames;
    }
  sim->ev.ok = false;
  sim->ev.reason = FRAG_REASON_FAULT;
  sim->st.m.page_faults++;
}
