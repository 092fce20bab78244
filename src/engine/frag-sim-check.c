/* frag-sim-check.c: frag_sim_check, the whole-engine consistency check the tests run after
 * every step.
 *
 * On top of frag_zone_check and frag_holes_check it checks what ties them together: each frame
 * is free or owned by exactly one live owner that knows it (runs and blocks by extent, pages by
 * page table and reverse map), owners hold as many frames as they say, the hole index equals the
 * free runs of the words, the buddy lists hold exactly the free frames and, where merging is
 * unrestricted (all pageblocks of mergeable types), their blocks by order are the aligned
 * decomposition of the holes; processes, names and counters agree with the owners.
 */
#include "frag-sim-private.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool fail (char *err, size_t errlen, const char *fmt, ...)
  __attribute__ ((format (printf, 3, 4)));

static bool
fail (char *err, size_t errlen, const char *fmt, ...)
{
  if (err && errlen)
    {
      va_list ap;
      va_start (ap, fmt);
      vsnprintf (err, errlen, fmt, ap);
      va_end (ap);
    }
  return false;
}

typedef struct {
  const FragExtent *runs;
  size_t n, i;
  bool ok;
} HoleCmp;

static bool
hole_cmp_cb (const FragExtent *e, void *data)
{
  HoleCmp *c = data;
  if (c->i >= c->n || c->runs[c->i].start != e->start || c->runs[c->i].frames != e->frames)
    {
      c->ok = false;
      return false;
    }
  c->i++;
  return true;
}

static bool
check_zone (const FragSim *sim, unsigned z, uint64_t *owner_frames, char *err, size_t errlen)
{
  const FragZoneSpec *zs = &sim->cfg.zones[z];
  const uint32_t *w = frag_zone_words (sim->zones[z]);
  uint64_t base = zs->start_pfn, n = zs->frames;
  FragExtent *runs = NULL;
  size_t n_runs = 0, cap_runs = 0;
  uint64_t free_frames = 0;
  bool ok = true;
  uint64_t decomp[FRAG_MAX_ORDER_LIMIT + 1] = { 0 };
  uint64_t i = 0;
  while (i < n && ok)
    {
      uint32_t wd = w[i];
      if (!frag_fw_is_used (wd))
        {
          uint64_t s = i;
          while (i < n && !frag_fw_is_used (w[i]))
            i++;
          if (n_runs == cap_runs)
            {
              cap_runs = cap_runs ? 2 * cap_runs : 64;
              FragExtent *r = realloc (runs, cap_runs * sizeof *r);
              if (!r)
                {
                  free (runs);
                  return fail (err, errlen, "out of memory checking");
                }
              runs = r;
            }
          runs[n_runs++] = (FragExtent) { base + s, i - s };
          free_frames += i - s;
          /* Aligned decomposition of the hole into maximal buddy blocks. */
          uint64_t p = base + s, left = i - s;
          while (left > 0)
            {
              unsigned o = sim->cfg.max_order;
              while (o > 0 && (((p & (((uint64_t) 1 << o) - 1)) != 0) || ((uint64_t) 1 << o) > left))
                o--;
              decomp[o]++;
              p += (uint64_t) 1 << o;
              left -= (uint64_t) 1 << o;
            }
          continue;
        }
      uint32_t id = frag_fw_owner (wd);
      uint64_t pfn = base + i;
      if (id >= sim->owners.len)
        ok = fail (err, errlen, "pfn %llu: owner %u out of range", (unsigned long long) pfn, id);
      else
        {
          const FragOwnerRec *o = &FRAG_VEC_AT (sim->owners, FragOwnerRec, id);
          if (o->kind == FRAG_OWNER_NONE)
            ok = fail (err, errlen, "pfn %llu: owner %u is not live", (unsigned long long) pfn, id);
          else if (o->paged)
            {
              uint32_t vp = FRAG_VEC_AT (sim->rmap, uint32_t, sim->zone_offset[z] + i);
              if (vp >= o->frames
                  || FRAG_VEC_AT (sim->pte_pool, uint64_t, o->pte + vp) != pfn)
                ok = fail (err, errlen, "pfn %llu: page table of owner %u disagrees (vpage %u)",
                           (unsigned long long) pfn, id, vp);
            }
          else if (o->kind != FRAG_OWNER_IMPORTED
                   && (pfn < o->start || pfn - o->start >= o->frames))
            ok = fail (err, errlen, "pfn %llu: outside the extent of owner %u",
                       (unsigned long long) pfn, id);
          else if (o->kind != FRAG_OWNER_IMPORTED && ((pfn == o->start) != ((wd & FRAG_FW_ALLOC_HEAD) != 0)))
            ok = fail (err, errlen, "pfn %llu: allocation head flag wrong", (unsigned long long) pfn);
          if (ok)
            owner_frames[id]++;
        }
      i++;
    }
  if (ok && free_frames != frag_holes_free_frames (sim->holes[z]))
    ok = fail (err, errlen, "zone %u: %llu free frames in words, %llu in holes", z,
               (unsigned long long) free_frames,
               (unsigned long long) frag_holes_free_frames (sim->holes[z]));
  if (ok)
    {
      HoleCmp c = { runs, n_runs, 0, true };
      frag_holes_foreach (sim->holes[z], hole_cmp_cb, &c);
      if (!c.ok || c.i != n_runs)
        ok = fail (err, errlen, "zone %u: hole index differs from the free runs (run %zu)", z, c.i);
    }
  free (runs);
  if (!ok)
    return false;

  /* The buddy lists hold exactly the free frames... */
  uint64_t listed = 0, by_order[FRAG_MAX_ORDER_LIMIT + 1] = { 0 };
  for (unsigned o = 0; o <= sim->cfg.max_order; o++)
    for (unsigned mt = 0; mt < FRAG_MT_COUNT; mt++)
      {
        uint64_t k = frag_zone_nr_free (sim->zones[z], o, (FragMigrateType) mt);
        by_order[o] += k;
        listed += k << o;
      }
  if (listed != free_frames)
    return fail (err, errlen, "zone %u: free lists hold %llu frames, %llu are free", z,
                 (unsigned long long) listed, (unsigned long long) free_frames);
  /* ...and, where merging is unrestricted, as the maximal aligned blocks. */
  bool mergeable = true;
  unsigned pbo = sim->cfg.pageblock_order;
  for (uint64_t pb = base >> pbo; pb <= (base + n - 1) >> pbo && mergeable; pb++)
    mergeable = frag_zone_pageblock_mt (sim->zones[z], pb) < FRAG_MT_HIGHATOMIC;
  if (mergeable)
    for (unsigned o = 0; o <= sim->cfg.max_order; o++)
      if (by_order[o] != decomp[o])
        return fail (err, errlen, "zone %u: %llu free blocks of order %u, the holes give %llu", z,
                     (unsigned long long) by_order[o], o, (unsigned long long) decomp[o]);
  return true;
}

