/* frag-import-nosim.c: stands in for frag-import-sim.c while the engine has no importer entry
 * points (see src/import/meson.build): the same functions, refusing with a clear message. */
#include <stdio.h>

#include "frag-capture.h"
#include "frag-trace.h"

bool
frag_import_have_sim (void)
{
  return false;
}

FragSim *
frag_capture_sim_new (const FragCapture *cap, FragProgram *prog, char *err, size_t errlen)
{
  (void) cap;
  (void) prog;
  snprintf (err, errlen, "this build's engine cannot import real memory yet (no FragSim)");
  return NULL;
}

FragSim *
frag_trace_sim_new (const FragTrace *trace, const FragCapture *cap, char *err, size_t errlen)
{
  (void) trace;
  (void) cap;
  snprintf (err, errlen, "this build's engine cannot replay traces yet (no FragSim)");
  return NULL;
}
