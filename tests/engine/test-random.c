/* test-random.c: long randomized runs of every mode and both free-list disciplines under the
 * whole-engine checker, lazily expanded `random` ops, and their determinism. */
#include "engine-test-util.h"

typedef struct {
  FragMode          mode;
  FragFreeListOrder lists;
  FragFit           fit;
  FragWorkload      workload;
  unsigned          zones;      /* 1, or 3 zones with gaps and unaligned starts */
} Case;

static FragSim *
random_sim (const Case *c, uint64_t frames, uint64_t seed, uint64_t count, unsigned max_segments,
            bool mixed_types)
{
  FragConfig cfg;
  frag_test_config (&cfg, 4096, frames, c->mode, c->fit);
  cfg.free_list = c->lists;
  cfg.max_order = 6;
  cfg.pageblock_order = 4;
  if (c->zones == 3)
    {
      /* DMA 3..130, DMA32 200..599, Normal 600..1071: 1000 frames in all. */
      static const uint64_t starts[3] = { 3, 200, 600 }, sizes[3] = { 128, 400, 472 };
      const char *names[3] = { "DMA", "DMA32", "Normal" };
      cfg.n_zones = 3;
      for (int z = 0; z < 3; z++)
        {
          g_strlcpy (cfg.zones[z].name, names[z], sizeof cfg.zones[z].name);
          cfg.zones[z].start_pfn = starts[z];
          cfg.zones[z].frames = sizes[z];
        }
    }
  FragProgram *p = frag_program_new ();
  FragRandomSpec spec;
  frag_random_spec_init (&spec);
  spec.seed = seed;
  spec.count = count;
  spec.workload = c->workload;
  spec.min_size = 1;
  spec.max_size = 4096 * 40;
  spec.max_segments = max_segments;
  spec.max_order = 5;
  spec.alloc_ratio = 0.7;
  spec.target_use = 0.8;
  spec.high_ratio = 0.3;
  if (mixed_types)
    {
      spec.mt_weights[FRAG_MT_UNMOVABLE] = 0.2;
      spec.mt_weights[FRAG_MT_RECLAIMABLE] = 0.1;
      spec.pinned_ratio = 0.1;
    }
  FragOp *op = frag_test_op (p, FRAG_OP_RANDOM, NULL);
  op->random = frag_program_add_random (p, &spec);
  /* Some explicit ops around the random part, so that named and generated objects mix. */
  frag_test_spawn (p, "after", 4096 * 3, -1);
  FragOp *cmp = frag_test_op (p, FRAG_OP_COMPACT, NULL);
  cmp->order = 3;
  frag_test_op (p, FRAG_OP_EXIT, "after");
  return frag_test_sim (&cfg, p);
}

static void
run_case (const Case *c, uint64_t count, uint64_t dense, uint64_t every)
{
  FragSim *sim = random_sim (c, 1000, 42 + c->mode * 7 + c->lists, count, 3, true);
  g_assert_cmpuint (frag_sim_n_steps (sim), ==, count + 3);
  uint64_t n = frag_test_run_checked (sim, G_MAXUINT64, dense, every);
  g_assert_cmpuint (n, ==, count + 3);
  FragMetrics m;
  frag_sim_metrics (sim, &m);
  g_assert_cmpuint (m.free_frames + m.used_frames, ==, 1000);
  g_test_message ("failed %" G_GUINT64_FORMAT " (ext %" G_GUINT64_FORMAT ") moved %"
                  G_GUINT64_FORMAT " compactions %" G_GUINT64_FORMAT " live %" G_GUINT64_FORMAT
                  "/%" G_GUINT64_FORMAT " stolen %" G_GUINT64_FORMAT,
                  m.failed_allocations, m.failed_external_fragmentation,
                  m.compaction_frames_moved, m.compactions, m.live_processes,
                  m.live_allocations, m.pageblocks_stolen);
  /* At 80 % use with mixed types some allocations fail, and compaction moved frames. */
  g_assert_cmpuint (m.failed_allocations, >, 0);
  if (c->mode == FRAG_MODE_COMPACTION)
    g_assert_cmpuint (m.compaction_frames_moved, >, 0);
  g_assert_cmpuint (m.live_processes + m.live_allocations, >, 0);
  /* Something happened: objects were made and some allocations failed at 80 % use. */
  g_assert_cmpuint (frag_sim_samples (sim, NULL) != NULL, ==, 1);
  uint64_t n_samples;
  frag_sim_samples (sim, &n_samples);
  g_assert_cmpuint (n_samples, ==, count + 3);
  frag_sim_free (sim);
}

