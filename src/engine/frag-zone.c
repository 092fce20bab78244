/* frag-zone.c: one zone's Linux-faithful buddy allocator (see frag-zone.h).
 *
 * Layout: everything a zone owns lives in one malloc'd blob (frame words, pageblock types, and
 * either the address-order bitmaps or the LIFO link array) addressed by offsets, so a checkpoint
 * is two memcpy calls. Small per-(order, type) tables (counts, list heads, bitmap geometry) sit in
 * the struct itself.
 *
 * The allocation path follows mm/page_alloc.c of Linux 6.2..6.7: __rmqueue_smallest + expand,
 * then __rmqueue_fallback (find_suitable_fallback, can_steal_fallback, steal_suitable_fallback,
 * move_freepages_block) and a retry; freeing follows __free_one_page with buddy_merge_likely.
 * Where the engine simplifies, the comment says so.
 */
/* madvise (MADV_HUGEPAGE) is a Linux extension; the rest of the file is plain C11 + POSIX. */
#if defined(__linux__) && !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE 1
#endif

#include "frag-zone.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

#define N_ORDERS   (FRAG_MAX_ORDER_LIMIT + 1)
#define N_MT       FRAG_MT_COUNT
#define BM_LEVELS  4           /* always 4 levels: 64^4 bits cover FRAG_MAX_FRAMES blocks */
#define LINK_NONE  0x00ffffffu /* relative frame index "none" for LIFO links (frames < 2^24 - 1) */
#define HOT        inline __attribute__ ((always_inline)) /* the alloc/free paths, one per call */

typedef struct {
  uint64_t off[BM_LEVELS];  /* offset (in uint64 words) of each level in zone->bm */
  uint64_t nbits[BM_LEVELS];
} FragBitmapGeom;

struct FragZone {
  FragZoneParams p;
  uint64_t end_pfn;
  uint64_t first_pb;        /* absolute index of the zone's first pageblock */
  uint64_t n_pb;
  uint64_t base_idx[N_ORDERS];  /* start_pfn >> order: block index 0 of each order's bitmaps */

  uint64_t nr_free[N_MT][N_ORDERS];
  uint32_t nonempty[N_MT];      /* bit o set iff nr_free[mt][o] > 0 */
  FragZoneCounters counters;

  /* lifo */
  uint32_t head[N_MT][N_ORDERS];
  uint32_t tail[N_MT][N_ORDERS];

  /* address */
  FragBitmapGeom geom[N_ORDERS][N_MT];

  /* The blob and where things are in it; the pointers are re-derived after a copy. */
  size_t   blob_bytes;
  size_t   off_words, off_pbmt, off_next, off_bm;
  unsigned char *blob;
  uint32_t *words;
  uint8_t  *pbmt;
  uint32_t *next;   /* lifo only */
  uint64_t *bm;     /* address only */

  /* Bumped by every call that may change the zone. The pageblock summary is outside the blob
   * (copies and clones start without one) and valid while use_valid and use_gen == gen. */
  uint64_t gen;
  /* Change tracking for renderers: the generation at which each max_order-aligned block last
   * changed in a way a picture shows (used words, free heads, pageblock types), and the
   * generation at which everything did (a copy, or a caller writing the words itself). Outside
   * the blob, like the summary. */
  uint64_t *block_gen;
  uint64_t first_block, n_blocks, all_gen;
  FragPageblockUse *use;
  uint64_t use_mixed, use_gen;
  bool     use_valid;
};

static const int8_t fallbacks[N_MT][2] = {
  [FRAG_MT_UNMOVABLE]   = { FRAG_MT_RECLAIMABLE, FRAG_MT_MOVABLE },
  [FRAG_MT_MOVABLE]     = { FRAG_MT_RECLAIMABLE, FRAG_MT_UNMOVABLE },
  [FRAG_MT_RECLAIMABLE] = { FRAG_MT_UNMOVABLE, FRAG_MT_MOVABLE },
  [FRAG_MT_HIGHATOMIC]  = { -1, -1 },
  [FRAG_MT_CMA]         = { -1, -1 },
  [FRAG_MT_ISOLATE]     = { -1, -1 },
};

static inline bool
mt_mergeable (unsigned mt)
{
  return mt <= FRAG_MT_RECLAIMABLE;
}

static inline unsigned
ctz64 (uint64_t x)
{
  return (unsigned) __builtin_ctzll (x);
}

static inline unsigned
log2_floor (uint64_t x)
{
  return 63u - (unsigned) __builtin_clzll (x);
}

static inline unsigned
pb_type (const FragZone *z, uint64_t pfn)
{
  return z->pbmt[(pfn >> z->p.pageblock_order) - z->first_pb];
}

/* ---- Address order: hierarchical bitmaps ------------------------------------------------------ */

/* Every bitmap has exactly BM_LEVELS levels (the upper ones of small bitmaps are single words),
 * so that setting, clearing and searching are straight-line code: the orders of a workload are
 * random, and loops whose trip count follows them cost a mispredicted branch each time. */
static HOT void
bm_set (FragZone *z, unsigned o, unsigned mt, uint64_t i)
{
  const uint64_t *off = z->geom[o][mt].off;
  uint64_t *bm = z->bm;
  bm[off[0] + (i >> 6)] |= 1ull << (i & 63);
  bm[off[1] + (i >> 12)] |= 1ull << ((i >> 6) & 63);
  bm[off[2] + (i >> 18)] |= 1ull << ((i >> 12) & 63);
  bm[off[3]] |= 1ull << ((i >> 18) & 63);
}

static HOT void
bm_clear (FragZone *z, unsigned o, unsigned mt, uint64_t i)
{
  const uint64_t *off = z->geom[o][mt].off;
  uint64_t *bm = z->bm;
  uint64_t *w0 = &bm[off[0] + (i >> 6)];
  uint64_t *w1 = &bm[off[1] + (i >> 12)];
  uint64_t *w2 = &bm[off[2] + (i >> 18)];
  uint64_t *w3 = &bm[off[3]];
  /* The four words live in different levels, so they can all be read first: the only chain
   * left is the selects. */
  uint64_t v0 = *w0, v1 = *w1, v2 = *w2, v3 = *w3;
  v0 &= ~(1ull << (i & 63));
  v1 = v0 ? v1 : v1 & ~(1ull << ((i >> 6) & 63));
  v2 = v1 ? v2 : v2 & ~(1ull << ((i >> 12) & 63));
  v3 = v2 ? v3 : v3 & ~(1ull << ((i >> 18) & 63));
  *w0 = v0;
  *w1 = v1;
  *w2 = v2;
  *w3 = v3;
}

/* The lowest set bit (the bitmap must not be empty): four find-first-set steps down. */
static HOT uint64_t
bm_first (const FragZone *z, unsigned o, unsigned mt)
{
  const uint64_t *off = z->geom[o][mt].off;
  const uint64_t *bm = z->bm;
  uint64_t i = ctz64 (bm[off[3]]);
  i = (i << 6) | ctz64 (bm[off[2] + i]);
  i = (i << 6) | ctz64 (bm[off[1] + i]);
  i = (i << 6) | ctz64 (bm[off[0] + i]);
  return i;
}

/* bm_first and bm_clear of that same bit at once: the words read on the way down are cleared
 * from registers (blsr) on the way up, with no second chain of dependent loads. */
