/* frag-sim-compact.c: compaction, done in bulk over the frame words.
 *
 * Two kinds, by mode:
 *  - sliding (segmentation, compaction): every movable segment (a process segment of migrate type
 *    movable, not pinned) slides toward the zone's start keeping the order of segments; anything
 *    else (pinned or unmovable segments, raw blocks, imported frames) stays, and the sliding packs
 *    the others around it; zone by zone, never across a zone's end; a wanted order is ignored
 *    (the slide is always complete);
 *  - Linux's two scanners (paging, buddy; mm/compaction.c): a migrate scanner goes up from the
 *    zone's start over movable order-0 pages (process pages, movable order-0 raw allocations), a
 *    free scanner goes down from the zone's end over free frames of MOVABLE or CMA pageblocks; each
 *    page found low is copied to a free frame found high; it stops when they meet or, with an
 *    order, as soon as a free block of that order exists. With a costly order (> 3) a zone whose
 *    fragmentation index says the failure would be for lack of memory is skipped, as Linux's
 *    compaction_suitable does (the event says so). A movable raw block of order > 0 moves whole,
 *    as a large folio does, into the highest free block of its order (aligned) in a MOVABLE or
 *    CMA pageblock above it, or stays. Buddy-mode segments and trace allocations are not
 *    migrated: the simplification is ours.
 * Both rewrite the words directly and then rebuild the free lists (frag_zone_rebuild_free) and
 * the hole index once, instead of moving frames one by one through the lists.
 */
#include "frag-sim-private.h"

#include <limits.h>
#include <string.h>

/* Highlights in runs: moves come in long sequences, one change per run is enough. */
typedef struct {
  uint64_t start, frames;
  FragChangeKind kind;
} Run;

static void
run_add (FragSim *sim, Run *r, uint64_t pfn, uint64_t frames)
{
  if (r->frames > 0 && r->start + r->frames == pfn)
    {
      r->frames += frames;
      return;
    }
  if (r->frames > 0 && pfn + frames == r->start)
    {
      r->start = pfn;
      r->frames += frames;
      return;
    }
  if (r->frames > 0)
    frag_sim_note_change (sim, r->start, r->frames, r->kind);
  r->start = pfn;
  r->frames = frames;
}

static void
run_flush (FragSim *sim, Run *r)
{
  if (r->frames > 0)
    frag_sim_note_change (sim, r->start, r->frames, r->kind);
  r->frames = 0;
}

static FragOwnerRec *
owner_of (FragSim *sim, uint32_t w)
{
  uint32_t id = frag_fw_owner (w);
  return id < sim->owners.len ? &FRAG_VEC_AT (sim->owners, FragOwnerRec, id) : NULL;
}

/* Holes found while sliding, as (start, frames) pairs in sim->scratch. False when memory ran
 * out (the holes are then read back from the words instead). */
static bool
push_hole (FragSim *sim, uint64_t start, uint64_t frames)
{
  if (!frag_vec_reserve (&sim->scratch, sim->scratch.len + 2))
    return false;
  uint64_t *d = sim->scratch.data;
  d[sim->scratch.len++] = start;
  d[sim->scratch.len++] = frames;
  return true;
}

static uint64_t
slide_zone (FragSim *sim, unsigned z)
{
  bool holes_ok = true;
  sim->scratch.len = 0;
  uint32_t *w = frag_zone_words_mut (sim->zones[z]);
  uint64_t base = sim->cfg.zones[z].start_pfn, n = sim->cfg.zones[z].frames;
  uint64_t cursor = 0, moved = 0, i = 0;
  Run from = { 0, 0, FRAG_CHANGE_MOVED_FROM }, to = { 0, 0, FRAG_CHANGE_MOVED_TO };
  while (i < n)
    {
      uint32_t wd = w[i];
      if (!frag_fw_is_used (wd))
        {
          i++;
          continue;
        }
      FragOwnerRec *o = owner_of (sim, wd);
      uint64_t len = 1;
      bool movable = false;
      if (o && o->kind == FRAG_OWNER_PROCESS && !o->paged && o->order < 0 && o->start == base + i
          && o->frames <= n - i)
        {
          len = o->frames;
          movable = !o->pinned && o->mt == FRAG_MT_MOVABLE;
        }
      else if (o && o->order >= 0 && o->start == base + i && o->frames <= n - i)
        len = o->frames;
      if (!movable)
        {
          /* Everything between the packed part and this fixed run ends up free. */
          if (cursor < i)
            holes_ok &= push_hole (sim, base + cursor, i - cursor);
          i += len;
          cursor = i;
          continue;
        }
      if (i != cursor)
        {
          memmove (w + cursor, w + i, len * sizeof (uint32_t));
          uint64_t clear_from = cursor + len > i ? cursor + len : i;
          memset (w + clear_from, 0, (i + len - clear_from) * sizeof (uint32_t));
          o->start = base + cursor;
          moved += len;
          if (sim->recording_changes)
            {
              run_add (sim, &from, base + i, len);
              run_add (sim, &to, base + cursor, len);
            }
        }
      cursor += len;
      i += len;
    }
  run_flush (sim, &from);
  run_flush (sim, &to);
  if (cursor < n)
    holes_ok &= push_hole (sim, base + cursor, n - cursor);
  if (moved > 0)
    {
      frag_zone_rebuild_free (sim->zones[z]);
      if (holes_ok)
        {
          /* The holes are known from the slide itself: no need to read the words back. */
          const uint64_t *d = sim->scratch.data;
          frag_holes_clear (sim->holes[z]);
          for (size_t k = 0; k + 1 < sim->scratch.len; k += 2)
            frag_holes_free_range (sim->holes[z], d[k], d[k + 1]);
        }
      else
        frag_sim_rebuild_holes (sim, z);
    }
  return moved;
}

