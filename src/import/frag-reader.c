/* frag-reader.c: plain or xz input streams and xz output for the import layer (see
 * frag-reader.h). */
#include "frag-reader.h"

#include <errno.h>
#include <fcntl.h>
#include <lzma.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void
frag_import_set_error (char *err, size_t errlen, const char *fmt, ...)
{
  va_list ap;

  if (err == NULL || errlen == 0)
    return;
  va_start (ap, fmt);
  vsnprintf (err, errlen, fmt, ap);
  va_end (ap);
}

#define IN_CHUNK (64u * 1024u)

struct FragReader {
  int         fd;
  bool        xz;
  bool        eof;        /* the file is exhausted */
  bool        done;       /* the decoder reported the end of the stream */
  lzma_stream strm;
  uint8_t    *inbuf;
  size_t      pending;    /* bytes sniffed at open, still to hand out (plain files) */
  size_t      pending_off;
  char        path[512];
  char        error[640];
};

static ptrdiff_t
read_fd (int fd, void *buf, size_t n)
{
  for (;;)
    {
      ssize_t r = read (fd, buf, n);
      if (r < 0 && errno == EINTR)
        continue;
      return r;
    }
}

FragReader *
frag_reader_open (const char *path, char *err, size_t errlen)
{
  struct stat st;
  FragReader *r;
  ptrdiff_t got;
  size_t have = 0;

  if (path == NULL || *path == '\0')
    {
      frag_import_set_error (err, errlen, "no file name given");
      return NULL;
    }
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      frag_import_set_error (err, errlen, "%s: cannot open: %s", path, strerror (errno));
      return NULL;
    }
  if (fstat (fd, &st) == 0 && S_ISDIR (st.st_mode))
    {
      frag_import_set_error (err, errlen, "%s: is a directory, expected a file", path);
      close (fd);
      return NULL;
    }
  r = calloc (1, sizeof *r);
  if (r == NULL || (r->inbuf = malloc (IN_CHUNK)) == NULL)
    {
      free (r);
      close (fd);
      frag_import_set_error (err, errlen, "%s: out of memory", path);
      return NULL;
    }
  r->fd = fd;
  snprintf (r->path, sizeof r->path, "%s", path);
  /* Sniff the 6-byte xz magic, reading 8: /proc/kpageflags refuses (EINVAL) any read that is
   * not a whole number of u64s. /proc files may return short reads, so loop. */
  while (have < 8)
    {
      got = read_fd (fd, r->inbuf + have, 8 - have);
      if (got < 0)
        {
          frag_import_set_error (err, errlen, "%s: cannot read: %s", path, strerror (errno));
          frag_reader_close (r);
          return NULL;
        }
      if (got == 0)
        {
          r->eof = true;
          break;
        }
      have += (size_t) got;
    }
  if (have >= 6 && memcmp (r->inbuf, "\xfd" "7zXZ\0", 6) == 0)
    {
      lzma_stream init = LZMA_STREAM_INIT;
      r->xz = true;
      r->strm = init;
      if (lzma_stream_decoder (&r->strm, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK)
        {
          frag_import_set_error (err, errlen, "%s: cannot start the xz decoder", path);
          frag_reader_close (r);
          return NULL;
        }
      r->strm.next_in = r->inbuf;
      r->strm.avail_in = have;
    }
  else
    {
      r->pending = have;
      r->pending_off = 0;
    }
  return r;
}

bool
frag_reader_is_xz (const FragReader *r)
{
  return r->xz;
}

const char *
frag_reader_error (const FragReader *r)
{
  return r->error;
}