static HOT uint64_t
bm_pop_first (FragZone *z, unsigned o, unsigned mt)
{
  const uint64_t *off = z->geom[o][mt].off;
  uint64_t *bm = z->bm;
  uint64_t *p3 = &bm[off[3]];
  uint64_t w3 = *p3;
  uint64_t i = ctz64 (w3);
  uint64_t *p2 = &bm[off[2] + i];
  uint64_t w2 = *p2;
  i = (i << 6) | ctz64 (w2);
  uint64_t *p1 = &bm[off[1] + i];
  uint64_t w1 = *p1;
  i = (i << 6) | ctz64 (w1);
  uint64_t *p0 = &bm[off[0] + i];
  uint64_t w0 = *p0;
  i = (i << 6) | ctz64 (w0);
  w0 &= w0 - 1;
  *p0 = w0;
  w1 = w0 ? w1 : w1 & (w1 - 1);
  *p1 = w1;
  w2 = w1 ? w2 : w2 & (w2 - 1);
  *p2 = w2;
  *p3 = w2 ? w3 : w3 & (w3 - 1);
  return i;
}

static inline bool
bm_test (const FragZone *z, unsigned o, unsigned mt, uint64_t i)
{
  return (z->bm[z->geom[o][mt].off[0] + (i >> 6)] >> (i & 63)) & 1u;
}

/* ---- Free lists: one interface, two disciplines ----------------------------------------------- */

static HOT void
count_inc (FragZone *z, unsigned o, unsigned mt)
{
  z->nr_free[mt][o]++;
  z->nonempty[mt] |= 1u << o;
}

static HOT void
count_dec (FragZone *z, unsigned o, unsigned mt)
{
  uint64_t n = --z->nr_free[mt][o];
  z->nonempty[mt] &= ~((uint32_t) (n == 0) << o);
}

static HOT void
mark_changed (FragZone *z, uint64_t pfn)
{
  z->block_gen[(pfn >> z->p.max_order) - z->first_block] = z->gen;
}

static void
mark_changed_range (FragZone *z, uint64_t a, uint64_t b)
{
  for (uint64_t blk = a >> z->p.max_order; a < b && blk <= (b - 1) >> z->p.max_order; blk++)
    z->block_gen[blk - z->first_block] = z->gen;
}

/* The free lists do not mark what they change: their callers do, once per max_order block
 * (every change of one call stays inside the max_order-aligned blocks it names). */
static HOT void
list_add (FragZone *z, uint64_t pfn, unsigned o, unsigned mt, bool to_tail)
{
  uint32_t rel = (uint32_t) (pfn - z->p.start_pfn);
  if (z->p.discipline == FRAG_FREE_LIST_ADDRESS)
    {
      z->words[rel] = frag_fw_make_free_head (o, mt, 0);
      bm_set (z, o, mt, (pfn >> o) - z->base_idx[o]);
    }
  else if (to_tail)
    {
      uint32_t t = z->tail[mt][o];
      z->words[rel] = frag_fw_make_free_head (o, mt, t);
      z->next[rel] = LINK_NONE;
      if (t != LINK_NONE)
        z->next[t] = rel;
      else
        z->head[mt][o] = rel;
      z->tail[mt][o] = rel;
    }
  else
    {
      uint32_t h = z->head[mt][o];
      z->words[rel] = frag_fw_make_free_head (o, mt, LINK_NONE);
      z->next[rel] = h;
      if (h != LINK_NONE)
        z->words[h] = (z->words[h] & ~FRAG_FW_LOW_MASK) | rel;
      else
        z->tail[mt][o] = rel;
      z->head[mt][o] = rel;
    }
  count_inc (z, o, mt);
}

/* Removes a free head from its list; its word becomes an ordinary free frame (0). */
static HOT void
list_del (FragZone *z, uint64_t pfn, unsigned o, unsigned mt)
{
  uint32_t rel = (uint32_t) (pfn - z->p.start_pfn);
  if (z->p.discipline == FRAG_FREE_LIST_ADDRESS)
    bm_clear (z, o, mt, (pfn >> o) - z->base_idx[o]);
  else
    {
      uint32_t prev = z->words[rel] & FRAG_FW_LOW_MASK;
      uint32_t nx = z->next[rel];
      if (prev != LINK_NONE)
        z->next[prev] = nx;
      else
        z->head[mt][o] = nx;
      if (nx != LINK_NONE)
        z->words[nx] = (z->words[nx] & ~FRAG_FW_LOW_MASK) | prev;
      else
        z->tail[mt][o] = prev;
    }
  z->words[rel] = 0;
  count_dec (z, o, mt);
}

/* The block an allocation takes from a non-empty list: lowest address, or the LIFO head. */
static HOT uint64_t
list_first (const FragZone *z, unsigned o, unsigned mt)
{
  if (z->p.discipline == FRAG_FREE_LIST_ADDRESS)
    return (bm_first (z, o, mt) + z->base_idx[o]) << o;
  return z->p.start_pfn + z->head[mt][o];
}

/* ---- Construction ----------------------------------------------------------------------------- */

static void
derive_pointers (FragZone *z)
{
  z->words = (uint32_t *) (void *) (z->blob + z->off_words);
  z->pbmt = z->blob + z->off_pbmt;
  z->next = z->off_next ? (uint32_t *) (void *) (z->blob + z->off_next) : NULL;
  z->bm = z->off_bm ? (uint64_t *) (void *) (z->blob + z->off_bm) : NULL;
}

static size_t
align_up (size_t x)
{
  return (x + 63) & ~(size_t) 63;
}

#define HUGE_PAGE ((size_t) 2 << 20)

/* The blob of a large zone is aligned on 2 MiB and asked to be backed by huge pages, as Linux maps
 * its own memmap: free and alloc touch frame words all over the zone, and with 4 KiB pages most of
 * those touches would also miss the TLB. Small zones stay on plain 64-byte alignment. */
