/* frag-cli-commands.h: the subcommands of fragscope-cli; argv[0] is the command's name. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "frag-source.h"

enum {
  FRAG_EXIT_OK = 0,
  FRAG_EXIT_BAD_INPUT = 1,
  FRAG_EXIT_USAGE = 2,
};

int frag_cli_validate (int argc, char **argv);
int frag_cli_run (int argc, char **argv);
int frag_cli_export_command (int argc, char **argv);
int frag_cli_bench (int argc, char **argv);
int frag_cli_capture (int argc, char **argv);

/* Opens an input through the shared door, printing its warnings and, on failure, its message
 * (FILE:LINE:COL: ...) on stderr. Clear `out` with frag_source_clear after success. */
bool frag_cli_open (const char *path, const FragSourceOptions *options, FragSource *out);

/* Parses a non-negative decimal integer option value; false on garbage or overflow. */
bool frag_cli_parse_u64 (const char *s, uint64_t *out);

/* Every benchmark the layers provide, one line (or JSON object) each. */
/* only: run the benchmarks whose name contains it (NULL: all). */
int frag_cli_bench_suite (bool json, unsigned repeats, const char *only);
