/* frag-holes.c: the hole index of one zone: two treaps over one node array (see frag-holes.h).
 *
 * Every update is O(log n) expected: a free merges with at most two neighbours found in one
 * descent, a take shrinks or splits one hole. Shrinking a hole from below or growing it downwards
 * moves its start but never past another hole, so the address treap keeps its order and only the
 * subtree maxima on the path need refreshing; the size treap re-inserts the node. Priorities
 * depend on the node index, not on the key, for exactly that reason.
 */
#include "frag-holes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NIL UINT32_MAX
#define HOLE_FRAMES_MAX UINT32_MAX /* a hole holds fewer frames than this */

typedef struct {
  uint64_t start;
  uint32_t frames;
  uint32_t amax;   /* largest frames in this node's address subtree */
  uint32_t al, ar; /* address treap; `al` threads the free list of unused nodes */
  uint32_t sl, sr; /* size treap, keyed by (frames, start) */
} HoleNode;

struct FragHoles {
  HoleNode *nodes;
  uint32_t  capacity;
  uint32_t  used;      /* nodes[0 .. used) have been handed out (live or on the free list) */
  uint32_t  free_head;
  uint32_t  aroot;
  uint32_t  sroot;
  bool      bulk;      /* trees unbuilt: nodes[0 .. used) are the holes in address order */
  bool      sized;     /* the size treap exists (built on the first best-fit query) */
  uint64_t  n_holes;
  uint64_t  free_frames;
};

/* ---- Allocation ----------------------------------------------------------------------------- */

static void *
holes_xrealloc (void *p, size_t n)
{
  void *q = realloc (p, n ? n : 1);

  /* The engine has no error path for running out of memory in the middle of a step. */
  if (q == NULL)
    {
      fprintf (stderr, "fragscope: out of memory (%zu bytes for the hole index)\n", n);
      abort ();
    }
  return q;
}

static void
holes_reserve (FragHoles *h, uint32_t want)
{
  uint32_t cap;

  if (want <= h->capacity)
    return;
  cap = h->capacity < 16 ? 16 : h->capacity;
  while (cap < want)
    cap = cap > UINT32_MAX / 2 ? NIL - 1 : cap * 2;
  h->nodes = holes_xrealloc (h->nodes, (size_t) cap * sizeof (HoleNode));
  h->capacity = cap;
}

static uint32_t
node_new (FragHoles *h, uint64_t start, uint64_t frames)
{
  uint32_t i;

  if (h->free_head != NIL)
    {
      i = h->free_head;
      h->free_head = h->nodes[i].al;
    }
  else
    {
      if (h->used >= NIL - 1)
        abort (); /* more holes than the documented limit */
      holes_reserve (h, h->used + 1);
      i = h->used++;
    }
  h->nodes[i] = (HoleNode) { start, (uint32_t) frames, (uint32_t) frames, NIL, NIL, NIL, NIL };
  return i;
}

static void
node_release (FragHoles *h, uint32_t i)
{
  h->nodes[i].al = h->free_head;
  h->free_head = i;
}

/* ---- Priorities ----------------------------------------------------------------------------- */

