/* frag-sim-checkpoint.c: time travel: checkpoints, seek, prepare, and the per-step samples.
 *
 * A checkpoint is a copy of the whole state: the zones (frag_zone_clone, or, for a zone in the
 * canonical state, runs of its words: see below), the hole indices, the POD state and the flat
 * tables of frag_sim_vecs. Seeking restores the last checkpoint before the
 * target (strictly before, so that the step just before the target is replayed and its event and
 * highlights are exact) and replays from there. frag_sim_prepare lays checkpoints adaptively:
 * one whenever about FRAG_CP_REPLAY_NS of stepping has passed since the last; when their total
 * size passes FRAG_CP_BUDGET it drops the checkpoint whose neighbours are closest (in stepping
 * time) and lays the next ones no denser, so that memory stays bounded and the checkpoints stay
 * evenly spread in replay cost: the longest replay is about total stepping time / count.
 */
#include "frag-sim-private.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FRAG_CP_BUDGET     (512ull << 20)
#define FRAG_CP_REPLAY_NS  (8 * 1000 * 1000ull)
/* Balancing stops once no replay between checkpoints is longer than this: with a restore of
 * about 10 ms, every seek stays well under the 50 ms the app needs to scrub. */
#define FRAG_CP_TARGET_NS  (12 * 1000 * 1000ull)

/* Replay cost is measured in this thread's CPU time: a busy machine must not scatter the
 * checkpoints. */
static uint64_t
now_ns (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (uint64_t) ts.tv_sec * 1000000000ull + (uint64_t) ts.tv_nsec;
}

void
frag_sim_set_checkpoint_policy (FragSim *sim, uint64_t spacing_ns, uint64_t budget)
{
  sim->cp_spacing_ns = spacing_ns ? spacing_ns : FRAG_CP_REPLAY_NS;
  sim->cp_budget = budget ? budget : FRAG_CP_BUDGET;
}

size_t
frag_sim_n_checkpoints (const FragSim *sim)
{
  return sim->n_cps;
}

static void
cp_free (FragSim *sim, FragCheckpoint *cp)
{
  for (unsigned z = 0; z < sim->n_zones; z++)
    {
      if (cp->zones && cp->zones[z])
        frag_zone_destroy (cp->zones[z]);
      if (cp->zone_runs)
        free (cp->zone_runs[z]);
      if (cp->holes && cp->holes[z])
        frag_holes_destroy (cp->holes[z]);
    }
  if (cp->vecs)
    for (size_t i = 0; i < FRAG_SIM_N_VECS; i++)
      {
        FragCpVec *v = &cp->vecs[i];
        for (size_t k = 0; k < v->n_chunks; k++)
          if (--v->chunks[k]->refs == 0)
            {
              sim->cp_chunk_bytes -= sizeof (FragChunk) + v->chunks[k]->bytes;
              free (v->chunks[k]);
            }
        free (v->chunks);
      }
  free (cp->zones);
  free (cp->zone_runs);
  free (cp->zone_n_runs);
  free (cp->holes);
  free (cp->vecs);
  memset (cp, 0, sizeof *cp);
}

/* The start changed (imports): every later checkpoint and every sample is stale. The first
 * checkpoint is taken again before the next step. */
void
frag_sim_invalidate_history (FragSim *sim)
{
  for (size_t i = 1; i < sim->n_cps; i++)
    cp_free (sim, &sim->cps[i]);
  if (sim->n_cps > 1)
    sim->n_cps = 1;
  sim->samples.len = 0;
  sim->cp0_dirty = true;
  sim->frontier_next = 0;
  sim->prepared = false;
}

void
frag_sim_checkpoint_free_all (FragSim *sim)
{
  for (size_t i = 0; i < sim->n_cps; i++)
    cp_free (sim, &sim->cps[i]);
  free (sim->cps);
  sim->cps = NULL;
  sim->n_cps = sim->cap_cps = 0;
}

