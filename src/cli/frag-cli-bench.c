/* frag-cli-bench.c: `fragscope-cli bench`: the speed figures of BENCH-TRACES.md and the rest of
 * the engine's targets. Trace A/B print exactly the contract's JSON object; --suite runs every
 * benchmark the layers provide and prints one line (or one JSON object) each. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "frag-bench.h"
#include "frag-cli-commands.h"
#include "frag-engine.h"

static void
print_trace (const FragBenchResult *r, bool json)
{
  if (json)
    printf ("{\"trace\": \"%c\", \"ops\": %" PRIu64 ", \"seconds\": %.6f, \"mops\": %.3f, "
            "\"allocs\": %" PRIu64 ", \"frees\": %" PRIu64 ", \"fails\": %" PRIu64
            ", \"live\": %" PRIu64 ", \"used\": %" PRIu64 ", \"checksum\": \"%016" PRIx64 "\"}\n",
            r->trace, r->ops, r->seconds_median, r->mops, r->allocs, r->frees, r->fails, r->live,
            r->used, r->checksum);
  else
    printf ("trace %c: %" PRIu64 " ops in %.4f s (median of %u) = %.2f Mops/s; allocs %" PRIu64
            ", frees %" PRIu64 ", fails %" PRIu64 ", live %" PRIu64 ", checksum %016" PRIx64 "\n",
            r->trace, r->ops, r->seconds_median, r->repeats, r->mops, r->allocs, r->frees,
            r->fails, r->live, r->checksum);
}

int
frag_cli_bench (int argc, char **argv)
{
  char trace = 'A';
  bool json = false, suite = false;
  const char *only = NULL;
  FragFreeListOrder discipline = FRAG_FREE_LIST_ADDRESS;
  uint64_t repeats = 5;
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--json") == 0)
        json = true;
      else if (strcmp (argv[i], "--suite") == 0)
        suite = true;
      else if (strcmp (argv[i], "--only") == 0 && i + 1 < argc)
        {
          only = argv[++i];
          suite = true;
        }
      else if (strcmp (argv[i], "--trace") == 0 && i + 1 < argc
               && (strcmp (argv[i + 1], "A") == 0 || strcmp (argv[i + 1], "B") == 0))
        trace = argv[++i][0];
      else if (strcmp (argv[i], "--free-list") == 0 && i + 1 < argc
               && frag_free_list_parse (argv[i + 1], &discipline))
        i++;
      else if (strcmp (argv[i], "--repeats") == 0 && i + 1 < argc
               && frag_cli_parse_u64 (argv[i + 1], &repeats) && repeats >= 1 && repeats <= 9)
        i++;
      else
        {
          fprintf (stderr, "Usage: fragscope-cli bench [--trace A|B] [--json] [--suite] [--only NAME] "
                   "[--free-list address|lifo] [--repeats 1..9]\n");
          return FRAG_EXIT_USAGE;
        }
    }

  if (!suite)
    {
      FragBenchResult r;
      if (!frag_bench_trace (trace, discipline, (unsigned) repeats, 0, &r))
        {
          fprintf (stderr, "fragscope-cli: bench: out of memory\n");
          return FRAG_EXIT_BAD_INPUT;
        }
      print_trace (&r, json);
      return FRAG_EXIT_OK;
    }
  return frag_cli_bench_suite (json, (unsigned) repeats, only);
}
