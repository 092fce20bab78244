/* frag-proc.c: /proc/buddyinfo, /proc/pagetypeinfo and /proc/zoneinfo parsers (see frag-proc.h).
 *
 * Hand-written line scanners rather than sscanf: we need the column of whatever went wrong, exact
 * overflow detection, and no dependence on the C library's locale or its idea of whitespace. */
#include "frag-proc.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "frag-reader.h"

typedef struct {
  const char *text;
  size_t      len;
  size_t      pos;        /* cursor */
  size_t      line_start;
  size_t      line_end;   /* index of '\n' or len */
  unsigned    line;       /* 1-based */
  size_t      name_pos;   /* where the last zone name began */
  const char *file;
  char       *err;
  size_t      errlen;
} Scan;

static void
scan_init (Scan *s, const char *text, size_t len, const char *file, char *err, size_t errlen)
{
  memset (s, 0, sizeof *s);
  s->text = text;
  s->len = len;
  s->file = file != NULL ? file : "<input>";
  s->err = err;
  s->errlen = errlen;
}

/* Moves to the next line; false at the end. */
static bool
scan_next_line (Scan *s)
{
  size_t start = s->line == 0 ? 0 : s->line_end + 1;

  if (start > s->len || (start == s->len && s->line > 0))
    return false;
  if (start == s->len && s->len == 0)
    return false;
  s->line++;
  s->line_start = start;
  s->pos = start;
  const char *nl = memchr (s->text + start, '\n', s->len - start);
  s->line_end = nl != NULL ? (size_t) (nl - s->text) : s->len;
  return true;
}

static bool scan_fail (Scan *s, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));

static bool
scan_fail (Scan *s, const char *fmt, ...)
{
  char what[256];
  va_list ap;

  va_start (ap, fmt);
  vsnprintf (what, sizeof what, fmt, ap);
  va_end (ap);
  if (s->err != NULL && s->errlen > 0)
    snprintf (s->err, s->errlen, "%s:%u:%u: %s", s->file, s->line,
              (unsigned) (s->pos - s->line_start + 1), what);
  return false;
}

static bool
is_blank_char (char c)
{
  return c == ' ' || c == '\t' || c == '\r';
}

static void
scan_skip_ws (Scan *s)
{
  while (s->pos < s->line_end && is_blank_char (s->text[s->pos]))
    s->pos++;
}

static bool
scan_at_eol (Scan *s)
{
  scan_skip_ws (s);
  return s->pos >= s->line_end;
}

static bool
scan_line_blank (Scan *s)
{
  size_t save = s->pos;
  bool blank = scan_at_eol (s);
  s->pos = save;
  return blank;
}

/* Lecture slides and blogs copy the shell command with the output: "$ cat /proc/buddyinfo",
 * "sudo cat /proc/pagetypeinfo". Such a line is let through as the first line, nowhere else. */
static bool
is_command_line (const char *l, size_t n)
{
  static const char *const files[] = { "buddyinfo", "pagetypeinfo", "zoneinfo" };
  size_t i = 0;

  while (i < n && (l[i] == ' ' || l[i] == '\t'))
    i++;
  if (i < n && (l[i] == '$' || l[i] == '#' || l[i] == '%' || l[i] == '>'))
    i++;
  while (i < n && (l[i] == ' ' || l[i] == '\t'))
    i++;
  if (n - i >= 5 && memcmp (l + i, "sudo ", 5) == 0)
    i += 5;
  while (i < n && (l[i] == ' ' || l[i] == '\t'))
    i++;
  if (n - i < 4 || memcmp (l + i, "cat ", 4) != 0)
    return false;
  size_t end = n;
  while (end > i && (l[end - 1] == ' ' || l[end - 1] == '\t' || l[end - 1] == '\r'))
    end--;
  for (size_t f = 0; f < sizeof files / sizeof files[0]; f++)
    {
      size_t k = strlen (files[f]);
      if (end - i >= k && memcmp (l + end - k, files[f], k) == 0)
        return true;
    }
  return false;
}

