/* import-test-util.h: where the import tests find their inputs (fixtures, the shared capture). */
#pragma once

#include <glib.h>

/* tests/import/data/NAME (newly allocated). */
char *import_test_data (const char *name);
/* The shared Linux capture directory, or NULL (then the caller skips) when it is absent. */
const char *import_test_capture_dir (void);
/* The capture's FILE, or NULL when absent. */
char *import_test_capture_file (const char *name);
