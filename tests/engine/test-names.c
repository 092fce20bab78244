/* test-names.c: enum names, config checks, the program builder and Linux's fragmentation indices. */
#include <glib.h>
#include <string.h>

#include "frag-engine.h"

static void
test_names_roundtrip (void)
{
  FragMigrateType mt;
  g_assert_true (frag_migrate_type_parse ("HighAtomic", &mt));
  g_assert_cmpint (mt, ==, FRAG_MT_HIGHATOMIC);
  g_assert_true (frag_migrate_type_parse ("CMA", &mt));
  g_assert_cmpint (mt, ==, FRAG_MT_CMA);
  g_assert_false (frag_migrate_type_parse ("movabel", &mt));
  for (int i = 0; i < FRAG_MT_COUNT; i++)
    {
      g_assert_true (frag_migrate_type_parse (frag_migrate_type_name (i), &mt));
      g_assert_cmpint (mt, ==, i);
    }
  FragMode mode;
  g_assert_true (frag_mode_parse ("compaction", &mode));
  g_assert_cmpint (mode, ==, FRAG_MODE_COMPACTION);
  g_assert_false (frag_mode_parse ("Paging", &mode)); /* modes are lower case in the contract */
  FragFit fit;
  g_assert_true (frag_fit_parse ("worst", &fit));
  g_assert_cmpint (fit, ==, FRAG_FIT_WORST);
  FragTrigger t;
  g_assert_true (frag_trigger_parse ("on-failure", &t));
  g_assert_cmpint (t, ==, FRAG_TRIGGER_ON_FAILURE);
  FragOpKind op;
  g_assert_true (frag_op_parse ("random", &op));
  g_assert_false (frag_op_parse ("trace-alloc", &op)); /* not writable in scenarios */
  g_assert_cmpstr (frag_reason_name (FRAG_REASON_EXTERNAL_FRAGMENTATION), ==, "external-fragmentation");
  g_assert_null (frag_reason_name (FRAG_REASON_NONE));
  g_assert_null (frag_mode_name (FRAG_MODE_COUNT));
}

static void
test_config_check (void)
{
  FragConfig cfg;
  char err[256];
  frag_config_init (&cfg);
  cfg.zones[0].frames = 11;
  g_assert_true (frag_config_check (&cfg, err, sizeof err));
  g_assert_cmpuint (frag_config_total_frames (&cfg), ==, 11);

  cfg.n_zones = 2;
  strcpy (cfg.zones[1].name, "High");
  cfg.zones[1].start_pfn = 5;
  cfg.zones[1].frames = 4;
  g_assert_false (frag_config_check (&cfg, err, sizeof err));
  g_assert_nonnull (strstr (err, "overlaps"));
  cfg.zones[1].start_pfn = 11;
  g_assert_true (frag_config_check (&cfg, err, sizeof err));

  cfg.pageblock_order = 11;
  g_assert_false (frag_config_check (&cfg, err, sizeof err));
  g_assert_nonnull (strstr (err, "pageblock_order"));
  cfg.pageblock_order = 9;
  cfg.zones[1].frames = FRAG_MAX_FRAMES;
  g_assert_false (frag_config_check (&cfg, err, sizeof err));
  cfg.zones[1].frames = 4;
  cfg.frame_size = 0;
  g_assert_false (frag_config_check (&cfg, err, sizeof err));
}

static void
test_program_steps (void)
{
  FragProgram *prog = frag_program_new ();
  uint32_t a = frag_program_intern (prog, "A");
  g_assert_cmpuint (frag_program_intern (prog, "A"), ==, a);
  g_assert_cmpuint (frag_program_intern (prog, "B"), !=, a);
  for (int i = 0; i < 1000; i++)
    {
      char name[16];
      g_snprintf (name, sizeof name, "p%d", i);
      uint32_t id = frag_program_intern (prog, name);
      g_assert_cmpstr (frag_program_string (prog, id), ==, name);
    }
  g_assert_cmpstr (frag_program_string (prog, a), ==, "A");

  frag_program_add_op (prog, FRAG_OP_NOTE);
  FragOp *r = frag_program_add_op (prog, FRAG_OP_RANDOM);
  FragRandomSpec spec;
  frag_random_spec_init (&spec);
  spec.count = 1000000;
  r->random = frag_program_add_random (prog, &spec);
  frag_program_add_op (prog, FRAG_OP_EXIT);
  g_assert_cmpuint (frag_program_n_steps (prog), ==, 1000002);

  size_t op;
  uint64_t sub;
  g_assert_true (frag_program_locate_step (prog, 0, &op, &sub));
  g_assert_cmpuint (op, ==, 0);
  g_assert_true (frag_program_locate_step (prog, 1, &op, &sub));
  g_assert_cmpuint (op, ==, 1);
  g_assert_cmpuint (sub, ==, 0);
  g_assert_true (frag_program_locate_step (prog, 1000000, &op, &sub));
  g_assert_cmpuint (op, ==, 1);
  g_assert_cmpuint (sub, ==, 999999);
  g_assert_true (frag_program_locate_step (prog, 1000001, &op, &sub));
  g_assert_cmpuint (op, ==, 2);
  g_assert_false (frag_program_locate_step (prog, 1000002, &op, &sub));

  g_assert_cmpint (prog->refcount, ==, 1);
  frag_program_ref (prog);
  frag_program_unref (prog);
  frag_program_unref (prog);
}

static void
test_fragindex_worked_example (void)
{
  /* linux-mm.md: nr_free = [4, 2, 0, 0]. */
  const uint64_t nr_free[4] = { 4, 2, 0, 0 };
  const int frag[4] = { -1000, -1000, 500, 667 };
  const int unusable[4] = { 0, 500, 1000, 1000 };
  for (unsigned o = 0; o < 4; o++)
    {
      g_assert_cmpint (frag_fragmentation_index (nr_free, 4, o), ==, frag[o]);
      g_assert_cmpint (frag_unusable_free_index (nr_free, 4, o), ==, unusable[o]);
    }
}

static void
test_fragindex_contract_example (void)
{
  /* CONTRACT.md: phil-opp under segmentation, free blocks [3, 1, 0, ...]: index[2] = 0.438. */
  uint64_t nr_free[11] = { 3, 1 };
  g_assert_cmpint (frag_fragmentation_index (nr_free, 11, 0), ==, -1000);
  g_assert_cmpint (frag_fragmentation_index (nr_free, 11, 1), ==, -1000);
  g_assert_cmpint (frag_fragmentation_index (nr_free, 11, 2), ==, 438);
  g_assert_cmpint (frag_unusable_free_index (nr_free, 11, 0), ==, 0);
  g_assert_cmpint (frag_unusable_free_index (nr_free, 11, 1), ==, 600);
  g_assert_cmpint (frag_unusable_free_index (nr_free, 11, 2), ==, 1000);
  uint64_t none[11] = { 0 };
  g_assert_cmpint (frag_fragmentation_index (none, 11, 3), ==, 0);
  g_assert_cmpint (frag_unusable_free_index (none, 11, 3), ==, 1000);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/frag/engine/names/roundtrip", test_names_roundtrip);
  g_test_add_func ("/frag/engine/config/check", test_config_check);
  g_test_add_func ("/frag/engine/program/steps", test_program_steps);
  g_test_add_func ("/frag/engine/fragindex/worked-example", test_fragindex_worked_example);
  g_test_add_func ("/frag/engine/fragindex/contract-example", test_fragindex_contract_example);
  return g_test_run ();
}