static void
test_all_modes (gconstpointer data)
{
  const Case *c = data;
  uint64_t count = g_test_slow () ? 2000000 : 300000;
  run_case (c, count, 3000, 997);
}

static void
test_deterministic (void)
{
  Case c = { FRAG_MODE_SEGMENTATION, FRAG_FREE_LIST_ADDRESS, FRAG_FIT_BEST,
             FRAG_WORKLOAD_PROCESSES };
  FragSim *a = random_sim (&c, 500, 7, 5000, 2, false);
  FragSim *b = random_sim (&c, 500, 7, 5000, 2, false);
  while (frag_sim_step (a))
    {
      g_assert_true (frag_sim_step (b));
      const FragEvent *ea = frag_sim_last_event (a), *eb = frag_sim_last_event (b);
      g_assert_cmpint (ea->op, ==, eb->op);
      g_assert_cmpint (ea->ok, ==, eb->ok);
      g_assert_cmpstr (ea->name, ==, eb->name);
      g_assert_cmpuint (ea->n_extents, ==, eb->n_extents);
      for (size_t i = 0; i < ea->n_extents; i++)
        g_assert_cmpuint (ea->extents[i].start, ==, eb->extents[i].start);
    }
  /* The expansion: spawns and exits only, names r0, r1, ... */
  frag_sim_seek (a, 1);
  const FragEvent *e = frag_sim_last_event (a);
  g_assert_cmpint (e->op, ==, FRAG_OP_SPAWN);
  g_assert_cmpstr (e->name, ==, "r0");
  frag_sim_free (a);
  frag_sim_free (b);
}

/* A program that names a process like a generated one: the generated spawn of that name fails
 * (process-exists), and the program can exit a generated process by name. */
static void
test_name_collision (void)
{
  FragConfig cfg;
  frag_test_config (&cfg, 4096, 256, FRAG_MODE_SEGMENTATION, FRAG_FIT_FIRST);
  FragProgram *p = frag_program_new ();
  frag_test_spawn (p, "r1", 4096, -1);
  FragRandomSpec spec;
  frag_random_spec_init (&spec);
  spec.seed = 3;
  spec.count = 3;
  spec.alloc_ratio = 1.0;
  spec.max_size = 4096 * 4;
  FragOp *op = frag_test_op (p, FRAG_OP_RANDOM, NULL);
  op->random = frag_program_add_random (p, &spec);
  frag_test_op (p, FRAG_OP_EXIT, "r2");
  frag_test_op (p, FRAG_OP_EXIT, "r1");
  FragSim *sim = frag_test_sim (&cfg, p);
  frag_test_run_checked (sim, G_MAXUINT64, G_MAXUINT64, 1);
  const char *want_name[] = { "r1", "r0", "r1", "r2", "r2", "r1" };
  gboolean want_ok[] = { TRUE, TRUE, FALSE, TRUE, TRUE, TRUE };
  for (uint64_t s = 0; s < 6; s++)
    {
      frag_sim_seek (sim, s + 1);
      const FragEvent *ev = frag_sim_last_event (sim);
      g_assert_cmpstr (ev->name, ==, want_name[s]);
      g_assert_cmpint (ev->ok, ==, want_ok[s]);
      if (s == 2)
        g_assert_cmpint (ev->reason, ==, FRAG_REASON_PROCESS_EXISTS);
    }
  g_assert_cmpuint (frag_sim_n_processes (sim), ==, 1);
  FragProcessInfo pi;
  g_assert_true (frag_sim_process (sim, 0, &pi));
  g_assert_cmpstr (pi.name, ==, "r0");
  frag_sim_free (sim);
}