/* ---- Zones kept as runs of words ------------------------------------------------------------
 *
 * A zone clone is most of a checkpoint (4 bytes of words and ~1.5 of bitmaps per frame). But a
 * zone in the canonical state, the one frag_zone_rebuild_free makes from the USED bits (every
 * free block maximal and aligned, on its pageblock's list), is fully described by its used words
 * once its pageblock types and counters are those of the first checkpoint. Such a zone is kept as
 * runs of equal words (a segment is one run: its head word, the rest being the same without the
 * head bit; a free run is one), a few
 * bytes per allocation, and restored as: the first checkpoint's zone, the words written back,
 * the lists rebuilt. Only `address` lists qualify (LIFO order is history, not a function of the
 * words). Canonical is checked exactly: the maximal decomposition is the only one with its
 * block count per order, so equal counts per order mean equal lists. */

typedef struct {
  uint64_t by_order[FRAG_MAX_ORDER_LIMIT + 1];
  unsigned max_order;
} Decomp;

static bool
decomp_cb (const FragExtent *e, void *data)
{
  Decomp *d = data;
  uint64_t p = e->start, left = e->frames;
  while (left > 0)
    {
      unsigned o = d->max_order;
      while (o > 0 && (((p & (((uint64_t) 1 << o) - 1)) != 0) || ((uint64_t) 1 << o) > left))
        o--;
      d->by_order[o]++;
      p += (uint64_t) 1 << o;
      left -= (uint64_t) 1 << o;
    }
  return true;
}

/* Everything but the words and the lists (which a restore writes and rebuilds) equals the
 * base's: counters and pageblock types, all of one type. */
static bool
zone_like_base (const FragSim *sim, unsigned z, const FragZone *zone, const FragZone *base)
{
  if (base == NULL)
    return false;
  const FragZoneCounters *a = frag_zone_counters (zone), *b = frag_zone_counters (base);
  if (a->extfrag_events != b->extfrag_events || a->pageblocks_stolen != b->pageblocks_stolen
      || a->fallbacks != b->fallbacks)
    return false;
  const FragZoneSpec *zs = &sim->cfg.zones[z];
  unsigned pbo = sim->cfg.pageblock_order;
  uint64_t first = zs->start_pfn >> pbo, last = (zs->start_pfn + zs->frames - 1) >> pbo;
  FragMigrateType t = frag_zone_pageblock_mt (base, first);
  for (uint64_t pb = first; pb <= last; pb++)
    if (frag_zone_pageblock_mt (zone, pb) != t || frag_zone_pageblock_mt (base, pb) != t)
      return false;
  return true;
}

static bool
zone_canonical (const FragSim *sim, unsigned z, const FragZone *base)
{
  const FragZone *zone = sim->zones[z];
  if (sim->cfg.free_list != FRAG_FREE_LIST_ADDRESS || !zone_like_base (sim, z, zone, base))
    return false;
  const FragZoneSpec *zs = &sim->cfg.zones[z];
  FragMigrateType t = frag_zone_pageblock_mt (zone, zs->start_pfn >> sim->cfg.pageblock_order);
  Decomp d = { { 0 }, sim->cfg.max_order };
  frag_holes_foreach (sim->holes[z], decomp_cb, &d);
  for (unsigned o = 0; o <= sim->cfg.max_order; o++)
    for (unsigned mt = 0; mt < FRAG_MT_COUNT; mt++)
      if (frag_zone_nr_free (zone, o, (FragMigrateType) mt) != (mt == (unsigned) t ? d.by_order[o] : 0))
        return false;
  return true;
}

/* Free words are written as 0 (their bits are undefined but for the heads, which the rebuild
 * writes). */
static inline uint32_t
canonical_word (uint32_t w)
{
  return frag_fw_is_used (w) ? w : 0;
}

static uint32_t *
encode_runs (const uint32_t *w, uint64_t n, size_t *n_runs)
{
  size_t cap = 1024, k = 0;
  uint32_t *runs = malloc (cap * 2 * sizeof *runs);
  if (runs == NULL)
    return NULL;
  uint64_t i = 0;
  while (i < n)
    {
      /* An allocation's first word carries ALLOC_HEAD and the rest the same word without it: one
       * run says both (a run of a head word is the head and copies without the bit). */
      uint32_t v = canonical_word (w[i]);
      uint32_t rest = v & ~FRAG_FW_ALLOC_HEAD;
      uint64_t j = i + 1;
      while (j < n && canonical_word (w[j]) == rest && j - i < UINT32_MAX)
        j++;
      if (k == cap)
        {
          cap *= 2;
          uint32_t *r = realloc (runs, cap * 2 * sizeof *runs);
          if (r == NULL)
            {
              free (runs);
              return NULL;
            }
          runs = r;
        }
      runs[2 * k] = v;
      runs[2 * k + 1] = (uint32_t) (j - i);
      k++;
      i = j;
    }
  uint32_t *r = realloc (runs, (k ? k : 1) * 2 * sizeof *runs);
  *n_runs = k;
  return r ? r : runs;
}

