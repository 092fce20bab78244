/* frag-sim.c: FragSim's core: creation, the state tables, the step loop and the bookkeeping
 * wrappers that keep zones, hole indices, owners and counters in step with each other.
 *
 * Ops live in frag-sim-process.c (processes, raw and trace allocations), frag-sim-paging.c,
 * frag-sim-compact.c and frag-sim-random.c; time travel in frag-sim-checkpoint.c; read-only
 * queries in frag-sim-query.c; the consistency checker in frag-sim-check.c.
 */
#include "frag-sim-private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Flat arrays ------------------------------------------------------------------------------ */

bool
frag_vec_reserve (FragVec *v, size_t n)
{
  if (n <= v->cap)
    return true;
  size_t cap = v->cap ? v->cap : 16;
  while (cap < n)
    cap *= 2;
  void *d = realloc (v->data, cap * v->elt);
  if (d == NULL)
    return false;
  v->data = d;
  v->cap = cap;
  return true;
}

void *
frag_vec_push (FragVec *v)
{
  if (!frag_vec_reserve (v, v->len + 1))
    return NULL;
  void *p = (char *) v->data + v->len * v->elt;
  memset (p, 0, v->elt);
  v->len++;
  return p;
}

static void
vec_init (FragVec *v, size_t elt)
{
  memset (v, 0, sizeof *v);
  v->elt = elt;
}

size_t
frag_sim_vecs (FragSim *sim, FragVec **list)
{
  size_t i = 0;
  list[i++] = &sim->owners;
  list[i++] = &sim->owner_free;
  list[i++] = &sim->procs.objs;
  list[i++] = &sim->procs.free_slots;
  list[i++] = &sim->procs.hash;
  list[i++] = &sim->procs.order;
  list[i++] = &sim->raws.objs;
  list[i++] = &sim->raws.free_slots;
  list[i++] = &sim->raws.hash;
  list[i++] = &sim->raws.order;
  list[i++] = &sim->pte_pool;
  list[i++] = &sim->gen_live;
  list[i++] = &sim->rmap;
  return i;
}

/* ---- Creation ----------------------------------------------------------------------------------- */