static bool
scan_command_line (Scan *s, bool first)
{
  return first && is_command_line (s->text + s->line_start, s->line_end - s->line_start);
}

/* Matches a literal (after optional blanks); on success moves past it. */
static bool
scan_lit (Scan *s, const char *lit)
{
  size_t n = strlen (lit);

  scan_skip_ws (s);
  if (s->line_end - s->pos >= n && memcmp (s->text + s->pos, lit, n) == 0)
    {
      s->pos += n;
      return true;
    }
  return false;
}

/* A token of printable, non-blank characters, stopping at one of `stops`. */
static bool
scan_word (Scan *s, char *out, size_t outlen, const char *stops, const char *what)
{
  size_t start, n;

  scan_skip_ws (s);
  start = s->pos;
  while (s->pos < s->line_end)
    {
      unsigned char c = (unsigned char) s->text[s->pos];
      if (is_blank_char ((char) c) || (stops != NULL && strchr (stops, c) != NULL))
        break;
      if (c < 0x21 || c > 0x7e)
        return scan_fail (s, "unexpected byte 0x%02x in %s", c, what);
      s->pos++;
    }
  n = s->pos - start;
  if (n == 0)
    {
      s->pos = start;
      return scan_fail (s, "expected %s", what);
    }
  if (n >= outlen)
    {
      s->pos = start;
      return scan_fail (s, "%s longer than %zu characters", what, outlen - 1);
    }
  memcpy (out, s->text + start, n);
  out[n] = '\0';
  return true;
}

/* An unsigned decimal; `capped` (may be NULL) accepts the ">N" form of pagetypeinfo. */
static bool
scan_u64 (Scan *s, uint64_t *out, bool *capped, const char *what)
{
  uint64_t v = 0;
  size_t start;

  scan_skip_ws (s);
  start = s->pos;
  if (capped != NULL && s->pos < s->line_end && s->text[s->pos] == '>')
    {
      *capped = true;
      s->pos++;
    }
  if (s->pos >= s->line_end || !isdigit ((unsigned char) s->text[s->pos]))
    {
      if (s->pos >= s->line_end)
        return scan_fail (s, "expected %s, found the end of the line", what);
      return scan_fail (s, "expected %s, found '%c'", what,
                        isprint ((unsigned char) s->text[s->pos]) ? s->text[s->pos] : '?');
    }
  while (s->pos < s->line_end && isdigit ((unsigned char) s->text[s->pos]))
    {
      unsigned d = (unsigned) (s->text[s->pos] - '0');
      if (v > (UINT64_MAX - d) / 10)
        {
          s->pos = start;
          return scan_fail (s, "%s is too large", what);
        }
      v = v * 10 + d;
      s->pos++;
    }
  if (s->pos < s->line_end && !is_blank_char (s->text[s->pos]) && s->text[s->pos] != ',')
    return scan_fail (s, "unexpected '%c' after %s",
                      isprint ((unsigned char) s->text[s->pos]) ? s->text[s->pos] : '?', what);
  *out = v;
  return true;
}

void
frag_proc_info_init (FragProcInfo *info)
{
  memset (info, 0, sizeof *info);
  info->pageblock_order = -1;
}

int
frag_proc_migrate_type (const char *name)
{
  static const struct { const char *name; FragMigrateType mt; } map[] = {
    { "unmovable", FRAG_MT_UNMOVABLE },
    { "movable", FRAG_MT_MOVABLE },
    { "reclaimable", FRAG_MT_RECLAIMABLE },
    { "highatomic", FRAG_MT_HIGHATOMIC },
    { "cma", FRAG_MT_CMA },
    { "isolate", FRAG_MT_ISOLATE },
  };

  for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
    if (strcasecmp (name, map[i].name) == 0)
      return (int) map[i].mt;
  return -1;
}

int
frag_proc_find_zone (const FragProcInfo *info, int node, const char *name)
{
  for (unsigned i = 0; i < info->n_zones; i++)
    if (info->zones[i].node == node && strcmp (info->zones[i].name, name) == 0)
      return (int) i;
  return -1;
}