uint64_t
frag_sim_compact_slide (FragSim *sim)
{
  uint64_t moved = 0;
  for (unsigned z = 0; z < sim->n_zones; z++)
    moved += slide_zone (sim, z);
  return moved;
}

static bool
has_block_of_order (const FragSim *sim, unsigned z, unsigned order)
{
  for (unsigned o = order; o <= sim->cfg.max_order; o++)
    for (unsigned mt = 0; mt < FRAG_MT_COUNT; mt++)
      if (mt != FRAG_MT_ISOLATE && frag_zone_nr_free (sim->zones[z], o, (FragMigrateType) mt) > 0)
        return true;
  return false;
}

static bool
region_free (const uint32_t *w, uint64_t from, uint64_t n)
{
  for (uint64_t i = 0; i < n; i++)
    if (frag_fw_is_used (w[from + i]))
      return false;
  return true;
}

typedef struct {
  uint32_t      id;
  bool          ok;
  FragOwnerRec *o;
} OwnerCache;

static bool
migratable (FragSim *sim, uint32_t wd, OwnerCache *cache)
{
  if (!frag_fw_is_used (wd) || (wd & FRAG_FW_PINNED))
    return false;
  unsigned mt = frag_fw_used_mt (wd);
  if (mt != FRAG_MT_MOVABLE && mt != FRAG_MT_CMA)
    return false;
  /* Neighbouring frames mostly share their owner (pages are handed out in address order). */
  if (frag_fw_owner (wd) == cache->id)
    return cache->ok;
  FragOwnerRec *o = owner_of (sim, wd);
  cache->id = frag_fw_owner (wd);
  cache->o = o;
  cache->ok = o != NULL && !o->pinned
              && (o->paged || (o->kind == FRAG_OWNER_RAW && o->order >= 0 && !o->trace));
  return cache->ok;
}

/* A movable raw block of order > 0 moves whole, as a large folio does, into a free block of the
 * same order found going down from the free scanner's side (one cursor per order, never going
 * up again, like the free scanner). Its frames other than the head are not migrated one by
 * one. */
static inline bool
is_large (const FragOwnerRec *o)
{
  return !o->paged && o->order > 0;
}

/* The highest free block of 2^k frames, aligned on the absolute pfn, in MOVABLE or CMA
 * pageblocks, at or above `floor` and ending at or below *cursor (indices in the zone); moves
 * the cursor down to it. UINT64_MAX when none is left (the cursor then stays at the floor). */
static uint64_t
find_free_block (FragZone *zone, const uint32_t *w, uint64_t base, unsigned k, unsigned pbo,
                 uint64_t floor, uint64_t *cursor)
{
  uint64_t size = (uint64_t) 1 << k;
  uint64_t top = base + *cursor;
  if (top < size)
    return UINT64_MAX;
  uint64_t s = (top - size) & ~(size - 1);
  for (; s >= base + floor; s -= size)
    {
      /* The block's pageblocks: one when k <= pageblock_order, else all it covers. */
      bool ok = true;
      for (uint64_t pb = s >> pbo; pb <= (s + size - 1) >> pbo && ok; pb++)
        {
          FragMigrateType pmt = frag_zone_pageblock_mt (zone, pb);
          ok = pmt == FRAG_MT_MOVABLE || pmt == FRAG_MT_CMA;
        }
      if (ok && region_free (w, s - base, size))
        {
          *cursor = s - base;
          return s - base;
        }
      if (s < size)
        break;
    }
  *cursor = floor;
  return UINT64_MAX;
}