static void
decode_runs (uint32_t *w, const uint32_t *runs, size_t n_runs)
{
  for (size_t k = 0; k < n_runs; k++)
    {
      uint32_t v = runs[2 * k], c = runs[2 * k + 1];
      if (v == 0)
        memset (w, 0, (size_t) c * sizeof *w);
      else
        {
          w[0] = v;
          v &= ~FRAG_FW_ALLOC_HEAD;
          /* Two words a store: the loop is most of a restore. */
          uint64_t vv = (uint64_t) v << 32 | v;
          uint32_t i = 1;
          for (; i + 2 <= c; i += 2)
            memcpy (w + i, &vv, sizeof vv);
          if (i < c)
            w[i] = v;
        }
      w += c;
    }
}

size_t
frag_sim_n_light_checkpoints (const FragSim *sim)
{
  size_t n = 0;
  for (size_t i = 0; i < sim->n_cps; i++)
    for (unsigned z = 0; z < sim->n_zones; z++)
      if (sim->cps[i].zones[z] == NULL)
        {
          n++;
          break;
        }
  return n;
}

size_t
frag_sim_checkpoint_bytes (const FragSim *sim)
{
  size_t total = sim->cp_chunk_bytes;
  for (size_t i = 0; i < sim->n_cps; i++)
    total += sim->cps[i].bytes;
  return total;
}

/* Copies a table as chunks, sharing those equal to the previous checkpoint's at the same offset
 * (`prev` NULL: none). The comparison costs about what the copy would. */
static bool
cpvec_fill (FragSim *sim, FragCpVec *dst, const FragVec *src, const FragCpVec *prev,
            size_t *bytes, size_t *fresh)
{
  dst->elt = src->elt;
  dst->len = src->len;
  size_t total = src->len * src->elt;
  dst->n_chunks = (total + FRAG_CP_CHUNK - 1) / FRAG_CP_CHUNK;
  if (dst->n_chunks == 0)
    return true;
  dst->chunks = calloc (dst->n_chunks, sizeof *dst->chunks);
  if (dst->chunks == NULL)
    return false;
  *bytes += dst->n_chunks * sizeof *dst->chunks;
  const unsigned char *data = src->data;
  for (size_t k = 0; k < dst->n_chunks; k++)
    {
      size_t off = k * FRAG_CP_CHUNK;
      uint32_t n = (uint32_t) (total - off < FRAG_CP_CHUNK ? total - off : FRAG_CP_CHUNK);
      if (prev && k < prev->n_chunks && prev->chunks[k]->bytes == n
          && memcmp (prev->chunks[k]->data, data + off, n) == 0)
        {
          dst->chunks[k] = prev->chunks[k];
          dst->chunks[k]->refs++;
          continue;
        }
      FragChunk *c = malloc (sizeof *c + n);
      if (c == NULL)
        {
          dst->n_chunks = k; /* the chunks so far are released with the checkpoint */
          return false;
        }
      c->refs = 1;
      c->bytes = n;
      memcpy (c->data, data + off, n);
      sim->cp_chunk_bytes += sizeof *c + n;
      *fresh += sizeof *c + n;
      dst->chunks[k] = c;
    }
  return true;
}

static void
cpvec_restore (FragVec *dst, const FragCpVec *src)
{
  /* A failed reserve keeps the larger old array: it only happens when shrinking is not
   * needed, since reserve never shrinks. */
  if (!frag_vec_reserve (dst, src->len))
    abort ();
  unsigned char *data = dst->data;
  /* The chunks are scattered in memory: ask for the next ones early. */
  for (size_t k = 0; k < src->n_chunks; k++)
    {
      if (k + 8 < src->n_chunks)
        __builtin_prefetch (src->chunks[k + 8]);
      memcpy (data + k * FRAG_CP_CHUNK, src->chunks[k]->data, src->chunks[k]->bytes);
    }
  dst->len = src->len;
}

