/* import-test-util.c: locating test inputs from the environment meson sets (tests/meson.build). */
#include "import-test-util.h"

char *
import_test_data (const char *name)
{
  const char *src = g_getenv ("FRAGSCOPE_SOURCE_DIR");
  if (src == NULL)
    src = SOURCE_ROOT;
  return g_build_filename (src, "tests", "import", "data", name, NULL);
}

const char *
import_test_capture_dir (void)
{
  const char *dir = g_getenv ("FRAGSCOPE_CAPTURE_DIR");
  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    return NULL;
  return dir;
}

char *
import_test_capture_file (const char *name)
{
  const char *dir = import_test_capture_dir ();
  char *path;

  if (dir == NULL)
    return NULL;
  path = g_build_filename (dir, name, NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_free (path);
      return NULL;
    }
  return path;
}
