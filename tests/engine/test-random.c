/* test-random.c: long randomized runs of every mode and both free-list disciplines under the
 * whole-engine checker, lazily expanded `random` ops, and their determinism. */
#include "engine-test-util.h"
#include "frag-frame.h"

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

/* frag_sim_zone_changes_since: every frame whose word changed (as a picture shows it: used
 * words whole, free heads without their LIFO link) and every pageblock whose type changed,
 * between two reads of the generation, lies in a range it reports; a seek reports "all". */
typedef struct {
  uint64_t *covered;   /* bitmap over pfns */
} Covered;

static void
cover_cb (uint64_t pfn, uint64_t frames, void *user_data)
{
  Covered *c = user_data;
  for (uint64_t p = pfn; p < pfn + frames; p++)
    c->covered[p / 64] |= 1ull << (p % 64);
}

static uint32_t
visible (uint32_t w)
{
  if (frag_fw_is_free_head (w))
    return w & ~FRAG_FW_LOW_MASK;
  return frag_fw_is_used (w) ? w : 0;
}

static void
test_changes_since (gconstpointer data)
{
  const Case *c = data;
  FragSim *sim = random_sim (c, 1000, 99 + c->mode, 20000, 3, true);
  static const unsigned jumps[] = { 1, 2, 17, 1, 5, 40, 3 };
  uint64_t reported = 0, all = 0, checked = 0;
  for (unsigned j = 0; frag_sim_position (sim) < frag_sim_n_steps (sim); j++)
    {
      unsigned nz = frag_sim_n_zones (sim);
      uint32_t *before[FRAG_MAX_ZONES];
      uint64_t gen[FRAG_MAX_ZONES], start[FRAG_MAX_ZONES], frames[FRAG_MAX_ZONES];
      FragMigrateType pbt[1100];
      for (unsigned z = 0; z < nz; z++)
        {
          const uint32_t *w = frag_sim_zone_words (sim, z, &start[z], &frames[z]);
          before[z] = g_memdup2 (w, frames[z] * sizeof *w);
          gen[z] = frag_sim_zone_generation (sim, z);
        }
      unsigned pbo = frag_sim_config (sim)->pageblock_order;
      for (uint64_t pb = 0; pb < G_N_ELEMENTS (pbt); pb++)
        pbt[pb] = frag_sim_pageblock_type (sim, pb);
      for (unsigned k = 0; k < jumps[j % G_N_ELEMENTS (jumps)]; k++)
        frag_sim_step (sim);
      if (j % 97 == 96)
        frag_sim_seek (sim, frag_sim_position (sim) - 100);   /* now and then, a seek back */
      for (unsigned z = 0; z < nz; z++)
        {
          Covered cov = { g_new0 (uint64_t, (start[z] + frames[z]) / 64 + 1) };
          const uint32_t *w = frag_sim_zone_words (sim, z, NULL, NULL);
          if (!frag_sim_zone_changes_since (sim, z, gen[z], cover_cb, &cov))
            all++;
          else
            {
              reported++;
              for (uint64_t i = 0; i < frames[z]; i++)
                {
                  uint64_t p = start[z] + i;
                  bool changed = visible (w[i]) != visible (before[z][i])
                                 || (p >> pbo < G_N_ELEMENTS (pbt)
                                     && frag_sim_pageblock_type (sim, p >> pbo) != pbt[p >> pbo]);
                  if (changed && !(cov.covered[p / 64] & (1ull << (p % 64))))
                    g_error ("%s: step %" G_GUINT64_FORMAT ": pfn %" G_GUINT64_FORMAT
                             " changed (%08x -> %08x) outside every reported range",
                             frag_mode_name (c->mode), frag_sim_position (sim), p, before[z][i],
                             w[i]);
                  checked += changed;
                }
              g_assert_cmpuint (frag_sim_zone_generation (sim, z), >=, gen[z]);
            }
          g_free (cov.covered);
          g_free (before[z]);
        }
    }
  g_test_message ("%" G_GUINT64_FORMAT " changed frames found in reported ranges; %"
                  G_GUINT64_FORMAT " reports, %" G_GUINT64_FORMAT " 'all'", checked, reported,
                  all);
  g_assert_cmpuint (checked, >, 1000);
  g_assert_cmpuint (all, >, 0);
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
          path = g_strdup_printf ("/frag/engine/random/%s/%s/%s/changes-since",
                                  frag_mode_name (mode), frag_free_list_name (lists),
                                  w ? "raw" : "processes");
          g_test_add_data_func (path, c, test_changes_since);
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
