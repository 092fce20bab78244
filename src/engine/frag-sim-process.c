/* frag-sim-process.c: the ops that create and destroy things: spawn, exit, grow, raw alloc and
 * free, access, and the ftrace replay ops.
 *
 * Every placement is all or nothing: segments are placed one by one and, when one fails, the
 * ones already placed are given back before the event is written, so a failed op leaves the
 * frames, holes, owners and names as they were (in `lifo` list order the order of blocks inside a
 * free list may differ after such a roll-back; their set does not).
 */
#include "frag-sim-private.h"

#include <stdio.h>
#include <string.h>

static uint64_t
frames_for (const FragSim *sim, uint64_t bytes)
{
  uint64_t fs = sim->cfg.frame_size;
  uint64_t n = bytes / fs + (bytes % fs != 0);
  return n ? n : 1;
}

static unsigned
order_for (uint64_t frames)
{
  unsigned o = 0;
  while (o < 63 && ((uint64_t) 1 << o) < frames)
    o++;
  return o;
}

static FragOwnerRec *
owner_rec (FragSim *sim, uint32_t id)
{
  return &FRAG_VEC_AT (sim->owners, FragOwnerRec, id);
}

static void
push_extent (FragSim *sim, uint64_t start, uint64_t frames)
{
  FragExtent *e = frag_vec_push (&sim->ev_extents);
  if (e)
    {
      e->start = start;
      e->frames = frames;
    }
}

void
frag_sim_event_extents_of (FragSim *sim, uint32_t owner)
{
  FragOwnerRec *o = owner_rec (sim, owner);
  if (!o->paged)
    {
      push_extent (sim, o->start, o->frames);
      return;
    }
  /* Paging: runs of physically contiguous pages, in virtual page order. */
  const uint64_t *pte = frag_sim_pte (sim, o);
  uint64_t i = 0;
  while (i < o->frames)
    {
      uint64_t s = i++;
      while (i < o->frames && pte[i] == pte[i - 1] + 1)
        i++;
      push_extent (sim, pte[s], i - s);
    }
}

/* Frees what one owner holds (segment, raw block, trace block, imported run). */
void
frag_sim_free_owner (FragSim *sim, uint32_t id)
{
  FragOwnerRec *o = owner_rec (sim, id);
  sim->ev.frames_freed += o->frames;
  if (o->paged)
    frag_sim_paging_free (sim, id);
  else if (o->frames > 0)
    {
      int z = frag_sim_zone_of (sim, o->start);
      if (z >= 0)
        {
          if (o->order >= 0)
            frag_sim_buddy_free (sim, (unsigned) z, o->start, (unsigned) o->order);
          else
            frag_sim_release (sim, (unsigned) z, o->start, o->frames);
        }
    }
  frag_sim_owner_release (sim, id);
}

/* ---- Contiguous placement (segmentation, compaction) -------------------------------------------- */

/* Where the fit puts `frames` frames. Zones are searched in address order; best and worst fit
 * compare the chosen holes of all zones (ties: the lower address, i.e. the earlier zone); next
 * fit starts in the zone of its cursor and goes on with the zones above it, then wraps. */