/* `prev`: the checkpoint just before this position, whose chunks may be shared (or NULL). */
static bool
cp_fill (FragSim *sim, FragCheckpoint *cp, const FragCheckpoint *prev)
{
  memset (cp, 0, sizeof *cp);
  sim->n_cp_filled++;
  cp->position = sim->st.position;
  cp->st = sim->st;
  cp->n_live_procs = sim->procs.n_live;
  cp->n_live_raws = sim->raws.n_live;
  cp->zones = calloc (sim->n_zones, sizeof *cp->zones);
  cp->zone_runs = calloc (sim->n_zones, sizeof *cp->zone_runs);
  cp->zone_n_runs = calloc (sim->n_zones, sizeof *cp->zone_n_runs);
  cp->holes = calloc (sim->n_zones, sizeof *cp->holes);
  cp->vecs = calloc (FRAG_SIM_N_VECS, sizeof *cp->vecs);
  if (!cp->zones || !cp->zone_runs || !cp->zone_n_runs || !cp->holes || !cp->vecs)
    goto fail;
  /* The first checkpoint is always whole: the others' light zones are restored on top of it. */
  bool may_be_light = sim->n_cps > 0 && sim->st.position > 0 && sim->light_checkpoints;
  for (unsigned z = 0; z < sim->n_zones; z++)
    {
      if (may_be_light && zone_canonical (sim, z, sim->cps[0].zones[z]))
        cp->zone_runs[z] = encode_runs (frag_zone_words (sim->zones[z]), sim->cfg.zones[z].frames,
                                        &cp->zone_n_runs[z]);
      if (cp->zone_runs[z] == NULL)
        {
          cp->zones[z] = frag_zone_clone (sim->zones[z]);
          if (!cp->zones[z])
            goto fail;
          cp->bytes += frag_zone_memory_bytes (cp->zones[z]);
        }
      else
        cp->bytes += cp->zone_n_runs[z] * 2 * sizeof (uint32_t);
      cp->holes[z] = frag_holes_clone (sim->holes[z]);
      if (!cp->holes[z])
        goto fail;
      cp->bytes += frag_holes_bytes (cp->holes[z]);
    }
  FragVec *vecs[FRAG_SIM_N_VECS];
  size_t n = frag_sim_vecs (sim, vecs);
  for (size_t i = 0; i < n; i++)
    if (!cpvec_fill (sim, &cp->vecs[i], vecs[i], prev ? &prev->vecs[i] : NULL, &cp->bytes,
                     &cp->fresh))
      goto fail;
  return true;

fail:
  cp_free (sim, cp);
  return false;
}

static bool
cps_reserve (FragSim *sim)
{
  if (sim->n_cps < sim->cap_cps)
    return true;
  size_t cap = sim->cap_cps ? 2 * sim->cap_cps : 16;
  FragCheckpoint *c = realloc (sim->cps, cap * sizeof *c);
  if (!c)
    return false;
  sim->cps = c;
  sim->cap_cps = cap;
  return true;
}

/* Takes a checkpoint at the current position: position 0 replaces the first one, others are
 * appended (positions only grow between two thinnings). */
bool
frag_sim_checkpoint_take (FragSim *sim)
{
  if (sim->st.position == 0 && sim->n_cps > 0)
    {
      FragCheckpoint cp;
      if (!cp_fill (sim, &cp, NULL))
        return false;
      cp_free (sim, &sim->cps[0]);
      sim->cps[0] = cp;
      sim->cp0_dirty = false;
      return true;
    }
  if (sim->n_cps > 0 && sim->cps[sim->n_cps - 1].position >= sim->st.position)
    return true;
  if (!cps_reserve (sim))
    return false;
  /* Appended: the last checkpoint is the one just before. */
  if (!cp_fill (sim, &sim->cps[sim->n_cps], sim->n_cps > 0 ? &sim->cps[sim->n_cps - 1] : NULL))
    return false;
  sim->n_cps++;
  if (sim->st.position == 0)
    sim->cp0_dirty = false;
  return true;
}