static FragProcZone *
zone_get (FragProcInfo *info, Scan *s, int node, const char *name)
{
  int i = frag_proc_find_zone (info, node, name);

  if (i >= 0)
    return &info->zones[i];
  if (info->n_zones >= FRAG_PROC_MAX_ZONES)
    {
      scan_fail (s, "more than %u zones", FRAG_PROC_MAX_ZONES);
      return NULL;
    }
  FragProcZone *z = &info->zones[info->n_zones++];
  memset (z, 0, sizeof *z);
  z->node = node;
  snprintf (z->name, sizeof z->name, "%s", name);
  return z;
}

static int
type_get (FragProcInfo *info, Scan *s, const char *name)
{
  for (unsigned i = 0; i < info->n_types; i++)
    if (strcmp (info->type_names[i], name) == 0)
      return (int) i;
  if (info->n_types >= FRAG_PROC_MAX_TYPES)
    {
      scan_fail (s, "more than %u migrate types", FRAG_PROC_MAX_TYPES);
      return -1;
    }
  snprintf (info->type_names[info->n_types], FRAG_PROC_TYPE_LEN, "%s", name);
  info->type_mt[info->n_types] = frag_proc_migrate_type (name);
  return (int) info->n_types++;
}

/* "Node N, zone NAME" up to the name (the caller looks at what follows). */
static bool
scan_node_zone (Scan *s, int *node, char *name, size_t namelen)
{
  uint64_t v;

  if (!scan_lit (s, "Node"))
    return scan_fail (s, "expected \"Node\"");
  if (!scan_u64 (s, &v, NULL, "a node number"))
    return false;
  if (v > 65535)
    return scan_fail (s, "node number %llu is out of range", (unsigned long long) v);
  *node = (int) v;
  if (!scan_lit (s, ","))
    return scan_fail (s, "expected ',' after the node number");
  if (!scan_lit (s, "zone"))
    return scan_fail (s, "expected \"zone\"");
  scan_skip_ws (s);
  s->name_pos = s->pos;
  return scan_word (s, name, namelen, ",", "a zone name");
}

/* Counts to the end of the line: exactly `want` of them when want > 0, else 1..MAX. */
static bool
scan_counts (Scan *s, FragProcInfo *info, uint64_t *out, unsigned want, bool *capped,
             unsigned *got)
{
  unsigned n = 0;

  while (!scan_at_eol (s))
    {
      uint64_t v;
      if (n >= FRAG_PROC_MAX_ORDERS || (want > 0 && n >= want))
        {
          if (want > 0)
            return scan_fail (s, "more than %u counts on this line", want);
          return scan_fail (s, "more than %u orders", FRAG_PROC_MAX_ORDERS);
        }
      if (!scan_u64 (s, &v, capped, "a count"))
        return false;
      out[n++] = v;
    }
  if (n == 0)
    return scan_fail (s, "expected counts");
  if (want > 0 && n != want)
    return scan_fail (s, "expected %u counts, found %u", want, n);
  (void) info;
  *got = n;
  return true;
}

static bool
check_orders (Scan *s, FragProcInfo *info, unsigned n)
{
  if (info->n_orders == 0)
    info->n_orders = n;
  else if (info->n_orders != n)
    return scan_fail (s, "expected %u order columns (as on earlier lines), found %u",
                      info->n_orders, n);
  return true;
}

