/* frag-builtin.h: the scenario the app opens when it is given no file. */
#pragma once

#include "frag-engine.h"


/* The paging introduction: three copies of a 150-byte program in 550 bytes. Fills cfg and
 * returns a new program (one reference), or NULL when memory runs out. */
FragProgram *frag_builtin_paging_intro (FragConfig *cfg);