static inline bool
all_used8 (const uint32_t *w)
{
  uint32_t bad = 0;
  for (int i = 0; i < 8; i++)
    bad |= (w[i] & (FRAG_FW_FREE_HEAD | FRAG_FW_USED)) ^ FRAG_FW_USED;
  return bad == 0;
}

/* mm/compaction.c: orders above PAGE_ALLOC_COSTLY_ORDER are compacted only when the failure
 * would be for fragmentation: a fragmentation index in [0, sysctl_extfrag_threshold] (default
 * 500) says it would be for lack of memory (compaction_suitable). */
#define FRAG_COSTLY_ORDER       3
#define FRAG_EXTFRAG_THRESHOLD  500

/* The zone's fragmentation index for `order` when Linux would not compact it for that order,
 * else INT_MIN. */
static int
costly_order_skip (const FragSim *sim, unsigned z, int order)
{
  if (order <= FRAG_COSTLY_ORDER)
    return INT_MIN;
  uint64_t nr_free[FRAG_MAX_ORDER_LIMIT + 1] = { 0 };
  unsigned n_orders = sim->cfg.max_order + 1;
  for (unsigned o = 0; o < n_orders; o++)
    for (unsigned mt = 0; mt < FRAG_MT_COUNT; mt++)
      nr_free[o] += frag_zone_nr_free (sim->zones[z], o, (FragMigrateType) mt);
  int fi = frag_fragmentation_index (nr_free, n_orders, (unsigned) order);
  return fi >= 0 && fi <= FRAG_EXTFRAG_THRESHOLD ? fi : INT_MIN;
}

/* Returns frames moved; *done is set when a block of `order` exists afterwards, *skipped when
 * the costly-order rule left the zone alone. */
