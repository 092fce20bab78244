/* frag-json-scan.c: strict JSON validation with line:column, and the path of every value.
 *
 * Recursive descent over the raw bytes; recursion is bounded by max_depth, which is checked before
 * each descent, so hostile nesting costs nothing. Keys of the objects being read are kept in a
 * small hash set per nesting level to find repeated keys (json-c silently keeps the last one). */
#include "frag-json-scan.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  char       *key;
  size_t      len;
  uint64_t    hash;
  size_t      slot;
  FragJsonPos pos;
} KeyEntry;

typedef struct {
  KeyEntry *keys;
  size_t    n, cap;
  uint32_t *slots;  /* key index + 1, 0 = empty */
  size_t    n_slots;
} KeySet;

typedef struct {
  const char        *t;
  size_t             len;
  size_t             i;
  uint32_t           line, col;
  unsigned           max_depth;
  FragJsonValueFunc  fn;
  FragJsonEndFunc    end_fn;
  void              *user_data;
  FragJsonPathElem  *path;
  KeySet            *sets;
  FragJsonScanError *err;
  bool               failed;
} Scanner;

static FragJsonPos
here (const Scanner *s)
{
  return (FragJsonPos) { .offset = s->i, .line = s->line, .column = s->col };
}

static void
advance (Scanner *s)
{
  unsigned char c = (unsigned char) s->t[s->i++];
  if (c == '\n')
    {
      s->line++;
      s->col = 1;
    }
  else if (s->i >= s->len || ((unsigned char) s->t[s->i] & 0xc0) != 0x80)
    s->col++;  /* the last byte of a character: columns count characters, not bytes */
}

static bool fail (Scanner *s, FragJsonPos pos, const char *fmt, ...)
  __attribute__ ((format (printf, 3, 4)));

static bool
fail (Scanner *s, FragJsonPos pos, const char *fmt, ...)
{
  if (s->failed)
    return false;
  s->failed = true;
  s->err->pos = pos;
  va_list ap;
  va_start (ap, fmt);
  vsnprintf (s->err->message, sizeof s->err->message, fmt, ap);
  va_end (ap);
  return false;
}

/* Decodes the (valid) UTF-8 character at p, for messages. */
static uint32_t
decode_utf8 (const unsigned char *p, size_t avail)
{
  if (p[0] < 0x80 || avail < 2)
    return p[0];
  if (p[0] < 0xe0)
    return ((p[0] & 0x1fu) << 6) | (p[1] & 0x3fu);
  if (p[0] < 0xf0 || avail < 4)
    return avail < 3 ? p[0] : ((p[0] & 0x0fu) << 12) | ((p[1] & 0x3fu) << 6) | (p[2] & 0x3fu);
  return ((p[0] & 0x07u) << 18) | ((p[1] & 0x3fu) << 12) | ((p[2] & 0x3fu) << 6) | (p[3] & 0x3fu);
}

/* "'x'", "U+00E9" or "the end of the file": what the scanner found where it expected more. */
static const char *
describe_here (const Scanner *s, char *buf, size_t n)
{
  if (s->i >= s->len)
    return "the end of the file";
  unsigned char c = (unsigned char) s->t[s->i];
  if (c >= 0x21 && c < 0x7f)
    snprintf (buf, n, "'%c'", c);
  else
    snprintf (buf, n, "U+%04X", decode_utf8 ((const unsigned char *) s->t + s->i, s->len - s->i));
  return buf;
}