ptrdiff_t
frag_reader_read (FragReader *r, void *buf, size_t n)
{
  if (n == 0)
    return 0;
  if (!r->xz)
    {
      if (r->pending > 0)
        {
          size_t k = r->pending < n ? r->pending : n;
          memcpy (buf, r->inbuf + r->pending_off, k);
          r->pending -= k;
          r->pending_off += k;
          return (ptrdiff_t) k;
        }
      if (r->eof)
        return 0;
      ptrdiff_t got = read_fd (r->fd, buf, n);
      if (got < 0)
        {
          snprintf (r->error, sizeof r->error, "%s: cannot read: %s", r->path, strerror (errno));
          return -1;
        }
      if (got == 0)
        r->eof = true;
      return got;
    }

  if (r->done)
    return 0;
  r->strm.next_out = buf;
  r->strm.avail_out = n;
  while (r->strm.avail_out == n)
    {
      lzma_action action = LZMA_RUN;
      if (r->strm.avail_in == 0 && !r->eof)
        {
          ptrdiff_t got = read_fd (r->fd, r->inbuf, IN_CHUNK);
          if (got < 0)
            {
              snprintf (r->error, sizeof r->error, "%s: cannot read: %s", r->path,
                        strerror (errno));
              return -1;
            }
          if (got == 0)
            r->eof = true;
          r->strm.next_in = r->inbuf;
          r->strm.avail_in = (size_t) got;
        }
      if (r->eof && r->strm.avail_in == 0)
        action = LZMA_FINISH;
      lzma_ret ret = lzma_code (&r->strm, action);
      if (ret == LZMA_STREAM_END)
        {
          r->done = true;
          break;
        }
      if (ret != LZMA_OK)
        {
          const char *why = ret == LZMA_BUF_ERROR ? "truncated xz data"
                            : ret == LZMA_DATA_ERROR ? "corrupt xz data"
                            : ret == LZMA_FORMAT_ERROR ? "not xz data"
                            : ret == LZMA_MEM_ERROR ? "out of memory in the xz decoder"
                            : "xz decoder error";
          size_t out = n - r->strm.avail_out;
          snprintf (r->error, sizeof r->error, "%s: %s", r->path, why);
          if (out > 0)
            {
              /* Hand out what was decoded; the next call reports the error. */
              r->done = true;
              r->eof = true;
              return (ptrdiff_t) out;
            }
          return -1;
        }
    }
  return (ptrdiff_t) (n - r->strm.avail_out);
}

bool
frag_reader_skip (FragReader *r, uint64_t n)
{
  uint8_t buf[16384];

  if (!r->xz && r->pending > 0)
    {
      size_t k = r->pending < n ? r->pending : (size_t) n;
      r->pending -= k;
      r->pending_off += k;
      n -= k;
    }
  if (!r->xz && !r->eof && n > 0)
    {
      off_t cur = lseek (r->fd, 0, SEEK_CUR);
      if (cur >= 0 && (uint64_t) cur + n <= (uint64_t) INT64_MAX
          && lseek (r->fd, (off_t) (cur + (off_t) n), SEEK_SET) >= 0)
        return true;
    }
  while (n > 0)
    {
      ptrdiff_t got = frag_reader_read (r, buf, n < sizeof buf ? (size_t) n : sizeof buf);
      if (got <= 0)
        return false;
      n -= (uint64_t) got;
    }
  return true;
}

void
frag_reader_close (FragReader *r)
{
  if (r == NULL)
    return;
  if (r->xz)
    lzma_end (&r->strm);
  if (r->fd >= 0)
    close (r->fd);
  free (r->inbuf);
  free (r);
}

bool
frag_read_file (const char *path, size_t max_bytes, char **out, size_t *len, char *err,
                size_t errlen)
{
  FragReader *r = frag_reader_open (path, err, errlen);
  size_t cap = 8192, n = 0;
  char *buf;

  *out = NULL;
  *len = 0;
  if (r == NULL)
    return false;
  buf = malloc (cap + 1);
  if (buf == NULL)
    {
      frag_reader_close (r);
      frag_import_set_error (err, errlen, "%s: out of memory", path);
      return false;
    }
  for (;;)
    {
      if (n == cap)
        {
          if (cap >= max_bytes)
            {
              frag_import_set_error (err, errlen, "%s: file too large (more than %zu bytes)", path, max_bytes);
              goto fail;
            }
          size_t ncap = cap * 2 > max_bytes ? max_bytes : cap * 2;
          char *nbuf = realloc (buf, ncap + 1);
          if (nbuf == NULL)
            {
              frag_import_set_error (err, errlen, "%s: out of memory", path);
              goto fail;
            }
          buf = nbuf;
          cap = ncap;
        }
      ptrdiff_t got = frag_reader_read (r, buf + n, cap - n);
      if (got < 0)
        {
          frag_import_set_error (err, errlen, "%s", frag_reader_error (r));
          goto fail;
        }
      if (got == 0)
        break;
      n += (size_t) got;
    }
  frag_reader_close (r);
  buf[n] = '\0';
  *out = buf;
  *len = n;
  return true;

fail:
  frag_reader_close (r);
  free (buf);
  return false;
}

