/* test-load.c: what the scenario loader builds from good files.
 *
 * The lecture library in scenarios/ (every file loads cleanly and is annotated), the built-in
 * scenario, the exact FragConfig and FragProgram of known texts (defaults, extensions, op
 * positions) and the command line's overrides. */
#include <glib.h>
#include <string.h>

#include "frag-scenario.h"

static char *
source_path (const char *rel)
{
  const char *src = g_getenv ("FRAGSCOPE_SOURCE_DIR");
  g_assert_nonnull (src);
  return g_build_filename (src, rel, NULL);
}

static FragScenario *
load_ok (const char *text)
{
  FragDiagnostics diag;
  frag_diagnostics_init (&diag);
  FragScenario *sc = frag_scenario_load_data ("t.json", text, strlen (text), &diag);
  if (sc == NULL)
    g_error ("unexpected error: %s", frag_diagnostics_error (&diag));
  g_assert_cmpuint (diag.n_warnings, ==, 0);
  frag_diagnostics_clear (&diag);
  return sc;
}

static void
test_library (void)
{
  char *dir = source_path ("scenarios");
  GDir *d = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (d);
  /* Every file is installed: scenarios/meson.build lists it. */
  char *build_file = g_build_filename (dir, "meson.build", NULL);
  char *listing = NULL;
  g_assert_true (g_file_get_contents (build_file, &listing, NULL, NULL));
  unsigned n_files = 0;
  const char *name;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      if (!g_str_has_suffix (name, ".fragscope.json"))
        continue;
      char *quoted = g_strdup_printf ("'%s'", name);
      if (strstr (listing, quoted) == NULL)
        g_error ("scenarios/meson.build does not install %s", name);
      g_free (quoted);
      char *path = g_build_filename (dir, name, NULL);
      FragDiagnostics diag;
      frag_diagnostics_init (&diag);
      FragScenario *sc = frag_scenario_load_file (path, &diag);
      if (sc == NULL)
        g_error ("%s", frag_diagnostics_error (&diag));
      for (size_t i = 0; i < diag.n_warnings; i++)
        g_test_message ("%s", diag.warnings[i].full);
      g_assert_cmpuint (diag.n_warnings, ==, 0);
      /* Lecture-ready: a title, a description, notes, and every op knows where it was written. */
      g_assert_nonnull (sc->program->title);
      g_assert_cmpuint (strlen (sc->program->title), >, 10);
      g_assert_nonnull (sc->program->description);
      g_assert_cmpuint (strlen (sc->program->description), >, 40);
      unsigned notes = 0;
      for (size_t i = 0; i < sc->program->n_ops; i++)
        {
          g_assert_cmpuint (sc->program->ops[i].line, >, 0);
          g_assert_cmpuint (sc->program->ops[i].column, >, 0);
          notes += sc->program->ops[i].kind == FRAG_OP_NOTE;
        }
      g_assert_cmpuint (notes, >=, 2);
      char err[256];
      g_assert_true (frag_config_check (&sc->config, err, sizeof err));
      frag_scenario_free (sc);
      frag_diagnostics_clear (&diag);
      g_free (path);
      n_files++;
    }
  g_dir_close (d);
  g_free (listing);
  g_free (build_file);
  g_free (dir);
  g_assert_cmpuint (n_files, >=, 9);
}

static void
test_builtin (void)
{
  char *path = source_path ("scenarios/" FRAG_SCENARIO_BUILTIN_NAME);
  char *contents = NULL;
  gsize len = 0;
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  size_t blen = 0;
  const char *builtin = frag_scenario_builtin_text (&blen);
  g_assert_cmpuint (blen, ==, len);
  g_assert_true (memcmp (builtin, contents, len) == 0);
  g_assert_cmpint (builtin[blen], ==, '\0');

  FragDiagnostics diag;
  frag_diagnostics_init (&diag);
  FragScenario *a = frag_scenario_load_builtin (&diag);
  FragScenario *b = frag_scenario_load_file (path, &diag);
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_null (a->path);
  g_assert_cmpstr (a->name, ==, FRAG_SCENARIO_BUILTIN_NAME);
  g_assert_true (memcmp (&a->config, &b->config, sizeof a->config) == 0);
  g_assert_cmpuint (a->program->n_ops, ==, b->program->n_ops);
  for (size_t i = 0; i < a->program->n_ops; i++)
    g_assert_true (memcmp (&a->program->ops[i], &b->program->ops[i], sizeof (FragOp)) == 0);
  frag_scenario_free (a);
  frag_scenario_free (b);
  frag_diagnostics_clear (&diag);
  g_free (contents);
  g_free (path);
}

