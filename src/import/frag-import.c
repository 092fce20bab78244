/* frag-import.c: one call from a path to a FragSim, for the CLI's `run` and the GUI's Open. */
#include "frag-import.h"

#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>

static void
add_warning (FragImportResult *out, const char *text)
{
  size_t off = strlen (out->warnings);
  if (text[0] != '\0')
    snprintf (out->warnings + off, sizeof out->warnings - off, "%s%s", off > 0 ? "\n" : "",
              text);
}

static bool
trace_in_dir (const char *dir, char *path, size_t len)
{
  static const char *const names[] = { "trace.txt.xz", "trace.txt", "trace.xz", "trace" };
  struct stat st;

  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    {
      snprintf (path, len, "%s/%s", dir, names[i]);
      if (stat (path, &st) == 0 && S_ISREG (st.st_mode))
        return true;
    }
  return false;
}

static bool
note_trace (FragImportResult *out, const FragTrace *t)
{
  char buf[2048];

  frag_trace_describe_errors (t, buf, sizeof buf);
  add_warning (out, buf);
  if (t->truncated)
    {
      snprintf (buf, sizeof buf, "%s:%llu: the last line is cut short and was not replayed",
                t->file, (unsigned long long) t->n_lines);
      add_warning (out, buf);
    }
  if (t->read_error)
    add_warning (out, t->read_message);
  if (t->entries_written > t->entries_in_buffer)
    {
      snprintf (buf, sizeof buf, "%s: the trace buffer overflowed: %llu of %llu events were lost "
                "(the oldest); the replay skips what it cannot explain", t->file,
                (unsigned long long) (t->entries_written - t->entries_in_buffer),
                (unsigned long long) t->entries_written);
      add_warning (out, buf);
    }
  out->trace_ops = t->n_events - t->n_duplicates;
  return true;
}


/* The last component of a path ("linux-capture" of ".../data/linux-capture/"): titles go on
 * slides and window title bars, where a full local path says nothing useful. */
static void
base_name (const char *path, char *buf, size_t len)
{
  size_t n = strlen (path);
  while (n > 1 && path[n - 1] == '/')
    n--;
  size_t start = n;
  while (start > 0 && path[start - 1] != '/')
    start--;
  snprintf (buf, len, "%.*s", (int) (n - start), path + start);
}

bool
frag_import_open (const char *path, bool with_trace, FragImportResult *out, char *err,
                  size_t errlen)
{
  char msg[1024], tpath[4096], name[256], tname[256];

  memset (out, 0, sizeof *out);
  base_name (path, name, sizeof name);
  out->kind = frag_import_detect_full (path, msg, sizeof msg);
  switch (out->kind)
    {
    case FRAG_INPUT_CAPTURE:
      {
        FragCapture *cap = frag_capture_load (path, err, errlen);
        if (cap == NULL)
          return false;
        if (cap->warning[0] != '\0')
          add_warning (out, cap->warning);
        if (with_trace && trace_in_dir (path, tpath, sizeof tpath))
          {
            FragTrace *t = frag_trace_load (tpath, err, errlen);
            if (t == NULL)
              {
                frag_capture_free (cap);
                return false;
              }
            note_trace (out, t);
            out->sim = frag_trace_sim_new (t, cap, err, errlen);
            base_name (tpath, tname, sizeof tname);
            snprintf (out->title, sizeof out->title,
                      "ftrace replay of %.200s on the capture %.200s", tname, name);
            frag_trace_free (t);
          }
        else
          {
            out->sim = frag_capture_sim_new (cap, NULL, err, errlen);
            snprintf (out->title, sizeof out->title, "Physical memory captured in %.460s", name);
          }
        frag_capture_free (cap);
        return out->sim != NULL;
      }
    case FRAG_INPUT_TRACE:
      {
        FragTrace *t = frag_trace_load (path, err, errlen);
        if (t == NULL)
          return false;
        note_trace (out, t);
        out->sim = frag_trace_sim_new (t, NULL, err, errlen);
        snprintf (out->title, sizeof out->title, "ftrace replay of %.480s", name);
        frag_trace_free (t);
        return out->sim != NULL;
      }
    case FRAG_INPUT_UNKNOWN:
      frag_import_set_error (err, errlen, "%s", msg);
      return false;
    default:
      frag_import_set_error (err, errlen, "%s: %s input is not opened here", path,
               frag_input_kind_name (out->kind));
      return false;
    }
}