static bool
find_run (FragSim *sim, uint64_t frames, unsigned *zone, uint64_t *pfn)
{
  FragFit fit = sim->cfg.fit;
  if (fit == FRAG_FIT_BEST || fit == FRAG_FIT_WORST)
    {
      bool found = false;
      uint64_t best_size = 0;
      for (unsigned z = 0; z < sim->n_zones; z++)
        {
          uint64_t s, hs = 0;
          if (!frag_holes_find (sim->holes[z], fit, frames, 0, &s))
            continue;
          frag_holes_hole_at (sim->holes[z], s, NULL, &hs);
          if (!found || (fit == FRAG_FIT_BEST ? hs < best_size : hs > best_size))
            {
              found = true;
              best_size = hs;
              *zone = z;
              *pfn = s;
            }
        }
      return found;
    }
  unsigned first = 0;
  if (fit == FRAG_FIT_NEXT)
    {
      int cz = frag_sim_zone_of (sim, sim->st.next_cursor);
      if (cz < 0)
        {
          /* The cursor sits at a zone's end or in a gap: the first zone above it. */
          first = 0;
          for (unsigned z = 0; z < sim->n_zones; z++)
            if (sim->cfg.zones[z].start_pfn >= sim->st.next_cursor)
              {
                first = z;
                break;
              }
        }
      else
        first = (unsigned) cz;
    }
  for (unsigned i = 0; i < sim->n_zones; i++)
    {
      unsigned z = (first + i) % sim->n_zones;
      uint64_t cursor = (i == 0) ? sim->st.next_cursor : sim->cfg.zones[z].start_pfn;
      if (frag_holes_find (sim->holes[z], fit, frames, cursor, pfn))
        {
          *zone = z;
          return true;
        }
    }
  return false;
}

static bool
run_fits_at (FragSim *sim, uint64_t pfn, uint64_t frames, unsigned *zone)
{
  int z = frag_sim_zone_of (sim, pfn);
  if (z < 0)
    return false;
  const FragZoneSpec *zs = &sim->cfg.zones[z];
  if (frames > zs->frames - (pfn - zs->start_pfn))
    return false;
  uint64_t hs, hn;
  if (!frag_holes_hole_at (sim->holes[z], pfn, &hs, &hn) || hs + hn < pfn + frames)
    return false;
  *zone = (unsigned) z;
  return true;
}

/* ---- spawn ---------------------------------------------------------------------------------- */

typedef struct {
  uint32_t owners[FRAG_MAX_SEGMENTS];
  unsigned n;
} Placed;

static void
roll_back (FragSim *sim, Placed *pl)
{
  bool rec = sim->recording_changes;
  sim->recording_changes = false;
  uint64_t freed = sim->ev.frames_freed;
  while (pl->n > 0)
    frag_sim_free_owner (sim, pl->owners[--pl->n]);
  sim->ev.frames_freed = freed;
  sim->recording_changes = rec;
}

