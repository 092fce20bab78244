/* fuzz-scenario.c: libFuzzer target for the scenario loader.
 *
 * Any bytes must give a scenario or an error, never a crash, a hang or a leak. When a scenario
 * loads, the target also checks what the loader promises: a configuration the engine accepts and
 * step positions inside the text. tests/scenario/test-fuzz-corpus.c runs the kept corpus through
 * this same function as an ordinary test. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frag-scenario.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* The byte offset of a 1-based line:column (columns count UTF-8 characters), or SIZE_MAX when
 * the text has no such place. */
static size_t
offset_of (const uint8_t *data, size_t size, uint32_t line, uint32_t column)
{
  uint32_t l = 1, c = 1;
  /* A leading byte order mark takes no column, as in an editor. */
  size_t start = size >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
  for (size_t i = start; i <= size; i++)
    {
      if (i < size && (data[i] & 0xc0) == 0x80)
        continue;
      if (l == line && c == column)
        return i;
      if (i == size)
        break;
      if (data[i] == '\n')
        {
          l++;
          c = 1;
        }
      else
        c++;
    }
  return SIZE_MAX;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  FragDiagnostics diag;
  frag_diagnostics_init (&diag);
  FragScenario *sc = frag_scenario_load_data ("fuzz.json", (const char *) data, size, &diag);
  /* Warnings come in the order of the text. */
  for (size_t i = 1; i < diag.n_warnings; i++)
    {
      const FragDiagnostic *a = &diag.warnings[i - 1], *b = &diag.warnings[i];
      if (a->line > b->line || (a->line == b->line && a->column > b->column))
        abort ();
    }
  if (sc == NULL)
    {
      /* A refusal always says why, in one bounded line. */
      const char *msg = frag_diagnostics_error (&diag);
      if (msg == NULL || strlen (msg) >= 65536)
        abort ();
      /* Differential check: json-c must take whatever the strict scanner let through. */
      if (strncmp (diag.error.message, "JSON parser: ", 13) == 0)
        abort ();
      if (diag.error.line > 0
          && offset_of (data, size, diag.error.line, diag.error.column) == SIZE_MAX)
        abort ();
    }
  else
    {
      char err[512];
      if (diag.has_error || !frag_config_check (&sc->config, err, sizeof err))
        abort ();
      const FragProgram *prog = sc->program;
      if (prog->n_steps > FRAG_MAX_STEPS)
        abort ();
      /* Every op points at the '{' that opens its step (inputs are small: walking is fine). */
      for (size_t i = 0; i < prog->n_ops && size <= 65536; i++)
        {
          size_t at = offset_of (data, size, prog->ops[i].line, prog->ops[i].column);
          if (at >= size || data[at] != '{')
            abort ();
        }
      if (!frag_scenario_override_mode (sc, "paging", err, sizeof err)
          || frag_scenario_override_fit (sc, "nope", err, sizeof err))
        abort ();
      frag_scenario_free (sc);
    }
  frag_diagnostics_clear (&diag);
  return 0;
}