bool
frag_proc_parse_buddyinfo (FragProcInfo *info, const char *text, size_t len, const char *file,
                           char *err, size_t errlen)
{
  Scan s;
  unsigned rows = 0;
  uint32_t seen = 0;  /* zones given a row by this file */

  scan_init (&s, text, len, file, err, errlen);
  while (scan_next_line (&s))
    {
      char name[FRAG_ZONE_NAME_LEN];
      uint64_t counts[FRAG_PROC_MAX_ORDERS];
      unsigned n;
      int node;

      if (scan_line_blank (&s) || scan_command_line (&s, rows == 0))
        continue;
      if (!scan_node_zone (&s, &node, name, sizeof name))
        return false;
      if (s.pos < s.line_end && s.text[s.pos] == ',')
        return scan_fail (&s, "unexpected ',' after the zone name (pagetypeinfo rows are not "
                              "buddyinfo)");
      if (!scan_counts (&s, info, counts, info->n_orders, NULL, &n))
        return false;
      if (!check_orders (&s, info, n))
        return false;
      FragProcZone *z = zone_get (info, &s, node, name);
      if (z == NULL)
        return false;
      uint32_t bit = 1u << (unsigned) (z - info->zones);
      if (seen & bit)
        {
          s.pos = s.name_pos;
          return scan_fail (&s, "zone %s of node %d appears twice", name, node);
        }
      seen |= bit;
      memcpy (z->nr_free, counts, n * sizeof counts[0]);
      z->has_free = true;
      rows++;
    }
  if (rows == 0)
    {
      s.pos = s.line_start;
      if (s.line == 0)
        s.line = 1;
      return scan_fail (&s, "no zone rows: empty buddyinfo");
    }
  info->sources |= FRAG_PROC_BUDDYINFO;
  return true;
}