static void
skip_ws (Scanner *s)
{
  while (s->i < s->len)
    {
      char c = s->t[s->i];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
        break;
      advance (s);
    }
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static bool
read_hex4 (Scanner *s, FragJsonPos esc, uint32_t *out)
{
  uint32_t v = 0;
  for (int k = 0; k < 4; k++)
    {
      int h = s->i < s->len ? hex_value (s->t[s->i]) : -1;
      if (h < 0)
        {
          if (s->i >= s->len)
            return fail (s, here (s), "unexpected end of file inside a \\u escape");
          return fail (s, esc, "a \\u escape needs four hexadecimal digits");
        }
      v = v * 16 + (uint32_t) h;
      advance (s);
    }
  *out = v;
  return true;
}

static bool
append (char **buf, size_t *len, size_t *cap, const char *bytes, size_t n)
{
  if (*len + n + 1 > *cap)
    {
      size_t c = *cap ? *cap * 2 : 32;
      while (c < *len + n + 1)
        c *= 2;
      char *p = realloc (*buf, c);
      if (p == NULL)
        return false;
      *buf = p;
      *cap = c;
    }
  memcpy (*buf + *len, bytes, n);
  *len += n;
  (*buf)[*len] = '\0';
  return true;
}

static size_t
encode_utf8 (uint32_t cp, char *out)
{
  if (cp < 0x80)
    {
      out[0] = (char) cp;
      return 1;
    }
  if (cp < 0x800)
    {
      out[0] = (char) (0xc0 | (cp >> 6));
      out[1] = (char) (0x80 | (cp & 0x3f));
      return 2;
    }
  if (cp < 0x10000)
    {
      out[0] = (char) (0xe0 | (cp >> 12));
      out[1] = (char) (0x80 | ((cp >> 6) & 0x3f));
      out[2] = (char) (0x80 | (cp & 0x3f));
      return 3;
    }
  out[0] = (char) (0xf0 | (cp >> 18));
  out[1] = (char) (0x80 | ((cp >> 12) & 0x3f));
  out[2] = (char) (0x80 | ((cp >> 6) & 0x3f));
  out[3] = (char) (0x80 | (cp & 0x3f));
  return 4;
}

/* Reads a string at s->i (a '"'). With out != NULL, returns the decoded text (caller frees). */
static bool
scan_string (Scanner *s, char **out, size_t *out_len)
{
  FragJsonPos start = here (s);
  char *buf = NULL;
  size_t len = 0, cap = 0;
  advance (s);
  for (;;)
    {
      if (s->i >= s->len)
        {
          free (buf);
          return fail (s, here (s),
                       "unexpected end of file inside the string that starts at %u:%u",
                       start.line, start.column);
        }
      unsigned char c = (unsigned char) s->t[s->i];
      if (c == '"')
        {
          advance (s);
          break;
        }
      if (c < 0x20)
        {
          free (buf);
          return fail (s, here (s),
                       "control character U+%04X inside a string (write it as an escape such as "
                       "\\n, or close the string that starts at %u:%u)", c, start.line,
                       start.column);
        }
      if (c != '\\')
        {
          /* Copy a run of plain bytes at once. */
          size_t j = s->i;
          while (j < s->len && s->t[j] != '"' && s->t[j] != '\\' && (unsigned char) s->t[j] >= 0x20)
            j++;
          if (out != NULL && !append (&buf, &len, &cap, s->t + s->i, j - s->i))
            {
              free (buf);
              return fail (s, here (s), "out of memory");
            }
          while (s->i < j)
            advance (s);
          continue;
        }
      FragJsonPos esc = here (s);
      advance (s);
      if (s->i >= s->len)
        continue;  /* reported as an unterminated string above */
      char e = s->t[s->i];
      char bytes[4];
      size_t n = 1;
      switch (e)
        {
        case '"': bytes[0] = '"'; break;
        case '\\': bytes[0] = '\\'; break;
        case '/': bytes[0] = '/'; break;
        case 'b': bytes[0] = '\b'; break;
        case 'f': bytes[0] = '\f'; break;
        case 'n': bytes[0] = '\n'; break;
        case 'r': bytes[0] = '\r'; break;
        case 't': bytes[0] = '\t'; break;
        case 'u':
          {
            uint32_t cp;
            advance (s);
            if (!read_hex4 (s, esc, &cp))
              {
                free (buf);
                return false;
              }
            if (cp >= 0xdc00 && cp <= 0xdfff)
              {
                free (buf);
                return fail (s, esc, "\\u%04X is half of a UTF-16 surrogate pair without its "
                             "first half", cp);
              }
            if (cp >= 0xd800 && cp <= 0xdbff)
              {
                uint32_t lo;
                if (s->i + 1 >= s->len || s->t[s->i] != '\\' || s->t[s->i + 1] != 'u')
                  {
                    free (buf);
                    return fail (s, esc, "\\u%04X is half of a UTF-16 surrogate pair without "
                                 "its second half", cp);
                  }
                FragJsonPos esc2 = here (s);
                advance (s);
                advance (s);
                if (!read_hex4 (s, esc2, &lo))
                  {
                    free (buf);
                    return false;
                  }
                if (lo < 0xdc00 || lo > 0xdfff)
                  {
                    free (buf);
                    return fail (s, esc, "\\u%04X is half of a UTF-16 surrogate pair without "
                                 "its second half", cp);
                  }
                uint32_t hi = cp;
                cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                /* json-c 0.16 turns these into U+FFFD (it tests the low 16 bits of the code
                 * point for a surrogate): refuse rather than read a different text. */
                if ((cp & 0xf800) == 0xd800)
                  {
                    free (buf);
                    return fail (s, esc, "the escape \\u%04X\\u%04X (U+%04X) is misread by the "
                                 "JSON library: write the character itself in UTF-8", hi, lo, cp);
                  }
              }
            n = encode_utf8 (cp, bytes);
            if (out != NULL && !append (&buf, &len, &cap, bytes, n))
              {
                free (buf);
                return fail (s, esc, "out of memory");
              }
            continue;
          }
        default:
          {
            char d[16];
            free (buf);
            return fail (s, esc, "invalid escape: a backslash followed by %s",
                         describe_here (s, d, sizeof d));
          }
        }
      advance (s);
      if (out != NULL && !append (&buf, &len, &cap, bytes, n))
        {
          free (buf);
          return fail (s, esc, "out of memory");
        }
    }
  if (out != NULL)
    {
      if (buf == NULL && (buf = calloc (1, 1)) == NULL)
        return fail (s, start, "out of memory");
      *out = buf;
      *out_len = len;
    }
  return true;
}

static bool
is_digit (const Scanner *s)
{
  return s->i < s->len && s->t[s->i] >= '0' && s->t[s->i] <= '9';
}

static bool
starts_with (const Scanner *s, const char *word)
{
  size_t n = strlen (word);
  return s->len - s->i >= n && memcmp (s->t + s->i, word, n) == 0;
}

static bool
scan_number (Scanner *s)
{
  FragJsonPos start = here (s);
  char d[16];
  if (s->t[s->i] == '-')
    {
      advance (s);
      if (starts_with (s, "Infinity"))
        return fail (s, start, "-Infinity is not valid JSON: numbers must be finite");
    }
  if (!is_digit (s))
    return fail (s, here (s), "expected a digit in the number that starts at %u:%u, got %s",
                 start.line, start.column, describe_here (s, d, sizeof d));
  if (s->t[s->i] == '0')
    {
      advance (s);
      if (is_digit (s))
        return fail (s, start, "a number must not start with 0 followed by more digits");
    }
  else
    while (is_digit (s))
      advance (s);
  if (s->i < s->len && s->t[s->i] == '.')
    {
      advance (s);
      if (!is_digit (s))
        return fail (s, here (s), "expected a digit after the decimal point, got %s",
                     describe_here (s, d, sizeof d));
      while (is_digit (s))
        advance (s);
    }
  if (s->i < s->len && (s->t[s->i] == 'e' || s->t[s->i] == 'E'))
    {
      advance (s);
      if (s->i < s->len && (s->t[s->i] == '+' || s->t[s->i] == '-'))
        advance (s);
      if (!is_digit (s))
        return fail (s, here (s), "expected a digit in the exponent, got %s",
                     describe_here (s, d, sizeof d));
      while (is_digit (s))
        advance (s);
    }
  return true;
}

static uint64_t
hash_key (const char *k, size_t n)
{
  uint64_t h = 0xcbf29ce484222325ull;
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char) k[i]) * 0x100000001b3ull;
  return h;
}