/* Places every segment; true, or false with everything given back. */
static bool
place_segments (FragSim *sim, const FragOp *op, const FragSegmentSpec *segs, unsigned n_segs,
                FragMigrateType mt, bool pinned, Placed *pl, uint64_t *frames_needed)
{
  FragMode mode = sim->cfg.mode;
  uint64_t fs = sim->cfg.frame_size;
  uint64_t at_pfn = op && op->has_at ? op->address / fs : 0;
  bool has_at = op && op->has_at;
  uint64_t saved_cursor = sim->st.next_cursor;
  uint64_t explicit_used = 0;
  pl->n = 0;
  *frames_needed = 0;
  for (unsigned i = 0; i < n_segs; i++)
    {
      uint64_t frames = frames_for (sim, segs[i].size);
      uint64_t need = mode == FRAG_MODE_BUDDY ? (uint64_t) 1 << order_for (frames) : frames;
      /* Saturate: absurd sizes must fail as out of memory, not wrap round. */
      *frames_needed = need > UINT64_MAX - *frames_needed ? UINT64_MAX : *frames_needed + need;
    }
  if (frag_sim_free_frames (sim) < *frames_needed)
    return false;

  for (unsigned i = 0; i < n_segs; i++)
    {
      uint64_t frames = frames_for (sim, segs[i].size);
      uint32_t id = frag_sim_owner_new (sim);
      if (id == FRAG_NONE)
        goto fail;
      FragOwnerRec *o = owner_rec (sim, id);
      o->kind = FRAG_OWNER_PROCESS;
      o->mt = (uint8_t) mt;
      o->pinned = pinned;
      o->seg = i;
      o->seg_name = segs[i].name;
      o->bytes = segs[i].size;
      pl->owners[pl->n++] = id;
      bool ok = false;
      unsigned z = 0;
      uint64_t pfn = 0;
      switch (mode)
        {
        case FRAG_MODE_SEGMENTATION:
        case FRAG_MODE_COMPACTION:
          ok = has_at ? run_fits_at (sim, at_pfn, frames, &z) : find_run (sim, frames, &z, &pfn);
          if (has_at)
            pfn = at_pfn;
          if (ok)
            {
              o->start = pfn;
              o->frames = frames;
              frag_sim_take (sim, z, pfn, frames, id, mt, pinned);
              sim->st.next_cursor = pfn + frames;
              at_pfn = pfn + frames;
            }
          break;
        case FRAG_MODE_PAGING:
          {
            const uint64_t *ex = NULL;
            uint64_t n_ex = 0;
            if (op && op->n_pfns > 0 && op->first_pfn < sim->prog->n_pfns
                && op->n_pfns <= sim->prog->n_pfns - op->first_pfn
                && explicit_used < op->n_pfns)
              {
                ex = sim->prog->pfns + op->first_pfn + explicit_used;
                n_ex = op->n_pfns - explicit_used;
                if (n_ex > frames)
                  n_ex = frames;
                explicit_used += n_ex;
              }
            o->paged = 1;
            ok = frag_sim_paging_add_pages (sim, id, frames, ex, n_ex, has_at, at_pfn);
            at_pfn += frames;
          }
          break;
        case FRAG_MODE_BUDDY:
          {
            unsigned order = order_for (frames);
            if (order > sim->cfg.max_order)
              break;
            if (has_at)
              {
                int zz = frag_sim_zone_of (sim, at_pfn);
                if (zz >= 0 && (at_pfn & (((uint64_t) 1 << order) - 1)) == 0
                    && run_fits_at (sim, at_pfn, (uint64_t) 1 << order, &z)
                    && frag_zone_alloc_at (sim->zones[z], at_pfn, order, mt, id))
                  {
                    frag_holes_take_range (sim->holes[z], at_pfn, (uint64_t) 1 << order);
                    sim->st.used_frames += (uint64_t) 1 << order;
                    frag_sim_note_change (sim, at_pfn, (uint64_t) 1 << order,
                                          FRAG_CHANGE_ALLOCATED);
                    pfn = at_pfn;
                    ok = true;
                  }
                at_pfn += (uint64_t) 1 << order;
              }
            else
              {
                pfn = frag_sim_buddy_alloc (sim, order, mt, id, &z);
                ok = pfn != FRAG_PFN_NONE;
              }
            o = owner_rec (sim, id);
            if (ok)
              {
                o->start = pfn;
                o->order = (int8_t) order;
                o->frames = (uint64_t) 1 << order;
              }
          }
          break;
        case FRAG_MODE_COUNT:
        default:
          break;
        }
      if (!ok)
        {
          /* Not placed: nothing to give back for this one but its owner id. */
          o = owner_rec (sim, id);
          if (o->paged)
            frag_sim_paging_free (sim, id);
          pl->n--;
          frag_sim_owner_release (sim, id);
          goto fail;
        }
    }
  return true;

fail:
  roll_back (sim, pl);
  sim->st.next_cursor = saved_cursor;
  return false;
}

static bool
compaction_on_failure (const FragSim *sim)
{
  return sim->cfg.mode == FRAG_MODE_COMPACTION && sim->cfg.trigger == FRAG_TRIGGER_ON_FAILURE;
}