bool
frag_proc_parse_pagetypeinfo (FragProcInfo *info, const char *text, size_t len, const char *file,
                              char *err, size_t errlen)
{
  enum { NONE, FREE_ROWS, BLOCK_ROWS, MIXED_ROWS } section = NONE;
  int block_types[FRAG_PROC_MAX_TYPES];
  unsigned n_block_types = 0;
  unsigned rows = 0;
  uint64_t per_block = 0;
  Scan s;
  bool has_free_before = (info->sources & FRAG_PROC_BUDDYINFO) != 0;
  bool seen_any = false;                           /* a line other than blanks */
  uint32_t zone_seen = 0;                          /* zones given a type row by this file */
  uint32_t type_seen[FRAG_PROC_MAX_ZONES] = { 0 }; /* their type rows */

  scan_init (&s, text, len, file, err, errlen);
  while (scan_next_line (&s))
    {
      uint64_t v;

      if (scan_line_blank (&s) || scan_command_line (&s, section == NONE && !seen_any))
        continue;
      seen_any = true;
      if (scan_lit (&s, "Page block order:"))
        {
          scan_skip_ws (&s);
          size_t vstart = s.pos;
          if (!scan_u64 (&s, &v, NULL, "the pageblock order"))
            return false;
          if (v > FRAG_MAX_ORDER_LIMIT && (s.pos = vstart, true))
            return scan_fail (&s, "pageblock order %llu is past %u", (unsigned long long) v,
                              FRAG_MAX_ORDER_LIMIT);
          if (!scan_at_eol (&s))
            return scan_fail (&s, "unexpected text after the pageblock order");
          info->pageblock_order = (int) v;
          continue;
        }
      s.pos = s.line_start;
      if (scan_lit (&s, "Pages per block:"))
        {
          scan_skip_ws (&s);
          size_t vstart = s.pos;
          if (!scan_u64 (&s, &per_block, NULL, "the pages per block"))
            return false;
          if (!scan_at_eol (&s))
            return scan_fail (&s, "unexpected text after the pages per block");
          s.pos = vstart;
          if (per_block == 0 || (per_block & (per_block - 1)) != 0)
            return scan_fail (&s, "pages per block must be a power of two");
          if (info->pageblock_order >= 0 && per_block != (1ull << info->pageblock_order))
            return scan_fail (&s, "%llu pages per block does not match pageblock order %d",
                              (unsigned long long) per_block, info->pageblock_order);
          continue;
        }
      s.pos = s.line_start;
      if (scan_lit (&s, "Free pages count per migrate type at order"))
        {
          unsigned n = 0;
          while (!scan_at_eol (&s))
            {
              if (n >= FRAG_PROC_MAX_ORDERS)
                return scan_fail (&s, "more than %u orders", FRAG_PROC_MAX_ORDERS);
              scan_skip_ws (&s);
              size_t vstart = s.pos;
              if (!scan_u64 (&s, &v, NULL, "an order"))
                return false;
              if (v != n && (s.pos = vstart, true))
                return scan_fail (&s, "expected order %u, found %llu", n, (unsigned long long) v);
              n++;
            }
          if (n == 0)
            return scan_fail (&s, "expected the order columns");
          if (!check_orders (&s, info, n))
            return false;
          section = FREE_ROWS;
          continue;
        }
      s.pos = s.line_start;
      bool is_blocks = scan_lit (&s, "Number of blocks type");
      bool is_mixed = false;
      if (!is_blocks)
        {
          s.pos = s.line_start;
          is_mixed = scan_lit (&s, "Number of mixed blocks");
        }
      if (is_blocks || is_mixed)
        {
          n_block_types = 0;
          while (!scan_at_eol (&s))
            {
              char tname[FRAG_PROC_TYPE_LEN];
              if (n_block_types >= FRAG_PROC_MAX_TYPES)
                return scan_fail (&s, "more than %u migrate types", FRAG_PROC_MAX_TYPES);
              if (!scan_word (&s, tname, sizeof tname, NULL, "a migrate type name"))
                return false;
              int t = type_get (info, &s, tname);
              if (t < 0)
                return false;
              block_types[n_block_types++] = t;
            }
          if (n_block_types == 0)
            return scan_fail (&s, "expected migrate type names");
          section = is_mixed ? MIXED_ROWS : BLOCK_ROWS;
          continue;
        }
      s.pos = s.line_start;

      /* A zone row. */
      char name[FRAG_ZONE_NAME_LEN];
      int node;
      if (section == NONE)
        return scan_fail (&s, "expected \"Page block order:\" or a section header");
      if (!scan_node_zone (&s, &node, name, sizeof name))
        return false;
      FragProcZone *z = zone_get (info, &s, node, name);
      if (z == NULL)
        return false;
      if (section == FREE_ROWS)
        {
          char tname[FRAG_PROC_TYPE_LEN];
          uint64_t counts[FRAG_PROC_MAX_ORDERS];
          unsigned n;
          bool capped = false;

          if (!scan_lit (&s, ","))
            return scan_fail (&s, "expected ', type NAME' after the zone name");
          if (!scan_lit (&s, "type"))
            return scan_fail (&s, "expected \"type\"");
          scan_skip_ws (&s);
          size_t tstart = s.pos;
          if (!scan_word (&s, tname, sizeof tname, NULL, "a migrate type name"))
            return false;
          int t = type_get (info, &s, tname);
          if (t < 0)
            return false;
          if (type_seen[z - info->zones] & (1u << t))
            {
              s.pos = tstart;
              return scan_fail (&s, "type %s of zone %s, node %d appears twice", tname, name,
                                node);
            }
          type_seen[z - info->zones] |= 1u << t;
          if (!scan_counts (&s, info, counts, info->n_orders, &capped, &n))
            return false;
          uint32_t zbit = 1u << (unsigned) (z - info->zones);
          /* The totals are this file's sums (unless a buddyinfo gave them): start afresh. */
          if (!(zone_seen & zbit) && !has_free_before)
            memset (z->nr_free, 0, sizeof z->nr_free);
          zone_seen |= zbit;
          memcpy (z->nr_free_by_type[t], counts, n * sizeof counts[0]);
          if (!has_free_before)
            {
              for (unsigned o = 0; o < n; o++)
                z->nr_free[o] += counts[o];
              z->has_free = true;
            }
          z->has_types = true;
          z->capped = z->capped || capped;
        }
      else
        {
          uint64_t counts[FRAG_PROC_MAX_ORDERS];
          unsigned n;
          if (s.pos < s.line_end && s.text[s.pos] == ',')
            return scan_fail (&s, "unexpected ',' in a pageblock row");
          if (!scan_counts (&s, info, counts, n_block_types, NULL, &n))
            return false;
          if (section == BLOCK_ROWS)
            {
              for (unsigned i = 0; i < n; i++)
                z->blocks_by_type[block_types[i]] = counts[i];
              z->has_blocks = true;
            }
        }
      rows++;
    }
  if (rows == 0)
    {
      if (s.line == 0)
        s.line = 1;
      s.pos = s.line_start;
      return scan_fail (&s, "no zone rows: empty pagetypeinfo");
    }
  if (per_block != 0 && info->pageblock_order < 0)
    {
      int o = 0;
      while ((1ull << o) < per_block)
        o++;
      info->pageblock_order = o;
    }
  info->sources |= FRAG_PROC_PAGETYPEINFO;
  return true;
}