static void
keyset_reset (KeySet *set)
{
  for (size_t i = 0; i < set->n; i++)
    {
      if (set->slots != NULL)
        set->slots[set->keys[i].slot] = 0;
      free (set->keys[i].key);
    }
  set->n = 0;
}

static void
keyset_free (KeySet *set)
{
  keyset_reset (set);
  free (set->keys);
  free (set->slots);
}

static bool
keyset_rehash (KeySet *set, size_t n_slots)
{
  uint32_t *slots = calloc (n_slots, sizeof *slots);
  if (slots == NULL)
    return false;
  for (size_t i = 0; i < set->n; i++)
    {
      size_t k = set->keys[i].hash & (n_slots - 1);
      while (slots[k] != 0)
        k = (k + 1) & (n_slots - 1);
      slots[k] = (uint32_t) i + 1;
      set->keys[i].slot = k;
    }
  free (set->slots);
  set->slots = slots;
  set->n_slots = n_slots;
  return true;
}

/* Adds key (taking it) or finds an equal one: returns the earlier entry, or NULL when new.
 * *oom is set when memory runs out (the key is freed then). */
static const KeyEntry *
keyset_add (KeySet *set, char *key, size_t len, FragJsonPos pos, bool *oom)
{
  *oom = false;
  if ((set->n + 1) * 2 > set->n_slots || set->n >= UINT32_MAX - 1)
    {
      if (set->n >= UINT32_MAX - 1 || !keyset_rehash (set, set->n_slots ? set->n_slots * 2 : 16))
        goto oom;
    }
  if (set->n == set->cap)
    {
      size_t c = set->cap ? set->cap * 2 : 16;
      KeyEntry *p = realloc (set->keys, c * sizeof *p);
      if (p == NULL)
        goto oom;
      set->keys = p;
      set->cap = c;
    }
  uint64_t h = hash_key (key, len);
  size_t k = h & (set->n_slots - 1);
  for (; set->slots[k] != 0; k = (k + 1) & (set->n_slots - 1))
    {
      const KeyEntry *e = &set->keys[set->slots[k] - 1];
      if (e->hash == h && e->len == len && memcmp (e->key, key, len) == 0)
        {
          free (key);
          return e;
        }
    }
  set->keys[set->n] = (KeyEntry) { .key = key, .len = len, .hash = h, .slot = k, .pos = pos };
  set->slots[k] = (uint32_t) ++set->n;
  return NULL;
oom:
  free (key);
  *oom = true;
  return NULL;
}