FragSim *
frag_sim_new (const FragConfig *cfg, FragProgram *prog, char *err, size_t errlen)
{
  if (cfg == NULL)
    {
      if (err && errlen)
        snprintf (err, errlen, "no configuration");
      return NULL;
    }
  if (!frag_config_check (cfg, err, errlen))
    return NULL;
  FragSim *sim = calloc (1, sizeof *sim);
  if (sim == NULL)
    goto oom;
  sim->cfg = *cfg;
  if (sim->cfg.pt_levels < 1)
    sim->cfg.pt_levels = 1;
  if (sim->cfg.pt_levels > FRAG_MAX_PT_LEVELS)
    sim->cfg.pt_levels = FRAG_MAX_PT_LEVELS;
  if (sim->cfg.pt_bits_per_level < 1)
    sim->cfg.pt_bits_per_level = 9;
  if (sim->cfg.pt_bits_per_level > 30)
    sim->cfg.pt_bits_per_level = 30;
  sim->n_zones = cfg->n_zones;
  vec_init (&sim->owners, sizeof (FragOwnerRec));
  vec_init (&sim->owner_free, sizeof (uint32_t));
  FragObjTable *tables[2] = { &sim->procs, &sim->raws };
  for (int t = 0; t < 2; t++)
    {
      vec_init (&tables[t]->objs, sizeof (FragObj));
      vec_init (&tables[t]->free_slots, sizeof (uint32_t));
      vec_init (&tables[t]->hash, sizeof (uint32_t));
      vec_init (&tables[t]->order, sizeof (uint32_t));
    }
  vec_init (&sim->pte_pool, sizeof (uint64_t));
  vec_init (&sim->rmap, sizeof (uint32_t));
  vec_init (&sim->gen_live, sizeof (uint32_t));
  vec_init (&sim->ev_extents, sizeof (FragExtent));
  vec_init (&sim->changes, sizeof (FragChange));
  vec_init (&sim->samples, sizeof (FragSample));
  vec_init (&sim->scratch, sizeof (uint64_t));

  uint64_t offset = 0;
  for (unsigned z = 0; z < sim->n_zones; z++)
    {
      FragZoneParams p = {
        .start_pfn = cfg->zones[z].start_pfn,
        .frames = cfg->zones[z].frames,
        .max_order = cfg->max_order,
        .pageblock_order = cfg->pageblock_order,
        .discipline = cfg->free_list,
        .initial_mt = cfg->initial_pageblock_type,
      };
      sim->zones[z] = frag_zone_new (&p);
      sim->holes[z] = frag_holes_new (p.start_pfn, p.frames);
      if (sim->zones[z] == NULL || sim->holes[z] == NULL)
        goto oom;
      sim->zone_offset[z] = offset;
      offset += p.frames;
    }
  sim->total_frames = offset;
  if (cfg->mode == FRAG_MODE_PAGING)
    {
      /* The reverse map (frame -> virtual page) lets compaction fix page tables in bulk. */
      if (!frag_vec_reserve (&sim->rmap, offset))
        goto oom;
      sim->rmap.len = offset;
      memset (sim->rmap.data, 0xff, offset * sizeof (uint32_t));
    }
  sim->prog = prog ? frag_program_ref (prog) : frag_program_new ();
  if (sim->prog == NULL)
    goto oom;
  sim->n_steps = frag_program_n_steps (sim->prog);
  /* Generated names "r<serial>" never repeat; unless the program itself uses such a name, a
   * generated spawn or alloc need not look its name up. */
  sim->gen_names_unique = true;
  for (size_t i = 0; i < sim->prog->n_strings && sim->gen_names_unique; i++)
    {
      const char *str = sim->prog->strings[i];
      if (str && str[0] == 'r' && str[1] >= '0' && str[1] <= '9')
        sim->gen_names_unique = false;
    }
  sim->st.note_sid = FRAG_NONE;
  sim->st.next_cursor = sim->n_zones ? cfg->zones[0].start_pfn : 0;
  sim->cp0_dirty = true;
  sim->recording_changes = true;
  frag_sim_set_checkpoint_policy (sim, 0, 0);
  sim->light_checkpoints = true;
  sim->cp_balance = true;
  sim->frontier_spacing = 4096;
  sim->frontier_min = 4096;
  return sim;

oom:
  if (err && errlen)
    snprintf (err, errlen, "out of memory creating the simulation");
  frag_sim_free (sim);
  return NULL;
}

void
frag_sim_free (FragSim *sim)
{
  if (sim == NULL)
    return;
  frag_sim_checkpoint_free_all (sim);
  for (unsigned z = 0; z < FRAG_MAX_ZONES; z++)
    {
      if (sim->zones[z])
        frag_zone_destroy (sim->zones[z]);
      if (sim->holes[z])
        frag_holes_destroy (sim->holes[z]);
    }
  FragVec *vecs[FRAG_SIM_N_VECS];
  size_t n = frag_sim_vecs (sim, vecs);
  for (size_t i = 0; i < n; i++)
    free (vecs[i]->data);
  free (sim->ev_extents.data);
  free (sim->changes.data);
  free (sim->samples.data);
  free (sim->scratch.data);
  if (sim->prog)
    frag_program_unref (sim->prog);
  free (sim);
}

/* ---- Small helpers ---------------------------------------------------------------------------- */

int
frag_sim_zone_of (const FragSim *sim, uint64_t pfn)
{
  for (unsigned z = 0; z < sim->n_zones; z++)
    {
      const FragZoneSpec *zs = &sim->cfg.zones[z];
      if (pfn >= zs->start_pfn && pfn - zs->start_pfn < zs->frames)
        return (int) z;
    }
  return -1;
}