static void
test_raw_ops (void)
{
  FragConfig cfg;
  frag_test_config (&cfg, 4096, 64, FRAG_MODE_BUDDY, FRAG_FIT_FIRST);
  FragProgram *p = frag_program_new ();
  FragOp *op = frag_test_op (p, FRAG_OP_ALLOC, "x");
  op->order = 2;
  op = frag_test_op (p, FRAG_OP_ALLOC, "y");
  op->order = 0;
  op->mt = FRAG_MT_UNMOVABLE;
  op = frag_test_op (p, FRAG_OP_ALLOC, "x");
  op->order = 0;
  frag_test_op (p, FRAG_OP_FREE, "x");
  frag_test_op (p, FRAG_OP_FREE, "x");
  FragSim *sim = frag_test_sim (&cfg, p);
  frag_test_run_checked (sim, 1, 100, 1);
  const FragEvent *ev = frag_sim_last_event (sim);
  g_assert_true (ev->ok);
  g_assert_cmpint (ev->order, ==, 2);
  g_assert_cmpuint (ev->bytes, ==, 4 * 4096);
  g_assert_cmpuint (ev->extents[0].start, ==, 0);
  g_assert_cmpuint (ev->extents[0].frames, ==, 4);
  frag_test_run_checked (sim, 1, 100, 1);
  /* Unmovable falls back to the movable lists (stealing a pageblock): still the lowest block. */
  ev = frag_sim_last_event (sim);
  g_assert_true (ev->ok);
  frag_test_run_checked (sim, 1, 100, 1);
  ev = frag_sim_last_event (sim);
  g_assert_false (ev->ok);
  g_assert_cmpint (ev->reason, ==, FRAG_REASON_PROCESS_EXISTS);
  frag_test_run_checked (sim, 1, 100, 1);
  ev = frag_sim_last_event (sim);
  g_assert_true (ev->ok);
  g_assert_cmpuint (ev->frames_freed, ==, 4);
  frag_test_run_checked (sim, 1, 100, 1);
  ev = frag_sim_last_event (sim);
  g_assert_false (ev->ok);
  g_assert_cmpint (ev->reason, ==, FRAG_REASON_NO_SUCH_PROCESS);
  g_assert_cmpuint (frag_sim_n_raw (sim), ==, 1);
  const char *id;
  uint64_t pfn;
  unsigned order;
  FragMigrateType mt;
  g_assert_true (frag_sim_raw (sim, 0, &id, &pfn, &order, &mt));
  g_assert_cmpstr (id, ==, "y");
  g_assert_cmpuint (order, ==, 0);
  g_assert_cmpint (mt, ==, FRAG_MT_UNMOVABLE);
  frag_sim_free (sim);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  static Case cases[32];
  unsigned n = 0;
  for (unsigned mode = 0; mode < FRAG_MODE_COUNT; mode++)
    for (unsigned lists = 0; lists < FRAG_FREE_LIST_COUNT; lists++)
      for (unsigned w = 0; w < 2; w++)
        {
          if (w == 1 && mode != FRAG_MODE_BUDDY && mode != FRAG_MODE_PAGING)
            continue;
          Case *c = &cases[n++];
          c->mode = mode;
          c->lists = lists;
          c->fit = (FragFit) ((mode + lists) % FRAG_FIT_COUNT);
          c->workload = w ? FRAG_WORKLOAD_RAW : FRAG_WORKLOAD_PROCESSES;
          c->zones = 1;
          char *path = g_strdup_printf ("/frag/engine/random/%s/%s/%s", frag_mode_name (mode),
                                        frag_free_list_name (lists), w ? "raw" : "processes");
          g_test_add_data_func (path, c, test_all_modes);
          g_free (path);
          if (lists == FRAG_FREE_LIST_ADDRESS && w == 0)
            {
              Case *c3 = &cases[n++];
              *c3 = *c;
              c3->zones = 3;
              path = g_strdup_printf ("/frag/engine/random/%s/three-zones", frag_mode_name (mode));
              g_test_add_data_func (path, c3, test_all_modes);
              g_free (path);
            }
        }
  g_test_add_func ("/frag/engine/random/deterministic", test_deterministic);
  g_test_add_func ("/frag/engine/random/raw-ops", test_raw_ops);
  g_test_add_func ("/frag/engine/random/name-collision", test_name_collision);
  return g_test_run ();
}
