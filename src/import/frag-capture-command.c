/* frag-capture-command.c: the `capture` command (see frag-capture-command.h).
 *
 * Order matters: buddyinfo.pre and kpageflags are read back to back so that the free blocks seen
 * in kpageflags match buddyinfo as closely as a running system allows; the trace comes last so
 * that recording it does not disturb the snapshot. */
#include "frag-capture-command.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "frag-reader.h"

#define TRACEFS "/sys/kernel/tracing"

static const char *const kmem_events[] = {
  "mm_page_alloc", "mm_page_free", "mm_page_free_batched", "mm_page_alloc_extfrag",
};
#define N_EVENTS (sizeof kmem_events / sizeof kmem_events[0])

static bool
copy_text (const char *from, const char *dir, const char *name, FILE *err)
{
  char path[4096], buf[65536];
  FILE *out;
  int in;
  bool ok = true;

  snprintf (path, sizeof path, "%s/%s", dir, name);
  in = open (from, O_RDONLY | O_CLOEXEC);
  if (in < 0)
    {
      fprintf (err, "capture: %s: %s\n", from, strerror (errno));
      return false;
    }
  out = fopen (path, "we");
  if (out == NULL)
    {
      fprintf (err, "capture: %s: %s\n", path, strerror (errno));
      close (in);
      return false;
    }
  for (;;)
    {
      ssize_t n = read (in, buf, sizeof buf);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          fprintf (err, "capture: %s: %s\n", from, strerror (errno));
          ok = false;
          break;
        }
      if (n == 0)
        break;
      if (fwrite (buf, 1, (size_t) n, out) != (size_t) n)
        {
          fprintf (err, "capture: %s: %s\n", path, strerror (errno));
          ok = false;
          break;
        }
    }
  close (in);
  if (fclose (out) != 0 && ok)
    {
      fprintf (err, "capture: %s: %s\n", path, strerror (errno));
      ok = false;
    }
  return ok;
}

/* Streams a file (kpageflags, the trace) into DIR/name through the xz encoder, in chunks. */
static bool
compress_file (const char *from, const char *dir, const char *name, FILE *err)
{
  char path[4096], msg[1024];
  FragXzWriter *w;
  FragReader *r;
  uint8_t *buf;
  bool ok = true;

  snprintf (path, sizeof path, "%s/%s", dir, name);
  r = frag_reader_open (from, msg, sizeof msg);
  if (r == NULL)
    {
      fprintf (err, "capture: %s\n", msg);
      return false;
    }
  w = frag_xz_writer_new (path, msg, sizeof msg);
  if (w == NULL)
    {
      fprintf (err, "capture: %s\n", msg);
      frag_reader_close (r);
      return false;
    }
  buf = malloc (1u << 20);
  if (buf == NULL)
    ok = false;
  while (ok)
    {
      /* 1 MiB at a time: one huge read() of /proc/kpageflags fails with EINVAL. */
      ptrdiff_t n = frag_reader_read (r, buf, 1u << 20);
      if (n < 0)
        {
          fprintf (err, "capture: %s\n", frag_reader_error (r));
          ok = false;
          break;
        }
      if (n == 0)
        break;
      if (!frag_xz_writer_write (w, buf, (size_t) n))
        ok = false;
    }
  free (buf);
  frag_reader_close (r);
  if (!frag_xz_writer_finish (w, msg, sizeof msg) && ok)
    {
      fprintf (err, "capture: %s\n", msg);
      ok = false;
    }
  return ok;
}

static bool
read_small (const char *path, char *out, size_t len)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  ssize_t n;

  if (fd < 0)
    return false;
  n = read (fd, out, len - 1);
  close (fd);
  if (n < 0)
    return false;
  out[n] = '\0';
  return true;
}

static bool
write_small (const char *path, const char *value, bool truncate, FILE *err)
{
  int fd = open (path, O_WRONLY | O_CLOEXEC | (truncate ? O_TRUNC : 0));
  size_t n = strlen (value);

  if (fd < 0 || write (fd, value, n) != (ssize_t) n)
    {
      if (err != NULL)
        fprintf (err, "capture: %s: %s\n", path, strerror (errno));
      if (fd >= 0)
        close (fd);
      return false;
    }
  close (fd);
  return true;
}

typedef struct {
  bool mounted;                 /* we mounted tracefs */
  char tracing_on[16];
  char enable[N_EVENTS][16];    /* "" when the event does not exist */
} TraceState;