/* The contract's example, as shipped: the figures its report is checked against. */
static void
test_paging_introduction (void)
{
  FragScenario *sc = frag_scenario_load_builtin (NULL);
  g_assert_nonnull (sc);
  const FragConfig *c = &sc->config;
  const FragProgram *p = sc->program;
  g_assert_cmpuint (c->frame_size, ==, 50);
  g_assert_cmpuint (c->n_zones, ==, 1);
  g_assert_cmpstr (c->zones[0].name, ==, "Normal");
  g_assert_cmpuint (c->zones[0].start_pfn, ==, 0);
  g_assert_cmpuint (c->zones[0].frames, ==, 11);
  g_assert_cmpuint (c->max_order, ==, 10);
  g_assert_cmpuint (c->pageblock_order, ==, 9);
  g_assert_cmpint (c->mode, ==, FRAG_MODE_SEGMENTATION);
  g_assert_cmpint (c->fit, ==, FRAG_FIT_FIRST);
  g_assert_cmpstr (p->title, ==, "Why the third instance cannot start");

  const FragOpKind kinds[] = { FRAG_OP_NOTE, FRAG_OP_SPAWN, FRAG_OP_NOTE, FRAG_OP_SPAWN,
                               FRAG_OP_NOTE, FRAG_OP_SPAWN, FRAG_OP_NOTE };
  g_assert_cmpuint (p->n_ops, ==, G_N_ELEMENTS (kinds));
  g_assert_cmpuint (p->n_steps, ==, G_N_ELEMENTS (kinds));
  for (size_t i = 0; i < p->n_ops; i++)
    {
      g_assert_cmpint (p->ops[i].kind, ==, kinds[i]);
      g_assert_cmpuint (p->ops[i].line, ==, 9 + i);
      g_assert_cmpuint (p->ops[i].column, ==, 5);
    }
  const FragOp *a = &p->ops[1], *cc = &p->ops[5];
  g_assert_cmpstr (frag_program_string (p, a->name), ==, "A");
  g_assert_true (a->has_at);
  g_assert_cmpuint (a->address, ==, 100);
  g_assert_cmpuint (a->size, ==, 150);
  g_assert_cmpuint (a->n_segments, ==, 1);
  g_assert_cmpuint (p->segments[a->first_segment].size, ==, 150);
  g_assert_cmpuint (p->segments[a->first_segment].name, ==, FRAG_NONE);
  g_assert_cmpint (a->mt, ==, FRAG_MT_MOVABLE);
  g_assert_false (a->pinned);
  g_assert_cmpuint (p->ops[3].address, ==, 300);
  g_assert_cmpstr (frag_program_string (p, cc->name), ==, "C");
  g_assert_false (cc->has_at);
  g_assert_cmpuint (cc->n_pfns, ==, 0);
  g_assert_true (g_str_has_prefix (frag_program_string (p, p->ops[0].name), "550 bytes"));
  frag_scenario_free (sc);
}

static void
test_defaults (void)
{
  FragScenario *sc = load_ok ("{\"fragscope\": 1, \"memory\": {\"frames\": 1024}, \"steps\": []}");
  FragConfig def;
  frag_config_init (&def);
  def.zones[0].frames = 1024;
  g_assert_true (memcmp (&sc->config, &def, sizeof def) == 0);
  g_assert_null (sc->program->title);
  g_assert_cmpuint (sc->program->n_ops, ==, 0);
  g_assert_cmpuint (sc->program->n_steps, ==, 0);
  g_assert_cmpint (sc->program->refcount, ==, 1);
  frag_scenario_free (sc);

  /* pageblock_order follows a small max_order. */
  sc = load_ok ("{\"fragscope\": 1, \"memory\": {\"frames\": 8, \"max_order\": 3}, \"steps\": []}");
  g_assert_cmpuint (sc->config.max_order, ==, 3);
  g_assert_cmpuint (sc->config.pageblock_order, ==, 3);
  frag_scenario_free (sc);
}