void
frag_sim_op_spawn (FragSim *sim, const FragOp *op, const char *name, uint32_t name_sid,
                   const FragSegmentSpec *segs, unsigned n_segs, uint32_t *slot_out)
{
  if (slot_out)
    *slot_out = FRAG_NONE;
  frag_sim_event_name (sim, name, name_sid);
  uint64_t bytes = 0;
  for (unsigned i = 0; i < n_segs; i++)
    bytes = segs[i].size > UINT64_MAX - bytes ? UINT64_MAX : bytes + segs[i].size;
  sim->ev.bytes = bytes;
  if (name == NULL || n_segs == 0 || n_segs > FRAG_MAX_SEGMENTS)
    {
      sim->ev.ok = false;
      return;
    }
  if (!(name_sid == FRAG_NONE && sim->gen_names_unique)
      && frag_sim_obj_lookup (sim, &sim->procs, name, NULL) != NULL)
    {
      frag_sim_fail (sim, FRAG_REASON_PROCESS_EXISTS);
      return;
    }
  FragMigrateType mt = op ? op->mt : FRAG_MT_MOVABLE;
  bool pinned = op ? op->pinned : false;
  if ((unsigned) mt >= FRAG_MT_COUNT)
    mt = FRAG_MT_MOVABLE;
  Placed pl;
  uint64_t needed;
  /* A failed attempt leaves no highlights behind (a compaction in between does). */
  size_t n_changes = sim->changes.len;
  bool ok = place_segments (sim, op, segs, n_segs, mt, pinned, &pl, &needed);
  if (!ok)
    sim->changes.len = n_changes;
  if (!ok && compaction_on_failure (sim) && frag_sim_free_frames (sim) >= needed)
    {
      frag_sim_compact (sim, -1);
      n_changes = sim->changes.len;
      ok = place_segments (sim, op, segs, n_segs, mt, pinned, &pl, &needed);
      if (!ok)
        sim->changes.len = n_changes;
    }
  if (!ok)
    {
      frag_sim_fail (sim, frag_sim_reason_for (sim, needed));
      return;
    }
  uint32_t slot = frag_sim_obj_add (sim, &sim->procs, name, name_sid);
  if (slot == FRAG_NONE)
    {
      roll_back (sim, &pl);
      frag_sim_fail (sim, FRAG_REASON_OUT_OF_MEMORY);
      return;
    }
  FragObj *p = &FRAG_VEC_AT (sim->procs.objs, FragObj, slot);
  p->mt = (uint8_t) mt;
  p->pinned = pinned;
  p->n_segments = pl.n;
  p->bytes = bytes;
  p->first_owner = pl.owners[0];
  uint64_t fs = sim->cfg.frame_size;
  for (unsigned i = 0; i < pl.n; i++)
    {
      FragOwnerRec *o = owner_rec (sim, pl.owners[i]);
      o->obj = slot;
      o->next = i + 1 < pl.n ? pl.owners[i + 1] : FRAG_NONE;
      p->frames += o->frames;
      sim->st.internal_bytes += o->frames * fs - o->bytes;
      frag_sim_event_extents_of (sim, pl.owners[i]);
    }
  if (slot_out)
    *slot_out = slot;
}

/* ---- exit ----------------------------------------------------------------------------------- */

void
frag_sim_process_destroy (FragSim *sim, uint32_t slot)
{
  FragObj *p = &FRAG_VEC_AT (sim->procs.objs, FragObj, slot);
  uint64_t fs = sim->cfg.frame_size;
  uint32_t id = p->first_owner;
  while (id != FRAG_NONE)
    {
      FragOwnerRec *o = owner_rec (sim, id);
      uint32_t next = o->next;
      sim->st.internal_bytes -= o->frames * fs - o->bytes;
      frag_sim_free_owner (sim, id);
      id = next;
    }
  frag_sim_obj_remove (sim, &sim->procs, slot);
}

void
frag_sim_op_exit (FragSim *sim, const char *name)
{
  uint32_t slot;
  FragObj *p = frag_sim_obj_lookup (sim, &sim->procs, name, &slot);
  frag_sim_event_name (sim, name, p ? p->name_sid : FRAG_NONE);
  if (p == NULL)
    {
      frag_sim_fail (sim, FRAG_REASON_NO_SUCH_PROCESS);
      return;
    }
  frag_sim_process_destroy (sim, slot);
}

/* ---- grow ----------------------------------------------------------------------------------- */