bool
frag_proc_parse_zoneinfo (FragProcInfo *info, const char *text, size_t len, const char *file,
                          char *err, size_t errlen)
{
  static const char *keys[] = { "pages free", "spanned", "present", "managed", "start_pfn:" };
  FragProcZone *z = NULL;
  unsigned zones = 0;
  Scan s;

  scan_init (&s, text, len, file, err, errlen);
  while (scan_next_line (&s))
    {
      if (scan_line_blank (&s) || scan_command_line (&s, z == NULL))
        continue;
      if (s.text[s.pos] != ' ' && s.text[s.pos] != '\t')
        {
          char name[FRAG_ZONE_NAME_LEN];
          int node;
          if (!scan_node_zone (&s, &node, name, sizeof name))
            return false;
          if (!scan_at_eol (&s))
            return scan_fail (&s, "unexpected text after the zone name");
          z = zone_get (info, &s, node, name);
          if (z == NULL)
            return false;
          if (z->has_span)
            {
              s.pos = s.name_pos;
              return scan_fail (&s, "zone %s of node %d appears twice", name, node);
            }
          z->has_span = true;
          zones++;
          continue;
        }
      if (z == NULL)
        return scan_fail (&s, "expected \"Node N, zone NAME\" before indented lines");
      /* Indented lines: many kernel-dependent statistics; read the few we use, check those. */
      for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        {
          s.pos = s.line_start;
          if (!scan_lit (&s, keys[k]))
            continue;
          /* "spanned" must be the whole word, not "spanned_foo". */
          if (s.pos < s.line_end && !is_blank_char (s.text[s.pos]))
            continue;
          uint64_t v;
          if (!scan_u64 (&s, &v, NULL, keys[k]))
            return false;
          if (!scan_at_eol (&s))
            return scan_fail (&s, "unexpected text after %s", keys[k]);
          switch (k)
            {
            case 0: z->free_pages = v; break;
            case 1: z->spanned = v; break;
            case 2: z->present = v; break;
            case 3: z->managed = v; break;
            default: z->start_pfn = v; break;
            }
          break;
        }
    }
  if (zones == 0)
    {
      if (s.line == 0)
        s.line = 1;
      s.pos = s.line_start;
      return scan_fail (&s, "no \"Node N, zone NAME\" line: not a zoneinfo");
    }
  /* Sanity of what the importers will trust. */
  for (unsigned i = 0; i < info->n_zones; i++)
    {
      FragProcZone *zz = &info->zones[i];
      if (!zz->has_span)
        continue;
      if (zz->present > zz->spanned || zz->managed > zz->present
          || zz->start_pfn > UINT64_MAX / 2 || zz->spanned > UINT64_MAX / 2)
        {
          if (err != NULL && errlen > 0)
            snprintf (err, errlen, "%s: zone %s of node %d: inconsistent sizes (spanned %llu, "
                      "present %llu, managed %llu)", s.file, zz->name, zz->node,
                      (unsigned long long) zz->spanned, (unsigned long long) zz->present,
                      (unsigned long long) zz->managed);
          return false;
        }
    }
  info->sources |= FRAG_PROC_ZONEINFO;
  return true;
}

