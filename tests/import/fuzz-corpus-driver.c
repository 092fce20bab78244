/* fuzz-corpus-driver.c: runs every file of a fuzz corpus through the target's own entry point
 * (LLVMFuzzerTestOneInput), so that the corpus is an ordinary test in every build, sanitizers or
 * not. FUZZ_CORPUS and FUZZ_NAME come from tests/import/meson.build. */
#include <glib.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
test_corpus (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) dir = g_dir_open (FUZZ_CORPUS, 0, &error);
  const char *name;
  unsigned n = 0;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (FUZZ_CORPUS, name, NULL);
      g_autofree char *data = NULL;
      gsize len;
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      g_assert_true (g_file_get_contents (path, &data, &len, NULL));
      g_test_message ("%s (%" G_GSIZE_FORMAT " bytes)", name, len);
      g_assert_cmpint (LLVMFuzzerTestOneInput ((const uint8_t *) data, len), ==, 0);
      /* Every prefix too: files cut anywhere must be as safe as whole ones. */
      for (gsize cut = 0; cut < len && cut < 4096; cut += 1 + cut / 8)
        {
          char *copy = g_memdup2 (data, cut);
          g_assert_cmpint (LLVMFuzzerTestOneInput ((const uint8_t *) copy, cut), ==, 0);
          g_free (copy);
        }
      n++;
    }
  g_assert_cmpuint (n, >=, 5);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/frag/import/fuzz/" FUZZ_NAME "/corpus", test_corpus);
  return g_test_run ();
}