static void
cp_restore (FragSim *sim, const FragCheckpoint *cp)
{
  for (unsigned z = 0; z < sim->n_zones; z++)
    {
      if (cp->zones[z] != NULL)
        frag_zone_copy (sim->zones[z], cp->zones[z]);
      else
        {
          /* The live zone will do as the base when it differs from it only in words and
           * lists: then the copy of the base is skipped. */
          if (!zone_like_base (sim, z, sim->zones[z], sim->cps[0].zones[z]))
            frag_zone_copy (sim->zones[z], sim->cps[0].zones[z]);
          decode_runs (frag_zone_words_mut (sim->zones[z]), cp->zone_runs[z], cp->zone_n_runs[z]);
          frag_zone_rebuild_free (sim->zones[z]);
        }
      frag_holes_copy (sim->holes[z], cp->holes[z]);
    }
  sim->st = cp->st;
  sim->procs.n_live = cp->n_live_procs;
  sim->raws.n_live = cp->n_live_raws;
  FragVec *vecs[FRAG_SIM_N_VECS];
  size_t n = frag_sim_vecs (sim, vecs);
  for (size_t i = 0; i < n; i++)
    cpvec_restore (vecs[i], &cp->vecs[i]);
  sim->ev_valid = false;
  sim->changes.len = 0;
  sim->ev_extents.len = 0;
}

/* Benchmarks: back to a checkpoint laid exactly at `position` (the event is not restored). */
bool
frag_sim_restore_checkpoint_at (FragSim *sim, uint64_t position)
{
  for (size_t i = 0; i < sim->n_cps; i++)
    if (sim->cps[i].position == position)
      {
        cp_restore (sim, &sim->cps[i]);
        return true;
      }
  return false;
}

void
frag_sim_record_sample (FragSim *sim)
{
  if (sim->st.position != sim->samples.len + 1)
    return;
  FragSample *s = frag_vec_push (&sim->samples);
  if (s != NULL)
    frag_sim_sample_now (sim, s);
}

void
frag_sim_sample_now (const FragSim *sim, FragSample *s)
{
  memset (s, 0, sizeof *s);
  uint64_t nr_free[FRAG_MAX_ORDER_LIMIT + 1] = { 0 };
  uint64_t largest = 0;
  unsigned n_orders = sim->cfg.max_order + 1;
  for (unsigned z = 0; z < sim->n_zones; z++)
    {
      for (unsigned o = 0; o < n_orders; o++)
        for (unsigned mt = 0; mt < FRAG_MT_COUNT; mt++)
          nr_free[o] += frag_zone_nr_free (sim->zones[z], o, (FragMigrateType) mt);
      uint64_t l = frag_holes_largest (sim->holes[z]);
      largest = l > largest ? l : largest;
    }
  uint64_t free_frames = frag_sim_free_frames (sim);
  s->free_frames = free_frames;
  s->largest_free_run = largest;
  s->failed_allocations = sim->st.m.failed_allocations;
  s->compaction_bytes_moved = sim->st.m.compaction_bytes_moved;
  s->external_fragmentation = free_frames ? (float) (1.0 - (double) largest / (double) free_frames)
                                          : 0.0f;
  for (unsigned o = 0; o < n_orders; o++)
    s->unusable_index[o] = (float) frag_unusable_free_index (nr_free, n_orders, o) / 1000.0f;
}

const FragSample *
frag_sim_samples (const FragSim *sim, uint64_t *n)
{
  if (n)
    *n = sim->samples.len;
  return sim->samples.data;
}

static void
ensure_cp0 (FragSim *sim)
{
  if (sim->n_cps == 0 || sim->cp0_dirty)
    {
      if (sim->st.position == 0)
        frag_sim_checkpoint_take (sim);
    }
}