static bool
trace_setup (TraceState *ts, FILE *err)
{
  char path[512];
  struct stat st;

  memset (ts, 0, sizeof *ts);
  if (stat (TRACEFS "/trace", &st) != 0)
    {
      if (mount ("tracefs", TRACEFS, "tracefs", 0, NULL) != 0)
        {
          fprintf (err, "capture: cannot mount tracefs at %s: %s (no trace recorded; try "
                   "`mount -t tracefs nodev %s`, or --seconds 0)\n", TRACEFS, strerror (errno),
                   TRACEFS);
          return false;
        }
      ts->mounted = true;
    }
  if (!read_small (TRACEFS "/tracing_on", ts->tracing_on, sizeof ts->tracing_on))
    {
      fprintf (err, "capture: %s/tracing_on: %s\n", TRACEFS, strerror (errno));
      return false;
    }
  for (size_t i = 0; i < N_EVENTS; i++)
    {
      snprintf (path, sizeof path, TRACEFS "/events/kmem/%s/enable", kmem_events[i]);
      if (!read_small (path, ts->enable[i], sizeof ts->enable[i]))
        ts->enable[i][0] = '\0';
    }
  if (ts->enable[0][0] == '\0' || ts->enable[1][0] == '\0')
    {
      fprintf (err, "capture: this kernel has no kmem:mm_page_alloc / mm_page_free events\n");
      return false;
    }
  return true;
}

static void
trace_restore (TraceState *ts, FILE *err)
{
  char path[512];

  for (size_t i = 0; i < N_EVENTS; i++)
    if (ts->enable[i][0] != '\0')
      {
        snprintf (path, sizeof path, TRACEFS "/events/kmem/%s/enable", kmem_events[i]);
        write_small (path, ts->enable[i][0] == '1' ? "1" : "0", false, err);
      }
  if (ts->tracing_on[0] != '\0')
    write_small (TRACEFS "/tracing_on", ts->tracing_on[0] == '1' ? "1" : "0", false, err);
  if (ts->mounted && umount (TRACEFS) != 0)
    fprintf (err, "capture: could not unmount %s: %s\n", TRACEFS, strerror (errno));
}

static bool
record_trace (const char *dir, double seconds, FILE *err)
{
  TraceState ts;
  char path[512];
  bool ok = true;

  if (!trace_setup (&ts, err))
    {
      trace_restore (&ts, err);
      return false;
    }
  /* Clear the buffer (truncating `trace` empties it), enable, record, disable. */
  ok = write_small (TRACEFS "/trace", "", true, err);
  for (size_t i = 0; ok && i < N_EVENTS; i++)
    if (ts.enable[i][0] != '\0')
      {
        snprintf (path, sizeof path, TRACEFS "/events/kmem/%s/enable", kmem_events[i]);
        ok = write_small (path, "1", false, err);
      }
  if (ok)
    ok = write_small (TRACEFS "/tracing_on", "1", false, err);
  if (ok)
    {
      struct timespec req = { (time_t) seconds, (long) ((seconds - floor (seconds)) * 1e9) };
      while (nanosleep (&req, &req) != 0 && errno == EINTR)
        ;
      write_small (TRACEFS "/tracing_on", "0", false, err);
    }
  for (size_t i = 0; i < N_EVENTS; i++)
    if (ts.enable[i][0] != '\0')
      {
        snprintf (path, sizeof path, TRACEFS "/events/kmem/%s/enable", kmem_events[i]);
        write_small (path, "0", false, NULL);
      }
  if (ok)
    ok = compress_file (TRACEFS "/trace", dir, "trace.txt.xz", err);
  trace_restore (&ts, err);
  return ok;
}

int
frag_import_capture_command (const char *dir, double seconds, FILE *err)
{
  struct stat st;

  if (dir == NULL || *dir == '\0')
    {
      fprintf (err, "capture: no directory given\n");
      return 2;
    }
  if (!(seconds >= 0 && seconds <= 3600))
    {
      fprintf (err, "capture: --seconds must be between 0 and 3600\n");
      return 2;
    }
  if (geteuid () != 0)
    {
      fprintf (err, "capture: needs root: /proc/kpageflags, /proc/pagetypeinfo and tracefs are "
               "readable by root only (run it with sudo)\n");
      return 1;
    }
  if (stat (dir, &st) == 0)
    {
      if (!S_ISDIR (st.st_mode))
        {
          fprintf (err, "capture: %s exists and is not a directory\n", dir);
          return 1;
        }
    }
  else if (mkdir (dir, 0755) != 0)
    {
      fprintf (err, "capture: cannot create %s: %s\n", dir, strerror (errno));
      return 1;
    }

  if (!copy_text ("/proc/zoneinfo", dir, "zoneinfo", err)
      || !copy_text ("/proc/buddyinfo", dir, "buddyinfo.pre", err)
      || !compress_file ("/proc/kpageflags", dir, "kpageflags.bin.xz", err)
      || !copy_text ("/proc/buddyinfo", dir, "buddyinfo", err)
      || !copy_text ("/proc/pagetypeinfo", dir, "pagetypeinfo", err))
    return 1;
  if (seconds > 0 && !record_trace (dir, seconds, err))
    return 1;
  return 0;
}
