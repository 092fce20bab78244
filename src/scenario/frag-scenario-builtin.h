/* frag-scenario-builtin.h: the built-in scenario's text, generated at build time by
 * frag-embed.py from scenarios/paging-introduction.fragscope.json. Private to src/scenario. */
#pragma once

#include <stddef.h>

extern const char   frag_scenario_builtin_data[];  /* NUL-terminated */
extern const size_t frag_scenario_builtin_size;    /* without the NUL */