uint32_t
frag_sim_owner_new (FragSim *sim)
{
  uint32_t id;
  if (sim->owner_free.len > 0)
    id = FRAG_VEC_AT (sim->owner_free, uint32_t, --sim->owner_free.len);
  else
    {
      if (sim->owners.len > FRAG_FW_MAX_OWNER)
        return FRAG_NONE;
      if (frag_vec_push (&sim->owners) == NULL)
        return FRAG_NONE;
      id = (uint32_t) (sim->owners.len - 1);
    }
  FragOwnerRec *o = &FRAG_VEC_AT (sim->owners, FragOwnerRec, id);
  memset (o, 0, sizeof *o);
  o->obj = FRAG_NONE;
  o->next = FRAG_NONE;
  o->order = -1;
  o->start = FRAG_PFN_NONE;
  return id;
}

void
frag_sim_owner_release (FragSim *sim, uint32_t id)
{
  FragOwnerRec *o = &FRAG_VEC_AT (sim->owners, FragOwnerRec, id);
  o->kind = FRAG_OWNER_NONE;
  uint32_t *slot = frag_vec_push (&sim->owner_free);
  if (slot)
    *slot = id;
  /* When the push fails the id is simply leaked: never reused, never wrong. */
}

uint64_t
frag_sim_free_frames (const FragSim *sim)
{
  uint64_t n = 0;
  for (unsigned z = 0; z < sim->n_zones; z++)
    n += frag_holes_free_frames (sim->holes[z]);
  return n;
}

void
frag_sim_note_change (FragSim *sim, uint64_t start, uint64_t frames, FragChangeKind k)
{
  if (!sim->recording_changes || frames == 0)
    return;
  /* Extend the previous change when it continues it: a page-by-page spawn reads as runs. */
  if (sim->changes.len > 0)
    {
      FragChange *last = &FRAG_VEC_AT (sim->changes, FragChange, sim->changes.len - 1);
      if (last->kind == k && last->start + last->frames == start)
        {
          last->frames += frames;
          return;
        }
    }
  FragChange *c = frag_vec_push (&sim->changes);
  if (c)
    {
      c->start = start;
      c->frames = frames;
      c->kind = k;
    }
}

void
frag_sim_take (FragSim *sim, unsigned z, uint64_t pfn, uint64_t frames, uint32_t owner,
               FragMigrateType mt, bool pinned)
{
  frag_zone_take_run (sim->zones[z], pfn, frames, owner, mt, pinned);
  frag_holes_take_range (sim->holes[z], pfn, frames);
  sim->st.used_frames += frames;
  frag_sim_note_change (sim, pfn, frames, FRAG_CHANGE_ALLOCATED);
}

void
frag_sim_release (FragSim *sim, unsigned z, uint64_t pfn, uint64_t frames)
{
  frag_zone_release_run (sim->zones[z], pfn, frames);
  frag_holes_free_range (sim->holes[z], pfn, frames);
  sim->st.used_frames -= frames;
  frag_sim_note_change (sim, pfn, frames, FRAG_CHANGE_FREED);
}

/* Buddy allocations go through the zones the way Linux's zonelist does: the highest zone first,
 * falling back to lower ones. */
uint64_t
frag_sim_buddy_alloc (FragSim *sim, unsigned order, FragMigrateType mt, uint32_t owner,
                      unsigned *zone_out)
{
  if (order > sim->cfg.max_order)
    return FRAG_PFN_NONE;
  for (unsigned i = sim->n_zones; i-- > 0;)
    {
      uint64_t pfn = frag_zone_alloc (sim->zones[i], order, mt, owner);
      if (pfn != FRAG_PFN_NONE)
        {
          frag_holes_take_range (sim->holes[i], pfn, (uint64_t) 1 << order);
          sim->st.used_frames += (uint64_t) 1 << order;
          frag_sim_note_change (sim, pfn, (uint64_t) 1 << order, FRAG_CHANGE_ALLOCATED);
          if (zone_out)
            *zone_out = i;
          return pfn;
        }
    }
  return FRAG_PFN_NONE;
}

