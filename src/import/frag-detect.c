/* frag-detect.c: telling inputs apart by content, for `fragscope-cli run FILE` and the GUI's
 * Open. */
#include "frag-import.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define SNIFF_BYTES 8192u

const char *
frag_input_kind_name (FragInputKind kind)
{
  switch (kind)
    {
    case FRAG_INPUT_JSON: return "json";
    case FRAG_INPUT_BUDDYINFO: return "buddyinfo";
    case FRAG_INPUT_PAGETYPEINFO: return "pagetypeinfo";
    case FRAG_INPUT_ZONEINFO: return "zoneinfo";
    case FRAG_INPUT_CAPTURE: return "capture";
    case FRAG_INPUT_TRACE: return "trace";
    case FRAG_INPUT_UNKNOWN:
    default: return "unknown";
    }
}

static bool
is_regular (const char *dir, const char *name)
{
  char path[4096];
  struct stat st;

  snprintf (path, sizeof path, "%s/%s", dir, name);
  return stat (path, &st) == 0 && S_ISREG (st.st_mode);
}

/* A line of an ftrace text trace: "# tracer:" headers or a kmem event. */
static bool
looks_like_trace (const char *s, size_t n)
{
  if (n >= 9 && memcmp (s, "# tracer:", 9) == 0)
    return true;
  /* Data lines: "TASK-PID [CPU] ... TIMESTAMP: mm_page_...:"; look at the first few lines. */
  size_t off = 0;
  for (int line = 0; line < 16 && off < n; line++)
    {
      const char *nl = memchr (s + off, '\n', n - off);
      size_t end = nl != NULL ? (size_t) (nl - s) : n;
      const char *l = s + off;
      size_t len = end - off;
      size_t i = 0;
      while (i < len && (l[i] == ' ' || l[i] == '\t'))
        i++;
      if (i < len && l[i] != '#')
        {
          for (size_t k = i; k + 10 < len; k++)
            if (l[k] == ':' && l[k + 1] == ' ' && memcmp (l + k + 2, "mm_page_", 8) == 0)
              return memchr (l, '[', len) != NULL;
          return false;
        }
      off = end + 1;
    }
  return false;
}

FragInputKind
frag_import_detect_full (const char *path, char *err, size_t errlen)
{
  struct stat st;
  char buf[SNIFF_BYTES];
  size_t n = 0;

  if (path == NULL || *path == '\0')
    {
      frag_import_set_error (err, errlen, "no file name given");
      return FRAG_INPUT_UNKNOWN;
    }
  if (stat (path, &st) != 0)
    {
      frag_import_set_error (err, errlen, "%s: %s", path, strerror (errno));
      return FRAG_INPUT_UNKNOWN;
    }
  if (S_ISDIR (st.st_mode))
    {
      if (is_regular (path, "zoneinfo")
          && (is_regular (path, "kpageflags.bin") || is_regular (path, "kpageflags.bin.xz")))
        return FRAG_INPUT_CAPTURE;
      frag_import_set_error (err, errlen, "%s: is a directory, but not a capture (zoneinfo and "
               "kpageflags.bin[.xz])", path);
      return FRAG_INPUT_UNKNOWN;
    }
  FragReader *r = frag_reader_open (path, err, errlen);
  if (r == NULL)
    return FRAG_INPUT_UNKNOWN;
  while (n < sizeof buf)
    {
      ptrdiff_t got = frag_reader_read (r, buf + n, sizeof buf - n);
      if (got <= 0)
        break;
      n += (size_t) got;
    }
  frag_reader_close (r);

  size_t i = 0;
  if (n >= 3 && memcmp (buf, "\xef\xbb\xbf", 3) == 0)
    i = 3;
  while (i < n && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' || buf[i] == '\r'))
    i++;
  if (i == n)
    {
      frag_import_set_error (err, errlen, "%s: empty file", path);
      return FRAG_INPUT_UNKNOWN;
    }
  /* '[' too: a JSON array is a scenario file gone wrong, and the scenario loader says how. */
  if (buf[i] == '{' || buf[i] == '[')
    return FRAG_INPUT_JSON;
  switch (frag_proc_sniff (buf, n))
    {
    case FRAG_PROC_BUDDYINFO: return FRAG_INPUT_BUDDYINFO;
    case FRAG_PROC_PAGETYPEINFO: return FRAG_INPUT_PAGETYPEINFO;
    case FRAG_PROC_ZONEINFO: return FRAG_INPUT_ZONEINFO;
    default: break;
    }
  if (looks_like_trace (buf + i, n - i))
    return FRAG_INPUT_TRACE;
  frag_import_set_error (err, errlen, "%s:1:1: not a scenario, /proc text, capture or ftrace trace", path);
  return FRAG_INPUT_UNKNOWN;
}

FragInputKind
frag_import_detect (const char *path)
{
  return frag_import_detect_full (path, NULL, 0);
}