static unsigned char *
blob_alloc (size_t bytes)
{
  if (bytes >= 2 * HUGE_PAGE)
    {
      size_t rounded = (bytes + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
      unsigned char *b = aligned_alloc (HUGE_PAGE, rounded);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
      if (b != NULL)
        madvise (b, rounded, MADV_HUGEPAGE);
#endif
      return b;
    }
  return aligned_alloc (64, bytes ? bytes : 64);
}

FragZone *
frag_zone_new (const FragZoneParams *params)
{
  if (params == NULL || params->frames == 0 || params->frames > FRAG_MAX_FRAMES
      || params->max_order > FRAG_MAX_ORDER_LIMIT || params->pageblock_order > params->max_order
      || params->start_pfn > UINT64_MAX / 2 || (unsigned) params->initial_mt >= N_MT
      || (unsigned) params->discipline >= FRAG_FREE_LIST_COUNT)
    return NULL;

  FragZone *z = calloc (1, sizeof *z);
  if (z == NULL)
    return NULL;
  z->p = *params;
  z->end_pfn = params->start_pfn + params->frames;
  z->first_pb = params->start_pfn >> params->pageblock_order;
  z->n_pb = ((z->end_pfn - 1) >> params->pageblock_order) - z->first_pb + 1;
  z->first_block = params->start_pfn >> params->max_order;
  z->n_blocks = ((z->end_pfn - 1) >> params->max_order) - z->first_block + 1;
  z->block_gen = calloc (z->n_blocks, sizeof *z->block_gen);
  if (z->block_gen == NULL)
    {
      free (z);
      return NULL;
    }

  size_t off = 0;
  z->off_words = off;
  off = align_up (off + params->frames * sizeof (uint32_t));
  z->off_pbmt = off;
  off = align_up (off + z->n_pb);
  if (params->discipline == FRAG_FREE_LIST_LIFO)
    {
      z->off_next = off;
      off = align_up (off + params->frames * sizeof (uint32_t));
    }
  else
    {
      z->off_bm = off;
      uint64_t words = 0;
      for (unsigned o = 0; o <= params->max_order; o++)
        {
          z->base_idx[o] = params->start_pfn >> o;
          uint64_t nblocks = ((z->end_pfn - 1) >> o) - z->base_idx[o] + 1;
          for (unsigned mt = 0; mt < N_MT; mt++)
            {
              FragBitmapGeom *g = &z->geom[o][mt];
              uint64_t n = nblocks;
              for (unsigned l = 0; l < BM_LEVELS; l++)
                {
                  g->off[l] = words;
                  g->nbits[l] = n;
                  words += (n + 63) / 64;
                  n = (n + 63) / 64;
                }
            }
        }
      off = align_up (off + words * sizeof (uint64_t));
    }
  for (unsigned o = 0; o <= params->max_order; o++)
    z->base_idx[o] = params->start_pfn >> o;
  z->blob_bytes = off;
  z->blob = blob_alloc (off);
  if (z->blob == NULL)
    {
      free (z->block_gen);
      free (z);
      return NULL;
    }
  memset (z->blob, 0, off);
  derive_pointers (z);
  memset (z->pbmt, (int) params->initial_mt, z->n_pb);
  for (unsigned mt = 0; mt < N_MT; mt++)
    for (unsigned o = 0; o < N_ORDERS; o++)
      z->head[mt][o] = z->tail[mt][o] = LINK_NONE;
  frag_zone_rebuild_free (z);
  return z;
}

void
frag_zone_destroy (FragZone *zone)
{
  if (zone == NULL)
    return;
  free (zone->blob);
  free (zone->block_gen);
  free (zone->use);
  free (zone);
}

FragZone *
frag_zone_clone (const FragZone *zone)
{
  FragZone *z = malloc (sizeof *z);
  if (z == NULL)
    return NULL;
  *z = *zone;
  z->blob = blob_alloc (zone->blob_bytes);
  if (z->blob == NULL)
    {
      free (z);
      return NULL;
    }
  memcpy (z->blob, zone->blob, zone->blob_bytes);
  derive_pointers (z);
  z->use = NULL;
  z->use_valid = false;
  z->block_gen = calloc (z->n_blocks, sizeof *z->block_gen);
  if (z->block_gen == NULL)
    {
      free (z->blob);
      free (z);
      return NULL;
    }
  z->all_gen = ++z->gen;
  return z;
}

void
frag_zone_copy (FragZone *dst, const FragZone *src)
{
  if (dst == src)
    return;
  unsigned char *blob = dst->blob;
  FragPageblockUse *use = dst->use;
  uint64_t *block_gen = dst->block_gen;
  uint64_t gen = dst->gen;
  if (dst->blob_bytes != src->blob_bytes)
    return; /* not made from the same params: refuse rather than overrun */
  *dst = *src;
  dst->blob = blob;
  memcpy (dst->blob, src->blob, src->blob_bytes);
  derive_pointers (dst);
  dst->use = use;
  dst->use_valid = false;
  dst->block_gen = block_gen;
  dst->gen = gen + 1;
  dst->all_gen = dst->gen;
}

size_t
frag_zone_memory_bytes (const FragZone *zone)
{
  return sizeof *zone + zone->blob_bytes;
}

const FragZoneParams *
frag_zone_params (const FragZone *zone)
{
  return &zone->p;
}

/* ---- Allocation ------------------------------------------------------------------------------- */

/* expand(): the upper halves go to the lists of `mt`, the low half is kept. */
static HOT void
expand (FragZone *z, uint64_t pfn, unsigned low, unsigned high, unsigned mt)
{
  while (high > low)
    {
      high--;
      list_add (z, pfn + (1ull << high), high, mt, false);
    }
}

static HOT uint64_t
rmqueue_smallest (FragZone *z, unsigned order, unsigned mt)
{
  uint32_t m = z->nonempty[mt] >> order;
  if (m == 0)
    return FRAG_PFN_NONE;
  unsigned o = order + (unsigned) __builtin_ctz (m);
  uint64_t pfn;
  if (z->p.discipline == FRAG_FREE_LIST_ADDRESS)
    {
      pfn = (bm_pop_first (z, o, mt) + z->base_idx[o]) << o;
      z->words[pfn - z->p.start_pfn] = 0;
      count_dec (z, o, mt);
    }
  else
    {
      pfn = list_first (z, o, mt);
      list_del (z, pfn, o, mt);
    }
  expand (z, pfn, order, o, mt);
  return pfn;
}

static inline bool
can_steal_fallback (const FragZone *z, unsigned order, unsigned start_mt)
{
  if (order >= z->p.pageblock_order)
    return true;
  return order >= z->p.pageblock_order / 2 || start_mt == FRAG_MT_RECLAIMABLE
         || start_mt == FRAG_MT_UNMOVABLE;
}

static int
find_suitable_fallback (const FragZone *z, unsigned order, unsigned mt, bool *can_steal)
{
  *can_steal = false;
  for (unsigned i = 0; i < 2; i++)
    {
      int f = fallbacks[mt][i];
      if (f < 0)
        break;
      if (z->nr_free[f][order] == 0)
        continue;
      if (can_steal_fallback (z, order, mt))
        *can_steal = true;
      return f;
    }
  return -1;
}

/* move_freepages_block(): every free block of the pageblock holding pfn goes to `mt`'s lists
 * (at the tail, as move_to_free_list does); counts the used frames that are movable.
 * Simplification: a pageblock cut by the zone's edges is clipped rather than refused. */
static uint64_t
move_freepages_block (FragZone *z, uint64_t pfn, unsigned mt, uint64_t *movable)
{
  uint64_t pb_frames = 1ull << z->p.pageblock_order;
  uint64_t s = pfn & ~(pb_frames - 1), e = s + pb_frames;
  uint64_t moved = 0;
  if (s < z->p.start_pfn)
    s = z->p.start_pfn;
  if (e > z->end_pfn)
    e = z->end_pfn;
  mark_changed (z, s);
  *movable = 0;
  for (uint64_t x = s; x < e;)
    {
      uint32_t w = z->words[x - z->p.start_pfn];
      if (frag_fw_is_free_head (w))
        {
          unsigned o = frag_fw_order (w), from = frag_fw_free_mt (w);
          list_del (z, x, o, from);
          list_add (z, x, o, mt, true);
          moved += 1ull << o;
          x += 1ull << o;
        }
      else
        {
          if (frag_fw_is_used (w) && frag_fw_used_mt (w) == FRAG_MT_MOVABLE)
            (*movable)++;
          x++;
        }
    }
  return moved;
}

static void
steal_suitable_fallback (FragZone *z, uint64_t pfn, unsigned co, unsigned from, unsigned start_mt,
                         bool whole_block)
{
  unsigned pbo = z->p.pageblock_order;
  unsigned old_block_type = pb_type (z, pfn);
  mark_changed (z, pfn);   /* the fallback block, its pageblocks: one max_order block */
  if (old_block_type == FRAG_MT_HIGHATOMIC)
    goto single_page;
  if (co >= pbo)
    {
      /* change_pageblock_range() */
      uint64_t first = (pfn >> pbo) - z->first_pb;
      uint64_t n = 1ull << (co - pbo);
      for (uint64_t i = 0; i < n && first + i < z->n_pb; i++)
        if (z->pbmt[first + i] != start_mt)
          {
            z->pbmt[first + i] = (uint8_t) start_mt;
            z->counters.pageblocks_stolen++;
          }
      goto single_page;
    }
  if (!whole_block)
    goto single_page;
  {
    uint64_t movable = 0;
    uint64_t free_pages = move_freepages_block (z, pfn, start_mt, &movable);
    uint64_t alike = 0;
    if (free_pages == 0)
      goto single_page;
    if (start_mt == FRAG_MT_MOVABLE)
      alike = movable;
    else if (old_block_type == FRAG_MT_MOVABLE)
      alike = (1ull << pbo) - (free_pages + movable);
    if (free_pages + alike >= (1ull << pbo) / 2 && old_block_type != start_mt)
      {
        z->pbmt[(pfn >> pbo) - z->first_pb] = (uint8_t) start_mt;
        z->counters.pageblocks_stolen++;
      }
    return;
  }
single_page:
  list_del (z, pfn, co, from);
  list_add (z, pfn, co, start_mt, true);
}

/* __rmqueue_fallback(): largest orders first, to steal whole pageblocks. */
static bool
rmqueue_fallback (FragZone *z, unsigned order, unsigned start_mt)
{
  bool can_steal = false;
  int f = -1;
  int co;
  for (co = (int) z->p.max_order; co >= (int) order; co--)
    {
      f = find_suitable_fallback (z, (unsigned) co, start_mt, &can_steal);
      if (f < 0)
        continue;
      if (!can_steal && start_mt == FRAG_MT_MOVABLE && co > (int) order)
        goto find_smallest;
      goto do_steal;
    }
  return false;

find_smallest:
  for (co = (int) order; co <= (int) z->p.max_order; co++)
    {
      f = find_suitable_fallback (z, (unsigned) co, start_mt, &can_steal);
      if (f >= 0)
        break;
    }
  if (f < 0)
    return false;

do_steal:
  {
    uint64_t pfn = list_first (z, (unsigned) co, (unsigned) f);
    steal_suitable_fallback (z, pfn, (unsigned) co, (unsigned) f, start_mt, can_steal);
    z->counters.fallbacks++;
    /* mm_page_alloc_extfrag's "fragmenting": the fallback block was smaller than a pageblock,
     * so the pageblock now holds pages of two types. */
    if ((unsigned) co < z->p.pageblock_order)
      z->counters.extfrag_events++;
  }
  return true;
}

/* Word scans and fills over runs go a chunk at a time (see words_none_used). */
#define SCAN_CHUNK 256u

static HOT void
write_used (FragZone *z, uint64_t pfn, uint64_t frames, uint32_t owner, unsigned mt, bool pinned)
{
  uint32_t *w = z->words + (pfn - z->p.start_pfn);
  uint32_t body = frag_fw_make_used (owner, mt, false, pinned);
  mark_changed_range (z, pfn, pfn + frames);
  uint64_t i = 0;
  /* Constant-length chunks: vectorised stores at -O2 (segments are thousands of frames). */
  for (; i + SCAN_CHUNK <= frames; i += SCAN_CHUNK)
    for (unsigned k = 0; k < SCAN_CHUNK; k++)
      w[i + k] = body;
  for (; i < frames; i++)
    w[i] = body;
  w[0] = body | FRAG_FW_ALLOC_HEAD;
}

/* The words of a block of 2^order frames: up to 8 frames with eight stores at i & (n - 1) (so
 * no branch follows the order), larger blocks with a loop. */
static HOT void
fill_block (uint32_t *w, unsigned order, uint32_t value)
{
  if (order <= 3)
    {
      unsigned m = (1u << order) - 1;
      w[0] = value;
      w[1 & m] = value;
      w[2 & m] = value;
      w[3 & m] = value;
      w[4 & m] = value;
      w[5 & m] = value;
      w[6 & m] = value;
      w[7 & m] = value;
    }
  else
    {
      uint64_t v2 = ((uint64_t) value << 32) | value, x[4] = { v2, v2, v2, v2 };
      for (uint64_t i = 0; i < (1ull << order); i += 8)
        memcpy (w + i, x, sizeof x);
    }
}

static uint64_t
cma_frames (const FragZone *z)
{
  uint64_t total = 0;
  for (unsigned o = 0; o <= z->p.max_order; o++)
    total += z->nr_free[FRAG_MT_CMA][o] << o;
  return total;
}

uint64_t
frag_zone_alloc (FragZone *zone, unsigned order, FragMigrateType mt, uint32_t owner)
{
  zone->gen++;
  if (order > zone->p.max_order || (unsigned) mt >= N_MT)
    return FRAG_PFN_NONE;
  uint64_t pfn = FRAG_PFN_NONE;
  /* Movable allocations may use CMA pageblocks (ALLOC_CMA); Linux takes them first when CMA
   * holds more than half of the free pages, to keep the balance. */
  bool cma = mt == FRAG_MT_MOVABLE && zone->nonempty[FRAG_MT_CMA] != 0;
  if (cma && cma_frames (zone) > frag_zone_free_frames (zone) / 2)
    pfn = rmqueue_smallest (zone, order, FRAG_MT_CMA);
  if (pfn == FRAG_PFN_NONE)
    pfn = rmqueue_smallest (zone, order, mt);
  if (pfn == FRAG_PFN_NONE)
    {
      /* __rmqueue: CMA, then fall back and retry the smallest search on our own lists. */
      if (cma)
        pfn = rmqueue_smallest (zone, order, FRAG_MT_CMA);
      while (pfn == FRAG_PFN_NONE && rmqueue_fallback (zone, order, mt))
        pfn = rmqueue_smallest (zone, order, mt);
      if (pfn == FRAG_PFN_NONE)
        return FRAG_PFN_NONE;
    }
  uint32_t *w = zone->words + (pfn - zone->p.start_pfn);
  uint32_t body = frag_fw_make_used (owner, mt, false, false);
  mark_changed (zone, pfn);
  fill_block (w, order, body);
  w[0] = body | FRAG_FW_ALLOC_HEAD;
  return pfn;
}

/* ---- Freeing ---------------------------------------------------------------------------------- */

/* Whether every frame of the block is used: freeing anything else would corrupt the lists. Up to
 * 8 frames with the same masked-index trick as fill_block (AND and OR of the words, no branch). */
static HOT bool
block_is_used (const uint32_t *w, unsigned order)
{
  uint32_t a = ~0u, o = 0;
  if (order <= 3)
    {
      unsigned m = (1u << order) - 1;
      uint32_t v0 = w[0], v1 = w[1 & m], v2 = w[2 & m], v3 = w[3 & m];
      uint32_t v4 = w[4 & m], v5 = w[5 & m], v6 = w[6 & m], v7 = w[7 & m];
      a = v0 & v1 & v2 & v3 & v4 & v5 & v6 & v7;
      o = v0 | v1 | v2 | v3 | v4 | v5 | v6 | v7;
    }
  else
    {
      /* Two words per 64-bit read, four reads per round (blocks of 16 frames and more). */
      uint64_t a64 = ~0ull, o64 = 0;
      for (uint64_t i = 0; i < (1ull << order); i += 8)
        {
          uint64_t x[4];
          memcpy (x, w + i, sizeof x);
          a64 &= x[0] & x[1] & x[2] & x[3];
          o64 |= x[0] | x[1] | x[2] | x[3];
        }
      a = (uint32_t) a64 & (uint32_t) (a64 >> 32);
      o = (uint32_t) o64 | (uint32_t) (o64 >> 32);
    }
  return (a & FRAG_FW_USED) && !(o & FRAG_FW_FREE_HEAD);
}

/* __free_one_page() for a block whose words are already cleared. */
static HOT void
free_one (FragZone *z, uint64_t pfn, unsigned order)
{
  const uint64_t start = z->p.start_pfn, end = z->end_pfn;
  const unsigned max_order = z->p.max_order, pbo = z->p.pageblock_order;
  unsigned mt = pb_type (z, pfn);
  while (order < max_order)
    {
      uint64_t buddy = pfn ^ (1ull << order);
      if (buddy < start || buddy >= end)
        break;
      uint32_t w = z->words[buddy - start];
      if ((w & (FRAG_FW_FREE_HEAD | (0xfu << 27))) != (FRAG_FW_FREE_HEAD | ((uint32_t) order << 27)))
        break;
      if (order >= pbo)
        {
          unsigned bmt = pb_type (z, buddy);
          if (bmt != mt && (!mt_mergeable (mt) || !mt_mergeable (bmt)))
            break;
        }
      list_del (z, buddy, order, frag_fw_free_mt (w));
      pfn &= buddy;
      order++;
    }
  bool to_tail = false;
  if (z->p.discipline == FRAG_FREE_LIST_LIFO && order + 1 < max_order)
    {
      /* buddy_merge_likely() (Linux's `order >= MAX_ORDER - 2`, MAX_ORDER = max_order + 1):
       * the loop ended on the buddy at this order; if the buddy of the pair's parent is free,
       * this block is likely to merge soon, so keep it away from the head. */
      uint64_t bpfn = pfn ^ (1ull << order);
      uint64_t higher = bpfn & pfn;
      uint64_t hb = higher ^ (1ull << (order + 1));
      if (hb >= start && hb < end)
        {
          uint32_t w = z->words[hb - start];
          to_tail = frag_fw_is_free_head (w) && frag_fw_order (w) == order + 1;
        }
    }
  list_add (z, pfn, order, mt, to_tail);
}

void
frag_zone_free (FragZone *zone, uint64_t pfn, unsigned order)
{
  zone->gen++;
  if (order > zone->p.max_order || pfn < zone->p.start_pfn || pfn >= zone->end_pfn
      || (pfn & ((1ull << order) - 1)) || (1ull << order) > zone->end_pfn - pfn
      || !block_is_used (zone->words + (pfn - zone->p.start_pfn), order))
    return;
  mark_changed (zone, pfn);
  fill_block (zone->words + (pfn - zone->p.start_pfn), order, 0);
  free_one (zone, pfn, order);
}

/* ---- Runs ------------------------------------------------------------------------------------- */

/* The largest aligned block at pfn that fits in `len` frames and max_order. */
static inline unsigned
fit_order (const FragZone *z, uint64_t pfn, uint64_t len)
{
  unsigned o = log2_floor (len);
  if (pfn)
    {
      unsigned a = ctz64 (pfn);
      if (a < o)
        o = a;
    }
  if (o > z->p.max_order)
    o = z->p.max_order;
  return o;
}

/* Puts [a, b) (free, words cleared) on the lists of `mt` as aligned blocks, without merging:
 * the pieces left of a split block, whose buddies are not free. */
static void
add_pieces (FragZone *z, uint64_t a, uint64_t b, unsigned mt)
{
  while (a < b)
    {
      unsigned o = fit_order (z, a, b - a);
      list_add (z, a, o, mt, false);
      a += 1ull << o;
    }
}

bool
frag_zone_free_block_of (const FragZone *zone, uint64_t pfn, uint64_t *head, unsigned *order)
{
  if (pfn < zone->p.start_pfn || pfn >= zone->end_pfn)
    return false;
  if (frag_fw_is_used (zone->words[pfn - zone->p.start_pfn]))
    return false;
  for (unsigned o = 0; o <= zone->p.max_order; o++)
    {
      uint64_t h = pfn & ~((1ull << o) - 1);
      if (h < zone->p.start_pfn)
        break;
      uint32_t w = zone->words[h - zone->p.start_pfn];
      if (frag_fw_is_free_head (w) && frag_fw_order (w) == o)
        {
          if (head)
            *head = h;
          if (order)
            *order = o;
          return true;
        }
    }
  return false;
}

/* A word is used iff bit 30 is set and bit 31 clear: w & ~(w >> 1) has bit 30 set exactly then.
 * Segments are thousands of frames long, so these scans are reductions the compiler vectorises,
 * checked a chunk at a time rather than one early exit per frame. */

/* Full chunks have a constant trip count, which GCC's -O2 cost model vectorises; the tail is
 * short. */
static bool
words_none_used (const uint32_t *w, uint64_t n)
{
  uint64_t i = 0;
  for (; i + SCAN_CHUNK <= n; i += SCAN_CHUNK)
    {
      uint32_t any = 0;
      for (unsigned k = 0; k < SCAN_CHUNK; k++)
        any |= w[i + k] & ~(w[i + k] >> 1);
      if (any & FRAG_FW_USED)
        return false;
    }
  uint32_t any = 0;
  for (; i < n; i++)
    any |= w[i] & ~(w[i] >> 1);
  return !(any & FRAG_FW_USED);
}

static bool
words_all_used (const uint32_t *w, uint64_t n)
{
  uint64_t i = 0;
  for (; i + SCAN_CHUNK <= n; i += SCAN_CHUNK)
    {
      uint32_t all = FRAG_FW_USED;
      for (unsigned k = 0; k < SCAN_CHUNK; k++)
        all &= w[i + k] & ~(w[i + k] >> 1);
      if (!(all & FRAG_FW_USED))
        return false;
    }
  uint32_t all = FRAG_FW_USED;
  for (; i < n; i++)
    all &= w[i] & ~(w[i] >> 1);
  return (all & FRAG_FW_USED) != 0;
}

bool
frag_zone_run_is_free (const FragZone *zone, uint64_t pfn, uint64_t frames)
{
  if (frames == 0 || pfn < zone->p.start_pfn || pfn >= zone->end_pfn
      || frames > zone->end_pfn - pfn)
    return false;
  return words_none_used (zone->words + (pfn - zone->p.start_pfn), frames);
}

/* Carves [pfn, pfn + frames) (all free) out of the free blocks; leaves the words cleared. */
static void
carve (FragZone *z, uint64_t pfn, uint64_t frames)
{
  uint64_t x = pfn, e = pfn + frames;
  while (x < e)
    {
      uint64_t h;
      unsigned o;
      if (!frag_zone_free_block_of (z, x, &h, &o))
        return; /* cannot happen after frag_zone_run_is_free */
      unsigned mt = frag_fw_free_mt (z->words[h - z->p.start_pfn]);
      uint64_t be = h + (1ull << o);
      list_del (z, h, o, mt);
      add_pieces (z, h, x, mt);
      if (be > e)
        add_pieces (z, e, be, mt);
      x = be;
    }
}

void
frag_zone_take_run (FragZone *zone, uint64_t pfn, uint64_t frames, uint32_t owner,
                    FragMigrateType mt, bool pinned)
{
  zone->gen++;
  if ((unsigned) mt >= N_MT || !frag_zone_run_is_free (zone, pfn, frames))
    return;
  carve (zone, pfn, frames);
  write_used (zone, pfn, frames, owner, mt, pinned);
}

bool
frag_zone_alloc_at (FragZone *zone, uint64_t pfn, unsigned order, FragMigrateType mt,
                    uint32_t owner)
{
  zone->gen++;
  if (order > zone->p.max_order || (unsigned) mt >= N_MT || (pfn & ((1ull << order) - 1)))
    return false;
  uint64_t h;
  unsigned o;
  if (!frag_zone_free_block_of (zone, pfn, &h, &o) || o < order)
    return false;
  /* Inside one free block of order >= order, aligned: the whole block is free. */
  carve (zone, pfn, 1ull << order);
  write_used (zone, pfn, 1ull << order, owner, mt, false);
  return true;
}

/* Frees [a, b) (words cleared) as aligned blocks, each merging. */
static void
free_range (FragZone *z, uint64_t a, uint64_t b)
{
  mark_changed_range (z, a, b);
  memset (z->words + (a - z->p.start_pfn), 0, (size_t) (b - a) * sizeof (uint32_t));
  while (a < b)
    {
      unsigned o = fit_order (z, a, b - a);
      free_one (z, a, o);
      a += 1ull << o;
    }
}

void
frag_zone_release_run (FragZone *zone, uint64_t pfn, uint64_t frames)
{
  zone->gen++;
  if (frames == 0 || pfn < zone->p.start_pfn || pfn >= zone->end_pfn
      || frames > zone->end_pfn - pfn)
    return;
  /* Frames that are not used are left alone: release what is really held. Nearly always the
   * whole run is held (a segment going away): one vectorised check, one free. */
  uint64_t x = pfn, e = pfn + frames;
  if (words_all_used (zone->words + (pfn - zone->p.start_pfn), frames))
    {
      free_range (zone, pfn, e);
      return;
    }
  while (x < e)
    {
      while (x < e && !frag_fw_is_used (zone->words[x - zone->p.start_pfn]))
        x++;
      uint64_t s = x;
      while (x < e && frag_fw_is_used (zone->words[x - zone->p.start_pfn]))
        x++;
      if (x > s)
        free_range (zone, s, x);
    }
}

void
frag_zone_set_used (FragZone *zone, uint64_t pfn, uint64_t frames, uint32_t owner,
                    FragMigrateType mt, bool pinned)
{
  zone->gen++;
  if (frames == 0 || (unsigned) mt >= N_MT || pfn < zone->p.start_pfn || pfn >= zone->end_pfn
      || frames > zone->end_pfn - pfn)
    return;
  for (uint64_t i = 0; i < frames; i++)
    if (!frag_fw_is_used (zone->words[pfn - zone->p.start_pfn + i]))
      return;
  write_used (zone, pfn, frames, owner, mt, pinned);
}

uint32_t *
frag_zone_words_mut (FragZone *zone)
{
  zone->gen++;
  zone->all_gen = zone->gen;
  return zone->words;
}

const uint32_t *
frag_zone_words (const FragZone *zone)
{
  return zone->words;
}

/* ---- Rebuilding the lists from the words ----------------------------------------------------- */

/* Whether the pageblocks under [pfn, pfn + 2^o) may form one free block: merging across
 * pageblocks is allowed when they all have one type or all have mergeable types. (Linux compares
 * pairs as it merges; for a block built at once this is the condition that every pairwise merge
 * inside it passes.) */
static bool
pageblocks_mergeable (const FragZone *z, uint64_t pfn, unsigned o)
{
  unsigned pbo = z->p.pageblock_order;
  if (o <= pbo)
    return true;
  uint64_t first = (pfn >> pbo) - z->first_pb;
  uint64_t n = 1ull << (o - pbo);
  if (first + n > z->n_pb)
    n = z->n_pb - first;
  unsigned t0 = z->pbmt[first];
  bool all_same = true, all_mergeable = mt_mergeable (t0);
  for (uint64_t i = 1; i < n; i++)
    {
      unsigned t = z->pbmt[first + i];
      all_same &= t == t0;
      all_mergeable &= mt_mergeable (t);
    }
  return all_same || all_mergeable;
}

static void
rebuild_run (FragZone *z, uint64_t a, uint64_t b)
{
  unsigned pbo = z->p.pageblock_order;
  while (a < b)
    {
      unsigned o = fit_order (z, a, b - a);
      while (o > pbo && !pageblocks_mergeable (z, a, o))
        o--;
      list_add (z, a, o, pb_type (z, a), true);
      a += 1ull << o;
    }
}

void
frag_zone_rebuild_free (FragZone *zone)
{
  FragZone *z = zone;
  z->gen++;
  z->all_gen = z->gen;
  for (unsigned mt = 0; mt < N_MT; mt++)
    {
      for (unsigned o = 0; o <= z->p.max_order; o++)
        {
          if (z->nr_free[mt][o] && z->bm)
            {
              const FragBitmapGeom *g = &z->geom[o][mt];
              for (unsigned l = 0; l < BM_LEVELS; l++)
                memset (z->bm + g->off[l], 0, (size_t) ((g->nbits[l] + 63) / 64) * 8);
            }
          z->nr_free[mt][o] = 0;
          z->head[mt][o] = z->tail[mt][o] = LINK_NONE;
        }
      z->nonempty[mt] = 0;
    }
  uint32_t *w = z->words;
  const uint64_t n = z->p.frames, start = z->p.start_pfn;
  uint64_t i = 0;
  while (i < n)
    {
      /* A frame is used iff bits 31..30 read 01. */
      while (i < n && (w[i] >> 30) == 1)
        i++;
      uint64_t s = i;
      while (i < n && (w[i] >> 30) != 1)
        {
          w[i] = 0;
          i++;
        }
      if (i > s)
        rebuild_run (z, start + s, start + i);
    }
}

/* ---- Queries ---------------------------------------------------------------------------------- */

uint64_t
frag_zone_free_frames (const FragZone *zone)
{
  uint64_t total = 0;
  for (unsigned mt = 0; mt < N_MT; mt++)
    {
      if (mt == FRAG_MT_ISOLATE)
        continue;
      for (unsigned o = 0; o <= zone->p.max_order; o++)
        total += zone->nr_free[mt][o] << o;
    }
  return total;
}

uint64_t
frag_zone_nr_free (const FragZone *zone, unsigned order, FragMigrateType mt)
{
  if (order > zone->p.max_order || (unsigned) mt >= N_MT)
    return 0;
  return zone->nr_free[mt][order];
}

bool
frag_zone_has_free_block (const FragZone *zone, unsigned order, FragMigrateType mt)
{
  if (order > zone->p.max_order || (unsigned) mt >= N_MT)
    return false;
  return (zone->nonempty[mt] >> order) != 0;
}

uint64_t
frag_zone_n_pageblocks (const FragZone *zone)
{
  return zone->n_pb;
}

FragMigrateType
frag_zone_pageblock_mt (const FragZone *zone, uint64_t pageblock)
{
  if (pageblock < zone->first_pb || pageblock - zone->first_pb >= zone->n_pb)
    return FRAG_MT_COUNT;
  return (FragMigrateType) zone->pbmt[pageblock - zone->first_pb];
}

void
frag_zone_set_pageblock_mt (FragZone *zone, uint64_t pageblock, FragMigrateType mt)
{
  FragZone *z = zone;
  z->gen++;
  if ((unsigned) mt >= N_MT || pageblock < z->first_pb || pageblock - z->first_pb >= z->n_pb)
    return;
  uint64_t movable;
  unsigned pbo = z->p.pageblock_order;
  z->pbmt[pageblock - z->first_pb] = (uint8_t) mt;
  mark_changed (z, pageblock << pbo < z->p.start_pfn ? z->p.start_pfn : pageblock << pbo);
  move_freepages_block (z, pageblock << pbo, mt, &movable);
  /* A block as large as a pageblock may now merge with a buddy the old type kept apart
   * (as Linux does when it un-isolates a pageblock): free it again. */
  uint64_t s = pageblock << pbo;
  if (s < z->p.start_pfn)
    s = z->p.start_pfn;
  uint32_t w = z->words[s - z->p.start_pfn];
  if (frag_fw_is_free_head (w) && frag_fw_order (w) >= pbo)
    {
      unsigned o = frag_fw_order (w);
      list_del (z, s, o, frag_fw_free_mt (w));
      free_one (z, s, o);
    }
}

uint64_t
frag_zone_generation (const FragZone *zone)
{
  return zone->gen;
}

bool
frag_zone_changes_since (const FragZone *zone, uint64_t since, FragRangeFunc fn, void *data)
{
  const FragZone *z = zone;
  if (z->all_gen > since)
    return false;
  unsigned mo = z->p.max_order;
  for (uint64_t i = 0; i < z->n_blocks; i++)
    {
      if (z->block_gen[i] <= since)
        continue;
      uint64_t j = i + 1;
      while (j < z->n_blocks && z->block_gen[j] > since)
        j++;
      uint64_t a = (z->first_block + i) << mo, b = (z->first_block + j) << mo;
      a = a < z->p.start_pfn ? z->p.start_pfn : a;
      b = b > z->end_pfn ? z->end_pfn : b;
      fn (a, b - a, data);
      i = j;
    }
  return true;
}

/* Used frames, and used frames of another type than `mt`, among n words: branch-free over
 * constant-length chunks, which GCC's -O2 cost model vectorises (the words of a 4M-frame zone,
 * 16 MB, in about a millisecond). A word is used iff its top two bits are 01. */
static void
count_use (const uint32_t *w, uint64_t n, unsigned mt, uint32_t *used, uint32_t *foreign)
{
  uint32_t u = 0, f = 0;
  uint64_t i = 0;
  for (; i + SCAN_CHUNK <= n; i += SCAN_CHUNK)
    for (unsigned k = 0; k < SCAN_CHUNK; k++)
      {
        uint32_t x = w[i + k];
        uint32_t is_used = (x >> 30) == 1u;
        u += is_used;
        f += is_used & (((x >> 24) & 7u) != mt);
      }
  for (; i < n; i++)
    {
      uint32_t x = w[i];
      uint32_t is_used = (x >> 30) == 1u;
      u += is_used;
      f += is_used & (((x >> 24) & 7u) != mt);
    }
  *used = u;
  *foreign = f;
}

static void
summarise_use (const FragZone *z, FragPageblockUse *use, uint64_t *mixed)
{
  unsigned pbo = z->p.pageblock_order;
  uint64_t m = 0;
  for (uint64_t i = 0; i < z->n_pb; i++)
    {
      uint64_t s = (z->first_pb + i) << pbo, e = s + (1ull << pbo);
      if (s < z->p.start_pfn)
        s = z->p.start_pfn;
      if (e > z->end_pfn)
        e = z->end_pfn;
      use[i].frames = (uint32_t) (e - s);
      count_use (z->words + (s - z->p.start_pfn), e - s, z->pbmt[i], &use[i].used,
                 &use[i].foreign);
      m += use[i].foreign != 0;
    }
  *mixed = m;
}

const FragPageblockUse *
frag_zone_pageblock_use (const FragZone *zone, uint64_t *mixed)
{
  /* A cache filled by a query: the zone's state is not changed, only what is known about it. */
  FragZone *z = (FragZone *) zone;
  if (!z->use_valid || z->use_gen != z->gen)
    {
      if (z->use == NULL)
        z->use = malloc (z->n_pb * sizeof *z->use);
      if (z->use == NULL)
        return NULL;
      summarise_use (z, z->use, &z->use_mixed);
      z->use_gen = z->gen;
      z->use_valid = true;
    }
  if (mixed)
    *mixed = z->use_mixed;
  return z->use;
}

const FragZoneCounters *
frag_zone_counters (const FragZone *zone)
{
  return &zone->counters;
}

void
frag_zone_foreach_free_block (const FragZone *zone, FragZoneBlockFunc fn, void *data)
{
  const uint32_t *w = zone->words;
  const uint64_t n = zone->p.frames;
  for (uint64_t i = 0; i < n;)
    {
      uint32_t v = w[i];
      if (frag_fw_is_free_head (v))
        {
          unsigned o = frag_fw_order (v);
          fn (zone->p.start_pfn + i, o, (FragMigrateType) frag_fw_free_mt (v), data);
          i += 1ull << o;
        }
      else
        i++;
    }
}

/* ---- Self-check ------------------------------------------------------------------------------- */

#define FAIL(...) do { if (err && errlen) snprintf (err, errlen, __VA_ARGS__); return false; } while (0)

bool
frag_zone_check (const FragZone *zone, char *err, size_t errlen)
{
  const FragZone *z = zone;
  const uint64_t start = z->p.start_pfn, end = z->end_pfn;
  const unsigned max_order = z->p.max_order;
  uint64_t counts[N_MT][N_ORDERS];
  memset (counts, 0, sizeof counts);

  for (uint64_t i = 0; i < z->n_pb; i++)
    if (z->pbmt[i] >= N_MT)
      FAIL ("pageblock %llu has type %u", (unsigned long long) (z->first_pb + i), z->pbmt[i]);

  /* A pageblock summary still taken for valid must be what the words say now, counted here the
   * plain way (a change that forgot to bump the generation shows up as a stale summary). */
  if (z->use_valid && z->use_gen == z->gen)
    {
      uint64_t mixed = 0;
      for (uint64_t i = 0; i < z->n_pb; i++)
        {
          uint64_t s = (z->first_pb + i) << z->p.pageblock_order;
          uint64_t e = s + (1ull << z->p.pageblock_order);
          uint32_t used = 0, foreign = 0;
          s = s < start ? start : s;
          e = e > end ? end : e;
          for (uint64_t p = s; p < e; p++)
            if (frag_fw_is_used (z->words[p - start]))
              {
                used++;
                foreign += frag_fw_used_mt (z->words[p - start]) != z->pbmt[i];
              }
          mixed += foreign != 0;
          if (z->use[i].frames != e - s || z->use[i].used != used || z->use[i].foreign != foreign)
            FAIL ("pageblock %llu: cached use %u/%u used, %u foreign; the words say %u/%u, %u",
                  (unsigned long long) (z->first_pb + i), z->use[i].used, z->use[i].frames,
                  z->use[i].foreign, used, (unsigned) (e - s), foreign);
        }
      if (mixed != z->use_mixed)
        FAIL ("cached mixed pageblocks %llu, the words say %llu",
              (unsigned long long) z->use_mixed, (unsigned long long) mixed);
    }

  /* Words: every free frame lies in exactly one block whose head carries FREE_HEAD. */
  for (uint64_t pfn = start; pfn < end;)
    {
      uint32_t w = z->words[pfn - start];
      if (frag_fw_is_used (w))
        {
          if (w & 0x10000000u)
            FAIL ("pfn %llu: reserved bit set in a used word", (unsigned long long) pfn);
          pfn++;
          continue;
        }
      if (!frag_fw_is_free_head (w))
        FAIL ("pfn %llu: free frame outside any free block", (unsigned long long) pfn);
      unsigned o = frag_fw_order (w), mt = frag_fw_free_mt (w);
      if (o > max_order)
        FAIL ("pfn %llu: free block of order %u > max_order %u", (unsigned long long) pfn, o,
              max_order);
      if (mt >= N_MT)
        FAIL ("pfn %llu: free block on list of type %u", (unsigned long long) pfn, mt);
      if (pfn & ((1ull << o) - 1))
        FAIL ("pfn %llu: block of order %u not aligned", (unsigned long long) pfn, o);
      if (pfn + (1ull << o) > end)
        FAIL ("pfn %llu: block of order %u crosses the zone end", (unsigned long long) pfn, o);
      for (uint64_t k = 1; k < (1ull << o); k++)
        if (z->words[pfn - start + k] >> 30)
          FAIL ("pfn %llu: frame inside the free block at %llu (order %u) is not plain free",
                (unsigned long long) (pfn + k), (unsigned long long) pfn, o);
      if (z->p.discipline == FRAG_FREE_LIST_ADDRESS
          && !bm_test (z, o, mt, (pfn >> o) - z->base_idx[o]))
        FAIL ("pfn %llu: free head (order %u, type %u) missing from its bitmap",
              (unsigned long long) pfn, o, mt);
      counts[mt][o]++;
      /* Unmerged buddies where merging is allowed. */
      if (o < max_order)
        {
          uint64_t b = pfn ^ (1ull << o);
          if (b >= start && b < end)
            {
              uint32_t bw = z->words[b - start];
              if (frag_fw_is_free_head (bw) && frag_fw_order (bw) == o
                  && pageblocks_mergeable (z, pfn & b, o + 1))
                FAIL ("pfn %llu and %llu: free buddies of order %u left unmerged",
                      (unsigned long long) pfn, (unsigned long long) b, o);
            }
        }
      pfn += 1ull << o;
    }

  for (unsigned mt = 0; mt < N_MT; mt++)
    {
      uint32_t mask = 0;
      for (unsigned o = 0; o < N_ORDERS; o++)
        {
          if (o > max_order && z->nr_free[mt][o])
            FAIL ("count for order %u > max_order", o);
          if (counts[mt][o] != z->nr_free[mt][o])
            FAIL ("order %u type %u: %llu free heads in the words, count says %llu", o, mt,
                  (unsigned long long) counts[mt][o], (unsigned long long) z->nr_free[mt][o]);
          if (z->nr_free[mt][o])
            mask |= 1u << o;
        }
      if (mask != z->nonempty[mt])
        FAIL ("type %u: non-empty order mask %#x, expected %#x", mt, z->nonempty[mt], mask);
    }

  if (z->p.discipline == FRAG_FREE_LIST_ADDRESS)
    {
      for (unsigned o = 0; o <= max_order; o++)
        for (unsigned mt = 0; mt < N_MT; mt++)
          {
            const FragBitmapGeom *g = &z->geom[o][mt];
            uint64_t pop = 0;
            for (unsigned l = 0; l < BM_LEVELS; l++)
              {
                uint64_t nw = (g->nbits[l] + 63) / 64;
                for (uint64_t k = 0; k < nw; k++)
                  {
                    uint64_t v = z->bm[g->off[l] + k];
                    if (l == 0)
                      pop += (uint64_t) __builtin_popcountll (v);
                    if (k == nw - 1 && (g->nbits[l] & 63) && (v >> (g->nbits[l] & 63)))
                      FAIL ("bitmap order %u type %u level %u: bits past the end", o, mt, l);
                    if (l + 1 < BM_LEVELS)
                      {
                        bool up = (z->bm[g->off[l + 1] + k / 64] >> (k & 63)) & 1u;
                        if (up != (v != 0))
                          FAIL ("bitmap order %u type %u level %u: summary bit %llu wrong", o,
                                mt, l + 1, (unsigned long long) k);
                      }
                  }
              }
            if (pop != z->nr_free[mt][o])
              FAIL ("bitmap order %u type %u holds %llu blocks, count %llu", o, mt,
                    (unsigned long long) pop, (unsigned long long) z->nr_free[mt][o]);
          }
    }
  else
    {
      for (unsigned o = 0; o <= max_order; o++)
        for (unsigned mt = 0; mt < N_MT; mt++)
          {
            uint64_t len = 0;
            uint32_t prev = LINK_NONE;
            for (uint32_t r = z->head[mt][o]; r != LINK_NONE; r = z->next[r])
              {
                if (r >= z->p.frames)
                  FAIL ("list order %u type %u: link %u out of the zone", o, mt, r);
                if (++len > z->nr_free[mt][o])
                  FAIL ("list order %u type %u longer than its count %llu (cycle?)", o, mt,
                        (unsigned long long) z->nr_free[mt][o]);
                uint32_t w = z->words[r];
                if (!frag_fw_is_free_head (w) || frag_fw_order (w) != o
                    || frag_fw_free_mt (w) != mt)
                  FAIL ("list order %u type %u holds pfn %llu whose word disagrees", o, mt,
                        (unsigned long long) (start + r));
                if ((w & FRAG_FW_LOW_MASK) != prev)
                  FAIL ("list order %u type %u: pfn %llu has a wrong prev link", o, mt,
                        (unsigned long long) (start + r));
                prev = r;
              }
            if (prev != z->tail[mt][o])
              FAIL ("list order %u type %u: tail is wrong", o, mt);
            if (len != z->nr_free[mt][o])
              FAIL ("list order %u type %u has %llu blocks, count %llu", o, mt,
                    (unsigned long long) len, (unsigned long long) z->nr_free[mt][o]);
          }
    }
  return true;
}
