/* test-schema.c: data/fragscope-scenario.schema.json is a valid JSON Schema, every file of
 * scenarios/ validates against it, and it rejects what the loader rejects in a few known cases
 * (so that this test can fail). Runs /usr/bin/python3 with python3-jsonschema; skips cleanly when
 * either is missing. */
#include <glib.h>
#include <string.h>

static const char checker[] =
  "import glob, json, os, sys\n"
  "try:\n"
  "    import jsonschema\n"
  "except ImportError:\n"
  "    sys.exit(77)\n"
  "schema = json.load(open(sys.argv[1]))\n"
  "cls = jsonschema.validators.validator_for(schema)\n"
  "cls.check_schema(schema)\n"
  "v = cls(schema)\n"
  "files = sorted(glob.glob(os.path.join(sys.argv[2], '*.fragscope.json')))\n"
  "if len(files) < 9:\n"
  "    print('too few scenario files: %d' % len(files)); sys.exit(1)\n"
  "bad = 0\n"
  "for f in files:\n"
  "    for e in v.iter_errors(json.load(open(f))):\n"
  "        print('%s: %s: %s' % (f, '/'.join(map(str, e.path)), e.message)); bad += 1\n"
  "base = {'fragscope': 1, 'memory': {'frames': 4}, 'steps': []}\n"
  "def doc(**kw):\n"
  "    d = json.loads(json.dumps(base)); d.update(kw); return d\n"
  "rejected = [\n"
  "    {'memory': {'frames': 4}, 'steps': []},\n"
  "    doc(fragscope=2),\n"
  "    doc(memory={'frames': 0}),\n"
  "    doc(memory={'frames': 4, 'zones': [{'name': 'A', 'frames': 4}]}),\n"
  "    doc(policy={'mode': 'pagin'}),\n"
  "    doc(steps=[{'op': 'spwan', 'process': 'A', 'size': 1}]),\n"
  "    doc(steps=[{'op': 'spawn', 'process': 'A', 'size': -5}]),\n"
  "    doc(steps=[{'op': 'spawn', 'process': 'A', 'size': 2.5}]),\n"
  "    doc(steps=[{'op': 'spawn', 'process': 'A'}]),\n"
  "    doc(steps=[{'op': 'spawn', 'process': 'A', 'size': 1, 'sizee': 1}]),\n"
  "    doc(steps=[{'op': 'alloc', 'id': 'x', 'order': 0, 'migratetype': 'movabel'}]),\n"
  "    doc(steps=[{'op': 'note'}]),\n"
  "    doc(steps=[{'op': 'random', 'count': 0}]),\n"
  "]\n"
  "for i, d in enumerate(rejected):\n"
  "    if v.is_valid(d):\n"
  "        print('schema accepts bad document %d: %s' % (i, json.dumps(d))); bad += 1\n"
  "accepted = doc(steps=[{'op': 'alloc', 'id': 7, 'order': 3}, {'op': 'compact', 'comment': 'x'},\n"
  "                      {'op': 'spawn', 'process': 'P', 'size': 32, 'frames': [1, 0]}])\n"
  "if not v.is_valid(accepted):\n"
  "    print('schema rejects a good document'); bad += 1\n"
  "print('%d files checked' % len(files))\n"
  "sys.exit(1 if bad else 0)\n";

static void
test_schema (void)
{
  const char *python = "/usr/bin/python3";
  if (!g_file_test (python, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("/usr/bin/python3 is not installed");
      return;
    }
  const char *src = g_getenv ("FRAGSCOPE_SOURCE_DIR");
  g_assert_nonnull (src);
  char *schema = g_build_filename (src, "data", "fragscope-scenario.schema.json", NULL);
  char *dir = g_build_filename (src, "scenarios", NULL);
  const char *argv[] = { python, "-c", checker, schema, dir, NULL };
  char *out = NULL, *err = NULL;
  int status = 0;
  GError *error = NULL;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               &err, &status, &error));
  g_assert_no_error (error);
  if (WIFEXITED (status) && WEXITSTATUS (status) == 77)
    g_test_skip ("python3-jsonschema is not installed");
  else
    {
      if (!g_spawn_check_wait_status (status, NULL))
        g_test_message ("%s%s", out, err);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_assert_nonnull (strstr (out, "files checked"));
    }
  g_free (out);
  g_free (err);
  g_free (schema);
  g_free (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/frag/scenario/schema/library", test_schema);
  return g_test_run ();
}