static bool
grow_contiguous (FragSim *sim, uint32_t id, uint64_t new_frames)
{
  FragOwnerRec *o = owner_rec (sim, id);
  uint64_t extra = new_frames - o->frames;
  unsigned z;
  if (run_fits_at (sim, o->start + o->frames, extra, &z)
      && frag_sim_zone_of (sim, o->start) == (int) z)
    {
      uint64_t at = o->start + o->frames;
      frag_sim_take (sim, z, at, extra, id, (FragMigrateType) o->mt, o->pinned);
      /* The run goes on: only the first frame of the segment is an allocation head. */
      frag_zone_words_mut (sim->zones[z])[at - sim->cfg.zones[z].start_pfn] &= ~FRAG_FW_ALLOC_HEAD;
      o->frames = new_frames;
      return true;
    }
  if (o->pinned)
    return false;
  /* Move: the old frames go back first, so the segment may slide into a hole that they join. */
  int oz = frag_sim_zone_of (sim, o->start);
  uint64_t old = o->start, old_frames = o->frames;
  size_t n_changes = sim->changes.len;
  FragChange last_change = { 0 };
  if (n_changes > 0)
    last_change = FRAG_VEC_AT (sim->changes, FragChange, n_changes - 1);
  frag_sim_release (sim, (unsigned) oz, old, old_frames);
  uint64_t pfn;
  if (find_run (sim, new_frames, &z, &pfn))
    {
      frag_sim_take (sim, z, pfn, new_frames, id, (FragMigrateType) o->mt, o->pinned);
      o->start = pfn;
      o->frames = new_frames;
      sim->st.next_cursor = pfn + new_frames;
      return true;
    }
  /* Put it back where it was; the highlights of this attempt are dropped. */
  frag_sim_take (sim, (unsigned) oz, old, old_frames, id, (FragMigrateType) o->mt, o->pinned);
  sim->changes.len = n_changes;
  if (n_changes > 0)
    FRAG_VEC_AT (sim->changes, FragChange, n_changes - 1) = last_change;
  return false;
}

static bool
grow_buddy (FragSim *sim, uint32_t id, uint64_t new_frames)
{
  FragOwnerRec *o = owner_rec (sim, id);
  unsigned order = order_for (new_frames);
  if (order <= (unsigned) o->order)
    return true;
  if (order > sim->cfg.max_order)
    return false;
  unsigned z;
  uint64_t pfn = frag_sim_buddy_alloc (sim, order, (FragMigrateType) o->mt, id, &z);
  if (pfn == FRAG_PFN_NONE)
    return false;
  o = owner_rec (sim, id);
  int oz = frag_sim_zone_of (sim, o->start);
  frag_sim_buddy_free (sim, (unsigned) oz, o->start, (unsigned) o->order);
  o->start = pfn;
  o->order = (int8_t) order;
  o->frames = (uint64_t) 1 << order;
  return true;
}

