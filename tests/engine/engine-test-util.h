/* engine-test-util.h: helpers shared by the engine tests: building configs and programs in a
 * line, and stepping a simulation with the whole-engine checker after every step. */
#pragma once
#include <glib.h>
#include "frag-engine.h"

/* One zone "Normal" of `frames` frames from pfn 0, contract defaults otherwise. */
void     frag_test_config (FragConfig *cfg, uint64_t frame_size, uint64_t frames, FragMode mode,
                           FragFit fit);
/* A spawn of one anonymous segment; at < 0: no `at`. */
FragOp  *frag_test_spawn (FragProgram *prog, const char *name, uint64_t size, int64_t at);
/* Any op naming a process, raw id or note text. */
FragOp  *frag_test_op (FragProgram *prog, FragOpKind kind, const char *name);
/* A new simulation (asserting success); drops the caller's reference on prog. */
FragSim *frag_test_sim (const FragConfig *cfg, FragProgram *prog);
/* Asserts frag_sim_check, naming the position in the failure. */
void     frag_test_check (const FragSim *sim);
/* Steps to the end (or `max_steps`), checking after every step for the first `dense` steps and
 * then every `every` steps (and at the end). Returns the steps applied. */
uint64_t frag_test_run_checked (FragSim *sim, uint64_t max_steps, uint64_t dense, uint64_t every);
/* The hole list as "start+frames start+frames ...", for compact assertions. */
char    *frag_test_holes_string (const FragSim *sim);
/* The frames of a process as "a b c". */
char    *frag_test_frames_string (const FragSim *sim, size_t process_index);