struct FragXzWriter {
  FILE       *f;
  lzma_stream strm;
  bool        failed;
  char        path[512];
  char        error[640];
  uint8_t     out[IN_CHUNK];
};

FragXzWriter *
frag_xz_writer_new (const char *path, char *err, size_t errlen)
{
  FragXzWriter *w = calloc (1, sizeof *w);
  lzma_stream init = LZMA_STREAM_INIT;

  if (w == NULL)
    {
      frag_import_set_error (err, errlen, "%s: out of memory", path);
      return NULL;
    }
  w->strm = init;
  snprintf (w->path, sizeof w->path, "%s", path);
  if (lzma_easy_encoder (&w->strm, 1, LZMA_CHECK_CRC64) != LZMA_OK)
    {
      frag_import_set_error (err, errlen, "%s: cannot start the xz encoder", path);
      free (w);
      return NULL;
    }
  w->f = fopen (path, "wbe");
  if (w->f == NULL)
    {
      frag_import_set_error (err, errlen, "%s: cannot create: %s", path, strerror (errno));
      lzma_end (&w->strm);
      free (w);
      return NULL;
    }
  return w;
}

static bool
xz_pump (FragXzWriter *w, lzma_action action)
{
  for (;;)
    {
      w->strm.next_out = w->out;
      w->strm.avail_out = sizeof w->out;
      lzma_ret ret = lzma_code (&w->strm, action);
      size_t produced = sizeof w->out - w->strm.avail_out;
      if (produced > 0 && fwrite (w->out, 1, produced, w->f) != produced)
        {
          snprintf (w->error, sizeof w->error, "%s: write failed: %s", w->path, strerror (errno));
          return false;
        }
      if (ret == LZMA_STREAM_END)
        return true;
      if (ret != LZMA_OK)
        {
          snprintf (w->error, sizeof w->error, "%s: xz encoder error %d", w->path, (int) ret);
          return false;
        }
      if (action == LZMA_RUN && w->strm.avail_in == 0)
        return true;
    }
}

bool
frag_xz_writer_write (FragXzWriter *w, const void *data, size_t len)
{
  if (w->failed)
    return false;
  w->strm.next_in = data;
  w->strm.avail_in = len;
  if (!xz_pump (w, LZMA_RUN))
    w->failed = true;
  return !w->failed;
}

bool
frag_xz_writer_finish (FragXzWriter *w, char *err, size_t errlen)
{
  bool ok = !w->failed;

  if (ok)
    {
      w->strm.next_in = NULL;
      w->strm.avail_in = 0;
      ok = xz_pump (w, LZMA_FINISH);
    }
  if (fclose (w->f) != 0 && ok)
    {
      snprintf (w->error, sizeof w->error, "%s: write failed: %s", w->path, strerror (errno));
      ok = false;
    }
  if (!ok)
    frag_import_set_error (err, errlen, "%s", w->error);
  lzma_end (&w->strm);
  free (w);
  return ok;
}

bool
frag_write_xz (const char *path, const void *data, size_t len, char *err, size_t errlen)
{
  FragXzWriter *w = frag_xz_writer_new (path, err, errlen);

  if (w == NULL)
    return false;
  frag_xz_writer_write (w, data, len);
  return frag_xz_writer_finish (w, err, errlen);
}
