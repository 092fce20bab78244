/* fuzz-trace.c: libFuzzer target for the ftrace kmem trace parser and the pure replay. Any input
 * parses (malformed lines are counted, never fatal); the replay's counts must add up. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "frag-import.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  char *text = malloc (size > 0 ? size : 1);
  char err[512];

  if (text == NULL)
    return 0;
  if (size > 0)
    memcpy (text, data, size); /* data may be NULL when size is 0 */
  FragTrace *t = frag_trace_parse (text, size, "fuzz");
  free (text);
  if (t == NULL)
    return 0;
  char msg[4096];
  frag_trace_describe_errors (t, msg, sizeof msg);
  if (t->n_duplicates > t->n_events)
    abort ();
  /* Replay only what fits a small state: the fuzzer should look for bugs, not allocate GiBs. */
  if (t->end_pfn - t->min_pfn < (1u << 16))
    {
      FragTraceReplay r;
      if (frag_trace_replay (t, NULL, &r, err, sizeof err))
        {
          if (r.trace_allocs + r.trace_frees + r.trace_skipped != t->n_events - t->n_duplicates)
            abort ();
          if (r.used_at_start + r.free_at_start != r.used_at_end + r.free_at_end)
            abort ();
        }
    }
  frag_trace_free (t);
  return 0;
}