void
frag_sim_seek (FragSim *sim, uint64_t position)
{
  if (sim == NULL)
    return;
  ensure_cp0 (sim);
  if (position > sim->n_steps)
    position = sim->n_steps;
  if (position == sim->st.position)
    return;
  /* The last checkpoint strictly before the target (or the start). */
  size_t lo = 0, hi = sim->n_cps;
  while (hi - lo > 1)
    {
      size_t mid = lo + (hi - lo) / 2;
      if (sim->cps[mid].position < position)
        lo = mid;
      else
        hi = mid;
    }
  if (sim->n_cps == 0)
    return; /* out of memory for even the first checkpoint: stay */
  const FragCheckpoint *cp = &sim->cps[lo];
  /* From where it stands when the target is ahead and nearer (in replay time, a restore
   * included) than from the checkpoint: the work per step is that of the interval before the
   * checkpoint (steps cost more as memory fills). */
  bool go_on = sim->st.position < position && sim->st.position >= cp->position;
  if (!go_on && sim->st.position < position && lo > 0)
    {
      const FragCheckpoint *prev = &sim->cps[lo - 1];
      double per_step = cp->work_ns > prev->work_ns
                          ? (double) (cp->work_ns - prev->work_ns)
                              / (double) (cp->position - prev->position)
                          : 0;
      go_on = per_step > 0
              && (double) (position - sim->st.position) * per_step
                   < (double) (position - cp->position) * per_step + (double) sim->restore_ns;
    }
  if (!go_on)
    {
      uint64_t t = now_ns ();
      cp_restore (sim, cp);
      /* A running estimate of what a restore costs. */
      uint64_t d = now_ns () - t;
      sim->restore_ns = sim->restore_ns ? (3 * sim->restore_ns + d) / 4 : d;
    }
  bool rec = sim->recording_changes;
  while (sim->st.position < position)
    {
      sim->recording_changes = rec && sim->st.position + 1 == position;
      if (!frag_sim_step (sim))
        break;
    }
  sim->recording_changes = rec;
}

/* The checkpoint (never the first) whose two neighbours are closest in stepping time, and that
 * merged gap: dropping it costs the longest replay least. `end_work`: the work at the end. */
static size_t
best_drop (const FragSim *sim, uint64_t end_work, uint64_t *gap_out)
{
  size_t best = 1;
  uint64_t best_gap = UINT64_MAX;
  for (size_t i = 1; i < sim->n_cps; i++)
    {
      uint64_t next = i + 1 < sim->n_cps ? sim->cps[i + 1].work_ns : end_work;
      uint64_t gap = next - sim->cps[i - 1].work_ns;
      if (gap < best_gap)
        {
          best_gap = gap;
          best = i;
        }
    }
  *gap_out = best_gap;
  return best;
}

static void
drop_at (FragSim *sim, size_t i)
{
  cp_free (sim, &sim->cps[i]);
  memmove (&sim->cps[i], &sim->cps[i + 1], (sim->n_cps - i - 1) * sizeof *sim->cps);
  sim->n_cps--;
}

/* Over budget: drop the checkpoint whose two neighbours are closest in stepping time, so that
 * the longest replay stays as short as the budget allows. Returns the merged gap. */
static uint64_t
drop_one (FragSim *sim, uint64_t now_work)
{
  uint64_t gap;
  drop_at (sim, best_drop (sim, now_work, &gap));
  return gap;
}

/* Stepping ahead of every checkpoint without prepare (a GUI playing a long run): checkpoints are
 * laid every frontier_spacing steps, a spacing that follows their size (copying one should
 * cost a few percent of the stepping between two: bytes / 512 steps) and with the budget, so that stepping back
 * stays a bounded replay. Their work is estimated from the average cost per step so far. */
void
frag_sim_frontier_checkpoint (FragSim *sim)
{
  const FragCheckpoint *last = &sim->cps[sim->n_cps - 1];
  uint64_t per_step = last->position ? last->work_ns / last->position : 0;
  uint64_t work = last->work_ns + (sim->st.position - last->position) * (per_step ? per_step : 1000);
  if (!frag_sim_checkpoint_take (sim) || sim->cps[sim->n_cps - 1].position != sim->st.position)
    {
      sim->frontier_next = sim->st.position + sim->frontier_spacing;
      return;
    }
  FragCheckpoint *cp = &sim->cps[sim->n_cps - 1];
  cp->work_ns = work;
  /* By size: a running average, so that one large checkpoint (a table rewritten whole) does
   * not space all the later ones; never below what the budget asked for when thinning. */
  uint64_t by_size = (cp->bytes + cp->fresh) / 512;
  uint64_t spacing = (3 * sim->frontier_spacing + by_size) / 4;
  sim->frontier_spacing = spacing > sim->frontier_min ? spacing : sim->frontier_min;
  size_t total = frag_sim_checkpoint_bytes (sim);
  while (total > sim->cp_budget && sim->n_cps > 2)
    {
      drop_one (sim, work);
      uint64_t mean = sim->st.position / sim->n_cps;
      if (mean > sim->frontier_min)
        sim->frontier_min = mean;
      if (mean > sim->frontier_spacing)
        sim->frontier_spacing = mean;
      total = frag_sim_checkpoint_bytes (sim);
    }
  /* The next one no sooner than a spacing from here, even when the budget just dropped this
   * one (a full budget after prepare would otherwise lay and drop one at every step). */
  sim->frontier_next = sim->st.position + sim->frontier_spacing;
}