static uint64_t
scan_zone (FragSim *sim, unsigned z, int order, bool *done, bool *skipped)
{
  FragZone *zone = sim->zones[z];
  uint64_t base = sim->cfg.zones[z].start_pfn, n = sim->cfg.zones[z].frames;
  if (order >= 0 && has_block_of_order (sim, z, (unsigned) order))
    {
      *done = true;
      return 0;
    }
  int fi = order >= 0 ? costly_order_skip (sim, z, order) : INT_MIN;
  if (fi != INT_MIN)
    {
      sim->ev.compaction_skipped = true;
      sim->ev.compaction_fragindex = fi;
      *skipped = true;
      return 0;
    }
  uint32_t *w = frag_zone_words_mut (zone);
  unsigned pbo = sim->cfg.pageblock_order;
  uint64_t block = order >= 0 ? (uint64_t) 1 << order : 0;
  uint64_t m = 0, f = n - 1, moved = 0;
  uint32_t *rmap = sim->rmap.len ? sim->rmap.data : NULL;
  uint64_t *pte_pool = sim->pte_pool.data;
  uint64_t goff = sim->zone_offset[z];
  Run from = { 0, 0, FRAG_CHANGE_MOVED_FROM }, to = { 0, 0, FRAG_CHANGE_MOVED_TO };
  bool stop = false;
  uint64_t cur_pb = UINT64_MAX;
  OwnerCache cache = { FRAG_NONE, false, NULL };
  bool cur_ok = false;
  uint64_t large_cursor[FRAG_MAX_ORDER_LIMIT + 1];
  for (unsigned k = 0; k <= FRAG_MAX_ORDER_LIMIT; k++)
    large_cursor[k] = n;
  while (!stop)
    {
      /* Migrate scanner. */
      while (m < f && !migratable (sim, w[m], &cache))
        {
          m++;
          if (block && ((base + m) & (block - 1)) == 0 && m >= block
              && region_free (w, m - block, block))
            {
              stop = true;
              break;
            }
        }
      if (stop)
        break;
      if (m < f && is_large (cache.o))
        {
          /* A large block: whole, from its head, or not at all. */
          FragOwnerRec *o = cache.o;
          unsigned k = (unsigned) o->order;
          uint64_t size = (uint64_t) 1 << k, to_at = UINT64_MAX;
          if ((w[m] & FRAG_FW_ALLOC_HEAD) && base + m == o->start)
            to_at = find_free_block (zone, w, base, k, pbo, m + size, &large_cursor[k]);
          if (to_at == UINT64_MAX)
            {
              m++;
              if (block && ((base + m) & (block - 1)) == 0 && m >= block
                  && region_free (w, m - block, block))
                stop = true;
              continue;
            }
          uint32_t head = w[m] | FRAG_FW_ALLOC_HEAD, rest = head & ~FRAG_FW_ALLOC_HEAD;
          w[to_at] = head;
          for (uint64_t i = 1; i < size; i++)
            w[to_at + i] = rest;
          memset (w + m, 0, size * sizeof *w);
          o->start = base + to_at;
          moved += size;
          if (sim->recording_changes)
            {
              run_add (sim, &from, base + m, size);
              run_add (sim, &to, base + to_at, size);
            }
          m += size;
          /* The order-0 free scanner may have been above the block's new place: it finds those
           * frames used and goes on below them. */
          if (block && ((base + m) & (block - 1)) == 0 && m >= block
              && region_free (w, m - block, block))
            stop = true;
          continue;
        }
      /* Free scanner (order-0 pages): free frames of MOVABLE or CMA pageblocks only (the type is read once per
       * pageblock). */
      while (f > m)
        {
          uint64_t pb = (base + f) >> pbo;
          if (pb != cur_pb)
            {
              FragMigrateType pmt = frag_zone_pageblock_mt (zone, pb);
              cur_pb = pb;
              cur_ok = pmt == FRAG_MT_MOVABLE || pmt == FRAG_MT_CMA;
            }
          if (!cur_ok)
            {
              uint64_t pb_start = pb << pbo;
              if (pb_start <= base + m)
                {
                  f = m;
                  break;
                }
              f = pb_start - base - 1;
              continue;
            }
          if (!frag_fw_is_used (w[f]))
            break;
          f--;
          /* Mostly used frames up there: skip them eight at a time, within the pageblock. */
          while (f >= m + 8 && ((base + f) >> pbo) == ((base + f - 7) >> pbo) && all_used8 (w + f - 7))
            f -= 8;
        }
      if (m >= f)
        break;
      uint32_t wd = w[m];
      FragOwnerRec *o = cache.o; /* migratable() just looked w[m]'s owner up */
      w[f] = wd | FRAG_FW_ALLOC_HEAD;
      w[m] = 0;
      if (o->paged)
        {
          uint32_t vpage = rmap[goff + m];
          pte_pool[o->pte + vpage] = base + f;
          rmap[goff + f] = vpage;
          rmap[goff + m] = FRAG_NONE;
          if (vpage == 0)
            o->start = base + f;
        }
      else
        o->start = base + f;
      moved++;
      if (sim->recording_changes)
        {
          run_add (sim, &from, base + m, 1);
          run_add (sim, &to, base + f, 1);
        }
      m++;
      f--;
      if (block && ((base + m) & (block - 1)) == 0 && m >= block
          && region_free (w, m - block, block))
        stop = true;
    }
  run_flush (sim, &from);
  run_flush (sim, &to);
  if (moved > 0)
    {
      frag_zone_rebuild_free (zone);
      frag_sim_rebuild_holes (sim, z);
    }
  if (order >= 0 && has_block_of_order (sim, z, (unsigned) order))
    *done = true;
  return moved;
}

/* *ran: some zone was compacted (or already had a block of the order), not all skipped. */
static uint64_t
compact_scanners (FragSim *sim, int order, bool *ran)
{
  uint64_t moved = 0;
  bool done = false;
  unsigned n_skipped = 0, n_tried = 0;
  if (order > (int) sim->cfg.max_order)
    order = -1;
  /* Zones in Linux's zonelist order (highest first); with an order, stop once it is served. */
  for (unsigned z = sim->n_zones; z-- > 0 && !done;)
    {
      bool skipped = false;
      moved += scan_zone (sim, z, order, &done, &skipped);
      n_tried++;
      n_skipped += skipped;
    }
  *ran = n_skipped < n_tried;
  return moved;
}

uint64_t
frag_sim_compact_scanners (FragSim *sim, int order)
{
  bool ran;
  return compact_scanners (sim, order, &ran);
}

uint64_t
frag_sim_compact (FragSim *sim, int order)
{
  uint64_t moved;
  bool ran = true;
  if (sim->cfg.mode == FRAG_MODE_SEGMENTATION || sim->cfg.mode == FRAG_MODE_COMPACTION)
    moved = frag_sim_compact_slide (sim);
  else
    moved = compact_scanners (sim, order, &ran);
  /* Every zone skipped by the costly-order rule: no compaction ran. */
  if (!ran)
    return 0;
  sim->st.m.compactions++;
  sim->st.m.compaction_frames_moved += moved;
  sim->st.m.compaction_bytes_moved += moved * sim->cfg.frame_size;
  sim->ev.compacted = true;
  sim->ev.frames_moved += moved;
  return moved;
}
