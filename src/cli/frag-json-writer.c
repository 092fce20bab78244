/* frag-json-writer.c: see frag-json-writer.h. */
#include "frag-json-writer.h"

#include <math.h>
#include <stdlib.h>

void
frag_json_init (FragJsonWriter *w, FILE *out)
{
  w->out = out;
  w->depth = 0;
  w->need_comma[0] = false;
  w->after_key = false;
}

/* Separates values: a comma before every value but the first of its container, nothing after a key. */
static void
pre_value (FragJsonWriter *w)
{
  if (w->after_key)
    {
      w->after_key = false;
      return;
    }
  if (w->need_comma[w->depth])
    fputc (',', w->out);
  w->need_comma[w->depth] = true;
}

static void
open_container (FragJsonWriter *w, char c)
{
  pre_value (w);
  fputc (c, w->out);
  if (w->depth + 1 < sizeof w->need_comma / sizeof w->need_comma[0])
    w->depth++;
  else
    abort (); /* the reports never nest this deep: a bug, not bad input */
  w->need_comma[w->depth] = false;
}

static void
close_container (FragJsonWriter *w, char c)
{
  fputc (c, w->out);
  w->depth--;
}

void frag_json_begin_object (FragJsonWriter *w) { open_container (w, '{'); }
void frag_json_end_object (FragJsonWriter *w) { close_container (w, '}'); }
void frag_json_begin_array (FragJsonWriter *w) { open_container (w, '['); }
void frag_json_end_array (FragJsonWriter *w) { close_container (w, ']'); }

static void
write_escaped (FILE *out, const char *s)
{
  fputc ('"', out);
  for (const unsigned char *p = (const unsigned char *) s; *p; p++)
    {
      switch (*p)
        {
        case '"': fputs ("\\\"", out); break;
        case '\\': fputs ("\\\\", out); break;
        case '\n': fputs ("\\n", out); break;
        case '\r': fputs ("\\r", out); break;
        case '\t': fputs ("\\t", out); break;
        default:
          if (*p < 0x20)
            fprintf (out, "\\u%04x", *p);
          else
            fputc (*p, out);
        }
    }
  fputc ('"', out);
}

void
frag_json_key (FragJsonWriter *w, const char *key)
{
  pre_value (w);
  write_escaped (w->out, key);
  fputc (':', w->out);
  w->after_key = true;
}

void
frag_json_string (FragJsonWriter *w, const char *s)
{
  if (s == NULL)
    {
      frag_json_null (w);
      return;
    }
  pre_value (w);
  write_escaped (w->out, s);
}

void frag_json_uint (FragJsonWriter *w, uint64_t v) { pre_value (w); fprintf (w->out, "%llu", (unsigned long long) v); }
void frag_json_int (FragJsonWriter *w, int64_t v) { pre_value (w); fprintf (w->out, "%lld", (long long) v); }
void frag_json_bool (FragJsonWriter *w, bool v) { pre_value (w); fputs (v ? "true" : "false", w->out); }
void frag_json_null (FragJsonWriter *w) { pre_value (w); fputs ("null", w->out); }

void
frag_json_double (FragJsonWriter *w, double v)
{
  pre_value (w);
  if (!isfinite (v))
    {
      fputs ("null", w->out);
      return;
    }
  char buf[64];
  snprintf (buf, sizeof buf, "%.15g", v);
  fputs (buf, w->out);
  /* Keep it recognisably a real number for readers that care (0 -> 0.0). */
  bool has_dot = false;
  for (char *p = buf; *p; p++)
    if (*p == '.' || *p == 'e' || *p == 'n' || *p == 'i')
      has_dot = true;
  if (!has_dot)
    fputs (".0", w->out);
}

void
frag_json_milli (FragJsonWriter *w, int v)
{
  pre_value (w);
  unsigned a = v < 0 ? (unsigned) -(long) v : (unsigned) v;
  char frac[8];
  snprintf (frac, sizeof frac, "%03u", a % 1000);
  for (int i = 2; i > 0 && frac[i] == '0'; i--)
    frac[i] = '\0';
  fprintf (w->out, "%s%u.%s", v < 0 ? "-" : "", a / 1000, frac);
}
