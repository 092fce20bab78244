/* frag-scenario.c: the scenario loader: checked JSON in, FragConfig and FragProgram out.
 *
 * Three passes over a file: frag_json_scan checks the raw text (UTF-8, grammar, depth, repeated
 * keys) and notes where each step starts; json-c builds the values; the walk below checks every
 * key against docs/scenario-format.md and fills the engine's structures. json-c keeps no
 * positions, so when the walk finds a problem it scans the text once more for the line:column of
 * the path it is at (only the first error and the warnings need it: no index of every value).
 * json-c's tree costs about 25 times the text, so the steps are not in it: json-c reads the file
 * with the steps array blanked out, then each step alone from where the scanner saw it start.
 */
#include "frag-scenario.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "frag-json-scan.h"
#include "frag-scenario-builtin.h"

#define MAX_PATH_DEPTH   (FRAG_SCENARIO_MAX_DEPTH + 2)
#define QUOTE_MAX        60u   /* bytes of a value quoted in a message */
#define MAX_MT_WEIGHT    1e9

typedef struct {
  const char *key;    /* NULL: an array index */
  size_t      index;
} PathElem;

typedef enum {
  AT_VALUE,
  AT_KEY,
} AtWhat;

typedef struct {
  PathElem    path[MAX_PATH_DEPTH];
  size_t      depth;
  AtWhat      at;
  char       *message;
  FragJsonPos pos;
  bool        found;
} Pending;

typedef struct {
  const char      *name;
  const char      *text;
  size_t           len;
  FragDiagnostics *diag;
  PathElem         path[MAX_PATH_DEPTH];
  size_t           depth;
  Pending         *warnings;
  size_t           n_warnings;
  bool             failed;
  FragConfig       cfg;
  FragProgram     *prog;
  FragJsonPos     *step_pos;   /* where each element of the top-level "steps" starts */
  size_t           n_step_pos, cap_step_pos;
  bool             step_pos_oom;
  bool             root_is_object;
  bool             steps_is_array;  /* the top-level "steps" is an array, at these offsets: */
  size_t           steps_open, steps_close;
  json_tokener    *step_tok;        /* reads one step at a time (see parse_steps) */
  uint64_t         n_steps;
  uint64_t         max_bytes;  /* largest size in bytes: FRAG_MAX_FRAMES frames */
} Loader;

/* ---- Paths and positions ------------------------------------------------------------------- */

static void
push_key (Loader *L, const char *key)
{
  if (L->depth < MAX_PATH_DEPTH)
    L->path[L->depth] = (PathElem) { .key = key };
  L->depth++;
}

static void
push_index (Loader *L, size_t index)
{
  if (L->depth < MAX_PATH_DEPTH)
    L->path[L->depth] = (PathElem) { .key = NULL, .index = index };
  L->depth++;
}

static void
pop (Loader *L)
{
  L->depth--;
}

static bool
is_plain_key (const char *k)
{
  if (*k == '\0')
    return false;
  for (; *k; k++)
    if (!((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') || (*k >= '0' && *k <= '9')
          || *k == '_' || *k == '-' || *k == '$'))
      return false;
  return true;
}

/* Writes s into out (size n) as the inside of a JSON string, cut after `max` bytes with "...". */
static void
quote_into (const char *s, size_t len, size_t max, char *out, size_t n)
{
  size_t o = 0;
  for (size_t i = 0; i < len && o + 8 < n; i++)
    {
      unsigned char c = (unsigned char) s[i];
      if (i >= max && (c & 0xc0) != 0x80)
        {
          memcpy (out + o, "...", 3);
          o += 3;
          break;
        }
      if (c == '"' || c == '\\')
        {
          out[o++] = '\\';
          out[o++] = (char) c;
        }
      else if (c < 0x20 || c == 0x7f)
        o += (size_t) snprintf (out + o, n - o, "\\u%04x", c);
      else
        out[o++] = (char) c;
    }
  out[o] = '\0';
}

static char *
path_string (const PathElem *path, size_t depth)
{
  size_t cap = 64, len = 0;
  char *s = malloc (cap);
  if (s == NULL)
    return NULL;
  s[0] = '\0';
  for (size_t i = 0; i < depth && i < MAX_PATH_DEPTH; i++)
    {
      char part[QUOTE_MAX * 6 + 32];
      if (path[i].key == NULL)
        snprintf (part, sizeof part, "[%zu]", path[i].index);
      else if (is_plain_key (path[i].key))
        {
          char q[QUOTE_MAX * 6 + 8];
          quote_into (path[i].key, strlen (path[i].key), QUOTE_MAX, q, sizeof q);
          snprintf (part, sizeof part, "%s%s", i > 0 ? "." : "", q);
        }
      else
        {
          char q[QUOTE_MAX * 6 + 8];
          quote_into (path[i].key, strlen (path[i].key), QUOTE_MAX, q, sizeof q);
          snprintf (part, sizeof part, "[\"%s\"]", q);
        }
      size_t n = strlen (part);
      if (len + n + 1 > cap)
        {
          while (len + n + 1 > cap)
            cap *= 2;
          char *p = realloc (s, cap);
          if (p == NULL)
            {
              free (s);
              return NULL;
            }
          s = p;
        }
      memcpy (s + len, part, n + 1);
      len += n;
    }
  return s;
}

static bool
path_matches (const PathElem *want, size_t depth, const FragJsonPathElem *have)
{
  for (size_t i = 0; i < depth; i++)
    {
      if (want[i].key == NULL)
        {
          if (have[i].key != NULL || have[i].index != want[i].index)
            return false;
        }
      else if (have[i].key == NULL || have[i].key_len != strlen (want[i].key)
               || memcmp (have[i].key, want[i].key, have[i].key_len) != 0)
        return false;
    }
  return true;
}

typedef struct {
  Pending *targets;
  size_t   n_targets;
} LocateData;

static void
locate_cb (const FragJsonPathElem *path, size_t depth, FragJsonKind kind,
           const FragJsonPos *value_pos, const FragJsonPos *key_pos, void *user_data)
{
  LocateData *data = user_data;
  for (size_t t = 0; t < data->n_targets; t++)
    {
      Pending *p = &data->targets[t];
      if (p->found || p->depth != depth || depth > MAX_PATH_DEPTH
          || !path_matches (p->path, depth, path))
        continue;
      p->pos = (p->at == AT_KEY && key_pos != NULL) ? *key_pos : *value_pos;
      p->found = true;
    }
}

/* Fills the positions of targets in one pass over the text. */
static void
locate (Loader *L, Pending *targets, size_t n_targets)
{
  LocateData data = { targets, n_targets };
  FragJsonScanError err;
  frag_json_scan (L->text, L->len, FRAG_SCENARIO_MAX_DEPTH, locate_cb, &data, &err);
}

/* ---- Errors and warnings ------------------------------------------------------------------- */

/* Records the error at the current path (or the key that ends it) and stops the load. `value`
 * is the value it is about, used to quote numbers as written; may be NULL. The message may hold
 * one "%GOT%" that becomes the quoted value. */
static bool
report (Loader *L, AtWhat at, json_object *value, const char *fmt, ...)
  __attribute__ ((format (printf, 4, 5)));

static void describe (Loader *L, json_object *v, const FragJsonPos *pos, char *out, size_t n);

static bool
report (Loader *L, AtWhat at, json_object *value, const char *fmt, ...)
{
  if (L->failed)
    return false;
  L->failed = true;

  Pending target = { .depth = L->depth, .at = at };
  memcpy (target.path, L->path, sizeof (PathElem) * (L->depth < MAX_PATH_DEPTH ? L->depth
                                                                               : MAX_PATH_DEPTH));
  locate (L, &target, 1);

  char msg[4096];
  va_list ap;
  va_start (ap, fmt);
  vsnprintf (msg, sizeof msg, fmt, ap);
  va_end (ap);

  char *got = strstr (msg, "%GOT%");
  if (got != NULL)
    {
      char desc[QUOTE_MAX * 6 + 64];
      char rest[4096];
      describe (L, value, target.found ? &target.pos : NULL, desc, sizeof desc);
      snprintf (rest, sizeof rest, "%s", got + 5);
      snprintf (got, sizeof msg - (size_t) (got - msg), "%s%s", desc, rest);
    }

  /* A key's own problem is reported with the path of the object holding it. */
  char *path = path_string (L->path, at == AT_KEY && L->depth > 0 ? L->depth - 1 : L->depth);
  frag_diagnostics_add (L->diag, FRAG_DIAG_ERROR, L->name, target.found ? target.pos.line : 0,
                        target.found ? target.pos.column : 0, path ? path : "", msg);
  free (path);
  return false;
}

static void
warn_key (Loader *L, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));

