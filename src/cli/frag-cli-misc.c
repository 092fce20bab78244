/* frag-cli-misc.c: the thin subcommands: `export` (the renderer's exporter) and `capture`
 * (the importer's capture of this machine). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "frag-import.h"
#include "frag-cli-commands.h"
#include "frag-cli-export.h"

int
frag_cli_export_command (int argc, char **argv)
{
  return frag_cli_export (argc, argv);
}

int
frag_cli_capture (int argc, char **argv)
{
  const char *dir = NULL;
  double seconds = 5.0;
  for (int i = 1; i < argc; i++)
    {
      uint64_t v;
      if (strcmp (argv[i], "--seconds") == 0 && i + 1 < argc && frag_cli_parse_u64 (argv[i + 1], &v)
          && v <= 3600)
        {
          seconds = (double) v;
          i++;
        }
      else if (argv[i][0] != '-' && dir == NULL)
        dir = argv[i];
      else
        {
          fputs ("Usage: fragscope-cli capture DIR [--seconds N]\n", stderr);
          return FRAG_EXIT_USAGE;
        }
    }
  if (dir == NULL)
    {
      fputs ("Usage: fragscope-cli capture DIR [--seconds N]\n", stderr);
      return FRAG_EXIT_USAGE;
    }
  return frag_import_capture_command (dir, seconds, stderr);
}