static void
test_everything (void)
{
  const char *text =
    "{\"fragscope\": 1.0, \"title\": \"All keys\", \"description\": \"d\",\n"
    " \"memory\": {\"frame_size\": 4096, \"max_order\": 10, \"pageblock_order\": 4,\n"
    "            \"initial_pageblock_type\": \"Unmovable\",\n"
    "            \"zones\": [{\"name\": \"DMA\", \"start_pfn\": 1, \"frames\": 4095},\n"
    "                      {\"name\": \"Normal\", \"frames\": 8192},\n"
    "                      {\"name\": \"Movable\", \"start_pfn\": 20000, \"frames\": 100}]},\n"
    " \"policy\": {\"mode\": \"compaction\", \"fit\": \"worst\", \"free_list\": \"lifo\",\n"
    "            \"compaction\": {\"trigger\": \"threshold\", \"threshold\": 0.25},\n"
    "            \"page_table\": {\"levels\": 4, \"bits_per_level\": 9}},\n"
    " \"steps\": [\n"
    "  {\"op\": \"spawn\", \"process\": \"db\", \"segments\": "
    "[{\"name\": \"code\", \"size\": 8192},\n"
    "     {\"size\": 1e2}], \"at\": 8192, \"migratetype\": \"reclaimable\", \"pinned\": true},\n"
    "  {\"op\": \"spawn\", \"process\": \"P\", \"size\": 12288, \"frames\": [9, 4, 20050]},\n"
    "  {\"op\": \"grow\", \"process\": \"db\", \"segment\": \"code\", \"by\": 4096},\n"
    "  {\"op\": \"grow\", \"process\": \"P\", \"by\": 1},\n"
    "  {\"op\": \"alloc\", \"id\": 7, \"order\": 3, \"migratetype\": \"HighAtomic\"},\n"
    "  {\"op\": \"alloc\", \"id\": \"slab\", \"order\": 0},\n"
    "  {\"op\": \"free\", \"id\": \"7\"},\n"
    "  {\"op\": \"compact\"}, {\"op\": \"compact\", \"order\": 9},\n"
    "  {\"op\": \"access\", \"process\": \"P\", \"address\": 8195},\n"
    "  {\"op\": \"note\", \"text\": \"\"},\n"
    "  {\"op\": \"random\", \"seed\": 42, \"count\": 1000, \"workload\": \"raw\",\n"
    "   \"min_size\": 4096, \"max_size\": 65536, \"max_segments\": 3, \"min_order\": 1,\n"
    "   \"max_order\": 5, \"alloc_ratio\": 0.7, \"target_use\": 0.9, \"high_ratio\": 0,\n"
    "   \"migratetypes\": {\"movable\": 3, \"unmovable\": 1}, \"pinned_ratio\": 1},\n"
    "  {\"op\": \"random\", \"count\": 5}\n"
    " ]}\n";
  FragScenario *sc = load_ok (text);
  const FragConfig *c = &sc->config;
  const FragProgram *p = sc->program;
  g_assert_cmpuint (c->n_zones, ==, 3);
  g_assert_cmpstr (c->zones[1].name, ==, "Normal");
  g_assert_cmpuint (c->zones[1].start_pfn, ==, 4096);   /* follows DMA */
  g_assert_cmpuint (c->zones[2].start_pfn, ==, 20000);
  g_assert_cmpuint (c->pageblock_order, ==, 4);
  g_assert_cmpint (c->initial_pageblock_type, ==, FRAG_MT_UNMOVABLE);
  g_assert_cmpint (c->mode, ==, FRAG_MODE_COMPACTION);
  g_assert_cmpint (c->fit, ==, FRAG_FIT_WORST);
  g_assert_cmpint (c->free_list, ==, FRAG_FREE_LIST_LIFO);
  g_assert_cmpint (c->trigger, ==, FRAG_TRIGGER_THRESHOLD);
  g_assert_cmpfloat (c->threshold, ==, 0.25);
  g_assert_cmpuint (c->pt_levels, ==, 4);
  g_assert_cmpuint (c->pt_bits_per_level, ==, 9);

  g_assert_cmpuint (p->n_ops, ==, 13);
  g_assert_cmpuint (p->n_steps, ==, 11 + 1000 + 5);
  const FragOp *db = &p->ops[0];
  g_assert_cmpuint (db->line, ==, 11);
  g_assert_cmpuint (db->column, ==, 3);
  g_assert_cmpuint (db->n_segments, ==, 2);
  g_assert_cmpstr (frag_program_string (p, p->segments[db->first_segment].name), ==, "code");
  g_assert_cmpuint (p->segments[db->first_segment].size, ==, 8192);
  g_assert_cmpuint (p->segments[db->first_segment + 1].name, ==, FRAG_NONE);
  g_assert_cmpuint (p->segments[db->first_segment + 1].size, ==, 100);
  g_assert_cmpuint (db->size, ==, 8292);
  g_assert_true (db->has_at && db->pinned);
  g_assert_cmpuint (db->address, ==, 8192);
  g_assert_cmpint (db->mt, ==, FRAG_MT_RECLAIMABLE);

  const FragOp *sp = &p->ops[1];
  g_assert_cmpuint (sp->n_pfns, ==, 3);
  g_assert_cmpuint (p->pfns[sp->first_pfn], ==, 9);
  g_assert_cmpuint (p->pfns[sp->first_pfn + 1], ==, 4);
  g_assert_cmpuint (p->pfns[sp->first_pfn + 2], ==, 20050);
  g_assert_false (sp->has_at);

  g_assert_cmpint (p->ops[2].kind, ==, FRAG_OP_GROW);
  g_assert_cmpstr (frag_program_string (p, p->ops[2].segment), ==, "code");
  g_assert_cmpuint (p->ops[2].size, ==, 4096);
  g_assert_cmpuint (p->ops[3].segment, ==, FRAG_NONE);
  g_assert_cmpstr (frag_program_string (p, p->ops[4].name), ==, "7");  /* integer id */
  g_assert_cmpint (p->ops[4].order, ==, 3);
  g_assert_cmpint (p->ops[4].mt, ==, FRAG_MT_HIGHATOMIC);
  g_assert_cmpint (p->ops[5].mt, ==, FRAG_MT_MOVABLE);
  g_assert_cmpuint (p->ops[6].name, ==, p->ops[4].name);       /* "7" and 7 are one id */
  g_assert_cmpint (p->ops[7].order, ==, -1);
  g_assert_cmpint (p->ops[8].order, ==, 9);
  g_assert_cmpuint (p->ops[9].address, ==, 8195);
  g_assert_cmpstr (frag_program_string (p, p->ops[10].name), ==, "");

  const FragOp *r = &p->ops[11];
  g_assert_cmpint (r->kind, ==, FRAG_OP_RANDOM);
  const FragRandomSpec *rs = &p->randoms[r->random];
  g_assert_cmpuint (rs->seed, ==, 42);
  g_assert_cmpuint (rs->count, ==, 1000);
  g_assert_cmpint (rs->workload, ==, FRAG_WORKLOAD_RAW);
  g_assert_cmpuint (rs->min_size, ==, 4096);
  g_assert_cmpuint (rs->max_size, ==, 65536);
  g_assert_cmpuint (rs->max_segments, ==, 3);
  g_assert_cmpuint (rs->min_order, ==, 1);
  g_assert_cmpuint (rs->max_order, ==, 5);
  g_assert_cmpfloat (rs->alloc_ratio, ==, 0.7);
  g_assert_cmpfloat (rs->target_use, ==, 0.9);
  g_assert_cmpfloat (rs->high_ratio, ==, 0.0);
  g_assert_cmpfloat (rs->pinned_ratio, ==, 1.0);
  g_assert_cmpfloat (rs->mt_weights[FRAG_MT_MOVABLE], ==, 3.0);
  g_assert_cmpfloat (rs->mt_weights[FRAG_MT_UNMOVABLE], ==, 1.0);
  g_assert_cmpfloat (rs->mt_weights[FRAG_MT_RECLAIMABLE], ==, 0.0);

  /* An unset knob keeps the engine's default. */
  FragRandomSpec def;
  frag_random_spec_init (&def);
  def.count = 5;
  g_assert_true (memcmp (&p->randoms[p->ops[12].random], &def, sizeof def) == 0);
  frag_scenario_free (sc);
}