/* A warning about the key at the end of the current path. */
static void
warn_key (Loader *L, const char *fmt, ...)
{
  if (L->n_warnings >= FRAG_DIAG_MAX_WARNINGS)
    {
      if (L->diag != NULL)
        L->diag->n_warnings_dropped++;
      return;
    }
  char msg[2048];
  va_list ap;
  va_start (ap, fmt);
  vsnprintf (msg, sizeof msg, fmt, ap);
  va_end (ap);
  Pending *p = &L->warnings[L->n_warnings];
  memset (p, 0, sizeof *p);
  p->depth = L->depth;
  p->at = AT_KEY;
  memcpy (p->path, L->path, sizeof (PathElem) * (L->depth < MAX_PATH_DEPTH ? L->depth
                                                                           : MAX_PATH_DEPTH));
  /* Keys point into json-c values that are freed step by step: the warning keeps copies. */
  bool ok = true;
  for (size_t i = 0; i < p->depth && i < MAX_PATH_DEPTH; i++)
    if (p->path[i].key != NULL && (p->path[i].key = strdup (p->path[i].key)) == NULL)
      ok = false;
  p->message = strdup (msg);
  L->n_warnings++;
  if (!ok || p->message == NULL)
    report (L, AT_VALUE, NULL, "out of memory");
}

static void
free_warnings (Loader *L)
{
  for (size_t i = 0; i < L->n_warnings; i++)
    {
      Pending *p = &L->warnings[i];
      for (size_t k = 0; k < p->depth && k < MAX_PATH_DEPTH; k++)
        free ((char *) p->path[k].key);
      free (p->message);
    }
  free (L->warnings);
}

/* Warnings are found object by object; they are told in the order of the text. */
static int
cmp_pending (const void *a, const void *b)
{
  const Pending *x = *(const Pending *const *) a, *y = *(const Pending *const *) b;
  size_t ox = x->found ? x->pos.offset : SIZE_MAX, oy = y->found ? y->pos.offset : SIZE_MAX;
  if (ox != oy)
    return ox < oy ? -1 : 1;
  return x < y ? -1 : x > y;
}

static void
flush_warnings (Loader *L)
{
  Pending *order[FRAG_DIAG_MAX_WARNINGS];
  if (L->n_warnings == 0)
    return;
  locate (L, L->warnings, L->n_warnings);
  for (size_t i = 0; i < L->n_warnings; i++)
    order[i] = &L->warnings[i];
  qsort (order, L->n_warnings, sizeof order[0], cmp_pending);
  for (size_t i = 0; i < L->n_warnings; i++)
    {
      Pending *p = order[i];
      char *path = path_string (p->path, p->depth > 0 ? p->depth - 1 : 0);
      frag_diagnostics_add (L->diag, FRAG_DIAG_WARNING, L->name, p->found ? p->pos.line : 0,
                            p->found ? p->pos.column : 0, path ? path : "",
                            p->message ? p->message : "out of memory");
      free (path);
    }
}

/* "-5", "2.5", "a string \"abc\"", "an object"...: a value as the user wrote it. */
static void
describe (Loader *L, json_object *v, const FragJsonPos *pos, char *out, size_t n)
{
  char q[QUOTE_MAX * 6 + 8];
  switch (json_object_get_type (v))
    {
    case json_type_null:
      snprintf (out, n, "null");
      break;
    case json_type_boolean:
      snprintf (out, n, "%s", json_object_get_boolean (v) ? "true" : "false");
      break;
    case json_type_int:
    case json_type_double:
      if (pos != NULL && pos->offset < L->len)
        {
          size_t len = frag_json_number_len (L->text, L->len, pos->offset);
          quote_into (L->text + pos->offset, len, QUOTE_MAX, q, sizeof q);
        }
      else
        quote_into (json_object_to_json_string (v), strlen (json_object_to_json_string (v)),
                    QUOTE_MAX, q, sizeof q);
      snprintf (out, n, "%s", q);
      break;
    case json_type_string:
      quote_into (json_object_get_string (v), (size_t) json_object_get_string_len (v), QUOTE_MAX,
                  q, sizeof q);
      snprintf (out, n, "a string \"%s\"", q);
      break;
    case json_type_array:
      snprintf (out, n, "an array");
      break;
    case json_type_object:
    default:
      snprintf (out, n, "an object");
      break;
    }
}

/* ---- Suggestions --------------------------------------------------------------------------- */

static size_t
edit_distance (const char *a, const char *b)
{
  size_t la = strlen (a), lb = strlen (b);
  if (la > 64 || lb > 64)
    return SIZE_MAX;
  size_t row[65];
  for (size_t j = 0; j <= lb; j++)
    row[j] = j;
  for (size_t i = 1; i <= la; i++)
    {
      size_t diag = row[0];
      row[0] = i;
      for (size_t j = 1; j <= lb; j++)
        {
          size_t up = row[j];
          size_t cost = (a[i - 1] == b[j - 1]) ? 0 : 1;
          size_t best = diag + cost;
          if (up + 1 < best)
            best = up + 1;
          if (row[j - 1] + 1 < best)
            best = row[j - 1] + 1;
          row[j] = best;
          diag = up;
        }
    }
  return row[lb];
}

/* The closest of names to s, if close enough to be a likely typo; NULL otherwise. */
static const char *
suggest (const char *s, const char *const *names, size_t n_names)
{
  const char *best = NULL;
  size_t best_d = SIZE_MAX;
  size_t len = strlen (s);
  for (size_t i = 0; i < n_names; i++)
    {
      if (names[i] == NULL)
        continue;
      if (strcasecmp (s, names[i]) == 0)
        return names[i];
      size_t d = edit_distance (s, names[i]);
      if (d < best_d)
        {
          best_d = d;
          best = names[i];
        }
    }
  size_t allowed = len <= 3 ? 1 : len <= 7 ? 2 : 3;
  return best_d <= allowed ? best : NULL;
}

/* Warns about every key of obj that is not in allowed ("comment" is always allowed). */
static void
check_keys (Loader *L, json_object *obj, const char *const *allowed, size_t n_allowed)
{
  json_object_object_foreach (obj, key, val)
    {
      (void) val;
      bool known = strcmp (key, "comment") == 0;
      for (size_t i = 0; i < n_allowed && !known; i++)
        known = strcmp (key, allowed[i]) == 0;
      if (known)
        continue;
      if (L->n_warnings >= FRAG_DIAG_MAX_WARNINGS)
        {
          /* Only counted: no suggestion to compute for a warning nobody will see. */
          if (L->diag != NULL)
            L->diag->n_warnings_dropped++;
          continue;
        }
      char q[QUOTE_MAX * 6 + 8];
      quote_into (key, strlen (key), QUOTE_MAX, q, sizeof q);
      const char *hint = suggest (key, allowed, n_allowed);
      push_key (L, key);
      if (hint != NULL)
        warn_key (L, "unknown key \"%s\": did you mean \"%s\"?", q, hint);
      else
        warn_key (L, "unknown key \"%s\" (ignored)", q);
      pop (L);
    }
}

#define N_OF(a) (sizeof (a) / sizeof (a)[0])

/* ---- Typed getters ------------------------------------------------------------------------- */

/* Looks key up in obj: false when absent; *out may be NULL for a JSON null. */
static bool
lookup (json_object *obj, const char *key, json_object **out)
{
  *out = NULL;
  return json_object_object_get_ex (obj, key, out);
}

static bool
missing (Loader *L, const char *key, const char *alternative)
{
  if (alternative != NULL)
    return report (L, AT_VALUE, NULL, "missing required key \"%s\" (or \"%s\")", key, alternative);
  return report (L, AT_VALUE, NULL, "missing required key \"%s\"", key);
}

typedef enum {
  NUM_OK,
  NUM_NOT_NUMBER,
  NUM_FRACTIONAL,
  NUM_TOO_LARGE,
} NumStatus;

/* Integers may be written 12, 12.0 or 1.2e1; anything json-c had to clamp is too large. */
static NumStatus
to_int (json_object *v, int64_t *out)
{
  if (json_object_get_type (v) == json_type_int)
    {
      int64_t i = json_object_get_int64 (v);
      if (i == INT64_MAX || i == INT64_MIN)
        return NUM_TOO_LARGE;
      *out = i;
      return NUM_OK;
    }
  if (json_object_get_type (v) == json_type_double)
    {
      double d = json_object_get_double (v);
      if (!isfinite (d) || fabs (d) >= 9.2e18)
        return NUM_TOO_LARGE;
      if (d != floor (d))
        return NUM_FRACTIONAL;
      *out = (int64_t) d;
      return NUM_OK;
    }
  return NUM_NOT_NUMBER;
}