/* A key shown in a message: at most 60 bytes, control characters escaped. */
static void
quote_key (const char *key, size_t len, char *out, size_t n)
{
  size_t o = 0;
  for (size_t i = 0; i < len && o + 8 < n; i++)
    {
      unsigned char c = (unsigned char) key[i];
      if (i >= 60 && (c & 0xc0) != 0x80)
        {
          memcpy (out + o, "...", 3);
          o += 3;
          break;
        }
      if (c < 0x20 || c == '"' || c == '\\')
        o += (size_t) snprintf (out + o, n - o, "\\u%04x", c);
      else
        out[o++] = (char) c;
    }
  out[o] = '\0';
}

static bool scan_value (Scanner *s, size_t depth, const FragJsonPos *key_pos);

static bool
scan_object (Scanner *s, size_t depth)
{
  FragJsonPos open = here (s);
  KeySet *set = &s->sets[depth];
  char d[16];
  keyset_reset (set);
  advance (s);
  skip_ws (s);
  if (s->i < s->len && s->t[s->i] == '}')
    {
      advance (s);
      return true;
    }
  for (size_t member = 0;; member++)
    {
      if (s->i >= s->len)
        return fail (s, here (s), "unexpected end of file: the object opened at %u:%u is not "
                     "closed (the JSON text is truncated)", open.line, open.column);
      if (s->t[s->i] == '\'')
        return fail (s, here (s), "keys and strings need double quotes, not single quotes");
      if (s->t[s->i] != '"')
        return fail (s, here (s), "expected a key in double quotes, got %s",
                     describe_here (s, d, sizeof d));
      FragJsonPos kpos = here (s);
      char *key = NULL;
      size_t key_len = 0;
      if (!scan_string (s, &key, &key_len))
        return false;
      if (memchr (key, '\0', key_len) != NULL)
        {
          free (key);
          return fail (s, kpos, "a key must not contain \\u0000");
        }
      bool oom;
      const KeyEntry *dup = keyset_add (set, key, key_len, kpos, &oom);
      if (oom)
        return fail (s, kpos, "out of memory");
      if (dup != NULL)
        {
          char q[256];
          quote_key (dup->key, dup->len, q, sizeof q);
          return fail (s, kpos, "duplicate key \"%s\" (first at %u:%u)", q, dup->pos.line,
                       dup->pos.column);
        }
      const KeyEntry *entry = &set->keys[set->n - 1];
      skip_ws (s);
      if (s->i >= s->len || s->t[s->i] != ':')
        {
          if (s->i >= s->len)
            return fail (s, here (s), "unexpected end of file: the object opened at %u:%u is "
                         "not closed (the JSON text is truncated)", open.line, open.column);
          return fail (s, here (s), "expected ':' after the key, got %s",
                       describe_here (s, d, sizeof d));
        }
      advance (s);
      s->path[depth] = (FragJsonPathElem) { .key = entry->key, .key_len = entry->len,
                                            .index = member };
      if (!scan_value (s, depth + 1, &kpos))
        return false;
      skip_ws (s);
      if (s->i >= s->len)
        return fail (s, here (s), "unexpected end of file: the object opened at %u:%u is not "
                     "closed (the JSON text is truncated)", open.line, open.column);
      if (s->t[s->i] == '}')
        {
          advance (s);
          return true;
        }
      if (s->t[s->i] != ',')
        return fail (s, here (s), "expected ',' or '}' after a member of the object opened at "
                     "%u:%u, got %s", open.line, open.column, describe_here (s, d, sizeof d));
      FragJsonPos comma = here (s);
      advance (s);
      skip_ws (s);
      if (s->i < s->len && s->t[s->i] == '}')
        return fail (s, comma, "a comma before '}': JSON allows no trailing comma");
    }
}