static void
test_bom (void)
{
  const char *text = "\xef\xbb\xbf{\"fragscope\": 1, \"memory\": {\"frames\": 4},\n"
                     "\"steps\": [{\"op\": \"note\", \"text\": \"caf\xc3\xa9\"}, "
                     "{\"op\": \"compact\"}]}";
  FragScenario *sc = load_ok (text);
  g_assert_cmpuint (sc->program->ops[1].line, ==, 2);
  g_assert_cmpuint (sc->program->ops[1].column, ==, 43);  /* "é" is one column, not two */
  frag_scenario_free (sc);
}

/* Steps are read one by one from where the scanner saw them: wherever "steps" is, whatever the
 * strings hold, and a "steps" key deeper down is just an unknown key. */
static void
test_steps_anywhere (void)
{
  const char *text =
    "{\"steps\": [ {\"op\": \"note\", \"text\": \"] }, [ \\\"steps\\\": [\"},\n"
    "            {\"op\": \"spawn\", \"process\": \"]\", \"segments\": [{\"size\": 1},\n"
    "             {\"size\": 2}]} ] ,\n"
    " \"fragscope\": 1, \"memory\": {\"frames\": 4}, \"title\": \"[steps]\"}";
  FragScenario *sc = load_ok (text);
  const FragProgram *p = sc->program;
  g_assert_cmpuint (p->n_ops, ==, 2);
  g_assert_cmpstr (frag_program_string (p, p->ops[0].name), ==, "] }, [ \"steps\": [");
  g_assert_cmpuint (p->ops[0].line, ==, 1);
  g_assert_cmpuint (p->ops[0].column, ==, 13);
  g_assert_cmpstr (frag_program_string (p, p->ops[1].name), ==, "]");
  g_assert_cmpuint (p->ops[1].line, ==, 2);
  g_assert_cmpuint (p->ops[1].column, ==, 13);
  g_assert_cmpuint (p->ops[1].n_segments, ==, 2);
  g_assert_cmpuint (p->segments[p->ops[1].first_segment + 1].size, ==, 2);
  g_assert_cmpstr (p->title, ==, "[steps]");
  frag_scenario_free (sc);

  FragDiagnostics diag;
  frag_diagnostics_init (&diag);
  const char *nested = "{\"fragscope\": 1, \"memory\": {\"frames\": 4, \"steps\": [1]}, "
                       "\"steps\": [{\"op\": \"compact\"}]}";
  sc = frag_scenario_load_data ("t.json", nested, strlen (nested), &diag);
  g_assert_nonnull (sc);
  g_assert_cmpuint (sc->program->n_ops, ==, 1);
  g_assert_cmpuint (diag.n_warnings, ==, 1);
  g_assert_cmpstr (diag.warnings[0].full, ==,
                   "t.json:1:42: memory: unknown key \"steps\" (ignored)");
  frag_scenario_free (sc);
  frag_diagnostics_clear (&diag);
}