/* Reads an integer in [min, max] at obj.key. what: "a positive integer" and the like. */
static bool
get_int (Loader *L, json_object *obj, const char *key, bool required, int64_t min, int64_t max,
         const char *what, int64_t *out)
{
  json_object *v;
  if (!lookup (obj, key, &v))
    return required ? missing (L, key, NULL) : true;
  push_key (L, key);
  int64_t i = 0;
  NumStatus st = to_int (v, &i);
  bool ok = true;
  bool too_big = st == NUM_TOO_LARGE || (st == NUM_OK && i > max);
  /* `what` may already give the range ("an order from 0 to max_order (10)"). */
  if (too_big && strstr (what, " to ") == NULL)
    ok = report (L, AT_VALUE, v, "expected %s no larger than %lld, got %%GOT%%", what,
                 (long long) max);
  else if (too_big || st != NUM_OK || i < min)
    ok = report (L, AT_VALUE, v, "expected %s, got %%GOT%%", what);
  else
    *out = i;
  pop (L);
  return ok;
}

static bool
get_uint (Loader *L, json_object *obj, const char *key, bool required, uint64_t min,
          uint64_t max, const char *what, uint64_t *out)
{
  int64_t i = (int64_t) *out;
  if (max > (uint64_t) INT64_MAX - 1)
    max = (uint64_t) INT64_MAX - 1;
  if (!get_int (L, obj, key, required, (int64_t) min, (int64_t) max, what, &i))
    return false;
  *out = (uint64_t) i;
  return true;
}

static bool
get_unsigned (Loader *L, json_object *obj, const char *key, bool required, unsigned min,
              unsigned max, const char *what, unsigned *out)
{
  int64_t i = *out;
  if (!get_int (L, obj, key, required, min, max, what, &i))
    return false;
  *out = (unsigned) i;
  return true;
}

static bool
get_ratio (Loader *L, json_object *obj, const char *key, double *out)
{
  json_object *v;
  if (!lookup (obj, key, &v))
    return true;
  push_key (L, key);
  bool ok = true;
  json_type t = json_object_get_type (v);
  double d = (t == json_type_int || t == json_type_double) ? json_object_get_double (v) : NAN;
  if (!(d >= 0.0 && d <= 1.0))
    ok = report (L, AT_VALUE, v, "expected a number from 0 to 1, got %%GOT%%");
  else
    *out = d;
  pop (L);
  return ok;
}

static bool
get_bool (Loader *L, json_object *obj, const char *key, bool *out)
{
  json_object *v;
  if (!lookup (obj, key, &v))
    return true;
  push_key (L, key);
  bool ok = true;
  if (json_object_get_type (v) != json_type_boolean)
    ok = report (L, AT_VALUE, v, "expected true or false, got %%GOT%%");
  else
    *out = json_object_get_boolean (v);
  pop (L);
  return ok;
}

/* A string of at most max_len bytes (min_len at least), without NUL. *out points into json-c. */
static bool
get_string (Loader *L, json_object *obj, const char *key, bool required, size_t min_len,
            size_t max_len, const char *what, const char **out)
{
  json_object *v;
  if (!lookup (obj, key, &v))
    return required ? missing (L, key, NULL) : true;
  push_key (L, key);
  bool ok = true;
  if (json_object_get_type (v) != json_type_string)
    ok = report (L, AT_VALUE, v, "expected %s, got %%GOT%%", what);
  else
    {
      size_t len = (size_t) json_object_get_string_len (v);
      const char *s = json_object_get_string (v);
      if (strlen (s) != len)
        ok = report (L, AT_VALUE, v, "%s must not contain \\u0000", what);
      else if (len < min_len)
        ok = report (L, AT_VALUE, v, "expected %s, got an empty string", what);
      else if (len > max_len)
        ok = report (L, AT_VALUE, v, "too long: %zu bytes, the maximum is %zu (%%GOT%%)",
                     len, max_len);
      else
        *out = s;
    }
  pop (L);
  return ok;
}

static bool
get_name (Loader *L, json_object *obj, const char *key, bool required, const char **out)
{
  return get_string (L, obj, key, required, 1, FRAG_MAX_NAME_LEN, "a name (a string)", out);
}

static bool
get_object (Loader *L, json_object *obj, const char *key, bool required, json_object **out)
{
  json_object *v;
  *out = NULL;
  if (!lookup (obj, key, &v))
    return required ? missing (L, key, NULL) : true;
  if (json_object_get_type (v) != json_type_object)
    {
      push_key (L, key);
      report (L, AT_VALUE, v, "expected an object, got %%GOT%%");
      pop (L);
      return false;
    }
  *out = v;
  return true;
}

static bool
get_array (Loader *L, json_object *obj, const char *key, bool required, json_object **out)
{
  json_object *v;
  *out = NULL;
  if (!lookup (obj, key, &v))
    return required ? missing (L, key, NULL) : true;
  if (json_object_get_type (v) != json_type_array)
    {
      push_key (L, key);
      report (L, AT_VALUE, v, "expected an array, got %%GOT%%");
      pop (L);
      return false;
    }
  *out = v;
  return true;
}

/* Enumerations: the names come from the engine (frag_*_name) up to a count. */
typedef const char *(*NameFunc) (int value);

static const char *mode_name (int v) { return frag_mode_name ((FragMode) v); }
static const char *fit_name (int v) { return frag_fit_name ((FragFit) v); }
static const char *free_list_name (int v) { return frag_free_list_name ((FragFreeListOrder) v); }
static const char *trigger_name (int v) { return frag_trigger_name ((FragTrigger) v); }
static const char *mt_name (int v) { return frag_migrate_type_name ((FragMigrateType) v); }
static const char *op_name (int v) { return frag_op_name ((FragOpKind) v); }

static const char *
workload_name (int v)
{
  return v == FRAG_WORKLOAD_PROCESSES ? "processes" : v == FRAG_WORKLOAD_RAW ? "raw" : NULL;
}

/* Reads one of count names (case-insensitive); *out is the index. */
static bool
get_enum (Loader *L, json_object *obj, const char *key, bool required, const char *what,
          NameFunc names, int count, int *out)
{
  json_object *v;
  if (!lookup (obj, key, &v))
    return required ? missing (L, key, NULL) : true;
  push_key (L, key);
  const char *list[32];
  char choices[512] = "";
  int n = count < 32 ? count : 32;
  for (int i = 0; i < n; i++)
    {
      list[i] = names (i);
      if (list[i] == NULL)
        continue;
      size_t used = strlen (choices);
      snprintf (choices + used, sizeof choices - used, "%s%s", used ? ", " : "", list[i]);
    }
  bool ok = true;
  if (json_object_get_type (v) != json_type_string)
    ok = report (L, AT_VALUE, v, "expected a string, one of %s, got %%GOT%%", choices);
  else
    {
      const char *s = json_object_get_string (v);
      int found = -1;
      for (int i = 0; i < n && found < 0; i++)
        if (list[i] != NULL && strcasecmp (s, list[i]) == 0
            && strlen (s) == (size_t) json_object_get_string_len (v))
          found = i;
      if (found >= 0)
        *out = found;
      else
        {
          char q[QUOTE_MAX * 6 + 8];
          quote_into (s, (size_t) json_object_get_string_len (v), QUOTE_MAX, q, sizeof q);
          const char *hint = suggest (s, list, (size_t) n);
          if (hint != NULL)
            ok = report (L, AT_VALUE, v, "unknown %s \"%s\": did you mean \"%s\"? (expected one "
                         "of %s)", what, q, hint, choices);
          else
            ok = report (L, AT_VALUE, v, "unknown %s \"%s\" (expected one of %s)", what, q,
                         choices);
        }
    }
  pop (L);
  return ok;
}

static bool
get_mt (Loader *L, json_object *obj, const char *key, FragMigrateType *out)
{
  int v = (int) *out;
  if (!get_enum (L, obj, key, false, "migrate type", mt_name, FRAG_MT_COUNT, &v))
    return false;
  *out = (FragMigrateType) v;
  return true;
}

static bool
oom (Loader *L)
{
  return report (L, AT_VALUE, NULL, "out of memory");
}

/* ---- memory --------------------------------------------------------------------------------- */

static const char *
zone_of_pfn (const FragConfig *cfg, uint64_t pfn)
{
  for (unsigned z = 0; z < cfg->n_zones; z++)
    if (pfn >= cfg->zones[z].start_pfn && pfn - cfg->zones[z].start_pfn < cfg->zones[z].frames)
      return cfg->zones[z].name;
  return NULL;
}