void
frag_sim_buddy_free (FragSim *sim, unsigned z, uint64_t pfn, unsigned order)
{
  frag_zone_free (sim->zones[z], pfn, order);
  frag_holes_free_range (sim->holes[z], pfn, (uint64_t) 1 << order);
  sim->st.used_frames -= (uint64_t) 1 << order;
  frag_sim_note_change (sim, pfn, (uint64_t) 1 << order, FRAG_CHANGE_FREED);
}

/* Whether eight words are all used (or all free), without a branch per word. */
static inline bool
words_all (const uint32_t *w, bool used)
{
  unsigned n_used = 0;
  for (int k = 0; k < 8; k++)
    n_used += (w[k] & (FRAG_FW_FREE_HEAD | FRAG_FW_USED)) == FRAG_FW_USED;
  return used ? n_used == 8 : n_used == 0;
}

/* After a bulk rewrite of a zone's words: the holes are read back from the USED bits. */
void
frag_sim_rebuild_holes (FragSim *sim, unsigned z)
{
  const FragZoneSpec *zs = &sim->cfg.zones[z];
  const uint32_t *w = frag_zone_words (sim->zones[z]);
  FragHoles *h = sim->holes[z];
  frag_holes_clear (h);
  uint64_t i = 0, n = zs->frames;
  while (i < n)
    {
      /* Runs are long after a compaction: step over them eight words at a time. */
      while (i + 8 <= n && words_all (w + i, true))
        i += 8;
      while (i < n && frag_fw_is_used (w[i]))
        i++;
      uint64_t s = i;
      while (i + 8 <= n && words_all (w + i, false))
        i += 8;
      while (i < n && !frag_fw_is_used (w[i]))
        i++;
      if (i > s)
        frag_holes_free_range (h, zs->start_pfn + s, i - s);
    }
}

/* ---- Named objects ---------------------------------------------------------------------------- */

static uint32_t
name_hash (const char *s)
{
  uint32_t h = 2166136261u;
  for (; *s; s++)
    h = (h ^ (uint8_t) *s) * 16777619u;
  return h;
}

const char *
frag_sim_obj_name (const FragSim *sim, const FragObj *o)
{
  if (o->name_sid != FRAG_NONE)
    {
      const char *s = frag_program_string (sim->prog, o->name_sid);
      return s ? s : "";
    }
  return o->gen_name;
}

FragObj *
frag_sim_obj_lookup (const FragSim *sim, const FragObjTable *t, const char *name, uint32_t *slot)
{
  if (name == NULL || t->hash.len == 0)
    return NULL;
  size_t mask = t->hash.len - 1;
  uint32_t h = name_hash (name);
  for (size_t i = h & mask;; i = (i + 1) & mask)
    {
      uint32_t s = FRAG_VEC_AT (t->hash, uint32_t, i);
      if (s == FRAG_NONE)
        return NULL;
      FragObj *o = &FRAG_VEC_AT (t->objs, FragObj, s);
      if (o->hash == h && strcmp (frag_sim_obj_name (sim, o), name) == 0)
        {
          if (slot)
            *slot = s;
          return o;
        }
    }
}

static void
hash_insert (FragObjTable *t, uint32_t slot)
{
  size_t mask = t->hash.len - 1;
  uint32_t h = FRAG_VEC_AT (t->objs, FragObj, slot).hash;
  size_t i = h & mask;
  while (FRAG_VEC_AT (t->hash, uint32_t, i) != FRAG_NONE)
    i = (i + 1) & mask;
  FRAG_VEC_AT (t->hash, uint32_t, i) = slot;
}

static bool
hash_grow (FragObjTable *t, size_t need)
{
  if (t->hash.len >= 2 * need && t->hash.len > 0)
    return true;
  size_t n = t->hash.len ? t->hash.len : 16;
  while (n < 2 * need)
    n *= 2;
  if (!frag_vec_reserve (&t->hash, n))
    return false;
  t->hash.len = n;
  memset (t->hash.data, 0xff, n * sizeof (uint32_t));
  for (size_t s = 0; s < t->objs.len; s++)
    if (FRAG_VEC_AT (t->objs, FragObj, s).live && FRAG_VEC_AT (t->objs, FragObj, s).hashed)
      hash_insert (t, (uint32_t) s);
  return true;
}

