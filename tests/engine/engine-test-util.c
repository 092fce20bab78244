/* engine-test-util.c: helpers shared by the engine tests (kept tiny on purpose). */
#include "engine-test-util.h"