static void
describe_memory (const FragConfig *cfg, char *out, size_t n)
{
  size_t o = 0;
  out[0] = '\0';
  for (unsigned z = 0; z < cfg->n_zones && o + 1 < n; z++)
    o += (size_t) snprintf (out + o, n - o, "%s%s: pfn %llu..%llu", z ? ", " : "",
                            cfg->zones[z].name, (unsigned long long) cfg->zones[z].start_pfn,
                            (unsigned long long) (cfg->zones[z].start_pfn
                                                  + cfg->zones[z].frames - 1));
}

static bool
parse_zones (Loader *L, json_object *zones)
{
  static const char *const keys[] = { "name", "start_pfn", "frames" };
  size_t n = json_object_array_length (zones);
  push_key (L, "zones");
  if (n == 0)
    {
      report (L, AT_VALUE, zones, "expected 1 to %u zones, got an empty array", FRAG_MAX_ZONES);
      pop (L);
      return false;
    }
  uint64_t next_pfn = 0, total = 0;
  for (size_t i = 0; i < n; i++)
    {
      json_object *z = json_object_array_get_idx (zones, i);
      push_index (L, i);
      if (i >= FRAG_MAX_ZONES)
        return report (L, AT_VALUE, z, "more than %u zones (the maximum)", FRAG_MAX_ZONES);
      if (json_object_get_type (z) != json_type_object)
        return report (L, AT_VALUE, z, "expected a zone object {\"name\", \"start_pfn\", "
                       "\"frames\"}, got %%GOT%%");
      check_keys (L, z, keys, N_OF (keys));
      FragZoneSpec *spec = &L->cfg.zones[i];
      const char *name = NULL;
      if (!get_string (L, z, "name", true, 1, FRAG_ZONE_NAME_LEN - 1, "a zone name (a string)",
                       &name))
        return false;
      for (size_t k = 0; k < i; k++)
        if (strcmp (L->cfg.zones[k].name, name) == 0)
          {
            json_object *nv;
            lookup (z, "name", &nv);
            push_key (L, "name");
            return report (L, AT_VALUE, nv, "zone name \"%s\" is used twice (zones[%zu])",
                           name, k);
          }
      memset (spec->name, 0, sizeof spec->name);
      memcpy (spec->name, name, strlen (name));
      spec->start_pfn = next_pfn;
      if (!get_uint (L, z, "start_pfn", false, 0, FRAG_SCENARIO_MAX_ADDRESS, "a pfn (an integer "
                     ">= 0)", &spec->start_pfn))
        return false;
      spec->frames = 0;
      if (!get_uint (L, z, "frames", true, 1, FRAG_MAX_FRAMES, "a positive number of frames",
                     &spec->frames))
        return false;
      if (i > 0 && spec->start_pfn < next_pfn)
        {
          const FragZoneSpec *p = &L->cfg.zones[i - 1];
          json_object *sv;
          lookup (z, "start_pfn", &sv);
          push_key (L, "start_pfn");
          return report (L, AT_VALUE, sv, "zone \"%s\" starts at pfn %llu, inside or before zone "
                         "\"%s\" (pfn %llu..%llu): zones must be in pfn order without overlap",
                         spec->name, (unsigned long long) spec->start_pfn, p->name,
                         (unsigned long long) p->start_pfn,
                         (unsigned long long) (p->start_pfn + p->frames - 1));
        }
      total += spec->frames;
      if (total > FRAG_MAX_FRAMES)
        {
          json_object *fv;
          lookup (z, "frames", &fv);
          push_key (L, "frames");
          return report (L, AT_VALUE, fv, "the zones hold %llu frames in all, more than the "
                         "maximum of %u", (unsigned long long) total, FRAG_MAX_FRAMES);
        }
      next_pfn = spec->start_pfn + spec->frames;
      if (next_pfn > FRAG_SCENARIO_MAX_ADDRESS / L->cfg.frame_size)
        return report (L, AT_VALUE, z, "zone \"%s\" ends past byte 2^62 (pfn %llu x frame_size "
                       "%llu)", spec->name, (unsigned long long) next_pfn,
                       (unsigned long long) L->cfg.frame_size);
      pop (L);
    }
  L->cfg.n_zones = (unsigned) n;
  pop (L);
  return true;
}

static bool
parse_memory (Loader *L, json_object *mem)
{
  static const char *const keys[] = { "frame_size", "frames", "zones", "max_order",
                                      "pageblock_order", "initial_pageblock_type" };
  push_key (L, "memory");
  check_keys (L, mem, keys, N_OF (keys));
  if (!get_uint (L, mem, "frame_size", false, 1, FRAG_MAX_FRAME_SIZE,
                 "a positive integer (bytes per frame)", &L->cfg.frame_size))
    return false;
  if (!get_unsigned (L, mem, "max_order", false, 0, FRAG_MAX_ORDER_LIMIT,
                     "an order (an integer >= 0)", &L->cfg.max_order))
    return false;
  L->cfg.pageblock_order = L->cfg.max_order < 9 ? L->cfg.max_order : 9;
  char what[96];
  snprintf (what, sizeof what, "an order from 0 to max_order (%u)", L->cfg.max_order);
  if (!get_unsigned (L, mem, "pageblock_order", false, 0, L->cfg.max_order, what,
                     &L->cfg.pageblock_order))
    return false;
  if (!get_mt (L, mem, "initial_pageblock_type", &L->cfg.initial_pageblock_type))
    return false;

  json_object *frames, *zones;
  bool has_frames = lookup (mem, "frames", &frames);
  bool has_zones = lookup (mem, "zones", &zones);
  if (has_frames && has_zones)
    {
      push_key (L, "zones");
      return report (L, AT_KEY, zones, "give either \"frames\" or \"zones\", not both");
    }
  if (!has_frames && !has_zones)
    return missing (L, "frames", "zones");
  if (has_frames)
    {
      L->cfg.n_zones = 1;
      memset (L->cfg.zones[0].name, 0, sizeof L->cfg.zones[0].name);
      strcpy (L->cfg.zones[0].name, "Normal");
      L->cfg.zones[0].start_pfn = 0;
      if (!get_uint (L, mem, "frames", true, 1, FRAG_MAX_FRAMES, "a positive number of frames",
                     &L->cfg.zones[0].frames))
        return false;
      if (L->cfg.zones[0].frames > FRAG_SCENARIO_MAX_ADDRESS / L->cfg.frame_size)
        {
          push_key (L, "frames");
          return report (L, AT_VALUE, frames, "the memory would end past byte 2^62");
        }
    }
  else
    {
      if (!get_array (L, mem, "zones", true, &zones) || !parse_zones (L, zones))
        return false;
    }
  pop (L);
  return true;
}

/* ---- policy -------------------------------------------------------------------------------- */

static bool
parse_policy (Loader *L, json_object *pol)
{
  static const char *const keys[] = { "mode", "fit", "free_list", "compaction", "page_table" };
  static const char *const ckeys[] = { "trigger", "threshold" };
  static const char *const pkeys[] = { "levels", "bits_per_level" };
  push_key (L, "policy");
  check_keys (L, pol, keys, N_OF (keys));
  int v = (int) L->cfg.mode;
  if (!get_enum (L, pol, "mode", false, "mode", mode_name, FRAG_MODE_COUNT, &v))
    return false;
  L->cfg.mode = (FragMode) v;
  v = (int) L->cfg.fit;
  if (!get_enum (L, pol, "fit", false, "fit", fit_name, FRAG_FIT_COUNT, &v))
    return false;
  L->cfg.fit = (FragFit) v;
  v = (int) L->cfg.free_list;
  if (!get_enum (L, pol, "free_list", false, "free list order", free_list_name,
                 FRAG_FREE_LIST_COUNT, &v))
    return false;
  L->cfg.free_list = (FragFreeListOrder) v;

  json_object *comp, *pt;
  if (!get_object (L, pol, "compaction", false, &comp))
    return false;
  if (comp != NULL)
    {
      push_key (L, "compaction");
      check_keys (L, comp, ckeys, N_OF (ckeys));
      v = (int) L->cfg.trigger;
      if (!get_enum (L, comp, "trigger", false, "compaction trigger", trigger_name,
                     FRAG_TRIGGER_COUNT, &v))
        return false;
      L->cfg.trigger = (FragTrigger) v;
      if (!get_ratio (L, comp, "threshold", &L->cfg.threshold))
        return false;
      pop (L);
    }
  if (!get_object (L, pol, "page_table", false, &pt))
    return false;
  if (pt != NULL)
    {
      push_key (L, "page_table");
      check_keys (L, pt, pkeys, N_OF (pkeys));
      if (!get_unsigned (L, pt, "levels", false, 1, FRAG_MAX_PT_LEVELS,
                         "a number of levels (1 to 5)", &L->cfg.pt_levels)
          || !get_unsigned (L, pt, "bits_per_level", false, 1, 16, "a number of bits (1 to 16)",
                            &L->cfg.pt_bits_per_level))
        return false;
      if (L->cfg.pt_levels * L->cfg.pt_bits_per_level > 64)
        {
          json_object *bv;
          lookup (pt, "bits_per_level", &bv);
          push_key (L, "bits_per_level");
          return report (L, AT_VALUE, bv, "levels x bits_per_level is %u, more than 64",
                         L->cfg.pt_levels * L->cfg.pt_bits_per_level);
        }
      pop (L);
    }
  pop (L);
  return true;
}