void
frag_sim_op_grow (FragSim *sim, const FragOp *op)
{
  const char *name = frag_program_string (sim->prog, op->name);
  uint32_t slot;
  FragObj *p = frag_sim_obj_lookup (sim, &sim->procs, name, &slot);
  frag_sim_event_name (sim, name, op->name);
  sim->ev.segment = frag_program_string (sim->prog, op->segment);
  sim->ev.bytes = op->size;
  if (p == NULL)
    {
      frag_sim_fail (sim, FRAG_REASON_NO_SUCH_PROCESS);
      return;
    }
  /* Without a segment name: the only segment, or the last one (the heap grows). */
  uint32_t id = FRAG_NONE;
  for (uint32_t i = p->first_owner; i != FRAG_NONE; i = owner_rec (sim, i)->next)
    {
      FragOwnerRec *o = owner_rec (sim, i);
      if (op->segment == FRAG_NONE)
        id = i;
      else if (o->seg_name != FRAG_NONE
               && strcmp (frag_program_string (sim->prog, o->seg_name), sim->ev.segment) == 0)
        {
          id = i;
          break;
        }
    }
  if (id == FRAG_NONE)
    {
      frag_sim_fail (sim, FRAG_REASON_NO_SUCH_PROCESS);
      return;
    }
  FragOwnerRec *o = owner_rec (sim, id);
  uint64_t fs = sim->cfg.frame_size;
  if (op->size > UINT64_MAX / 2 - o->bytes)
    {
      frag_sim_fail (sim, FRAG_REASON_OUT_OF_MEMORY);
      return;
    }
  uint64_t new_bytes = o->bytes + op->size;
  uint64_t new_frames = frames_for (sim, new_bytes);
  uint64_t old_frames = o->frames;
  bool ok = true;
  if (new_frames > o->frames)
    {
      for (int attempt = 0; attempt < 2; attempt++)
        {
          size_t n_changes = sim->changes.len;
          switch (sim->cfg.mode)
            {
            case FRAG_MODE_PAGING:
              ok = frag_sim_paging_add_pages (sim, id, new_frames - o->frames, NULL, 0, false, 0);
              break;
            case FRAG_MODE_BUDDY:
              ok = grow_buddy (sim, id, new_frames);
              break;
            case FRAG_MODE_SEGMENTATION:
            case FRAG_MODE_COMPACTION:
            case FRAG_MODE_COUNT:
            default:
              ok = grow_contiguous (sim, id, new_frames);
              break;
            }
          if (!ok)
            sim->changes.len = n_changes;
          /* Compaction only helps when the frames are there, just not in one place. */
          if (ok || attempt == 1 || !compaction_on_failure (sim)
              || frag_sim_free_frames (sim) < new_frames - old_frames)
            break;
          frag_sim_compact (sim, -1);
          o = owner_rec (sim, id);
        }
    }
  o = owner_rec (sim, id);
  if (!ok)
    {
      frag_sim_fail (sim, frag_sim_reason_for (sim, new_frames - old_frames));
      return;
    }
  sim->st.internal_bytes -= old_frames * fs - o->bytes;
  o->bytes = new_bytes;
  sim->st.internal_bytes += o->frames * fs - o->bytes;
  p = &FRAG_VEC_AT (sim->procs.objs, FragObj, slot);
  p->bytes += op->size;
  p->frames += o->frames - old_frames;
  frag_sim_event_extents_of (sim, id);
}

/* ---- raw alloc / free ---------------------------------------------------------------------- */

void
frag_sim_op_alloc (FragSim *sim, const char *id_name, uint32_t id_sid, unsigned order,
                   FragMigrateType mt, uint32_t *slot_out)
{
  if (slot_out)
    *slot_out = FRAG_NONE;
  frag_sim_event_name (sim, id_name, id_sid);
  sim->ev.order = (int) order;
  sim->ev.bytes = order < 63 ? ((uint64_t) 1 << order) * sim->cfg.frame_size : 0;
  if (id_name == NULL)
    {
      sim->ev.ok = false;
      return;
    }
  if (!(id_sid == FRAG_NONE && sim->gen_names_unique)
      && frag_sim_obj_lookup (sim, &sim->raws, id_name, NULL) != NULL)
    {
      frag_sim_fail (sim, FRAG_REASON_PROCESS_EXISTS);
      return;
    }
  if ((unsigned) mt >= FRAG_MT_COUNT)
    mt = FRAG_MT_MOVABLE;
  uint64_t frames = order < 63 ? (uint64_t) 1 << order : UINT64_MAX;
  uint32_t id = order <= sim->cfg.max_order ? frag_sim_owner_new (sim) : FRAG_NONE;
  unsigned z;
  uint64_t pfn = id != FRAG_NONE ? frag_sim_buddy_alloc (sim, order, mt, id, &z) : FRAG_PFN_NONE;
  if (pfn == FRAG_PFN_NONE)
    {
      if (id != FRAG_NONE)
        frag_sim_owner_release (sim, id);
      frag_sim_fail (sim, frag_sim_reason_for (sim, frames));
      return;
    }
  uint32_t slot = frag_sim_obj_add (sim, &sim->raws, id_name, id_sid);
  if (slot == FRAG_NONE)
    {
      frag_sim_buddy_free (sim, z, pfn, order);
      frag_sim_owner_release (sim, id);
      frag_sim_fail (sim, FRAG_REASON_OUT_OF_MEMORY);
      return;
    }
  FragOwnerRec *o = owner_rec (sim, id);
  o->kind = FRAG_OWNER_RAW;
  o->mt = (uint8_t) mt;
  o->order = (int8_t) order;
  o->start = pfn;
  o->frames = frames;
  o->obj = slot;
  FragObj *r = &FRAG_VEC_AT (sim->raws.objs, FragObj, slot);
  r->first_owner = id;
  r->n_segments = 1;
  r->frames = frames;
  r->mt = (uint8_t) mt;
  push_extent (sim, pfn, frames);
  if (slot_out)
    *slot_out = slot;
}

