/* test-fuzz-corpus.c: runs every kept input of fuzz/corpus/scenario through the fuzz target's
 * own entry point (fuzz/fuzz-scenario.c is linked in), so that the inputs that once found bugs
 * stay checked by an ordinary test, without libFuzzer. The target aborts on a broken promise. */
#include <glib.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
run_input (gconstpointer data)
{
  const char *path = data;
  char *contents = NULL;
  gsize len = 0;
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpint (LLVMFuzzerTestOneInput ((const uint8_t *) contents, len), ==, 0);
  g_free (contents);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  const char *src = g_getenv ("FRAGSCOPE_SOURCE_DIR");
  g_assert_nonnull (src);
  char *dir = g_build_filename (src, "fuzz", "corpus", "scenario", NULL);
  GDir *d = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (d);
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  while ((name = g_dir_read_name (d)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (paths, g_build_filename (dir, name, NULL));
  g_dir_close (d);
  g_ptr_array_sort (paths, compare_names);
  /* An empty corpus would make this test pass without checking anything. */
  g_assert_cmpuint (paths->len, >=, 20);
  for (guint i = 0; i < paths->len; i++)
    {
      char *base = g_path_get_basename (paths->pdata[i]);
      char *test = g_strdup_printf ("/frag/scenario/fuzz-corpus/%s", base);
      g_test_add_data_func (test, paths->pdata[i], run_input);
      g_free (test);
      g_free (base);
    }
  int ret = g_test_run ();
  g_ptr_array_unref (paths);
  g_free (dir);
  return ret;
}
