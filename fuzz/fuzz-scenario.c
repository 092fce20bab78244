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

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  FragDiagnostics diag;
  frag_diagnostics_init (&diag);
  FragScenario *sc = frag_scenario_load_data ("fuzz.json", (const char *) data, size, &diag);
  if (sc == NULL)
    {
      /* A refusal always says why, in one bounded line. */
      const char *msg = frag_diagnostics_error (&diag);
      if (msg == NULL || strlen (msg) >= 65536)
        abort ();
      /* Differential check: json-c must take whatever the strict scanner let through. */
      if (strncmp (diag.error.message, "JSON parser: ", 13) == 0)
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
      for (size_t i = 0; i < prog->n_ops; i++)
        if (prog->ops[i].line == 0 || prog->ops[i].column == 0)
          abort ();
      if (!frag_scenario_override_mode (sc, "paging", err, sizeof err)
          || frag_scenario_override_fit (sc, "nope", err, sizeof err))
        abort ();
      frag_scenario_free (sc);
    }
  frag_diagnostics_clear (&diag);
  return 0;
}