/* Linear probing with backward-shift deletion: no tombstones, so lookups stay short forever. */
static void
hash_remove (FragObjTable *t, uint32_t slot)
{
  size_t mask = t->hash.len - 1;
  size_t i = FRAG_VEC_AT (t->objs, FragObj, slot).hash & mask;
  while (FRAG_VEC_AT (t->hash, uint32_t, i) != slot)
    i = (i + 1) & mask;
  size_t j = i;
  for (;;)
    {
      j = (j + 1) & mask;
      uint32_t s = FRAG_VEC_AT (t->hash, uint32_t, j);
      if (s == FRAG_NONE)
        break;
      size_t home = FRAG_VEC_AT (t->objs, FragObj, s).hash & mask;
      /* Move s back into the gap at i unless its home lies cyclically in (i, j]. */
      bool in_range = (i <= j) ? (home > i && home <= j) : (home > i || home <= j);
      if (!in_range)
        {
          FRAG_VEC_AT (t->hash, uint32_t, i) = s;
          i = j;
        }
    }
  FRAG_VEC_AT (t->hash, uint32_t, i) = FRAG_NONE;
}

void
frag_obj_table_compact (FragObjTable *t)
{
  if (t->order.len == t->n_live)
    return;
  size_t k = 0;
  for (size_t i = 0; i < t->order.len; i++)
    {
      uint32_t s = FRAG_VEC_AT (t->order, uint32_t, i);
      if (s == FRAG_NONE)
        continue;
      FRAG_VEC_AT (t->order, uint32_t, k) = s;
      FRAG_VEC_AT (t->objs, FragObj, s).order_pos = (uint32_t) k;
      k++;
    }
  t->order.len = k;
}

/* A new live object named `name` (sid: program string id or FRAG_NONE to copy it). */
uint32_t
frag_sim_obj_add (FragSim *sim, FragObjTable *t, const char *name, uint32_t sid)
{
  if (!hash_grow (t, t->n_live + 1) || !frag_vec_reserve (&t->order, t->order.len + 1))
    return FRAG_NONE;
  uint32_t slot;
  if (t->free_slots.len > 0)
    slot = FRAG_VEC_AT (t->free_slots, uint32_t, --t->free_slots.len);
  else
    {
      if (!frag_vec_reserve (&t->free_slots, t->objs.len + 1) || frag_vec_push (&t->objs) == NULL)
        return FRAG_NONE;
      slot = (uint32_t) (t->objs.len - 1);
    }
  FragObj *o = &FRAG_VEC_AT (t->objs, FragObj, slot);
  memset (o, 0, sizeof *o);
  o->name_sid = sid;
  if (sid == FRAG_NONE)
    {
      size_t n = strlen (name);
      n = n < sizeof o->gen_name - 1 ? n : sizeof o->gen_name - 1;
      memcpy (o->gen_name, name, n);
    }
  o->hash = name_hash (name);
  o->first_owner = FRAG_NONE;
  o->live = 1;
  o->order_pos = (uint32_t) t->order.len;
  FRAG_VEC_AT (t->order, uint32_t, t->order.len++) = slot;
  t->n_live++;
  /* A generated name that no op of the program can spell is never looked up. */
  o->hashed = !(sid == FRAG_NONE && sim->gen_names_unique);
  if (o->hashed)
    hash_insert (t, slot);
  return slot;
}

void
frag_sim_obj_remove (FragSim *sim, FragObjTable *t, uint32_t slot)
{
  FragObj *o = &FRAG_VEC_AT (t->objs, FragObj, slot);
  if (o->hashed)
    hash_remove (t, slot);
  FRAG_VEC_AT (t->order, uint32_t, o->order_pos) = FRAG_NONE;
  o->live = 0;
  t->n_live--;
  /* free_slots has room: it was reserved when the slot was made. */
  FRAG_VEC_AT (t->free_slots, uint32_t, t->free_slots.len++) = slot;
  /* Drop the dead entries of the creation order once they outnumber the live ones (amortised
   * O(1)); queries compact the rest. */
  if (t->order.len > 64 && t->order.len > 2 * t->n_live)
    frag_obj_table_compact (t);
}

