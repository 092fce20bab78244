/* frag-cli-export.h: `fragscope-cli export`: views of a scenario (or any input the CLI reads) as
 * PNG, SVG or PDF files. argv[0] is "export". Returns the exit code (CONTRACT.md). */
#pragma once

int frag_cli_export (int argc, char **argv);