/* Lays a checkpoint at the current position, between cps[i] and cps[i + 1]. */
static bool
cp_insert_after (FragSim *sim, size_t i, uint64_t work)
{
  if (!cps_reserve (sim))
    return false;
  FragCheckpoint cp;
  if (!cp_fill (sim, &cp, &sim->cps[i]))
    return false;
  cp.work_ns = work;
  memmove (&sim->cps[i + 2], &sim->cps[i + 1], (sim->n_cps - i - 1) * sizeof *sim->cps);
  sim->cps[i + 1] = cp;
  sim->n_cps++;
  return true;
}

/* The second half of prepare. The first pass thins as it goes, without knowing the total: the
 * checkpoints it leaves are denser early (where they are also smaller) than late, and the longest
 * replay is longer than the budget needs. Knowing the work of every 64 steps (`work_at`), this
 * splits the longest interval at its middle, dropping the checkpoint whose neighbours are
 * closest when the budget is full, for as long as that shortens the longest replay. Each split
 * replays half an interval. Returns false when cancelled. */
static bool
balance (FragSim *sim, const uint64_t *work_at, uint64_t end_work, FragProgressFunc progress,
         void *user_data)
{
  uint64_t last_progress = now_ns ();
  /* Balancing pays for itself only up to a point: at most a third of the run's own time. */
  uint64_t deadline = last_progress + (end_work / 3 > 500000000ull ? end_work / 3 : 500000000ull);
  size_t limit = 4 * sim->n_cps + 64;
  for (size_t iter = 0; iter < limit && sim->n_cps > 0 && now_ns () < deadline; iter++)
    {
      size_t gi = 0;
      uint64_t gmax = 0;
      for (size_t i = 0; i < sim->n_cps; i++)
        {
          uint64_t next = i + 1 < sim->n_cps ? sim->cps[i + 1].work_ns : end_work;
          if (next - sim->cps[i].work_ns > gmax)
            {
              gmax = next - sim->cps[i].work_ns;
              gi = i;
            }
        }
      if (gmax <= FRAG_CP_TARGET_NS)
        break;
      uint64_t from = sim->cps[gi].position;
      uint64_t to = gi + 1 < sim->n_cps ? sim->cps[gi + 1].position : sim->n_steps;
      /* The middle in work, on a multiple of 64 steps strictly inside the interval. */
      uint64_t mid_work = sim->cps[gi].work_ns + gmax / 2;
      uint64_t lo = from / 64 + 1, hi = (to - 1) / 64;
      if (lo > hi || to - from < 256)
        break;
      while (lo < hi)
        {
          uint64_t m = lo + (hi - lo) / 2;
          if (work_at[m] < mid_work)
            lo = m + 1;
          else
            hi = m;
        }
      uint64_t pos = lo * 64;
      size_t total = frag_sim_checkpoint_bytes (sim);
      size_t avg = sim->n_cps > 1 ? (total - sim->cps[0].bytes) / (sim->n_cps - 1) : 0;
      if (total + avg > sim->cp_budget)
        {
          uint64_t dgap;
          size_t di = best_drop (sim, end_work, &dgap);
          /* Worth it only when the merged gap is clearly shorter than the one to split. */
          if (sim->n_cps <= 2 || dgap >= gmax - gmax / 8)
            break;
          drop_at (sim, di);
          continue;
        }
      if (!(sim->st.position >= from && sim->st.position <= pos))
        cp_restore (sim, &sim->cps[gi]);
      while (sim->st.position < pos)
        if (!frag_sim_step (sim))
          return true;
      if (!cp_insert_after (sim, gi, work_at[pos / 64]))
        break;
      uint64_t t = now_ns ();
      if (progress && t - last_progress >= 50 * 1000 * 1000ull)
        {
          last_progress = t;
          if (!progress (sim->n_steps, sim->n_steps, user_data))
            return false;
        }
    }
  /* A last split may have passed the budget: the budget wins. */
  while (frag_sim_checkpoint_bytes (sim) > sim->cp_budget && sim->n_cps > 2)
    drop_one (sim, end_work);
  return true;
}