static bool
scan_array (Scanner *s, size_t depth)
{
  FragJsonPos open = here (s);
  char d[16];
  advance (s);
  skip_ws (s);
  if (s->i < s->len && s->t[s->i] == ']')
    {
      advance (s);
      return true;
    }
  for (size_t index = 0;; index++)
    {
      s->path[depth] = (FragJsonPathElem) { .key = NULL, .key_len = 0, .index = index };
      if (!scan_value (s, depth + 1, NULL))
        return false;
      skip_ws (s);
      if (s->i >= s->len)
        return fail (s, here (s), "unexpected end of file: the array opened at %u:%u is not "
                     "closed (the JSON text is truncated)", open.line, open.column);
      if (s->t[s->i] == ']')
        {
          advance (s);
          return true;
        }
      if (s->t[s->i] != ',')
        return fail (s, here (s), "expected ',' or ']' after an element of the array opened at "
                     "%u:%u, got %s", open.line, open.column, describe_here (s, d, sizeof d));
      FragJsonPos comma = here (s);
      advance (s);
      skip_ws (s);
      if (s->i < s->len && s->t[s->i] == ']')
        return fail (s, comma, "a comma before ']': JSON allows no trailing comma");
    }
}

static bool
scan_value (Scanner *s, size_t depth, const FragJsonPos *key_pos)
{
  char d[16];
  skip_ws (s);
  if (s->i >= s->len)
    return fail (s, here (s), "unexpected end of file: expected a value (the JSON text is "
                 "truncated)");
  FragJsonPos pos = here (s);
  char c = s->t[s->i];
  FragJsonKind kind;
  if (c == '{')
    kind = FRAG_JSON_OBJECT;
  else if (c == '[')
    kind = FRAG_JSON_ARRAY;
  else if (c == '"')
    kind = FRAG_JSON_STRING;
  else if (c == '-' || (c >= '0' && c <= '9'))
    kind = FRAG_JSON_NUMBER;
  else if (starts_with (s, "true") || starts_with (s, "false") || starts_with (s, "null"))
    kind = FRAG_JSON_LITERAL;
  else if (starts_with (s, "NaN"))
    return fail (s, pos, "NaN is not valid JSON: numbers must be finite");
  else if (starts_with (s, "Infinity"))
    return fail (s, pos, "Infinity is not valid JSON: numbers must be finite");
  else if (c == '\'')
    return fail (s, pos, "strings need double quotes, not single quotes");
  else
    return fail (s, pos, "expected a value, got %s", describe_here (s, d, sizeof d));

  if ((kind == FRAG_JSON_OBJECT || kind == FRAG_JSON_ARRAY) && depth + 1 > s->max_depth)
    return fail (s, pos, "nesting deeper than %u levels of objects and arrays", s->max_depth);
  if (s->fn != NULL)
    s->fn (s->path, depth, kind, &pos, key_pos, s->user_data);

  bool ok = true;
  switch (kind)
    {
    case FRAG_JSON_OBJECT:
      ok = scan_object (s, depth);
      break;
    case FRAG_JSON_ARRAY:
      ok = scan_array (s, depth);
      break;
    case FRAG_JSON_STRING:
      ok = scan_string (s, NULL, NULL);
      break;
    case FRAG_JSON_NUMBER:
      ok = scan_number (s);
      break;
    case FRAG_JSON_LITERAL:
    default:
      {
        size_t n = c == 'f' ? 5 : 4;
        for (size_t k = 0; k < n; k++)
          advance (s);
        break;
      }
    }
  if (ok && s->end_fn != NULL)
    s->end_fn (s->path, depth, kind, &pos, s->i, s->user_data);
  return ok;
}