void
frag_sim_op_free (FragSim *sim, const char *id_name)
{
  uint32_t slot;
  FragObj *r = frag_sim_obj_lookup (sim, &sim->raws, id_name, &slot);
  frag_sim_event_name (sim, id_name, r ? r->name_sid : FRAG_NONE);
  if (r == NULL)
    {
      frag_sim_fail (sim, FRAG_REASON_NO_SUCH_PROCESS);
      return;
    }
  frag_sim_raw_destroy (sim, slot);
}

void
frag_sim_raw_destroy (FragSim *sim, uint32_t slot)
{
  FragObj *r = &FRAG_VEC_AT (sim->raws.objs, FragObj, slot);
  FragOwnerRec *o = owner_rec (sim, r->first_owner);
  sim->ev.order = o->order;
  frag_sim_free_owner (sim, r->first_owner);
  frag_sim_obj_remove (sim, &sim->raws, slot);
}

/* ---- access -------------------------------------------------------------------------------- */

void
frag_sim_op_access (FragSim *sim, const FragOp *op)
{
  const char *name = frag_program_string (sim->prog, op->name);
  FragObj *p = frag_sim_obj_lookup (sim, &sim->procs, name, NULL);
  frag_sim_event_name (sim, name, op->name);
  sim->ev.vaddr = op->address;
  if (p == NULL)
    {
      frag_sim_fail (sim, FRAG_REASON_NO_SUCH_PROCESS);
      return;
    }
  if (sim->cfg.mode == FRAG_MODE_PAGING)
    {
      frag_sim_op_access_paging (sim, p, op->address);
      return;
    }
  /* Segments are laid out one after another: segment i starts at the sum of the earlier sizes. */
  uint64_t base = 0;
  for (uint32_t i = p->first_owner; i != FRAG_NONE; i = owner_rec (sim, i)->next)
    {
      FragOwnerRec *o = owner_rec (sim, i);
      if (op->address - base < o->bytes && op->address >= base)
        {
          sim->ev.paddr = o->start * sim->cfg.frame_size + (op->address - base);
          push_extent (sim, o->start + (op->address - base) / sim->cfg.frame_size, 1);
          return;
        }
      base += o->bytes;
    }
  sim->ev.ok = false;
  sim->ev.reason = FRAG_REASON_FAULT;
  sim->st.m.page_faults++;
}

/* ---- ftrace replay --------------------------------------------------------------------------- */

/* A trace names exact blocks. The rules (to be kept in the docs):
 *  - trace-alloc (pfn, order): applied when the aligned block lies in one zone and is all free;
 *    otherwise skipped (the trace saw memory we believe used).
 *  - trace-free (pfn, order): applied when the block is exactly a trace allocation, or when all
 *    its frames belong to imported runs (memory allocated before the trace began); skipped when
 *    any frame is already free (6.18 repeats mm_page_free as mm_page_free_batched: a frame is
 *    never freed twice) or belongs to anything else.
 * Skipped events change nothing but the counters. */
