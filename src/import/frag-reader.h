/* frag-reader.h: reading real-machine inputs, plain or xz-compressed, in chunks.
 *
 * Captures and traces are often shipped as .xz (a 6.5M-pfn kpageflags is 50 MiB raw, 130 KiB
 * compressed), and /proc/kpageflags itself refuses one huge read(): everything in the import layer
 * reads through this small stream, which sniffs the xz magic and decodes with liblzma in-process
 * (no shell-out). Errors are plain strings, ready to print.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The import layer's messages: formats into err (when err and errlen allow). */
void frag_import_set_error (char *err, size_t errlen, const char *fmt, ...)
  __attribute__ ((format (printf, 3, 4)));

typedef struct FragReader FragReader;

/* Opens path; xz is detected by content, not by name. NULL with a message on failure (missing
 * file, a directory, permission). */
FragReader *frag_reader_open (const char *path, char *err, size_t errlen);
/* Reads up to n bytes of (decompressed) data. Returns the count, 0 at the end, -1 on an error
 * (message kept, see frag_reader_error). A truncated .xz yields its data, then an error. */
ptrdiff_t   frag_reader_read (FragReader *r, void *buf, size_t n);
const char *frag_reader_error (const FragReader *r);
/* Skips n bytes of (decompressed) data: a seek on plain files, decoding on .xz. False on an error
 * or when the data ends first. */
bool        frag_reader_skip (FragReader *r, uint64_t n);
bool        frag_reader_is_xz (const FragReader *r);
void        frag_reader_close (FragReader *r);

/* Reads a whole (small) file, plain or xz, NUL-terminated; fails past max_bytes. The caller
 * frees *out. */
bool frag_read_file (const char *path, size_t max_bytes, char **out, size_t *len,
                     char *err, size_t errlen);

/* Writes data to path as .xz (preset 1: kpageflags is so repetitive that higher presets gain
 * little and take four times longer; CRC64) through liblzma. */
bool frag_write_xz (const char *path, const void *data, size_t len, char *err, size_t errlen);

/* An xz encoder that takes data piece by piece (the capture command streams kpageflags). */
typedef struct FragXzWriter FragXzWriter;
FragXzWriter *frag_xz_writer_new (const char *path, char *err, size_t errlen);
bool          frag_xz_writer_write (FragXzWriter *w, const void *data, size_t len);
/* Finishes the stream and closes the file; false (message in err) if anything failed. */
bool          frag_xz_writer_finish (FragXzWriter *w, char *err, size_t errlen);