/* ---- Events ---------------------------------------------------------------------------------- */

/* A failed allocation (spawn, grow, alloc) counts in the metrics; other failures do not. */
void
frag_sim_fail (FragSim *sim, FragReason reason)
{
  sim->ev.ok = false;
  sim->ev.reason = reason;
  if (reason == FRAG_REASON_EXTERNAL_FRAGMENTATION || reason == FRAG_REASON_OUT_OF_MEMORY)
    {
      sim->st.m.failed_allocations++;
      if (reason == FRAG_REASON_EXTERNAL_FRAGMENTATION)
        sim->st.m.failed_external_fragmentation++;
      else
        sim->st.m.failed_out_of_memory++;
    }
}

/* The contract's rule: enough free frames in total means the placement failed for
 * fragmentation, else for lack of memory. */
FragReason
frag_sim_reason_for (const FragSim *sim, uint64_t frames_needed)
{
  return frag_sim_free_frames (sim) >= frames_needed ? FRAG_REASON_EXTERNAL_FRAGMENTATION
                                                     : FRAG_REASON_OUT_OF_MEMORY;
}

/* Generated names live in objects that may go away in this very step: copy them. */
void
frag_sim_event_name (FragSim *sim, const char *name, uint32_t sid)
{
  if (name == NULL || sid != FRAG_NONE)
    {
      sim->ev.name = name;
      return;
    }
  size_t n = strlen (name);
  n = n < sizeof sim->ev_name - 1 ? n : sizeof sim->ev_name - 1;
  memcpy (sim->ev_name, name, n);
  sim->ev_name[n] = '\0';
  sim->ev.name = sim->ev_name;
}

/* ---- Stepping --------------------------------------------------------------------------------- */

static void
event_reset (FragSim *sim, FragOpKind kind)
{
  memset (&sim->ev, 0, sizeof sim->ev);
  sim->ev.step = sim->st.position;
  sim->ev.op = kind;
  sim->ev.ok = true;
  sim->ev.order = -1;
  sim->ev_extents.len = 0;
  sim->changes.len = 0;
  sim->ev_valid = true;
}

void
frag_sim_apply_step (FragSim *sim, const FragOp *op, uint64_t sub)
{
  const FragProgram *prog = sim->prog;
  event_reset (sim, op->kind);
  switch (op->kind)
    {
    case FRAG_OP_SPAWN:
      {
        FragSegmentSpec one = { FRAG_NONE, op->size };
        const FragSegmentSpec *segs = &one;
        unsigned n = 1;
        if (op->n_segments > 0 && op->first_segment < prog->n_segments
            && op->n_segments <= prog->n_segments - op->first_segment)
          {
            segs = prog->segments + op->first_segment;
            n = op->n_segments;
          }
        frag_sim_op_spawn (sim, op, frag_program_string (prog, op->name), op->name, segs, n,
                           NULL);
      }
      break;
    case FRAG_OP_EXIT:
      frag_sim_op_exit (sim, frag_program_string (prog, op->name));
      break;
    case FRAG_OP_GROW:
      frag_sim_op_grow (sim, op);
      break;
    case FRAG_OP_ALLOC:
      frag_sim_op_alloc (sim, frag_program_string (prog, op->name), op->name,
                         op->order < 0 ? 0u : (unsigned) op->order, op->mt, NULL);
      break;
    case FRAG_OP_FREE:
      frag_sim_op_free (sim, frag_program_string (prog, op->name));
      break;
    case FRAG_OP_COMPACT:
      sim->ev.order = op->order;
      frag_sim_compact (sim, op->order);
      break;
    case FRAG_OP_ACCESS:
      frag_sim_op_access (sim, op);
      break;
    case FRAG_OP_NOTE:
      sim->st.note_sid = op->name;
      sim->ev.name = frag_program_string (prog, op->name);
      break;
    case FRAG_OP_RANDOM:
      if (op->random < prog->n_randoms)
        frag_sim_random_step (sim, &prog->randoms[op->random], sub);
      break;
    case FRAG_OP_TRACE_ALLOC:
    case FRAG_OP_TRACE_FREE:
      frag_sim_op_trace (sim, op);
      break;
    case FRAG_OP_COUNT:
    default:
      sim->ev.ok = false;
      break;
    }

  /* The threshold trigger looks at the state after the step. */
  if (sim->cfg.mode == FRAG_MODE_COMPACTION && sim->cfg.trigger == FRAG_TRIGGER_THRESHOLD
      && op->kind != FRAG_OP_COMPACT)
    {
      uint64_t free_frames = frag_sim_free_frames (sim);
      uint64_t largest = 0;
      for (unsigned z = 0; z < sim->n_zones; z++)
        {
          uint64_t l = frag_holes_largest (sim->holes[z]);
          largest = l > largest ? l : largest;
        }
      double ext = free_frames ? 1.0 - (double) largest / (double) free_frames : 0.0;
      if (ext > sim->cfg.threshold)
        frag_sim_compact (sim, -1);
    }
}

