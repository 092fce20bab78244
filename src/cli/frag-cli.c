/* frag-cli.c: fragscope-cli, the headless face of Fragscope (no GTK, no GLib, no display).
 *
 *   fragscope-cli validate FILE...
 *   fragscope-cli run FILE [--mode M] [--fit F] [--free-list L] [--until N] [--json]
 *   fragscope-cli export FILE -o OUT.png|OUT.svg|OUT.pdf [...]
 *   fragscope-cli bench [--trace A|B] [--json] [--suite]
 *   fragscope-cli capture DIR [--seconds N]
 *
 * Exit status: 0 success, 1 bad input (message on stderr), 2 bad usage (CONTRACT.md).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frag-cli-commands.h"

static void
usage (FILE *out)
{
  fputs ("Usage:\n"
         "  fragscope-cli validate FILE...\n"
         "  fragscope-cli run FILE [--mode M] [--fit F] [--free-list address|lifo] [--until N] [--json]\n"
         "                [--events] [--replay-trace]\n"
         "  fragscope-cli export FILE -o OUT.png|OUT.svg|OUT.pdf [--step N | --all] [--view V]\n"
         "                [--mode M] [--fit F] [--width W] [--height H] [--compare M1,M2,...]\n"
         "  fragscope-cli bench [--trace A|B] [--json] [--suite]\n"
         "  fragscope-cli capture DIR [--seconds N]\n"
         "\n"
         "FILE is a scenario (*.fragscope.json), /proc/buddyinfo or /proc/pagetypeinfo text, a\n"
         "capture directory (zoneinfo + kpageflags.bin[.xz]; --replay-trace replays its trace.txt[.xz]\n"
         "on top) or an ftrace kmem trace (replayed on its own).\n"
         "Modes: segmentation, paging, compaction, buddy. Fits: first, next, best, worst.\n",
         out);
}

int
main (int argc, char **argv)
{
  if (argc < 2)
    {
      usage (stderr);
      return FRAG_EXIT_USAGE;
    }
  const char *cmd = argv[1];
  if (strcmp (cmd, "--help") == 0 || strcmp (cmd, "-h") == 0 || strcmp (cmd, "help") == 0)
    {
      usage (stdout);
      return FRAG_EXIT_OK;
    }
  if (strcmp (cmd, "--version") == 0)
    {
      printf ("fragscope-cli %s\n", PACKAGE_VERSION);
      return FRAG_EXIT_OK;
    }
  if (strcmp (cmd, "validate") == 0)
    return frag_cli_validate (argc - 1, argv + 1);
  if (strcmp (cmd, "run") == 0)
    return frag_cli_run (argc - 1, argv + 1);
  if (strcmp (cmd, "export") == 0)
    return frag_cli_export_command (argc - 1, argv + 1);
  if (strcmp (cmd, "bench") == 0)
    return frag_cli_bench (argc - 1, argv + 1);
  if (strcmp (cmd, "capture") == 0)
    return frag_cli_capture (argc - 1, argv + 1);
  fprintf (stderr, "fragscope-cli: unknown command '%s'\n\n", cmd);
  usage (stderr);
  return FRAG_EXIT_USAGE;
}