/* ---- steps --------------------------------------------------------------------------------- */

static uint64_t
pages_of (const Loader *L, uint64_t bytes)
{
  return bytes / L->cfg.frame_size + (bytes % L->cfg.frame_size != 0);
}

static bool
intern (Loader *L, const char *s, uint32_t *out)
{
  *out = frag_program_intern (L->prog, s);
  return *out != FRAG_NONE ? true : oom (L);
}

static bool
get_size (Loader *L, json_object *obj, const char *key, bool required, uint64_t *out)
{
  return get_uint (L, obj, key, required, 1, L->max_bytes, "a positive integer", out);
}

typedef struct {
  uint64_t pfn;
  size_t   index;
} PfnAt;

static int
cmp_pfn_at (const void *a, const void *b)
{
  const PfnAt *x = a, *y = b;
  if (x->pfn != y->pfn)
    return x->pfn < y->pfn ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

static bool
parse_spawn_frames (Loader *L, json_object *step, FragOp *op, uint64_t pages)
{
  json_object *list;
  if (!get_array (L, step, "frames", true, &list))
    return false;
  size_t n = json_object_array_length (list);
  push_key (L, "frames");
  if (n != pages)
    return report (L, AT_VALUE, list, "expected %llu frames (one per virtual page), got %zu",
                   (unsigned long long) pages, n);
  PfnAt *sorted = n ? malloc (n * sizeof *sorted) : NULL;
  if (n && sorted == NULL)
    return oom (L);
  for (size_t i = 0; i < n; i++)
    {
      json_object *v = json_object_array_get_idx (list, i);
      int64_t pfn = 0;
      push_index (L, i);
      if (to_int (v, &pfn) != NUM_OK || pfn < 0)
        {
          free (sorted);
          return report (L, AT_VALUE, v, "expected a pfn (an integer >= 0), got %%GOT%%");
        }
      if (zone_of_pfn (&L->cfg, (uint64_t) pfn) == NULL)
        {
          char zones[512];
          describe_memory (&L->cfg, zones, sizeof zones);
          free (sorted);
          return report (L, AT_VALUE, v, "pfn %lld is in no zone (%s)", (long long) pfn, zones);
        }
      uint32_t idx = frag_program_add_pfn (L->prog, (uint64_t) pfn);
      if (idx == FRAG_NONE)
        {
          free (sorted);
          return oom (L);
        }
      if (i == 0)
        op->first_pfn = idx;
      sorted[i] = (PfnAt) { (uint64_t) pfn, i };
      pop (L);
    }
  if (n > 1)
    qsort (sorted, n, sizeof *sorted, cmp_pfn_at);
  for (size_t i = 1; i < n; i++)
    if (sorted[i].pfn == sorted[i - 1].pfn)
      {
        size_t first = sorted[i - 1].index, again = sorted[i].index;
        uint64_t pfn = sorted[i].pfn;
        free (sorted);
        push_index (L, again);
        return report (L, AT_VALUE, json_object_array_get_idx (list, again),
                       "pfn %llu is given twice (also at frames[%zu])",
                       (unsigned long long) pfn, first);
      }
  free (sorted);
  op->n_pfns = (uint32_t) n;
  pop (L);
  return true;
}

static bool
parse_spawn (Loader *L, json_object *step, FragOp *op)
{
  static const char *const keys[] = { "op", "process", "size", "segments", "at", "migratetype",
                                      "pinned", "frames" };
  static const char *const skeys[] = { "name", "size" };
  check_keys (L, step, keys, N_OF (keys));
  const char *process = NULL;
  if (!get_name (L, step, "process", true, &process) || !intern (L, process, &op->name))
    return false;

  json_object *size, *segs;
  bool has_size = lookup (step, "size", &size);
  bool has_segs = lookup (step, "segments", &segs);
  uint64_t pages = 0, bytes = 0;
  if (has_size && has_segs)
    {
      push_key (L, "segments");
      return report (L, AT_KEY, segs, "give either \"size\" or \"segments\", not both");
    }
  if (!has_size && !has_segs)
    return missing (L, "size", "segments");
  op->first_segment = (uint32_t) L->prog->n_segments;
  if (has_size)
    {
      if (!get_size (L, step, "size", true, &bytes))
        return false;
      if (frag_program_add_segment (L->prog, FRAG_NONE, bytes) == FRAG_NONE)
        return oom (L);
      op->n_segments = 1;
      pages = pages_of (L, bytes);
    }
  else
    {
      if (!get_array (L, step, "segments", true, &segs))
        return false;
      size_t n = json_object_array_length (segs);
      push_key (L, "segments");
      if (n == 0)
        return report (L, AT_VALUE, segs, "expected 1 to %u segments, got an empty array",
                       FRAG_MAX_SEGMENTS);
      for (size_t i = 0; i < n; i++)
        {
          json_object *seg = json_object_array_get_idx (segs, i);
          push_index (L, i);
          if (i >= FRAG_MAX_SEGMENTS)
            return report (L, AT_VALUE, seg, "more than %u segments (the maximum)",
                           FRAG_MAX_SEGMENTS);
          if (json_object_get_type (seg) != json_type_object)
            return report (L, AT_VALUE, seg, "expected a segment object {\"name\", \"size\"}, "
                           "got %%GOT%%");
          check_keys (L, seg, skeys, N_OF (skeys));
          const char *name = NULL;
          uint32_t name_id = FRAG_NONE;
          uint64_t sz = 0;
          if (!get_name (L, seg, "name", false, &name) || !get_size (L, seg, "size", true, &sz))
            return false;
          if (name != NULL)
            {
              if (!intern (L, name, &name_id))
                return false;
              for (uint32_t k = op->first_segment; k < L->prog->n_segments; k++)
                if (L->prog->segments[k].name == name_id)
                  {
                    json_object *nv;
                    lookup (seg, "name", &nv);
                    push_key (L, "name");
                    return report (L, AT_VALUE, nv, "segment name \"%s\" is used twice in this "
                                   "process", name);
                  }
            }
          if (frag_program_add_segment (L->prog, name_id, sz) == FRAG_NONE)
            return oom (L);
          bytes += sz;
          pages += pages_of (L, sz);
          if (bytes > L->max_bytes)
            {
              json_object *sv;
              lookup (seg, "size", &sv);
              push_key (L, "size");
              return report (L, AT_VALUE, sv, "the segments hold %llu bytes in all, more than "
                             "the maximum of %llu", (unsigned long long) bytes,
                             (unsigned long long) L->max_bytes);
            }
          pop (L);
        }
      op->n_segments = (uint32_t) n;
      pop (L);
    }

  json_object *at, *frames;
  bool has_at = lookup (step, "at", &at);
  bool has_frames = lookup (step, "frames", &frames);
  if (has_at && has_frames)
    {
      push_key (L, "frames");
      return report (L, AT_KEY, frames, "give either \"at\" or \"frames\", not both");
    }
  if (has_at)
    {
      uint64_t addr = 0;
      if (!get_uint (L, step, "at", true, 0, FRAG_SCENARIO_MAX_ADDRESS,
                     "a byte address (an integer >= 0)", &addr))
        return false;
      push_key (L, "at");
      if (addr % L->cfg.frame_size != 0)
        return report (L, AT_VALUE, at, "expected a frame-aligned byte address (a multiple of "
                       "frame_size %llu), got %%GOT%%", (unsigned long long) L->cfg.frame_size);
      if (zone_of_pfn (&L->cfg, addr / L->cfg.frame_size) == NULL)
        {
          char zones[512];
          describe_memory (&L->cfg, zones, sizeof zones);
          return report (L, AT_VALUE, at, "address %llu (pfn %llu) is in no zone (%s)",
                         (unsigned long long) addr,
                         (unsigned long long) (addr / L->cfg.frame_size), zones);
        }
      pop (L);
      op->address = addr;
      op->has_at = true;
    }
  if (has_frames && !parse_spawn_frames (L, step, op, pages))
    return false;
  op->size = bytes;
  return get_mt (L, step, "migratetype", &op->mt) && get_bool (L, step, "pinned", &op->pinned);
}

/* Raw allocation ids are strings; integers are taken too and written in decimal. */
static bool
get_id (Loader *L, json_object *step, FragOp *op)
{
  json_object *v;
  if (!lookup (step, "id", &v))
    return missing (L, "id", NULL);
  if (json_object_get_type (v) == json_type_int || json_object_get_type (v) == json_type_double)
    {
      int64_t i = 0;
      char buf[32];
      if (to_int (v, &i) != NUM_OK || i < 0)
        {
          push_key (L, "id");
          return report (L, AT_VALUE, v, "expected an id (a string or an integer >= 0), "
                         "got %%GOT%%");
        }
      snprintf (buf, sizeof buf, "%lld", (long long) i);
      return intern (L, buf, &op->name);
    }
  const char *id = NULL;
  return get_string (L, step, "id", true, 1, FRAG_MAX_NAME_LEN, "an id (a string)", &id)
         && intern (L, id, &op->name);
}

static bool
get_order (Loader *L, json_object *obj, const char *key, bool required, int *out)
{
  char what[96];
  unsigned order = 0;
  json_object *v;
  if (!lookup (obj, key, &v) && !required)
    return true;
  snprintf (what, sizeof what, "an order from 0 to max_order (%u)", L->cfg.max_order);
  if (!get_unsigned (L, obj, key, required, 0, L->cfg.max_order, what, &order))
    return false;
  *out = (int) order;
  return true;
}

static bool
parse_random (Loader *L, json_object *step, FragOp *op)
{
  static const char *const keys[] = { "op", "seed", "count", "workload", "min_size", "max_size",
                                      "max_segments", "min_order", "max_order", "alloc_ratio",
                                      "target_use", "high_ratio", "migratetypes",
                                      "pinned_ratio" };
  FragRandomSpec spec;
  frag_random_spec_init (&spec);
  check_keys (L, step, keys, N_OF (keys));
  int workload = (int) spec.workload;
  if (!get_uint (L, step, "seed", false, 0, UINT64_MAX, "a seed (an integer >= 0)", &spec.seed)
      || !get_uint (L, step, "count", true, 1, FRAG_MAX_STEPS, "a positive number of steps",
                    &spec.count)
      || !get_enum (L, step, "workload", false, "workload", workload_name, 2, &workload)
      || !get_size (L, step, "min_size", false, &spec.min_size))
    return false;
  spec.workload = (FragWorkload) workload;
  char what[128];
  snprintf (what, sizeof what, "a size in bytes no smaller than min_size (%llu)",
            (unsigned long long) spec.min_size);
  if (!get_uint (L, step, "max_size", false, spec.min_size, L->max_bytes, what, &spec.max_size)
      || !get_unsigned (L, step, "max_segments", false, 1, FRAG_MAX_SEGMENTS,
                        "a number of segments (1 to 64)", &spec.max_segments)
      || !get_unsigned (L, step, "min_order", false, 0, FRAG_MAX_ORDER_LIMIT,
                        "an order (an integer >= 0)", &spec.min_order))
    return false;
  if (spec.max_order < spec.min_order)
    spec.max_order = spec.min_order;
  snprintf (what, sizeof what, "an order no smaller than min_order (%u)", spec.min_order);
  if (!get_unsigned (L, step, "max_order", false, spec.min_order, FRAG_MAX_ORDER_LIMIT, what,
                     &spec.max_order)
      || !get_ratio (L, step, "alloc_ratio", &spec.alloc_ratio)
      || !get_ratio (L, step, "target_use", &spec.target_use)
      || !get_ratio (L, step, "high_ratio", &spec.high_ratio)
      || !get_ratio (L, step, "pinned_ratio", &spec.pinned_ratio))
    return false;

  json_object *mts;
  if (!get_object (L, step, "migratetypes", false, &mts))
    return false;
  if (mts != NULL)
    {
      double sum = 0;
      bool seen[FRAG_MT_COUNT] = { false };
      push_key (L, "migratetypes");
      memset (spec.mt_weights, 0, sizeof spec.mt_weights);
      json_object_object_foreach (mts, key, val)
        {
          FragMigrateType mt;
          push_key (L, key);
          if (!frag_migrate_type_parse (key, &mt))
            {
              const char *list[FRAG_MT_COUNT];
              char q[QUOTE_MAX * 6 + 8];
              for (int i = 0; i < FRAG_MT_COUNT; i++)
                list[i] = frag_migrate_type_name ((FragMigrateType) i);
              const char *hint = suggest (key, list, FRAG_MT_COUNT);
              quote_into (key, strlen (key), QUOTE_MAX, q, sizeof q);
              if (hint != NULL)
                return report (L, AT_KEY, val, "unknown migrate type \"%s\": did you mean "
                               "\"%s\"?", q, hint);
              return report (L, AT_KEY, val, "unknown migrate type \"%s\"", q);
            }
          if (seen[mt])
            return report (L, AT_KEY, val, "migrate type \"%s\" is given twice",
                           frag_migrate_type_name (mt));
          seen[mt] = true;
          json_type t = json_object_get_type (val);
          double w = (t == json_type_int || t == json_type_double) ? json_object_get_double (val)
                                                                    : NAN;
          if (!(w >= 0 && w <= MAX_MT_WEIGHT))
            return report (L, AT_VALUE, val, "expected a weight (a number from 0 to 1e9), "
                           "got %%GOT%%");
          spec.mt_weights[mt] = w;
          sum += w;
          pop (L);
        }
      if (!(sum > 0))
        return report (L, AT_VALUE, mts, "at least one migrate type needs a weight above 0");
      pop (L);
    }
  op->random = frag_program_add_random (L->prog, &spec);
  if (op->random == FRAG_NONE)
    return oom (L);
  return true;
}

static bool
parse_step (Loader *L, json_object *step, size_t index)
{
  if (json_object_get_type (step) != json_type_object)
    return report (L, AT_VALUE, step, "expected a step object such as {\"op\": \"note\", "
                   "\"text\": \"...\"}, got %%GOT%%");
  json_object *opv;
  if (!lookup (step, "op", &opv))
    return missing (L, "op", NULL);
  int kind = 0;
  if (!get_enum (L, step, "op", true, "op", op_name, FRAG_OP_TRACE_ALLOC, &kind))
    return false;
  FragOp *op = frag_program_add_op (L->prog, (FragOpKind) kind);
  if (op == NULL)
    return oom (L);
  if (index < L->n_step_pos)
    {
      op->line = L->step_pos[index].line;
      op->column = L->step_pos[index].column;
    }
  const char *s = NULL;
  bool ok = true;
  uint64_t steps_here = 1;
  switch ((FragOpKind) kind)
    {
    case FRAG_OP_SPAWN:
      ok = parse_spawn (L, step, op);
      break;
    case FRAG_OP_EXIT:
      {
        static const char *const keys[] = { "op", "process" };
        check_keys (L, step, keys, N_OF (keys));
        ok = get_name (L, step, "process", true, &s) && intern (L, s, &op->name);
        break;
      }
    case FRAG_OP_GROW:
      {
        static const char *const keys[] = { "op", "process", "segment", "by" };
        check_keys (L, step, keys, N_OF (keys));
        ok = get_name (L, step, "process", true, &s) && intern (L, s, &op->name);
        s = NULL;
        ok = ok && get_name (L, step, "segment", false, &s)
             && (s == NULL || intern (L, s, &op->segment))
             && get_size (L, step, "by", true, &op->size);
        break;
      }
    case FRAG_OP_ALLOC:
      {
        static const char *const keys[] = { "op", "id", "order", "migratetype" };
        check_keys (L, step, keys, N_OF (keys));
        ok = get_id (L, step, op) && get_order (L, step, "order", true, &op->order)
             && get_mt (L, step, "migratetype", &op->mt);
        break;
      }
    case FRAG_OP_FREE:
      {
        static const char *const keys[] = { "op", "id" };
        check_keys (L, step, keys, N_OF (keys));
        ok = get_id (L, step, op);
        break;
      }
    case FRAG_OP_COMPACT:
      {
        static const char *const keys[] = { "op", "order" };
        check_keys (L, step, keys, N_OF (keys));
        op->order = -1;
        ok = get_order (L, step, "order", false, &op->order);
        break;
      }
    case FRAG_OP_ACCESS:
      {
        static const char *const keys[] = { "op", "process", "address" };
        check_keys (L, step, keys, N_OF (keys));
        ok = get_name (L, step, "process", true, &s) && intern (L, s, &op->name)
             && get_uint (L, step, "address", true, 0, FRAG_SCENARIO_MAX_ADDRESS,
                          "a virtual byte address (an integer >= 0)", &op->address);
        break;
      }
    case FRAG_OP_NOTE:
      {
        static const char *const keys[] = { "op", "text" };
        check_keys (L, step, keys, N_OF (keys));
        ok = get_string (L, step, "text", true, 0, FRAG_MAX_TEXT_LEN, "a text (a string)", &s)
             && intern (L, s, &op->name);
        break;
      }
    case FRAG_OP_RANDOM:
      ok = parse_random (L, step, op);
      if (ok)
        steps_here = L->prog->randoms[op->random].count;
      break;
    default:
      ok = report (L, AT_VALUE, step, "this op cannot be written in a scenario");
      break;
    }
  if (!ok)
    return false;
  L->n_steps += steps_here;
  if (L->n_steps > FRAG_MAX_STEPS)
    return report (L, AT_VALUE, step, "the scenario would run %llu steps, more than the maximum "
                   "of %llu", (unsigned long long) L->n_steps,
                   (unsigned long long) FRAG_MAX_STEPS);
  return true;
}

/* Runs json-c over one value that starts at text[offset] (already checked by the scanner). */
static json_object *
parse_value_at (Loader *L, size_t offset, bool *ok)
{
  json_tokener_reset (L->step_tok);
  size_t avail = L->len - offset;
  json_object *v = json_tokener_parse_ex (L->step_tok, L->text + offset,
                                          avail > INT32_MAX ? INT32_MAX : (int) avail);
  enum json_tokener_error jerr = json_tokener_get_error (L->step_tok);
  if (jerr == json_tokener_continue)
    {
      /* A number at the very end waits for more digits: a NUL ends it. */
      v = json_tokener_parse_ex (L->step_tok, "", 1);
      jerr = json_tokener_get_error (L->step_tok);
    }
  *ok = jerr == json_tokener_success;
  if (!*ok)
    {
      json_object_put (v);
      report (L, AT_VALUE, NULL, "JSON parser: %s", json_tokener_error_desc (jerr));
      return NULL;
    }
  return v;
}

static bool
parse_steps (Loader *L)
{
  push_key (L, "steps");
  for (size_t i = 0; i < L->n_step_pos; i++)
    {
      bool ok;
      push_index (L, i);
      json_object *step = parse_value_at (L, L->step_pos[i].offset, &ok);
      if (!ok)
        return false;
      ok = parse_step (L, step, i);
      json_object_put (step);
      if (!ok)
        return false;
      pop (L);
    }
  pop (L);
  return true;
}

/* ---- The top level ------------------------------------------------------------------------- */

static bool
parse_root (Loader *L, json_object *root)
{
  static const char *const keys[] = { "fragscope", "title", "description", "memory", "policy",
                                      "steps", "$schema" };
  if (json_object_get_type (root) != json_type_object)
    return report (L, AT_VALUE, root, "the top level must be an object {\"fragscope\": 1, ...}, "
                   "got %%GOT%%");
  check_keys (L, root, keys, N_OF (keys));

  json_object *v;
  if (!lookup (root, "fragscope", &v))
    return report (L, AT_VALUE, root, "missing required key \"fragscope\" (the format version, "
                   "1): is this a Fragscope scenario?");
  int64_t version = 0;
  push_key (L, "fragscope");
  if (to_int (v, &version) != NUM_OK)
    return report (L, AT_VALUE, v, "expected the format version 1, got %%GOT%%");
  if (version != FRAG_SCENARIO_VERSION)
    return report (L, AT_VALUE, v, "unsupported format version %%GOT%%: this Fragscope reads "
                   "version %d", FRAG_SCENARIO_VERSION);
  pop (L);

  const char *title = NULL, *description = NULL;
  if (!get_string (L, root, "title", false, 0, FRAG_MAX_TEXT_LEN, "a title (a string)", &title)
      || !get_string (L, root, "description", false, 0, FRAG_MAX_TEXT_LEN,
                      "a description (a string)", &description))
    return false;
  if ((title && !frag_program_set_title (L->prog, title))
      || (description && !frag_program_set_description (L->prog, description)))
    return oom (L);

  json_object *mem, *pol, *steps;
  if (!get_object (L, root, "memory", true, &mem) || !parse_memory (L, mem))
    return false;
  L->max_bytes = (uint64_t) FRAG_MAX_FRAMES * L->cfg.frame_size;
  if (!get_object (L, root, "policy", false, &pol) || (pol != NULL && !parse_policy (L, pol)))
    return false;
  /* The array json-c saw is empty (blanked out): parse_steps reads the steps from the text. */
  if (!get_array (L, root, "steps", true, &steps) || !parse_steps (L))
    return false;

  char err[512];
  if (!frag_config_check (&L->cfg, err, sizeof err))
    return report (L, AT_VALUE, root, "%s", err);
  return true;
}

static void
steps_cb (const FragJsonPathElem *path, size_t depth, FragJsonKind kind,
          const FragJsonPos *value_pos, const FragJsonPos *key_pos, void *user_data)
{
  Loader *L = user_data;
  if (depth == 0)
    L->root_is_object = kind == FRAG_JSON_OBJECT;
  if (depth == 1 && L->root_is_object && kind == FRAG_JSON_ARRAY && path[0].key_len == 5
      && memcmp (path[0].key, "steps", 5) == 0)
    {
      L->steps_is_array = true;
      L->steps_open = value_pos->offset;
    }
  if (depth != 2 || !L->root_is_object || path[0].key_len != 5
      || memcmp (path[0].key, "steps", 5) != 0 || path[1].key != NULL
      || path[1].index != L->n_step_pos)
    return;
  if (L->n_step_pos == L->cap_step_pos)
    {
      size_t cap = L->cap_step_pos ? L->cap_step_pos * 2 : 64;
      FragJsonPos *p = realloc (L->step_pos, cap * sizeof *p);
      if (p == NULL)
        {
          L->step_pos_oom = true;
          return;
        }
      L->step_pos = p;
      L->cap_step_pos = cap;
    }
  L->step_pos[L->n_step_pos++] = *value_pos;
}

static void
steps_end_cb (const FragJsonPathElem *path, size_t depth, FragJsonKind kind,
              const FragJsonPos *value_pos, size_t end, void *user_data)
{
  Loader *L = user_data;
  if (depth == 1 && L->steps_is_array && value_pos->offset == L->steps_open)
    L->steps_close = end - 1;
}

static bool
only_white_space (const char *t, size_t len)
{
  for (size_t i = 0; i < len; i++)
    if (t[i] != ' ' && t[i] != '\t' && t[i] != '\n' && t[i] != '\r')
      return false;
  return true;
}

static FragScenario *
load_text (const char *name, const char *path, const char *text, size_t len,
           FragDiagnostics *diag)
{
  if (len == 0 || only_white_space (text, len))
    {
      frag_diagnostics_add (diag, FRAG_DIAG_ERROR, name, 0, 0, NULL,
                            len == 0 ? "the file is empty" : "the file is empty (only white "
                            "space)");
      return NULL;
    }
  if (len > FRAG_SCENARIO_MAX_FILE_SIZE)
    {
      frag_diagnostics_add (diag, FRAG_DIAG_ERROR, name, 0, 0, NULL,
                            "the file is larger than 64 MiB, the maximum for a scenario");
      return NULL;
    }

  Loader L = { .name = name, .text = text, .len = len, .diag = diag };
  FragJsonScanError serr;
  if (!frag_json_scan_full (text, len, FRAG_SCENARIO_MAX_DEPTH, steps_cb, steps_end_cb, &L,
                            &serr))
    {
      frag_diagnostics_add (diag, FRAG_DIAG_ERROR, name, serr.pos.line, serr.pos.column, NULL,
                            serr.message);
      free (L.step_pos);
      return NULL;
    }

  size_t skip = (len >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0) ? 3 : 0;
  json_tokener *tok = json_tokener_new_ex (FRAG_SCENARIO_MAX_DEPTH + 2);
  L.step_tok = json_tokener_new_ex (FRAG_SCENARIO_MAX_DEPTH + 2);
  json_object *root = NULL;
  /* The top level without the steps: the same text with the inside of "steps": [...] blanked. */
  char *blanked = NULL;
  if (L.steps_is_array && L.steps_close > L.steps_open + 1 && L.steps_close < len)
    {
      blanked = malloc (len);
      if (blanked != NULL)
        {
          memcpy (blanked, text, len);
          memset (blanked + L.steps_open + 1, ' ', L.steps_close - L.steps_open - 1);
        }
    }
  if (tok == NULL || L.step_tok == NULL
      || (L.steps_is_array && L.steps_close > L.steps_open + 1 && blanked == NULL))
    {
      frag_diagnostics_add (diag, FRAG_DIAG_ERROR, name, 0, 0, NULL, "out of memory");
      json_tokener_free (tok);
      json_tokener_free (L.step_tok);
      free (L.step_pos);
      return NULL;
    }
  root = json_tokener_parse_ex (tok, (blanked ? blanked : text) + skip, (int) (len - skip));
  free (blanked);
  enum json_tokener_error jerr = json_tokener_get_error (tok);
  if (jerr == json_tokener_continue)
    {
      /* A number at the very end (a top level "0") waits for more digits: a NUL ends it. */
      root = json_tokener_parse_ex (tok, "", 1);
      jerr = json_tokener_get_error (tok);
    }
  if (jerr != json_tokener_success)
    {
      /* The scanner is stricter than json-c, so this is only reached if they disagree. */
      FragJsonPos pos = frag_json_pos_of_offset (text, len,
                                                 skip + json_tokener_get_parse_end (tok));
      char msg[256];
      snprintf (msg, sizeof msg, "JSON parser: %s", json_tokener_error_desc (jerr));
      frag_diagnostics_add (diag, FRAG_DIAG_ERROR, name, pos.line, pos.column, NULL, msg);
      json_object_put (root);
      json_tokener_free (tok);
      json_tokener_free (L.step_tok);
      free (L.step_pos);
      return NULL;
    }
  json_tokener_free (tok);

  frag_config_init (&L.cfg);
  L.max_bytes = (uint64_t) FRAG_MAX_FRAMES * L.cfg.frame_size;
  L.prog = frag_program_new ();
  L.warnings = calloc (FRAG_DIAG_MAX_WARNINGS, sizeof *L.warnings);
  FragScenario *sc = NULL;
  if (L.prog == NULL || L.warnings == NULL || L.step_pos_oom)
    frag_diagnostics_add (diag, FRAG_DIAG_ERROR, name, 0, 0, NULL, "out of memory");
  else if (parse_root (&L, root))
    {
      sc = calloc (1, sizeof *sc);
      if (sc != NULL)
        {
          sc->name = strdup (name);
          sc->path = path ? strdup (path) : NULL;
          sc->config = L.cfg;
          sc->program = L.prog;
          frag_program_n_steps (L.prog);
          L.prog = NULL;
        }
      if (sc == NULL || sc->name == NULL || (path && sc->path == NULL))
        {
          frag_scenario_free (sc);
          sc = NULL;
          frag_diagnostics_add (diag, FRAG_DIAG_ERROR, name, 0, 0, NULL, "out of memory");
        }
    }
  flush_warnings (&L);
  free_warnings (&L);
  free (L.step_pos);
  json_tokener_free (L.step_tok);
  frag_program_unref (L.prog);
  json_object_put (root);
  return sc;
}

/* ---- Public entry points ------------------------------------------------------------------- */

FragScenario *
frag_scenario_load_data (const char *display_name, const char *data, size_t len,
                         FragDiagnostics *diag)
{
  const char *name = display_name && *display_name ? display_name : "(scenario)";
  if (diag != NULL)
    frag_diagnostics_clear (diag);
  if (data == NULL && len > 0)
    {
      frag_diagnostics_add (diag, FRAG_DIAG_ERROR, name, 0, 0, NULL, "no text to load");
      return NULL;
    }
  return load_text (name, NULL, data ? data : "", len, diag);
}

FragScenario *
frag_scenario_load_file (const char *path, FragDiagnostics *diag)
{
  char msg[512];
  if (diag != NULL)
    frag_diagnostics_clear (diag);
  if (path == NULL || *path == '\0')
    {
      frag_diagnostics_add (diag, FRAG_DIAG_ERROR, "(no file)", 0, 0, NULL, "no file name given");
      return NULL;
    }
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      snprintf (msg, sizeof msg, "cannot open the file: %s", strerror (errno));
      frag_diagnostics_add (diag, FRAG_DIAG_ERROR, path, 0, 0, NULL, msg);
      return NULL;
    }
  struct stat st;
  if (fstat (fd, &st) != 0 || S_ISDIR (st.st_mode))
    {
      frag_diagnostics_add (diag, FRAG_DIAG_ERROR, path, 0, 0, NULL,
                            S_ISDIR (st.st_mode) ? "is a directory, not a scenario file"
                                                 : "cannot read the file");
      close (fd);
      return NULL;
    }
  /* Read to the end (pipes have no size), one byte past the limit to see a file that is too big. */
  size_t cap = S_ISREG (st.st_mode) && st.st_size > 0 && st.st_size <= FRAG_SCENARIO_MAX_FILE_SIZE
               ? (size_t) st.st_size + 1 : 65536;
  size_t len = 0;
  char *buf = malloc (cap);
  bool too_big = false;
  while (buf != NULL)
    {
      if (len == cap)
        {
          size_t ncap = cap * 2 > (size_t) FRAG_SCENARIO_MAX_FILE_SIZE + 1
                        ? (size_t) FRAG_SCENARIO_MAX_FILE_SIZE + 1 : cap * 2;
          if (ncap <= cap)
            {
              too_big = true;
              break;
            }
          char *p = realloc (buf, ncap);
          if (p == NULL)
            {
              free (buf);
              buf = NULL;
              break;
            }
          buf = p;
          cap = ncap;
        }
      ssize_t r = read (fd, buf + len, cap - len);
      if (r < 0 && errno == EINTR)
        continue;
      if (r < 0)
        {
          snprintf (msg, sizeof msg, "cannot read the file: %s", strerror (errno));
          frag_diagnostics_add (diag, FRAG_DIAG_ERROR, path, 0, 0, NULL, msg);
          free (buf);
          close (fd);
          return NULL;
        }
      if (r == 0)
        break;
      len += (size_t) r;
      if (len > FRAG_SCENARIO_MAX_FILE_SIZE)
        {
          too_big = true;
          break;
        }
    }
  close (fd);
  if (buf == NULL)
    {
      frag_diagnostics_add (diag, FRAG_DIAG_ERROR, path, 0, 0, NULL, "out of memory");
      return NULL;
    }
  if (too_big)
    {
      frag_diagnostics_add (diag, FRAG_DIAG_ERROR, path, 0, 0, NULL,
                            "the file is larger than 64 MiB, the maximum for a scenario");
      free (buf);
      return NULL;
    }
  FragScenario *sc = load_text (path, path, buf, len, diag);
  free (buf);
  return sc;
}