FragProcSource
frag_proc_sniff (const char *text, size_t len)
{
  size_t i = 0;

  while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
    i++;
  {
    const char *nl = memchr (text + i, '\n', len - i);
    size_t end = nl != NULL ? (size_t) (nl - text) : len;
    if (is_command_line (text + i, end - i))
      {
        i = end;
        while (i < len
               && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
          i++;
      }
  }
  if (len - i >= 16 && memcmp (text + i, "Page block order", 16) == 0)
    return FRAG_PROC_PAGETYPEINFO;
  if (len - i >= 5 && memcmp (text + i, "Node ", 5) == 0)
    {
      /* buddyinfo rows carry counts on the same line; zoneinfo's zone line ends at the name. */
      const char *nl = memchr (text + i, '\n', len - i);
      size_t end = nl != NULL ? (size_t) (nl - text) : len;
      const char *z = NULL;
      for (size_t k = i; k + 4 <= end; k++)
        if (memcmp (text + k, "zone", 4) == 0)
          {
            z = text + k + 4;
            break;
          }
      if (z == NULL)
        return 0;
      size_t k = (size_t) (z - text);
      while (k < end && (text[k] == ' ' || text[k] == '\t'))
        k++;
      while (k < end && text[k] != ' ' && text[k] != '\t' && text[k] != ',' && text[k] != '\r')
        k++;
      if (k < end && text[k] == ',')
        return FRAG_PROC_PAGETYPEINFO;
      while (k < end && (text[k] == ' ' || text[k] == '\t' || text[k] == '\r'))
        k++;
      return k < end ? FRAG_PROC_BUDDYINFO : FRAG_PROC_ZONEINFO;
    }
  return 0;
}

bool
frag_proc_parse_auto (FragProcInfo *info, const char *text, size_t len, const char *file,
                      char *err, size_t errlen)
{
  switch (frag_proc_sniff (text, len))
    {
    case FRAG_PROC_BUDDYINFO:
      return frag_proc_parse_buddyinfo (info, text, len, file, err, errlen);
    case FRAG_PROC_PAGETYPEINFO:
      return frag_proc_parse_pagetypeinfo (info, text, len, file, err, errlen);
    case FRAG_PROC_ZONEINFO:
      return frag_proc_parse_zoneinfo (info, text, len, file, err, errlen);
    default:
      if (err != NULL && errlen > 0)
        snprintf (err, errlen, "%s:1:1: not /proc/buddyinfo, /proc/pagetypeinfo or "
                  "/proc/zoneinfo text", file != NULL ? file : "<input>");
      return false;
    }
}

bool
frag_proc_read (FragProcInfo *info, const char *path, char *err, size_t errlen)
{
  char *text;
  size_t len;

  if (!frag_read_file (path, FRAG_PROC_MAX_BYTES, &text, &len, err, errlen))
    return false;
  bool ok = frag_proc_parse_auto (info, text, len, path, err, errlen);
  free (text);
  return ok;
}

bool
frag_proc_zone_stats (const FragProcInfo *info, unsigned zone, FragZoneStats *out)
{
  const FragProcZone *z;
  unsigned n;

  if (zone >= info->n_zones)
    return false;
  z = &info->zones[zone];
  memset (out, 0, sizeof *out);
  snprintf (out->name, sizeof out->name, "%s", z->name);
  n = info->n_orders;
  out->n_orders = n;
  for (unsigned o = 0; o < n; o++)
    {
      out->nr_free[o] = z->nr_free[o];
      out->free_frames += z->nr_free[o] << o;
    }
  for (unsigned t = 0; t < info->n_types; t++)
    {
      int mt = info->type_mt[t];
      if (mt < 0)
        continue;
      for (unsigned o = 0; o < n; o++)
        out->nr_free_by_type[mt][o] += z->nr_free_by_type[t][o];
      out->pageblocks_by_type[mt] += z->blocks_by_type[t];
    }
  for (unsigned t = 0; t < info->n_types; t++)
    out->n_pageblocks += z->blocks_by_type[t];
  /* Without a per-pfn view the largest run is at least the largest free block. */
  for (unsigned o = n; o-- > 0;)
    if (z->nr_free[o] > 0)
      {
        out->largest_free_run = 1ull << o;
        break;
      }
  if (z->has_span)
    {
      out->start_pfn = z->start_pfn;
      out->frames = z->spanned;
    }
  else
    out->frames = out->free_frames;
  return true;
}