bool
frag_sim_prepare (FragSim *sim, FragProgressFunc progress, void *user_data)
{
  if (sim == NULL)
    return false;
  /* Nothing changed since the last complete prepare (imports clear the flag): its checkpoints
   * and samples still hold. Exporters prepare what they are given, often a prepared run. */
  if (sim->prepared)
    {
      if (progress)
        progress (sim->n_steps, sim->n_steps, user_data);
      return true;
    }
  uint64_t orig = sim->st.position;
  /* Start over from the first checkpoint; later ones are laid again. */
  frag_sim_seek (sim, 0);
  for (size_t i = 1; i < sim->n_cps; i++)
    cp_free (sim, &sim->cps[i]);
  if (sim->n_cps > 1)
    sim->n_cps = 1;
  sim->frontier_next = 0;
  size_t total_bytes = frag_sim_checkpoint_bytes (sim);
  uint64_t spacing = sim->cp_spacing_ns;
  uint64_t start = now_ns ();
  uint64_t last_cp = start, last_progress = start, fill_ns = 0;
  bool rec = sim->recording_changes;
  sim->recording_changes = false;
  sim->in_prepare = true;
  bool cancelled = false;
  /* The work done at every multiple of 64 steps, for balance(). */
  uint64_t *work_at = calloc (sim->n_steps / 64 + 2, sizeof *work_at);
  uint64_t end_work = 0;
  while (sim->st.position < sim->n_steps)
    {
      if (!frag_sim_step (sim))
        break;
      if ((sim->st.position & 63) != 0 && sim->st.position < sim->n_steps)
        continue;
      uint64_t t = now_ns ();
      end_work = t - start;
      if (work_at && (sim->st.position & 63) == 0)
        work_at[sim->st.position / 64] = end_work;
      if (t - last_cp >= spacing && t - last_cp >= 2 * fill_ns)
        {
          uint64_t work = t - start;
          frag_sim_checkpoint_take (sim);
          sim->cps[sim->n_cps - 1].work_ns = work;
          total_bytes = frag_sim_checkpoint_bytes (sim);
          /* The time spent copying is not replay work: leave it out of the spacing. A checkpoint
           * of a large memory costs as much as milliseconds of stepping; at least twice its cost
           * of stepping lies between two, so laying them never more than halves the speed. */
          fill_ns = now_ns () - t;
          start += fill_ns;
          last_cp = now_ns ();
          /* Over budget: thin where checkpoints are densest, and lay new ones no denser than
           * that. At least the first two stay, whatever the budget. */
          while (total_bytes > sim->cp_budget && sim->n_cps > 2)
            {
              size_t before = total_bytes;
              drop_one (sim, work);
              /* New ones at the mean spacing the budget allows so far. */
              uint64_t mean = work / sim->n_cps;
              spacing = mean > spacing ? mean : spacing;
              total_bytes = frag_sim_checkpoint_bytes (sim);
              if (total_bytes >= before)
                break;
            }
        }
      if (progress && t - last_progress >= 50 * 1000 * 1000ull)
        {
          last_progress = t;
          if (!progress (sim->st.position, sim->n_steps, user_data))
            {
              cancelled = true;
              break;
            }
        }
    }
  bool reached_end = sim->st.position == sim->n_steps;
  if (!cancelled && work_at && reached_end && sim->cp_balance)
    cancelled = !balance (sim, work_at, end_work, progress, user_data);
  free (work_at);
  /* The whole run is covered and balanced: no checkpoint is laid while stepping ahead. */
  sim->prepared = !cancelled && reached_end;
  sim->recording_changes = rec;
  sim->in_prepare = false;
  if (!cancelled && progress)
    progress (sim->n_steps, sim->n_steps, user_data);
  frag_sim_seek (sim, orig);
  return !cancelled;
}
