/* frag-json-scan.h: a strict JSON scanner that knows where everything is.
 *
 * json-c builds the values but keeps no positions, and in its strict mode still takes NaN,
 * Infinity and single quotes. This scanner reads the raw text first: it checks the bytes are
 * UTF-8, the grammar is RFC 8259's, nesting stays under a limit and no object repeats a key,
 * and reports the first problem with its line and column. While it walks it calls back at the
 * start of every value with the path that leads there, which is how the loader finds the
 * line:column of a path (the scenario layer's position index). Private to src/scenario.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
  size_t   offset;  /* byte offset in the text */
  uint32_t line;    /* 1-based */
  uint32_t column;  /* 1-based, in code points */
} FragJsonPos;

typedef struct {
  const char *key;     /* decoded key of an object member (NUL-terminated), NULL in an array */
  size_t      key_len; /* keys may hold "\u0000": compare with this length */
  size_t      index;   /* position in the array, or of the member in its object */
} FragJsonPathElem;

typedef enum {
  FRAG_JSON_OBJECT,
  FRAG_JSON_ARRAY,
  FRAG_JSON_STRING,
  FRAG_JSON_NUMBER,
  FRAG_JSON_LITERAL, /* true, false, null */
} FragJsonKind;

/* Called at the start of every value; path[0..depth-1] leads there (depth 0 is the top value).
 * key_pos is the key's position for object members, NULL otherwise. */
typedef void (*FragJsonValueFunc) (const FragJsonPathElem *path, size_t depth, FragJsonKind kind,
                                   const FragJsonPos *value_pos, const FragJsonPos *key_pos,
                                   void *user_data);

/* Called when a value has been read; `end` is the byte offset just past it. */
typedef void (*FragJsonEndFunc) (const FragJsonPathElem *path, size_t depth, FragJsonKind kind,
                                 const FragJsonPos *value_pos, size_t end, void *user_data);

typedef struct {
  FragJsonPos pos;
  char        message[512];
} FragJsonScanError;

/* max_depth: objects and arrays nested deeper than this are an error (the top value is level 1).
 * fn may be NULL. Returns false with err filled on the first problem. */
bool frag_json_scan (const char *text, size_t len, unsigned max_depth, FragJsonValueFunc fn,
                     void *user_data, FragJsonScanError *err);

/* The same, with a call at the end of every value too (end_fn may be NULL). */
bool frag_json_scan_full (const char *text, size_t len, unsigned max_depth, FragJsonValueFunc fn,
                          FragJsonEndFunc end_fn, void *user_data, FragJsonScanError *err);

/* The line:column of a byte offset (for json-c's tokener offsets). */
FragJsonPos frag_json_pos_of_offset (const char *text, size_t len, size_t offset);

/* Length of the number token starting at text[offset] (0 if there is none). */
size_t frag_json_number_len (const char *text, size_t len, size_t offset);