/* Checks the raw bytes are UTF-8 (no overlong forms, no surrogates, nothing past U+10FFFF). */
static bool
check_utf8 (Scanner *s)
{
  const unsigned char *p = (const unsigned char *) s->t;
  uint32_t line = 1, col = 1;
  size_t i = 0;
  if (s->len >= 3 && memcmp (s->t, "\xef\xbb\xbf", 3) == 0)
    i = 3;  /* a byte order mark takes no column, as in an editor */
  while (i < s->len)
    {
      unsigned char c = p[i];
      size_t n;
      uint32_t min, cp;
      if (c < 0x80)
        {
          if (c == '\n')
            {
              line++;
              col = 1;
            }
          else
            col++;
          i++;
          continue;
        }
      if (c >= 0xc2 && c <= 0xdf)
        n = 2, min = 0x80, cp = c & 0x1fu;
      else if (c >= 0xe0 && c <= 0xef)
        n = 3, min = 0x800, cp = c & 0x0fu;
      else if (c >= 0xf0 && c <= 0xf4)
        n = 4, min = 0x10000, cp = c & 0x07u;
      else
        goto bad;
      if (s->len - i < n)
        goto bad;
      for (size_t k = 1; k < n; k++)
        {
          if ((p[i + k] & 0xc0) != 0x80)
            goto bad;
          cp = (cp << 6) | (p[i + k] & 0x3fu);
        }
      if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        goto bad;
      i += n;
      col++;
      continue;
    bad:
      s->i = i;
      return fail (s, (FragJsonPos) { .offset = i, .line = line, .column = col },
                   "invalid UTF-8: byte 0x%02X does not start a valid character (save the "
                   "file as UTF-8)", c);
    }
  return true;
}

bool
frag_json_scan (const char *text, size_t len, unsigned max_depth, FragJsonValueFunc fn,
                void *user_data, FragJsonScanError *err)
{
  return frag_json_scan_full (text, len, max_depth, fn, NULL, user_data, err);
}

bool
frag_json_scan_full (const char *text, size_t len, unsigned max_depth, FragJsonValueFunc fn,
                     FragJsonEndFunc end_fn, void *user_data, FragJsonScanError *err)
{
  Scanner s = { .t = text, .len = len, .line = 1, .col = 1, .max_depth = max_depth,
                .fn = fn, .end_fn = end_fn, .user_data = user_data, .err = err };
  char d[16];
  if (max_depth < 1)
    max_depth = s.max_depth = 1;
  if (!check_utf8 (&s))
    return false;
  /* A byte order mark is not JSON, but editors on some systems write one: step over it. */
  if (len >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    s.i = 3;
  s.path = calloc (max_depth + 1, sizeof *s.path);
  s.sets = calloc (max_depth + 1, sizeof *s.sets);
  bool ok = false;
  if (s.path == NULL || s.sets == NULL)
    fail (&s, here (&s), "out of memory");
  else if (scan_value (&s, 0, NULL))
    {
      skip_ws (&s);
      if (s.i < s.len)
        fail (&s, here (&s), "unexpected %s after the end of the JSON value (trailing "
              "characters)", describe_here (&s, d, sizeof d));
      else
        ok = true;
    }
  if (s.sets != NULL)
    for (unsigned k = 0; k <= max_depth; k++)
      keyset_free (&s.sets[k]);
  free (s.sets);
  free (s.path);
  return ok;
}

FragJsonPos
frag_json_pos_of_offset (const char *text, size_t len, size_t offset)
{
  Scanner s = { .t = text, .len = len, .line = 1, .col = 1 };
  if (offset > len)
    offset = len;
  if (len >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0 && offset >= 3)
    s.i = 3;
  while (s.i < offset)
    advance (&s);
  return here (&s);
}

size_t
frag_json_number_len (const char *text, size_t len, size_t offset)
{
  size_t n = 0;
  while (offset + n < len && strchr ("+-.eE0123456789", text[offset + n]) != NULL
         && text[offset + n] != '\0')
    n++;
  return n;
}