static bool
check_table (const FragSim *sim, const FragObjTable *t, bool procs, char *err, size_t errlen)
{
  uint64_t live = 0;
  for (size_t s = 0; s < t->objs.len; s++)
    {
      const FragObj *p = &FRAG_VEC_AT (t->objs, FragObj, s);
      if (!p->live)
        continue;
      live++;
      uint32_t slot;
      if (p->hashed
          && (frag_sim_obj_lookup (sim, t, frag_sim_obj_name (sim, p), &slot) != p || slot != s))
        return fail (err, errlen, "%s is not found by its name", frag_sim_obj_name (sim, p));
      if (!p->hashed && (p->name_sid != FRAG_NONE || !sim->gen_names_unique))
        return fail (err, errlen, "%s is not hashed but could be named", frag_sim_obj_name (sim, p));
      if (p->order_pos >= t->order.len || FRAG_VEC_AT (t->order, uint32_t, p->order_pos) != s)
        return fail (err, errlen, "%s: creation order broken", frag_sim_obj_name (sim, p));
      unsigned n = 0;
      uint64_t frames = 0;
      for (uint32_t id = p->first_owner; id != FRAG_NONE;
           id = FRAG_VEC_AT (sim->owners, FragOwnerRec, id).next)
        {
          if (id >= sim->owners.len || n > FRAG_MAX_SEGMENTS)
            return fail (err, errlen, "%s: broken segment chain", frag_sim_obj_name (sim, p));
          const FragOwnerRec *o = &FRAG_VEC_AT (sim->owners, FragOwnerRec, id);
          if (o->obj != s || o->kind != (procs ? FRAG_OWNER_PROCESS : FRAG_OWNER_RAW))
            return fail (err, errlen, "%s: segment %u owned by someone else",
                         frag_sim_obj_name (sim, p), n);
          frames += o->frames;
          n++;
          if (!procs)
            break;
        }
      if (n != p->n_segments || frames != p->frames)
        return fail (err, errlen, "%s: %u segments of %llu frames, says %u of %llu",
                     frag_sim_obj_name (sim, p), n, (unsigned long long) frames, p->n_segments,
                     (unsigned long long) p->frames);
    }
  if (live != t->n_live)
    return fail (err, errlen, "%llu live objects counted, %llu said", (unsigned long long) live,
                 (unsigned long long) t->n_live);
  return true;
}

bool
frag_sim_check (const FragSim *sim, char *err, size_t errlen)
{
  if (sim == NULL)
    return fail (err, errlen, "no simulation");
  for (unsigned z = 0; z < sim->n_zones; z++)
    {
      if (!frag_zone_check (sim->zones[z], err, errlen))
        return false;
      if (!frag_holes_check (sim->holes[z], err, errlen))
        return false;
    }
  uint64_t *owner_frames = calloc (sim->owners.len + 1, sizeof (uint64_t));
  if (!owner_frames)
    return fail (err, errlen, "out of memory checking");
  bool ok = true;
  for (unsigned z = 0; z < sim->n_zones && ok; z++)
    ok = check_zone (sim, z, owner_frames, err, errlen);
  uint64_t used = 0, internal = 0;
  for (size_t id = 0; id < sim->owners.len && ok; id++)
    {
      const FragOwnerRec *o = &FRAG_VEC_AT (sim->owners, FragOwnerRec, id);
      if (o->kind == FRAG_OWNER_NONE)
        continue;
      if (owner_frames[id] != o->frames)
        ok = fail (err, errlen, "owner %zu holds %llu frames, says %llu", id,
                   (unsigned long long) owner_frames[id], (unsigned long long) o->frames);
      used += o->frames;
      if (o->kind == FRAG_OWNER_PROCESS)
        internal += o->frames * sim->cfg.frame_size - o->bytes;
    }
  free (owner_frames);
  if (!ok)
    return false;
  if (used != sim->st.used_frames)
    return fail (err, errlen, "%llu frames owned, %llu counted used", (unsigned long long) used,
                 (unsigned long long) sim->st.used_frames);
  if (used + frag_sim_free_frames (sim) != sim->total_frames)
    return fail (err, errlen, "used + free != total");
  if (internal != sim->st.internal_bytes)
    return fail (err, errlen, "internal fragmentation %llu, counted %llu",
                 (unsigned long long) internal, (unsigned long long) sim->st.internal_bytes);
  if (!check_table (sim, &sim->procs, true, err, errlen)
      || !check_table (sim, &sim->raws, false, err, errlen))
    return false;
  return true;
}