/* splitmix64's finaliser: a bijection, so no two nodes ever tie. */
static inline uint64_t
mix64 (uint64_t x)
{
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

static inline uint64_t
aprio (uint32_t i)
{
  return mix64 (i);
}

static inline uint64_t
sprio (uint32_t i)
{
  return mix64 ((uint64_t) i | (1ull << 40));
}

/* ---- Address treap -------------------------------------------------------------------------- */

static inline uint32_t
amax_of (const HoleNode *n, uint32_t t)
{
  return t == NIL ? 0 : n[t].amax;
}

static inline void
apull (HoleNode *n, uint32_t t)
{
  uint32_t m = n[t].frames, l = amax_of (n, n[t].al), r = amax_of (n, n[t].ar);

  if (l > m)
    m = l;
  if (r > m)
    m = r;
  n[t].amax = m;
}

/* Starts below key go to *l, the others to *r. */
static void
a_split (HoleNode *n, uint32_t t, uint64_t key, uint32_t *l, uint32_t *r)
{
  if (t == NIL)
    {
      *l = *r = NIL;
      return;
    }
  if (n[t].start < key)
    {
      a_split (n, n[t].ar, key, &n[t].ar, r);
      *l = t;
    }
  else
    {
      a_split (n, n[t].al, key, l, &n[t].al);
      *r = t;
    }
  apull (n, t);
}

static uint32_t
a_merge (HoleNode *n, uint32_t l, uint32_t r)
{
  if (l == NIL)
    return r;
  if (r == NIL)
    return l;
  if (aprio (l) > aprio (r))
    {
      n[l].ar = a_merge (n, n[l].ar, r);
      apull (n, l);
      return l;
    }
  n[r].al = a_merge (n, l, n[r].al);
  apull (n, r);
  return r;
}

static uint32_t
a_insert (HoleNode *n, uint32_t t, uint32_t x)
{
  if (t == NIL || aprio (x) > aprio (t))
    {
      a_split (n, t, n[x].start, &n[x].al, &n[x].ar);
      apull (n, x);
      return x;
    }
  if (n[x].start < n[t].start)
    n[t].al = a_insert (n, n[t].al, x);
  else
    n[t].ar = a_insert (n, n[t].ar, x);
  apull (n, t);
  return t;
}

/* The node with this start must be in the tree. */
static uint32_t
a_erase (HoleNode *n, uint32_t t, uint64_t key)
{
  if (n[t].start == key)
    return a_merge (n, n[t].al, n[t].ar);
  if (key < n[t].start)
    n[t].al = a_erase (n, n[t].al, key);
  else
    n[t].ar = a_erase (n, n[t].ar, key);
  apull (n, t);
  return t;
}

/* Recomputes the maxima on the path to the node starting at key, after its frames changed. */
static void
a_refresh (HoleNode *n, uint32_t t, uint64_t key)
{
  if (n[t].start != key)
    a_refresh (n, key < n[t].start ? n[t].al : n[t].ar, key);
  apull (n, t);
}

/* The lowest-addressed node with frames >= want in subtree t, or NIL. */
static uint32_t
a_first_fit (const HoleNode *n, uint32_t t, uint64_t want)
{
  if (amax_of (n, t) < want)
    return NIL;
  for (;;)
    {
      if (amax_of (n, n[t].al) >= want)
        t = n[t].al;
      else if (n[t].frames >= want)
        return t;
      else
        t = n[t].ar; /* its maximum must be the one that qualified */
    }
}

/* The lowest-addressed node with start >= key and frames >= want. One path down plus at most one
 * successful a_first_fit: O(depth). */
static uint32_t
a_first_from (const HoleNode *n, uint32_t t, uint64_t key, uint64_t want)
{
  uint32_t r;

  if (amax_of (n, t) < want)
    return NIL;
  if (n[t].start < key)
    return a_first_from (n, n[t].ar, key, want);
  r = a_first_from (n, n[t].al, key, want);
  if (r != NIL)
    return r;
  if (n[t].frames >= want)
    return t;
  return a_first_fit (n, n[t].ar, want);
}

/* The node with the greatest start <= pfn, or NIL. */
static uint32_t
a_floor (const HoleNode *n, uint32_t t, uint64_t pfn)
{
  uint32_t cand = NIL;

  while (t != NIL)
    {
      if (n[t].start <= pfn)
        {
          cand = t;
          t = n[t].ar;
        }
      else
        t = n[t].al;
    }
  return cand;
}

/* ---- Size treap ----------------------------------------------------------------------------- */

static inline bool
s_less (const HoleNode *n, uint32_t a, uint32_t b)
{
  return n[a].frames < n[b].frames || (n[a].frames == n[b].frames && n[a].start < n[b].start);
}

/* Nodes ordered before x go to *l, the others to *r. */
static void
s_split (HoleNode *n, uint32_t t, uint32_t x, uint32_t *l, uint32_t *r)
{
  if (t == NIL)
    {
      *l = *r = NIL;
      return;
    }
  if (s_less (n, t, x))
    {
      s_split (n, n[t].sr, x, &n[t].sr, r);
      *l = t;
    }
  else
    {
      s_split (n, n[t].sl, x, l, &n[t].sl);
      *r = t;
    }
}

static uint32_t
s_merge (HoleNode *n, uint32_t l, uint32_t r)
{
  if (l == NIL)
    return r;
  if (r == NIL)
    return l;
  if (sprio (l) > sprio (r))
    {
      n[l].sr = s_merge (n, n[l].sr, r);
      return l;
    }
  n[r].sl = s_merge (n, l, n[r].sl);
  return r;
}

static uint32_t
s_insert (HoleNode *n, uint32_t t, uint32_t x)
{
  if (t == NIL || sprio (x) > sprio (t))
    {
      s_split (n, t, x, &n[x].sl, &n[x].sr);
      return x;
    }
  if (s_less (n, x, t))
    n[t].sl = s_insert (n, n[t].sl, x);
  else
    n[t].sr = s_insert (n, n[t].sr, x);
  return t;
}

/* x must be in the tree, with the key it was inserted under. */
static uint32_t
s_erase (HoleNode *n, uint32_t t, uint32_t x)
{
  if (t == x)
    return s_merge (n, n[t].sl, n[t].sr);
  if (s_less (n, x, t))
    n[t].sl = s_erase (n, n[t].sl, x);
  else
    n[t].sr = s_erase (n, n[t].sr, x);
  return t;
}

/* The size treap is only kept once best fit has been asked for: first, next and worst fit never
 * read it, and skipping it makes their updates markedly cheaper. */
static inline void
s_remove (FragHoles *h, HoleNode *n, uint32_t x)
{
  if (h->sized)
    h->sroot = s_erase (n, h->sroot, x);
}

static inline void
s_add (FragHoles *h, HoleNode *n, uint32_t x)
{
  if (h->sized)
    h->sroot = s_insert (n, h->sroot, x);
}

/* ---- Bulk rebuild --------------------------------------------------------------------------- */

/* Builds a treap over `order` (nodes in key order) in O(k): the classic right-spine stack
 * construction of a Cartesian tree. A node leaves the stack only when its subtree is final, so
 * the address maxima can be computed right then. `prios` caches the priorities of the stack. */
static uint32_t
build_treap (HoleNode *n, const uint32_t *order, uint32_t k, uint32_t *stack, uint64_t *prios,
             bool by_address)
{
  uint32_t sp = 0;

  for (uint32_t j = 0; j < k; j++)
    {
      uint32_t i = order ? order[j] : j, last = NIL;
      uint64_t p = by_address ? aprio (i) : sprio (i);

      while (sp > 0 && prios[sp - 1] < p)
        {
          last = stack[--sp];
          if (by_address)
            apull (n, last);
        }
      if (by_address)
        {
          n[i].al = last;
          n[i].ar = NIL;
          if (sp > 0)
            n[stack[sp - 1]].ar = i;
        }
      else
        {
          n[i].sl = last;
          n[i].sr = NIL;
          if (sp > 0)
            n[stack[sp - 1]].sr = i;
        }
      prios[sp] = p;
      stack[sp++] = i;
    }
  while (sp > 1)
    {
      if (by_address)
        apull (n, stack[sp - 1]);
      sp--;
    }
  if (sp == 0)
    return NIL;
  if (by_address)
    apull (n, stack[0]);
  return stack[0];
}

void
frag_holes_settle (FragHoles *h)
{
  uint32_t *stack;
  uint64_t *prios;

  if (!h->bulk)
    return;
  h->bulk = false;
  h->sized = false;
  h->sroot = NIL;
  if (h->used == 0)
    {
      h->aroot = NIL;
      return;
    }
  stack = holes_xrealloc (NULL, (size_t) h->used * sizeof (uint32_t));
  prios = holes_xrealloc (NULL, (size_t) h->used * sizeof (uint64_t));
  h->aroot = build_treap (h->nodes, NULL, h->used, stack, prios, true);
  free (prios);
  free (stack);
}

/* Builds the size treap from the address treap in O(n): the live nodes in address order, a stable
 * radix sort by frames (giving (frames, start) order), then the stack construction. */
static void
holes_build_sizes (FragHoles *h)
{
  HoleNode *n = h->nodes;
  uint32_t k = 0, sp = 0, maxf = 0, *a, *b, *stack;
  uint64_t *prios;

  h->sized = true;
  h->sroot = NIL;
  if (h->n_holes == 0)
    return;
  a = holes_xrealloc (NULL, (size_t) h->n_holes * sizeof (uint32_t));
  b = holes_xrealloc (NULL, (size_t) h->n_holes * sizeof (uint32_t));
  stack = holes_xrealloc (NULL, (size_t) h->n_holes * sizeof (uint32_t));
  prios = holes_xrealloc (NULL, (size_t) h->n_holes * sizeof (uint64_t));

  for (uint32_t t = h->aroot; t != NIL || sp > 0;)
    {
      while (t != NIL)
        {
          stack[sp++] = t;
          t = n[t].al;
        }
      t = stack[--sp];
      a[k++] = t;
      if (n[t].frames > maxf)
        maxf = n[t].frames;
      t = n[t].ar;
    }
  for (unsigned shift = 0; shift < 32 && (maxf >> shift) != 0; shift += 8)
    {
      uint32_t count[257] = { 0 }, *tmp;

      for (uint32_t i = 0; i < k; i++)
        count[((n[a[i]].frames >> shift) & 0xff) + 1]++;
      for (unsigned d = 0; d < 256; d++)
        count[d + 1] += count[d];
      for (uint32_t i = 0; i < k; i++)
        b[count[(n[a[i]].frames >> shift) & 0xff]++] = a[i];
      tmp = a;
      a = b;
      b = tmp;
    }
  h->sroot = build_treap (n, a, k, stack, prios, false);

  free (prios);
  free (stack);
  free (a);
  free (b);
}

/* Queries take a const index but may have to finish a pending bulk rebuild first; the object was
 * created non-const by frag_holes_new*, so writing through the cast is defined. */
static const HoleNode *
holes_ready (const FragHoles *h)
{
  if (h->bulk)
    frag_holes_settle ((FragHoles *) h);
  return h->nodes;
}

/* ---- Life cycle ----------------------------------------------------------------------------- */

FragHoles *
frag_holes_new_empty (void)
{
  FragHoles *h = holes_xrealloc (NULL, sizeof *h);

  memset (h, 0, sizeof *h);
  h->nodes = NULL;
  frag_holes_clear (h);
  return h;
}

FragHoles *
frag_holes_new (uint64_t zone_start_pfn, uint64_t zone_frames)
{
  FragHoles *h = frag_holes_new_empty ();

  if (zone_frames > 0)
    frag_holes_free_range (h, zone_start_pfn, zone_frames);
  return h;
}

void
frag_holes_destroy (FragHoles *h)
{
  if (h == NULL)
    return;
  free (h->nodes);
  free (h);
}

void
frag_holes_clear (FragHoles *h)
{
  h->used = 0;
  h->free_head = NIL;
  h->aroot = h->sroot = NIL;
  h->bulk = true;
  h->sized = false;
  h->n_holes = 0;
  h->free_frames = 0;
}

void
frag_holes_copy (FragHoles *dst, const FragHoles *src)
{
  HoleNode *keep;
  uint32_t cap;

  if (dst == src)
    return;
  holes_reserve (dst, src->used);
  keep = dst->nodes;
  cap = dst->capacity;
  *dst = *src;
  dst->nodes = keep;
  dst->capacity = cap;
  if (src->used > 0)
    memcpy (dst->nodes, src->nodes, (size_t) src->used * sizeof (HoleNode));
}

FragHoles *
frag_holes_clone (const FragHoles *h)
{
  FragHoles *c = frag_holes_new_empty ();

  frag_holes_copy (c, h);
  return c;
}

/* ---- Updates -------------------------------------------------------------------------------- */

/* The O(1) path of a bulk rebuild: the range lies above every hole. */
static bool
bulk_append (FragHoles *h, uint64_t start, uint64_t frames)
{
  if (h->used > 0)
    {
      HoleNode *last = &h->nodes[h->used - 1];
      uint64_t end = last->start + last->frames;

      if (start < end)
        return false;
      if (start == end)
        {
          if (last->frames + frames >= HOLE_FRAMES_MAX)
            return false;
          last->frames += (uint32_t) frames;
          last->amax = last->frames;
          h->free_frames += frames;
          return true;
        }
    }
  node_new (h, start, frames);
  h->n_holes++;
  h->free_frames += frames;
  return true;
}

/* The search path of the last descent, so that a hole changed in place has its ancestors' maxima
 * refreshed without a second descent, stopping as soon as a maximum does not change. */
#define PATH_MAX_DEPTH 128

typedef struct {
  uint32_t node[PATH_MAX_DEPTH];
  unsigned depth;
  bool     overflow; /* deeper than PATH_MAX_DEPTH: fall back to a_refresh */
} APath;

static inline void
path_push (APath *p, uint32_t t)
{
  if (p->depth < PATH_MAX_DEPTH)
    p->node[p->depth++] = t;
  else
    p->overflow = true;
}

/* Node x, found at the end of path p or on it, changed its frames (and maybe its start). */
static void
path_refresh (HoleNode *n, uint32_t root, const APath *p, uint32_t x)
{
  unsigned i = p->depth;

  if (p->overflow)
    {
      a_refresh (n, root, n[x].start);
      return;
    }
  while (i > 0 && p->node[i - 1] != x)
    i--;
  while (i-- > 0)
    {
      uint32_t t = p->node[i], old = n[t].amax;

      apull (n, t);
      if (n[t].amax == old && t != x)
        break;
    }
}

bool
frag_holes_free_range (FragHoles *h, uint64_t start, uint64_t frames)
{
  HoleNode *n;
  APath path = { .depth = 0, .overflow = false };
  uint32_t t, pred = NIL, succ = NIL;
  uint64_t end, total;
  bool join_pred, join_succ;

  if (frames == 0 || frames >= HOLE_FRAMES_MAX || start > UINT64_MAX - frames)
    return false;
  end = start + frames;
  if (h->bulk && bulk_append (h, start, frames))
    return true;
  n = (HoleNode *) holes_ready (h);

  for (t = h->aroot; t != NIL;)
    {
      path_push (&path, t);
      if (n[t].start < start)
        {
          pred = t;
          t = n[t].ar;
        }
      else
        {
          succ = t;
          t = n[t].al;
        }
    }
  if (pred != NIL && n[pred].start + n[pred].frames > start)
    return false;
  if (succ != NIL && n[succ].start < end)
    return false;
  join_pred = pred != NIL && n[pred].start + n[pred].frames == start;
  join_succ = succ != NIL && n[succ].start == end;

  total = frames + (join_pred ? n[pred].frames : 0) + (join_succ ? n[succ].frames : 0);
  if (total >= HOLE_FRAMES_MAX)
    return false;

  if (join_pred && join_succ)
    {
      s_remove (h, n, succ);
      h->aroot = a_erase (n, h->aroot, n[succ].start);
      node_release (h, succ);
      h->n_holes--;
      s_remove (h, n, pred);
      n[pred].frames = (uint32_t) total;
      s_add (h, n, pred);
      a_refresh (n, h->aroot, n[pred].start); /* the erase reshaped the path */
    }
  else if (join_pred)
    {
      s_remove (h, n, pred);
      n[pred].frames = (uint32_t) total;
      s_add (h, n, pred);
      path_refresh (n, h->aroot, &path, pred);
    }
  else if (join_succ)
    {
      /* The hole grows downwards but stays above pred: its place in the address order holds. */
      s_remove (h, n, succ);
      n[succ].start = start;
      n[succ].frames = (uint32_t) total;
      s_add (h, n, succ);
      path_refresh (n, h->aroot, &path, succ);
    }
  else
    {
      uint32_t x = node_new (h, start, frames);

      n = h->nodes; /* node_new may have moved the array */
      h->aroot = a_insert (n, h->aroot, x);
      s_add (h, n, x);
      h->n_holes++;
    }
  h->free_frames += frames;
  return true;
}

bool
frag_holes_take_range (FragHoles *h, uint64_t start, uint64_t frames)
{
  HoleNode *n = (HoleNode *) holes_ready (h);
  APath path = { .depth = 0, .overflow = false };
  uint32_t t, cand = NIL;
  uint64_t end, hstart, hend;

  if (frames == 0 || start > UINT64_MAX - frames)
    return false;
  end = start + frames;
  for (t = h->aroot; t != NIL;)
    {
      path_push (&path, t);
      if (n[t].start <= start)
        {
          cand = t;
          t = n[t].ar;
        }
      else
        t = n[t].al;
    }
  t = cand;
  if (t == NIL)
    return false;
  hstart = n[t].start;
  hend = hstart + n[t].frames;
  if (end > hend)
    return false;

  s_remove (h, n, t);
  if (start == hstart && end == hend)
    {
      h->aroot = a_erase (n, h->aroot, hstart);
      node_release (h, t);
      h->n_holes--;
    }
  else if (start == hstart)
    {
      n[t].start = end;
      n[t].frames = (uint32_t) (hend - end);
      s_add (h, n, t);
      path_refresh (n, h->aroot, &path, t);
    }
  else
    {
      n[t].frames = (uint32_t) (start - hstart);
      s_add (h, n, t);
      path_refresh (n, h->aroot, &path, t);
      if (end < hend)
        {
          uint32_t x = node_new (h, end, hend - end);

          n = h->nodes;
          h->aroot = a_insert (n, h->aroot, x);
          s_add (h, n, x);
          h->n_holes++;
        }
    }
  h->free_frames -= frames;
  return true;
}

/* ---- Queries -------------------------------------------------------------------------------- */

bool
frag_holes_find (const FragHoles *h, FragFit fit, uint64_t frames, uint64_t next_cursor,
                 uint64_t *start)
{
  const HoleNode *n = holes_ready (h);
  uint32_t t = NIL;

  if (frames == 0)
    return false;
  switch (fit)
    {
    case FRAG_FIT_NEXT:
      {
        uint32_t at = a_floor (n, h->aroot, next_cursor);
        uint64_t from = next_cursor;

        /* The hole holding the cursor counts whole: the rover stays on the hole it stopped in. */
        if (at != NIL && next_cursor - n[at].start < n[at].frames)
          from = n[at].start;
        t = a_first_from (n, h->aroot, from, frames);
        if (t == NIL)
          t = a_first_fit (n, h->aroot, frames);
      }
      break;
    case FRAG_FIT_BEST:
      if (!h->sized)
        holes_build_sizes ((FragHoles *) h); /* see holes_ready */
      for (uint32_t s = h->sroot; s != NIL;)
        {
          if (n[s].frames >= frames)
            {
              t = s;
              s = n[s].sl;
            }
          else
            s = n[s].sr;
        }
      break;
    case FRAG_FIT_WORST:
      if (amax_of (n, h->aroot) >= frames)
        t = a_first_fit (n, h->aroot, amax_of (n, h->aroot));
      break;
    case FRAG_FIT_FIRST:
    case FRAG_FIT_COUNT:
    default:
      t = a_first_fit (n, h->aroot, frames);
      break;
    }
  if (t == NIL)
    return false;
  if (start)
    *start = n[t].start;
  return true;
}

size_t
frag_holes_bytes (const FragHoles *h)
{
  return sizeof *h + (size_t) h->used * sizeof (HoleNode);
}

uint64_t
frag_holes_count (const FragHoles *h)
{
  return h->n_holes;
}

uint64_t
frag_holes_free_frames (const FragHoles *h)
{
  return h->free_frames;
}

uint64_t
frag_holes_largest (const FragHoles *h)
{
  const HoleNode *n = holes_ready (h);

  return amax_of (n, h->aroot);
}

bool
frag_holes_hole_at (const FragHoles *h, uint64_t pfn, uint64_t *start, uint64_t *frames)
{
  const HoleNode *n = holes_ready (h);
  uint32_t t = a_floor (n, h->aroot, pfn);

  if (t == NIL || pfn - n[t].start >= n[t].frames)
    return false;
  if (start)
    *start = n[t].start;
  if (frames)
    *frames = n[t].frames;
  return true;
}

static bool
foreach_rec (const HoleNode *n, uint32_t t, FragExtentFunc fn, void *user_data)
{
  FragExtent e;

  if (t == NIL)
    return true;
  if (!foreach_rec (n, n[t].al, fn, user_data))
    return false;
  e.start = n[t].start;
  e.frames = n[t].frames;
  if (!fn (&e, user_data))
    return false;
  return foreach_rec (n, n[t].ar, fn, user_data);
}

void
frag_holes_foreach (const FragHoles *h, FragExtentFunc fn, void *user_data)
{
  if (h->bulk)
    {
      /* Pending bulk rebuild: the array already is in address order. */
      for (uint32_t i = 0; i < h->used; i++)
        {
          FragExtent e = { h->nodes[i].start, h->nodes[i].frames };

          if (!fn (&e, user_data))
            return;
        }
      return;
    }
  foreach_rec (h->nodes, h->aroot, fn, user_data);
}

/* ---- Invariants ----------------------------------------------------------------------------- */

typedef struct {
  const FragHoles *h;
  uint8_t         *mark;
  uint32_t        *stack;
  char            *err;
  size_t           errlen;
} CheckCtx;

static bool
check_fail (CheckCtx *c, const char *what, uint32_t i)
{
  if (c->err && c->errlen > 0)
    {
      if (i == NIL)
        snprintf (c->err, c->errlen, "holes: %s", what);
      else
        snprintf (c->err, c->errlen, "holes: node %u (start %llu, frames %u): %s", i,
                  (unsigned long long) c->h->nodes[i].start, c->h->nodes[i].frames, what);
    }
  return false;
}

/* In-order walk of one treap, each node visited once (a revisit means a cycle). */
static bool
check_tree (CheckCtx *c, bool by_address, uint64_t *count, uint64_t *sum)
{
  const HoleNode *n = c->h->nodes;
  uint32_t used = c->h->used, sp = 0, prev = NIL;
  uint32_t t = by_address ? c->h->aroot : c->h->sroot;
  uint8_t bit = by_address ? 1 : 2;

  *count = 0;
  *sum = 0;
  while (t != NIL || sp > 0)
    {
      while (t != NIL)
        {
          if (t >= used)
            return check_fail (c, "link past the node array", NIL);
          if (c->mark[t] & bit)
            return check_fail (c, "reached twice (cycle)", t);
          c->mark[t] |= bit;
          c->stack[sp++] = t;
          t = by_address ? n[t].al : n[t].sl;
        }
      t = c->stack[--sp];
      if (by_address)
        {
          uint32_t l = n[t].al, r = n[t].ar, m = n[t].frames;

          if (n[t].frames == 0)
            return check_fail (c, "empty hole", t);
          if (prev != NIL && n[prev].start + n[prev].frames >= n[t].start)
            return check_fail (c, "overlaps or touches the hole below (not maximal)", t);
          if ((l != NIL && (l >= used || aprio (l) > aprio (t)))
              || (r != NIL && (r >= used || aprio (r) > aprio (t))))
            return check_fail (c, "address heap order broken", t);
          if (l != NIL && n[l].amax > m)
            m = n[l].amax;
          if (r != NIL && n[r].amax > m)
            m = n[r].amax;
          if (m != n[t].amax)
            return check_fail (c, "wrong subtree maximum", t);
          *sum += n[t].frames;
        }
      else
        {
          uint32_t l = n[t].sl, r = n[t].sr;

          if (prev != NIL && !s_less (n, prev, t))
            return check_fail (c, "size order broken", t);
          if ((l != NIL && (l >= used || sprio (l) > sprio (t)))
              || (r != NIL && (r >= used || sprio (r) > sprio (t))))
            return check_fail (c, "size heap order broken", t);
        }
      (*count)++;
      prev = t;
      t = by_address ? n[t].ar : n[t].sr;
    }
  return true;
}

static bool
check_all (CheckCtx *c)
{
  const FragHoles *h = c->h;
  const HoleNode *n = h->nodes;
  uint64_t acount, asum, scount, ssum, nfree = 0;

  if (h->used > h->capacity)
    return check_fail (c, "more nodes used than allocated", NIL);
  if (h->bulk)
    {
      uint64_t sum = 0;

      if (h->free_head != NIL)
        return check_fail (c, "free list during a bulk rebuild", NIL);
      for (uint32_t i = 0; i < h->used; i++)
        {
          if (n[i].frames == 0)
            return check_fail (c, "empty hole", i);
          if (i > 0 && n[i - 1].start + n[i - 1].frames >= n[i].start)
            return check_fail (c, "bulk holes out of order or not maximal", i);
          sum += n[i].frames;
        }
      if (h->used != h->n_holes || sum != h->free_frames)
        return check_fail (c, "bulk counts wrong", NIL);
      return true;
    }
  if (!check_tree (c, true, &acount, &asum))
    return false;
  if (!h->sized)
    {
      if (h->sroot != NIL)
        return check_fail (c, "a size treap that is not kept", NIL);
      scount = acount;
    }
  else if (!check_tree (c, false, &scount, &ssum))
    return false;
  if (acount != h->n_holes || scount != h->n_holes)
    return check_fail (c, "tree sizes differ from the hole count", NIL);
  if (asum != h->free_frames)
    return check_fail (c, "free frames differ from the sum of holes", NIL);
  for (uint32_t t = h->free_head; t != NIL; t = n[t].al)
    {
      if (t >= h->used)
        return check_fail (c, "free list past the node array", NIL);
      if (c->mark[t])
        return check_fail (c, "free-list node is live or listed twice", t);
      c->mark[t] = 4;
      nfree++;
    }
  for (uint32_t i = 0; i < h->used; i++)
    if (c->mark[i] != (h->sized ? 3 : 1) && c->mark[i] != 4)
      return check_fail (c, "in only one tree, or lost", i);
  if (nfree + h->n_holes != h->used)
    return check_fail (c, "node accounting wrong", NIL);
  return true;
}

bool
frag_holes_check (const FragHoles *h, char *err, size_t errlen)
{
  CheckCtx c = { h, NULL, NULL, err, errlen };
  bool ok;

  c.mark = holes_xrealloc (NULL, (size_t) h->used + 1);
  memset (c.mark, 0, (size_t) h->used + 1);
  c.stack = holes_xrealloc (NULL, ((size_t) h->used + 1) * sizeof (uint32_t));
  ok = check_all (&c);
  free (c.mark);
  free (c.stack);
  return ok;
}

/* ---- Benchmark ------------------------------------------------------------------------------ */

static inline uint64_t
bench_rand (uint64_t *s)
{
  *s ^= *s << 13;
  *s ^= *s >> 7;
  *s ^= *s << 17;
  return *s;
}

bool
frag_holes_bench (uint64_t n_ops, double *seconds)
{
  const uint64_t zone_frames = 4u << 20;
  FragHoles *h = frag_holes_new (0, zone_frames);
  FragExtent *live = NULL;
  size_t n_live = 0, cap_live = 0;
  uint64_t rng = 0x2545F4914F6CDD1Dull, cursor = 0;
  struct timespec t0, t1;
  bool ok = true;

  clock_gettime (CLOCK_MONOTONIC, &t0);
  for (uint64_t i = 0; i < n_ops; i++)
    {
      uint64_t r = bench_rand (&rng);
      /* Hover around half full, so that holes of every size keep appearing and merging. */
      bool alloc = n_live == 0
                   || (frag_holes_free_frames (h) > zone_frames / 2 ? (r & 3) != 0 : (r & 3) == 0);

      if (alloc)
        {
          uint64_t frames = 1 + (r >> 8) % 64, at;
          FragFit fit = (FragFit) ((r >> 20) & 3);

          if (!frag_holes_find (h, fit, frames, cursor, &at))
            continue;
          ok = ok && frag_holes_take_range (h, at, frames);
          cursor = at + frames;
          if (n_live == cap_live)
            {
              cap_live = cap_live ? cap_live * 2 : 1024;
              live = holes_xrealloc (live, cap_live * sizeof *live);
            }
          live[n_live++] = (FragExtent) { at, frames };
        }
      else
        {
          size_t k = (size_t) ((r >> 8) % n_live);

          ok = ok && frag_holes_free_range (h, live[k].start, live[k].frames);
          live[k] = live[--n_live];
        }
    }
  clock_gettime (CLOCK_MONOTONIC, &t1);

  if (seconds)
    *seconds = (double) (t1.tv_sec - t0.tv_sec) + (double) (t1.tv_nsec - t0.tv_nsec) * 1e-9;
  ok = ok && frag_holes_check (h, NULL, 0);
  free (live);
  frag_holes_destroy (h);
  return ok;
}
