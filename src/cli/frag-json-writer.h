/* frag-json-writer.h: a tiny streaming JSON writer for the CLI's reports.
 *
 * Reports of million-step runs are streamed event by event; building a json-c tree of them first
 * would cost hundreds of megabytes for nothing. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef struct {
  FILE    *out;
  unsigned depth;
  bool     need_comma[64];
  bool     after_key;
} FragJsonWriter;

void frag_json_init (FragJsonWriter *w, FILE *out);
void frag_json_begin_object (FragJsonWriter *w);
void frag_json_end_object (FragJsonWriter *w);
void frag_json_begin_array (FragJsonWriter *w);
void frag_json_end_array (FragJsonWriter *w);
void frag_json_key (FragJsonWriter *w, const char *key);
void frag_json_string (FragJsonWriter *w, const char *s);   /* NULL writes null */
void frag_json_uint (FragJsonWriter *w, uint64_t v);
void frag_json_int (FragJsonWriter *w, int64_t v);
void frag_json_double (FragJsonWriter *w, double v);
/* A value computed x1000 with integer maths (Linux's indices): printed exactly, e.g. 0.438. */
void frag_json_milli (FragJsonWriter *w, int v);
void frag_json_bool (FragJsonWriter *w, bool v);
void frag_json_null (FragJsonWriter *w);
