/* engine-test-util.h: helpers shared by the engine tests. */
#pragma once
#include <glib.h>
#include "frag-engine.h"