static void
test_overrides (void)
{
  FragScenario *sc = frag_scenario_load_builtin (NULL);
  char err[256] = "";
  g_assert_true (frag_scenario_override_mode (sc, "PAGING", err, sizeof err));
  g_assert_cmpint (sc->config.mode, ==, FRAG_MODE_PAGING);
  g_assert_true (frag_scenario_override_fit (sc, "best", err, sizeof err));
  g_assert_cmpint (sc->config.fit, ==, FRAG_FIT_BEST);
  g_assert_false (frag_scenario_override_mode (sc, "swap", err, sizeof err));
  g_assert_cmpstr (err, ==, "unknown mode \"swap\" (expected one of segmentation, paging, "
                   "compaction, buddy)");
  g_assert_false (frag_scenario_override_fit (sc, NULL, err, sizeof err));
  g_assert_cmpstr (err, ==, "unknown fit \"\" (expected one of first, next, best, worst)");
  g_assert_cmpint (sc->config.mode, ==, FRAG_MODE_PAGING);  /* unchanged by a refusal */
  g_assert_cmpint (sc->config.fit, ==, FRAG_FIT_BEST);
  frag_scenario_free (sc);
}

static void
test_program_ref (void)
{
  FragScenario *sc = frag_scenario_load_builtin (NULL);
  FragProgram *prog = frag_program_ref (sc->program);
  frag_scenario_free (sc);
  g_assert_cmpint (prog->refcount, ==, 1);
  g_assert_cmpuint (prog->n_ops, ==, 7);
  frag_program_unref (prog);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/frag/scenario/load/library", test_library);
  g_test_add_func ("/frag/scenario/load/builtin", test_builtin);
  g_test_add_func ("/frag/scenario/load/paging-introduction", test_paging_introduction);
  g_test_add_func ("/frag/scenario/load/defaults", test_defaults);
  g_test_add_func ("/frag/scenario/load/every-key", test_everything);
  g_test_add_func ("/frag/scenario/load/bom", test_bom);
  g_test_add_func ("/frag/scenario/load/overrides", test_overrides);
  g_test_add_func ("/frag/scenario/load/steps-anywhere", test_steps_anywhere);
  g_test_add_func ("/frag/scenario/load/program-ref", test_program_ref);
  return g_test_run ();
}
