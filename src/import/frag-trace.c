/* frag-trace.c: ftrace kmem trace parsing, dedupe and the pure per-pfn replay (see frag-trace.h).
 *
 * The line format is matched from both ends: the event name and its fields after the timestamp,
 * the "-PID [CPU]" before it; whatever precedes "-PID" is the task name, spaces and all. */
#include "frag-trace.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frag-reader.h"

#define READ_CHUNK   (1u << 20)
#define MAX_LINE     (64u * 1024u)
#define PFN_LIMIT    (1ull << 52)  /* no machine has pfns past this: larger is garbage */

static void malformed (FragTrace *t, uint64_t line, const char *fmt, ...)
  __attribute__ ((format (printf, 3, 4)));

static void
malformed (FragTrace *t, uint64_t line, const char *fmt, ...)
{
  va_list ap;

  if (t->n_malformed < FRAG_TRACE_MAX_ERRORS)
    {
      FragTraceError *e = &t->errors[t->n_malformed];
      e->line = line;
      va_start (ap, fmt);
      vsnprintf (e->message, sizeof e->message, fmt, ap);
      va_end (ap);
    }
  t->n_malformed++;
}

static bool
is_digit (char c)
{
  return c >= '0' && c <= '9';
}

static bool
is_space (char c)
{
  return c == ' ' || c == '\t';
}