void
frag_scenario_free (FragScenario *scenario)
{
  if (scenario == NULL)
    return;
  free (scenario->path);
  free (scenario->name);
  frag_program_unref (scenario->program);
  free (scenario);
}

const char *
frag_scenario_builtin_text (size_t *len)
{
  if (len != NULL)
    *len = frag_scenario_builtin_size;
  return frag_scenario_builtin_data;
}

FragScenario *
frag_scenario_load_builtin (FragDiagnostics *diag)
{
  return frag_scenario_load_data (FRAG_SCENARIO_BUILTIN_NAME, frag_scenario_builtin_data,
                                  frag_scenario_builtin_size, diag);
}

static bool
override (int *field, const char *name, NameFunc names, int count, const char *what, char *err,
          size_t errlen)
{
  char choices[256] = "";
  for (int i = 0; i < count; i++)
    {
      const char *n = names (i);
      if (name != NULL && n != NULL && strcasecmp (name, n) == 0)
        {
          *field = i;
          return true;
        }
      size_t used = strlen (choices);
      snprintf (choices + used, sizeof choices - used, "%s%s", used ? ", " : "", n ? n : "?");
    }
  if (err != NULL && errlen > 0)
    {
      char q[QUOTE_MAX * 6 + 8];
      quote_into (name ? name : "", name ? strlen (name) : 0, QUOTE_MAX, q, sizeof q);
      snprintf (err, errlen, "unknown %s \"%s\" (expected one of %s)", what, q, choices);
    }
  return false;
}

bool
frag_scenario_override_mode (FragScenario *scenario, const char *mode, char *err, size_t errlen)
{
  int v = (int) scenario->config.mode;
  if (!override (&v, mode, mode_name, FRAG_MODE_COUNT, "mode", err, errlen))
    return false;
  scenario->config.mode = (FragMode) v;
  return true;
}

bool
frag_scenario_override_fit (FragScenario *scenario, const char *fit, char *err, size_t errlen)
{
  int v = (int) scenario->config.fit;
  if (!override (&v, fit, fit_name, FRAG_FIT_COUNT, "fit", err, errlen))
    return false;
  scenario->config.fit = (FragFit) v;
  return true;
}