void
frag_sim_op_trace (FragSim *sim, const FragOp *op)
{
  unsigned order = op->order < 0 ? 0u : (unsigned) op->order;
  sim->ev.order = (int) order;
  sim->ev.ok = true;
  int zi = frag_sim_zone_of (sim, op->pfn);
  uint64_t frames = order <= sim->cfg.max_order ? (uint64_t) 1 << order : 0;
  bool skip = zi < 0 || frames == 0 || (op->pfn & (frames - 1)) != 0;
  unsigned z = zi < 0 ? 0 : (unsigned) zi;
  if (!skip)
    {
      const FragZoneSpec *zs = &sim->cfg.zones[z];
      skip = frames > zs->frames - (op->pfn - zs->start_pfn);
    }
  if (!skip && op->kind == FRAG_OP_TRACE_ALLOC)
    {
      unsigned hz;
      /* Nearly always the block lies in one free buddy block, which the frame words tell in
       * O(max_order); only otherwise ask the hole index whether the frames are free at all. */
      uint64_t bh;
      unsigned bo;
      bool in_block = frag_zone_free_block_of (sim->zones[z], op->pfn, &bh, &bo) && bo >= order;
      if (in_block || run_fits_at (sim, op->pfn, frames, &hz))
        {
          uint32_t id = frag_sim_owner_new (sim);
          FragMigrateType mt = (unsigned) op->mt < FRAG_MT_COUNT ? op->mt : FRAG_MT_MOVABLE;
          if (id != FRAG_NONE)
            {
              FragOwnerRec *o = owner_rec (sim, id);
              o->kind = FRAG_OWNER_RAW;
              o->trace = 1;
              o->mt = (uint8_t) mt;
              o->start = op->pfn;
              o->frames = frames;
              if (frag_zone_alloc_at (sim->zones[z], op->pfn, order, mt, id))
                {
                  o->order = (int8_t) order;
                  frag_holes_take_range (sim->holes[z], op->pfn, frames);
                  sim->st.used_frames += frames;
                  frag_sim_note_change (sim, op->pfn, frames, FRAG_CHANGE_ALLOCATED);
                }
              else /* free, but split over blocks that may not merge: take it as a run */
                frag_sim_take (sim, z, op->pfn, frames, id, mt, false);
              push_extent (sim, op->pfn, frames);
              sim->st.m.trace_allocs++;
              return;
            }
        }
      skip = true;
    }
  else if (!skip)
    {
      const uint32_t *w = frag_zone_words (sim->zones[z]);
      uint64_t base = op->pfn - sim->cfg.zones[z].start_pfn;
      uint32_t first = frag_fw_is_used (w[base]) ? frag_fw_owner (w[base]) : FRAG_NONE;
      FragOwnerRec *fo = first < sim->owners.len ? owner_rec (sim, first) : NULL;
      if (fo && fo->trace && fo->start == op->pfn && fo->frames == frames)
        {
          frag_sim_free_owner (sim, first);
          sim->st.m.trace_frees++;
          return;
        }
      bool all_imported = true;
      for (uint64_t i = 0; i < frames && all_imported; i++)
        {
          uint32_t wd = w[base + i];
          all_imported = frag_fw_is_used (wd) && frag_fw_owner (wd) < sim->owners.len
                         && owner_rec (sim, frag_fw_owner (wd))->kind == FRAG_OWNER_IMPORTED;
        }
      if (all_imported)
        {
          /* Each imported run loses these frames; a run left with none is retired. */
          for (uint64_t i = 0; i < frames; i++)
            {
              uint32_t oid = frag_fw_owner (w[base + i]);
              FragOwnerRec *io = owner_rec (sim, oid);
              if (--io->frames == 0)
                frag_sim_owner_release (sim, oid);
            }
          frag_sim_release (sim, z, op->pfn, frames);
          sim->ev.frames_freed = frames;
          sim->st.m.trace_frees++;
          return;
        }
      skip = true;
    }
  sim->ev.skipped = true;
  sim->st.m.trace_skipped++;
}