/* Parses an unsigned number (decimal, or hex with 0x) in [p, e); false on garbage or overflow. */
static bool
parse_num (const char *p, const char *e, uint64_t *out)
{
  uint64_t v = 0;
  bool hex = false;

  if (e - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
    {
      hex = true;
      p += 2;
    }
  if (p >= e)
    return false;
  for (; p < e; p++)
    {
      unsigned d;
      char c = *p;
      if (is_digit (c))
        d = (unsigned) (c - '0');
      else if (hex && c >= 'a' && c <= 'f')
        d = (unsigned) (c - 'a' + 10);
      else if (hex && c >= 'A' && c <= 'F')
        d = (unsigned) (c - 'A' + 10);
      else
        return false;
      unsigned base = hex ? 16 : 10;
      if (v > (UINT64_MAX - d) / base)
        return false;
      v = v * base + d;
    }
  *out = v;
  return true;
}

/* Finds "key=" as a whole field in [p, e) and returns its value's bounds. */
static bool
find_field (const char *p, const char *e, const char *key, const char **vs, const char **ve)
{
  size_t k = strlen (key);

  while (p < e)
    {
      while (p < e && is_space (*p))
        p++;
      const char *tok = p;
      while (p < e && !is_space (*p))
        p++;
      if ((size_t) (p - tok) > k && memcmp (tok, key, k) == 0 && tok[k] == '=')
        {
          *vs = tok + k + 1;
          *ve = p;
          return true;
        }
    }
  return false;
}

static bool
push_event (FragTrace *t, const FragTraceEvent *ev)
{
  if (t->n_events == t->cap_events)
    {
      if (t->n_events >= FRAG_TRACE_MAX_EVENTS)
        return false;
      size_t ncap = t->cap_events ? t->cap_events * 2 : 4096;
      FragTraceEvent *n = realloc (t->events, ncap * sizeof *n);
      if (n == NULL)
        return false;
      t->events = n;
      t->cap_events = ncap;
    }
  t->events[t->n_events++] = *ev;
  return true;
}

/* One whole line (without its '\n'). */
static void
parse_line (FragTrace *t, const char *s, size_t n, uint64_t lineno)
{
  const char *e = s + n, *p = s;

  if (n > 0 && e[-1] == '\r')
    e--;
  while (p < e && is_space (*p))
    p++;
  if (p == e || *p == '#')
    {
      static const char key[] = "# entries-in-buffer/entries-written:";
      const size_t klen = sizeof key - 1;
      if ((size_t) (e - p) > klen && memcmp (p, key, klen) == 0)
        {
          const char *a = p + klen, *slash, *b;
          while (a < e && is_space (*a))
            a++;
          slash = memchr (a, '/', (size_t) (e - a));
          if (slash != NULL)
            {
              b = slash + 1;
              while (b < e && is_digit (*b))
                b++;
              uint64_t in_buf, written;
              if (parse_num (a, slash, &in_buf) && parse_num (slash + 1, b, &written))
                {
                  t->entries_in_buffer = in_buf;
                  t->entries_written = written;
                }
            }
        }
      t->n_comments++;
      return;
    }

  /* "-PID [CPU]": the first '[' with digits and ']' preceded by blanks and -digits. */
  const char *cpu_end = NULL;
  for (const char *q = p; q < e; q++)
    {
      q = memchr (q, '[', (size_t) (e - q));
      if (q == NULL)
        break;
      const char *d = q + 1;
      while (d < e && is_digit (*d))
        d++;
      if (d == q + 1 || d >= e || *d != ']')
        continue;
      const char *b = q;
      while (b > p && is_space (b[-1]))
        b--;
      if (b > p && b[-1] == ')')
        {
          /* the tgid option: "-PID (TGID) [CPU]" */
          while (b > p && b[-1] != '(')
            b--;
          if (b > p)
            b--;
          while (b > p && is_space (b[-1]))
            b--;
        }
      const char *pid_end = b;
      while (b > p && is_digit (b[-1]))
        b--;
      if (b == pid_end || b <= p || b[-1] != '-')
        continue;
      cpu_end = d + 1;
      break;
    }
  if (cpu_end == NULL)
    {
      malformed (t, lineno, "expected \"TASK-PID [CPU]\" at the start");
      return;
    }

  /* Flags (optional), then "SECONDS.MICROS:". */
  p = cpu_end;
  const char *ts = NULL, *ts_end = NULL;
  for (int tok = 0; tok < 2 && p < e; tok++)
    {
      while (p < e && is_space (*p))
        p++;
      const char *a = p;
      while (p < e && !is_space (*p))
        p++;
      if (p - a >= 2 && p[-1] == ':' && is_digit (a[0]))
        {
          bool ok = true, dot = false;
          for (const char *c = a; c < p - 1; c++)
            if (*c == '.' && !dot)
              dot = true;
            else if (!is_digit (*c))
              ok = false;
          if (ok)
            {
              ts = a;
              ts_end = p - 1;
              break;
            }
        }
    }
  if (ts == NULL)
    {
      malformed (t, lineno, "expected a timestamp \"SECONDS.MICROS:\" after the cpu");
      return;
    }

  /* The event name, up to ':'. */
  while (p < e && is_space (*p))
    p++;
  const char *ev = p;
  while (p < e && *p != ':' && !is_space (*p))
    p++;
  if (p == ev || p >= e || *p != ':')
    {
      malformed (t, lineno, "expected \"EVENT:\" after the timestamp");
      return;
    }
  size_t evlen = (size_t) (p - ev);
  p++;

  int kind;
  if (evlen == 13 && memcmp (ev, "mm_page_alloc", 13) == 0)
    kind = FRAG_TRACE_ALLOC;
  else if (evlen == 12 && memcmp (ev, "mm_page_free", 12) == 0)
    kind = FRAG_TRACE_FREE;
  else if (evlen == 20 && memcmp (ev, "mm_page_free_batched", 20) == 0)
    kind = FRAG_TRACE_FREE_BATCHED;
  else if (evlen == 21 && memcmp (ev, "mm_page_alloc_extfrag", 21) == 0)
    {
      t->n_extfrag++;
      return;
    }
  else
    {
      t->n_other_events++;
      return;
    }

  const char *vs, *ve;
  uint64_t pfn, order = 0, mt = 0;
  if (!find_field (p, e, "pfn", &vs, &ve))
    {
      malformed (t, lineno, "%.*s without pfn=", (int) evlen, ev);
      return;
    }
  if (!parse_num (vs, ve, &pfn))
    {
      malformed (t, lineno, "pfn=%.*s is not a number", (int) (ve - vs > 24 ? 24 : ve - vs), vs);
      return;
    }
  if (find_field (p, e, "order", &vs, &ve))
    {
      if (!parse_num (vs, ve, &order) || order > FRAG_MAX_ORDER_LIMIT)
        {
          malformed (t, lineno, "order=%.*s is not an order 0..%u",
                     (int) (ve - vs > 24 ? 24 : ve - vs), vs, FRAG_MAX_ORDER_LIMIT);
          return;
        }
    }
  else if (kind != FRAG_TRACE_FREE_BATCHED)
    {
      malformed (t, lineno, "%.*s without order=", (int) evlen, ev);
      return;
    }
  if (kind == FRAG_TRACE_ALLOC)
    {
      if (!find_field (p, e, "migratetype", &vs, &ve))
        {
          malformed (t, lineno, "mm_page_alloc without migratetype=");
          return;
        }
      if (!parse_num (vs, ve, &mt) || mt >= FRAG_MT_COUNT)
        {
          malformed (t, lineno, "migratetype=%.*s is not 0..%d",
                     (int) (ve - vs > 24 ? 24 : ve - vs), vs, FRAG_MT_COUNT - 1);
          return;
        }
    }

  if (kind == FRAG_TRACE_ALLOC)
    t->n_alloc++;
  else if (kind == FRAG_TRACE_FREE)
    t->n_free++;
  else
    t->n_free_batched++;
  if (kind == FRAG_TRACE_ALLOC && pfn == UINT64_MAX)
    {
      t->n_failed_allocs++;   /* the kernel prints pfn -1 when no page was found */
      return;
    }
  if (pfn >= PFN_LIMIT)
    {
      malformed (t, lineno, "pfn 0x%llx is past any machine's memory", (unsigned long long) pfn);
      if (kind == FRAG_TRACE_ALLOC)
        t->n_alloc--;
      else if (kind == FRAG_TRACE_FREE)
        t->n_free--;
      else
        t->n_free_batched--;
      return;
    }

  double tsv = 0, scale = 0;
  for (const char *c = ts; c < ts_end; c++)
    {
      if (*c == '.')
        scale = 0.1;
      else if (scale == 0)
        tsv = tsv * 10 + (*c - '0');
      else
        {
          tsv += (*c - '0') * scale;
          scale *= 0.1;
        }
    }
  if (t->n_events == 0)
    t->first_ts = tsv;
  t->last_ts = tsv;

  FragTraceEvent event = {
    .pfn = pfn,
    .line = lineno > UINT32_MAX ? UINT32_MAX : (uint32_t) lineno,
    .kind = (uint8_t) kind,
    .order = (uint8_t) order,
    .mt = kind == FRAG_TRACE_ALLOC ? (int8_t) mt : -1,
  };
  if (!push_event (t, &event))
    malformed (t, lineno, "too many events (more than %u) or out of memory",
               FRAG_TRACE_MAX_EVENTS);
}

/* Open addressing, pfn -> index of the last event on that head pfn. */
typedef struct {
  uint64_t *keys;
  uint32_t *vals;
  size_t    mask;
} PfnMap;

static bool
pfnmap_init (PfnMap *m, size_t n)
{
  size_t cap = 1024;
  while (cap < n * 2)
    cap *= 2;
  m->keys = malloc (cap * sizeof *m->keys);
  m->vals = malloc (cap * sizeof *m->vals);
  m->mask = cap - 1;
  if (m->keys == NULL || m->vals == NULL)
    {
      free (m->keys);
      free (m->vals);
      return false;
    }
  memset (m->keys, 0xff, cap * sizeof *m->keys);
  return true;
}

static uint32_t *
pfnmap_slot (PfnMap *m, uint64_t key, bool *fresh)
{
  size_t i = (size_t) ((key * 0x9E3779B97F4A7C15ull) >> 20) & m->mask;
  while (m->keys[i] != UINT64_MAX && m->keys[i] != key)
    i = (i + 1) & m->mask;
  *fresh = m->keys[i] == UINT64_MAX;
  m->keys[i] = key;
  return &m->vals[i];
}

/* Marks batched repeats, then finds the pfn range of what remains. */
static void
finish_trace (FragTrace *t)
{
  PfnMap map;
  bool have_map = pfnmap_init (&map, t->n_events);

  t->min_pfn = UINT64_MAX;
  t->end_pfn = 0;
  for (size_t i = 0; i < t->n_events; i++)
    {
      FragTraceEvent *ev = &t->events[i];
      if (have_map)
        {
          bool fresh;
          uint32_t *slot = pfnmap_slot (&map, ev->pfn, &fresh);
          if (!fresh && ev->kind != FRAG_TRACE_ALLOC)
            {
              const FragTraceEvent *prev = &t->events[*slot];
              if (prev->kind != FRAG_TRACE_ALLOC && prev->kind != ev->kind
                  && prev->order == ev->order && !prev->duplicate)
                {
                  ev->duplicate = true;
                  t->n_duplicates++;
                }
            }
          *slot = (uint32_t) i;
        }
      if (ev->duplicate)
        continue;
      if (ev->pfn < t->min_pfn)
        t->min_pfn = ev->pfn;
      if (ev->pfn + (1ull << ev->order) > t->end_pfn)
        t->end_pfn = ev->pfn + (1ull << ev->order);
    }
  if (t->min_pfn == UINT64_MAX)
    t->min_pfn = 0;
  if (have_map)
    {
      free (map.keys);
      free (map.vals);
    }
}

static FragTrace *
trace_new (const char *file)
{
  FragTrace *t = calloc (1, sizeof *t);
  if (t == NULL)
    return NULL;
  t->file = strdup (file != NULL ? file : "<trace>");
  if (t->file == NULL)
    {
      free (t);
      return NULL;
    }
  return t;
}

/* Feeds the whole lines of [buf, buf+len); returns how many bytes were consumed. */
static size_t
feed_lines (FragTrace *t, const char *buf, size_t len)
{
  size_t off = 0;

  while (off < len)
    {
      const char *nl = memchr (buf + off, '\n', len - off);
      if (nl == NULL)
        break;
      size_t n = (size_t) (nl - (buf + off));
      t->n_lines++;
      if (n > MAX_LINE)
        malformed (t, t->n_lines, "line longer than %u bytes", MAX_LINE);
      else
        parse_line (t, buf + off, n, t->n_lines);
      off += n + 1;
    }
  return off;
}

/* What is left after the last '\n': a line cut short. */
static void
feed_tail (FragTrace *t, size_t len)
{
  if (len == 0)
    return;
  /* The fields of a cut line cannot be trusted (pfn=0x10 may be the start of pfn=0x108c72):
   * it is counted but not replayed. */
  t->n_lines++;
  t->truncated = true;
}

FragTrace *
frag_trace_parse (const char *text, size_t len, const char *file)
{
  FragTrace *t = trace_new (file);

  if (t == NULL)
    return NULL;
  size_t used = feed_lines (t, text, len);
  feed_tail (t, len - used);
  finish_trace (t);
  return t;
}

FragTrace *
frag_trace_load (const char *path, char *err, size_t errlen)
{
  FragReader *r = frag_reader_open (path, err, errlen);
  FragTrace *t;
  char *buf;
  size_t have = 0;
  bool skipping = false;  /* inside an overlong line: drop bytes until its end */

  if (r == NULL)
    return NULL;
  t = trace_new (path);
  buf = malloc (READ_CHUNK + MAX_LINE + 2);
  if (t == NULL || buf == NULL)
    {
      frag_import_set_error (err, errlen, "%s: out of memory", path);
      free (buf);
      frag_trace_free (t);
      frag_reader_close (r);
      return NULL;
    }
  for (;;)
    {
      ptrdiff_t got = frag_reader_read (r, buf + have, READ_CHUNK + MAX_LINE + 1 - have);
      if (got < 0)
        {
          if (t->n_lines == 0 && have == 0)
            {
              frag_import_set_error (err, errlen, "%s", frag_reader_error (r));
              free (buf);
              frag_trace_free (t);
              frag_reader_close (r);
              return NULL;
            }
          t->read_error = true;
          snprintf (t->read_message, sizeof t->read_message, "%s", frag_reader_error (r));
          break;
        }
      if (got == 0)
        break;
      have += (size_t) got;
      size_t start = 0;
      if (skipping)
        {
          const char *nl = memchr (buf, '\n', have);
          if (nl == NULL)
            {
              have = 0;
              continue;
            }
          start = (size_t) (nl - buf) + 1;
          skipping = false;
        }
      size_t used = start + feed_lines (t, buf + start, have - start);
      memmove (buf, buf + used, have - used);
      have -= used;
      if (have > MAX_LINE)
        {
          t->n_lines++;
          malformed (t, t->n_lines, "line longer than %u bytes", MAX_LINE);
          have = 0;
          skipping = true;
        }
    }
  if (!skipping)
    feed_tail (t, have);
  free (buf);
  frag_reader_close (r);
  finish_trace (t);
  return t;
}

void
frag_trace_free (FragTrace *t)
{
  if (t == NULL)
    return;
  free (t->events);
  free (t->file);
  free (t);
}

void
frag_trace_describe_errors (const FragTrace *t, char *buf, size_t len)
{
  size_t off = 0;

  if (len == 0)
    return;
  buf[0] = '\0';
  if (t->n_malformed == 0)
    return;
  off += (size_t) snprintf (buf, len, "%s: %llu malformed line%s, ignored", t->file,
                            (unsigned long long) t->n_malformed, t->n_malformed == 1 ? "" : "s");
  for (unsigned i = 0; i < FRAG_TRACE_MAX_ERRORS && i < t->n_malformed && off < len; i++)
    off += (size_t) snprintf (buf + off, len - off, "%s%s:%llu: %s", i == 0 ? "\n" : "\n",
                              t->file, (unsigned long long) t->errors[i].line,
                              t->errors[i].message);
}

uint8_t *
frag_trace_initial_state (const FragTrace *t, const FragCapture *cap, uint64_t *base,
                          uint64_t *n, char *err, size_t errlen)
{
  uint8_t *st;

  if (cap != NULL)
    {
      *base = cap->base_pfn;
      *n = cap->n_pfns;
      st = malloc (*n > 0 ? *n : 1);
      if (st == NULL)
        {
          frag_import_set_error (err, errlen, "out of memory for %llu pfns", (unsigned long long) *n);
          return NULL;
        }
      for (uint64_t i = 0; i < *n; i++)
        {
          uint8_t c = cap->klass[i];
          st[i] = c == FRAG_CLASS_NONE ? FRAG_TRACE_PFN_OUTSIDE
                  : c == FRAG_IMPORT_FREE ? FRAG_TRACE_PFN_FREE : FRAG_TRACE_PFN_USED;
        }
      return st;
    }

  const uint64_t align = 1ull << FRAG_IMPORT_MAX_ORDER;
  uint64_t lo = t->min_pfn & ~(align - 1);
  uint64_t hi = (t->end_pfn + align - 1) & ~(align - 1);
  if (hi <= lo)
    hi = lo + align;
  if (hi - lo > FRAG_TRACE_MAX_SPAN)
    {
      frag_import_set_error (err, errlen, "%s: the trace touches pfns 0x%llx to 0x%llx, a range larger than "
               "%llu pages: replay it on a capture of that machine", t->file,
               (unsigned long long) t->min_pfn, (unsigned long long) t->end_pfn,
               (unsigned long long) FRAG_TRACE_MAX_SPAN);
      return NULL;
    }
  *base = lo;
  *n = hi - lo;
  st = malloc (*n);
  if (st == NULL)
    {
      frag_import_set_error (err, errlen, "out of memory for %llu pfns", (unsigned long long) *n);
      return NULL;
    }
  /* 3: not seen yet. A frame's first event tells what it was before the trace. */
  memset (st, 3, *n);
  for (size_t i = 0; i < t->n_events; i++)
    {
      const FragTraceEvent *ev = &t->events[i];
      if (ev->duplicate)
        continue;
      uint64_t a = ev->pfn - lo, k = 1ull << ev->order;
      uint8_t v = ev->kind == FRAG_TRACE_ALLOC ? FRAG_TRACE_PFN_FREE : FRAG_TRACE_PFN_USED;
      for (uint64_t j = a; j < a + k; j++)
        if (st[j] == 3)
          st[j] = v;
    }
  for (uint64_t i = 0; i < *n; i++)
    if (st[i] == 3)
      st[i] = FRAG_TRACE_PFN_USED;
  return st;
}

/* Replay states beyond FragTracePfnState: a frame of a trace allocation; its head carries the
 * order so that a free can be matched to exactly that block, as the engine does. */
#define ST_TRACE_TAIL 3u
#define ST_TRACE_HEAD 0x80u

bool
frag_trace_replay (const FragTrace *t, const FragCapture *cap, FragTraceReplay *out, char *err,
                   size_t errlen)
{
  uint64_t base, n;
  uint8_t *st;

  memset (out, 0, sizeof *out);
  st = frag_trace_initial_state (t, cap, &base, &n, err, errlen);
  if (st == NULL)
    return false;
  out->base_pfn = base;
  out->n_pfns = n;
  for (uint64_t i = 0; i < n; i++)
    {
      out->used_at_start += st[i] == FRAG_TRACE_PFN_USED;
      out->free_at_start += st[i] == FRAG_TRACE_PFN_FREE;
    }
  out->duplicates = t->n_duplicates;
  for (size_t i = 0; i < t->n_events; i++)
    {
      const FragTraceEvent *ev = &t->events[i];
      uint64_t k = 1ull << ev->order;
      if (ev->duplicate)
        continue;
      /* The block must be aligned (a buddy block) and lie inside one zone. */
      bool skip = (ev->pfn & (k - 1)) != 0 || ev->pfn < base || ev->pfn - base >= n
                  || n - (ev->pfn - base) < k;
      if (!skip && cap != NULL)
        {
          int z = frag_capture_zone_of (cap, ev->pfn);
          skip = z < 0 || ev->pfn + k > cap->zones[z].start_pfn + cap->zones[z].frames;
        }
      if (skip)
        {
          out->trace_skipped++;
          continue;
        }
      uint8_t *p = st + (ev->pfn - base);
      bool ok = true;
      if (ev->kind == FRAG_TRACE_ALLOC)
        {
          /* An alloc applies when every frame is free. */
          for (uint64_t j = 0; j < k && ok; j++)
            ok = p[j] == FRAG_TRACE_PFN_FREE;
          if (ok)
            {
              memset (p, ST_TRACE_TAIL, k);
              p[0] = (uint8_t) (ST_TRACE_HEAD | ev->order);
              out->trace_allocs++;
            }
        }
      else if (p[0] == (ST_TRACE_HEAD | ev->order))
        {
          /* Exactly a block the trace allocated. */
          memset (p, FRAG_TRACE_PFN_FREE, k);
          out->trace_frees++;
          continue;
        }
      else
        {
          /* Otherwise every frame must be in use since before the trace. */
          for (uint64_t j = 0; j < k && ok; j++)
            ok = p[j] == FRAG_TRACE_PFN_USED;
          if (ok)
            {
              memset (p, FRAG_TRACE_PFN_FREE, k);
              out->trace_frees++;
            }
        }
      if (!ok)
        out->trace_skipped++;
    }
  for (uint64_t i = 0; i < n; i++)
    {
      out->used_at_end += st[i] != FRAG_TRACE_PFN_FREE && st[i] != FRAG_TRACE_PFN_OUTSIDE;
      out->free_at_end += st[i] == FRAG_TRACE_PFN_FREE;
    }
  free (st);
  return true;
}

FragProgram *
frag_trace_program (const FragTrace *t)
{
  FragProgram *prog = frag_program_new ();
  char title[512];

  if (prog == NULL)
    return NULL;
  snprintf (title, sizeof title, "ftrace replay of %s", t->file);
  if (!frag_program_set_title (prog, title))
    goto fail;
  for (size_t i = 0; i < t->n_events; i++)
    {
      const FragTraceEvent *ev = &t->events[i];
      if (ev->duplicate)
        continue;
      FragOp *op = frag_program_add_op (prog, ev->kind == FRAG_TRACE_ALLOC ? FRAG_OP_TRACE_ALLOC
                                                                           : FRAG_OP_TRACE_FREE);
      if (op == NULL)
        goto fail;
      op->pfn = ev->pfn;
      op->order = ev->order;
      op->mt = ev->mt >= 0 ? (FragMigrateType) ev->mt : FRAG_MT_MOVABLE;
      op->line = ev->line;
      op->column = 1;
    }
  return prog;

fail:
  frag_program_unref (prog);
  return NULL;
}
