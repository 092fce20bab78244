/* frag-diagnostics.c: storage and formatting of the loader's errors and warnings. */
#include "frag-diagnostics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every part is cut so that a full line stays well under the 64 KiB the contract allows. */
#define PART_MAX 8192u

void
frag_diagnostics_init (FragDiagnostics *diag)
{
  memset (diag, 0, sizeof *diag);
}

static void
diagnostic_clear (FragDiagnostic *d)
{
  free (d->file);
  free (d->path);
  free (d->message);
  free (d->full);
  memset (d, 0, sizeof *d);
}

void
frag_diagnostics_clear (FragDiagnostics *diag)
{
  if (diag == NULL)
    return;
  diagnostic_clear (&diag->error);
  for (size_t i = 0; i < diag->n_warnings; i++)
    diagnostic_clear (&diag->warnings[i]);
  frag_diagnostics_init (diag);
}

const char *
frag_diagnostics_error (const FragDiagnostics *diag)
{
  return diag != NULL && diag->has_error ? diag->error.full : NULL;
}

/* Copies at most PART_MAX bytes, cutting on a UTF-8 character boundary. */
static char *
copy_part (const char *s)
{
  if (s == NULL)
    s = "";
  size_t n = strlen (s);
  if (n > PART_MAX)
    {
      n = PART_MAX;
      while (n > 0 && ((unsigned char) s[n] & 0xc0) == 0x80)
        n--;
    }
  char *copy = malloc (n + 1);
  if (copy != NULL)
    {
      memcpy (copy, s, n);
      copy[n] = '\0';
    }
  return copy;
}

bool
frag_diagnostics_add (FragDiagnostics *diag, FragDiagSeverity severity, const char *file,
                      uint32_t line, uint32_t column, const char *path, const char *message)
{
  FragDiagnostic *d;
  if (diag == NULL)
    return true;
  if (severity == FRAG_DIAG_ERROR)
    {
      if (diag->has_error)
        return true;
      d = &diag->error;
    }
  else
    {
      if (diag->n_warnings >= FRAG_DIAG_MAX_WARNINGS)
        {
          diag->n_warnings_dropped++;
          return true;
        }
      d = &diag->warnings[diag->n_warnings];
    }

  FragDiagnostic nd = { .severity = severity, .line = line, .column = column };
  nd.file = copy_part (file ? file : "(scenario)");
  nd.path = copy_part (path);
  nd.message = copy_part (message);
  if (nd.file == NULL || nd.path == NULL || nd.message == NULL)
    {
      diagnostic_clear (&nd);
      return false;
    }
  size_t need = strlen (nd.file) + strlen (nd.path) + strlen (nd.message) + 64;
  nd.full = malloc (need);
  if (nd.full == NULL)
    {
      diagnostic_clear (&nd);
      return false;
    }
  int n;
  if (line > 0)
    n = snprintf (nd.full, need, "%s:%u:%u: ", nd.file, line, column);
  else
    n = snprintf (nd.full, need, "%s: ", nd.file);
  if (nd.path[0] != '\0')
    n += snprintf (nd.full + n, need - (size_t) n, "%s: ", nd.path);
  snprintf (nd.full + n, need - (size_t) n, "%s", nd.message);

  *d = nd;
  if (severity == FRAG_DIAG_ERROR)
    diag->has_error = true;
  else
    diag->n_warnings++;
  return true;
}