/* The op of the next step, skipping ops of zero steps. */
static const FragOp *
current_op (FragSim *sim)
{
  const FragProgram *prog = sim->prog;
  while (sim->st.op_index < prog->n_ops)
    {
      const FragOp *op = &prog->ops[sim->st.op_index];
      uint64_t n = 1;
      if (op->kind == FRAG_OP_RANDOM)
        n = op->random < prog->n_randoms ? prog->randoms[op->random].count : 0;
      if (sim->st.sub_index < n)
        return op;
      sim->st.op_index++;
      sim->st.sub_index = 0;
    }
  return NULL;
}

void
frag_sim_set_batch (FragSim *sim, bool batch)
{
  if (sim != NULL)
    sim->batch = batch;
}

bool
frag_sim_step (FragSim *sim)
{
  if (sim == NULL || sim->st.position >= sim->n_steps)
    return false;
  if (sim->cp0_dirty && sim->st.position == 0)
    frag_sim_checkpoint_take (sim);
  const FragOp *op = current_op (sim);
  if (op == NULL)
    return false;
  frag_sim_apply_step (sim, op, sim->st.sub_index);
  sim->st.sub_index++;
  sim->st.position++;
  if (!sim->batch || sim->in_prepare)
    frag_sim_record_sample (sim);
  if (!sim->in_prepare && !sim->prepared && !sim->batch && sim->n_cps > 0
      && sim->st.position >= sim->cps[sim->n_cps - 1].position + sim->frontier_spacing
      && sim->st.position >= sim->frontier_next)
    frag_sim_frontier_checkpoint (sim);
  return true;
}

/* ---- Reading the basics ------------------------------------------------------------------------ */

const FragConfig *
frag_sim_config (const FragSim *sim)
{
  return &sim->cfg;
}

const FragProgram *
frag_sim_program (const FragSim *sim)
{
  return sim->prog;
}

uint64_t
frag_sim_n_steps (const FragSim *sim)
{
  return sim->n_steps;
}

uint64_t
frag_sim_position (const FragSim *sim)
{
  return sim->st.position;
}

const FragEvent *
frag_sim_last_event (const FragSim *sim)
{
  if (sim->st.position == 0 || !sim->ev_valid)
    return NULL;
  FragSim *s = (FragSim *) sim;
  s->ev.extents = sim->ev_extents.len ? sim->ev_extents.data : NULL;
  s->ev.n_extents = sim->ev_extents.len;
  return &sim->ev;
}

const FragChange *
frag_sim_last_changes (const FragSim *sim, size_t *n)
{
  if (sim->st.position == 0 || !sim->ev_valid)
    {
      if (n)
        *n = 0;
      return NULL;
    }
  if (n)
    *n = sim->changes.len;
  return sim->changes.data;
}

const char *
frag_sim_current_note (const FragSim *sim)
{
  return frag_program_string (sim->prog, sim->st.note_sid);
}
