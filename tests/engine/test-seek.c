/* test-seek.c: time travel. Seeking anywhere (after prepare, or without it) gives exactly the
 * state, metrics, event and highlights of a straight replay; prepare can be cancelled. */
#include "engine-test-util.h"
#include "frag-frame.h"
#include "frag-sim-private.h"

#include <string.h>

static guint64
mix (guint64 h, guint64 v)
{
  h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
  return h * 0x100000001b3ull;
}

/* A digest of everything a viewer can see at the current position. */
static guint64
digest (const FragSim *sim)
{
  guint64 h = 1469598103934665603ull;
  for (unsigned z = 0; z < frag_sim_n_zones (sim); z++)
    {
      uint64_t start, frames;
      const uint32_t *w = frag_sim_zone_words (sim, z, &start, &frames);
      for (uint64_t i = 0; i < frames; i++)
        h = mix (h, frag_fw_is_used (w[i]) ? w[i] : (frag_fw_is_free_head (w[i]) ? w[i] & 0xff000000u : 1));
      FragZoneStats zs;
      frag_sim_zone_stats (sim, z, &zs);
      for (unsigned o = 0; o < zs.n_orders; o++)
        h = mix (h, zs.nr_free[o]);
    }
  FragMetrics m;
  frag_sim_metrics (sim, &m);
  h = mix (h, m.free_frames);
  h = mix (h, m.largest_free_run);
  h = mix (h, m.failed_allocations);
  h = mix (h, m.compaction_frames_moved);
  h = mix (h, m.internal_fragmentation_bytes);
  h = mix (h, m.live_processes);
  h = mix (h, m.live_allocations);
  h = mix (h, m.trace_skipped);
  const FragEvent *ev = frag_sim_last_event (sim);
  if (ev)
    {
      h = mix (h, ev->step);
      h = mix (h, ev->op);
      h = mix (h, ev->ok);
      h = mix (h, ev->reason);
      h = mix (h, ev->name ? g_str_hash (ev->name) : 0);
      h = mix (h, ev->frames_moved);
      h = mix (h, ev->frames_freed);
      for (size_t i = 0; i < ev->n_extents; i++)
        h = mix (mix (h, ev->extents[i].start), ev->extents[i].frames);
    }
  size_t n_changes;
  const FragChange *ch = frag_sim_last_changes (sim, &n_changes);
  for (size_t i = 0; i < n_changes; i++)
    h = mix (mix (mix (h, ch[i].start), ch[i].frames), ch[i].kind);
  for (size_t p = 0; p < frag_sim_n_processes (sim); p++)
    {
      FragProcessInfo pi;
      g_assert_true (frag_sim_process (sim, p, &pi));
      h = mix (h, g_str_hash (pi.name));
      uint64_t frames[64];
      size_t n = frag_sim_process_frames (sim, p, frames, 64);
      for (size_t i = 0; i < n; i++)
        h = mix (h, frames[i]);
    }
  const char *note = frag_sim_current_note (sim);
  h = mix (h, note ? g_str_hash (note) : 0);
  return h;
}

static FragFreeListOrder lists_in_use = FRAG_FREE_LIST_ADDRESS;
static gboolean movable_only = FALSE;

static FragSim *
make_sim (FragMode mode, FragWorkload workload, uint64_t count)
{
  FragConfig cfg;
  frag_test_config (&cfg, 4096, 777, mode, FRAG_FIT_NEXT);
  cfg.free_list = lists_in_use;
  cfg.max_order = 5;
  cfg.pageblock_order = 3;
  cfg.trigger = FRAG_TRIGGER_THRESHOLD;
  cfg.threshold = 0.7;
  FragProgram *p = frag_program_new ();
  frag_test_spawn (p, "first", 4096 * 5, -1);
  frag_test_op (p, FRAG_OP_NOTE, "a note");
  FragRandomSpec spec;
  frag_random_spec_init (&spec);
  spec.seed = 99;
  spec.count = count;
  spec.workload = workload;
  spec.max_size = 4096 * 30;
  spec.max_segments = 2;
  spec.max_order = 4;
  spec.alloc_ratio = 0.65;
  if (!movable_only)
    spec.mt_weights[FRAG_MT_UNMOVABLE] = 0.2;
  FragOp *op = frag_test_op (p, FRAG_OP_RANDOM, NULL);
  op->random = frag_program_add_random (p, &spec);
  frag_test_op (p, FRAG_OP_COMPACT, NULL);
  frag_test_op (p, FRAG_OP_EXIT, "first");
  op = frag_test_op (p, FRAG_OP_RANDOM, NULL);
  spec.seed = 100;
  op->random = frag_program_add_random (p, &spec);
  return frag_test_sim (&cfg, p);
}

/* prepare: 0 none, 1 default policy, 2 a checkpoint every 64 steps within a budget that
 * forces thinning. */
static void
seek_equals_replay (FragMode mode, FragWorkload workload, int prepare)
{
  const uint64_t count = 3000;
  FragSim *a = make_sim (mode, workload, count);
  uint64_t n = frag_sim_n_steps (a);
  g_assert_cmpuint (n, ==, 2 * count + 4);
  guint64 *want = g_new (guint64, n + 1);
  want[0] = digest (a);
  for (uint64_t i = 1; i <= n; i++)
    {
      g_assert_true (frag_sim_step (a));
      want[i] = digest (a);
    }
  g_assert_false (frag_sim_step (a));
  frag_test_check (a);

  FragSim *b = make_sim (mode, workload, count);
  if (prepare == 2)
    frag_sim_set_checkpoint_policy (b, 1, 1 << 20);
  if (prepare)
    {
      g_assert_true (frag_sim_prepare (b, NULL, NULL));
      g_assert_cmpuint (frag_sim_position (b), ==, 0);
      uint64_t n_samples;
      const FragSample *s = frag_sim_samples (b, &n_samples);
      g_assert_cmpuint (n_samples, ==, n);
      FragMetrics m;
      frag_sim_metrics (a, &m);
      g_assert_cmpuint (s[n - 1].free_frames, ==, m.free_frames);
      g_assert_cmpuint (s[n - 1].failed_allocations, ==, m.failed_allocations);
      if (prepare == 2)
        {
          g_test_message ("%zu checkpoints, %zu light", frag_sim_n_checkpoints (b),
                          frag_sim_n_light_checkpoints (b));
          g_assert_cmpuint (frag_sim_n_checkpoints (b), >, 4);
          /* The budget holds (shared chunks counted once), and the balancing pass kept the
           * checkpoints in order. */
          g_assert_cmpuint (frag_sim_checkpoint_bytes (b), <=, 1 << 20);
          for (size_t i = 1; i < b->n_cps; i++)
            {
              g_assert_cmpuint (b->cps[i].position, >, b->cps[i - 1].position);
              g_assert_cmpuint (b->cps[i].work_ns, >=, b->cps[i - 1].work_ns);
            }
          /* With movable allocations only and address lists the zones stay canonical: their
           * checkpoints are kept as runs of words. */
          if (movable_only && lists_in_use == FRAG_FREE_LIST_ADDRESS)
            g_assert_cmpuint (frag_sim_n_light_checkpoints (b), >, 2);
          if (lists_in_use == FRAG_FREE_LIST_LIFO)
            g_assert_cmpuint (frag_sim_n_light_checkpoints (b), ==, 0);
        }
    }
  if (!prepare)
    {
      /* Stepping ahead lays checkpoints too (every 4096 steps at this size). */
      frag_sim_seek (b, n);
      g_assert_cmpuint (frag_sim_n_checkpoints (b), >=, 2);
    }
  GRand *r = g_rand_new_with_seed (5);
  for (int k = 0; k < 300; k++)
    {
      uint64_t pos = k < 4 ? (uint64_t[]) { n, 0, 1, n - 1 }[k]
                           : (uint64_t) g_rand_int_range (r, 0, (gint32) n + 1);
      frag_sim_seek (b, pos);
      g_assert_cmpuint (frag_sim_position (b), ==, pos);
      if (digest (b) != want[pos])
        g_error ("state after seeking to %" G_GUINT64_FORMAT " differs from the replay", pos);
      if (k % 10 == 0)
        frag_test_check (b);
    }
  /* Restores made to look dear: every seek ahead goes on from where it stands, across any
   * number of checkpoints, and must still give the replay's state. */
  b->restore_ns = UINT64_MAX / 4;
  for (int k = 0; k < 60; k++)
    {
      uint64_t pos = (uint64_t) g_rand_int_range (r, 0, (gint32) n + 1);
      frag_sim_seek (b, pos);
      g_assert_cmpuint (frag_sim_position (b), ==, pos);
      if (digest (b) != want[pos])
        g_error ("state after going on to %" G_GUINT64_FORMAT " differs from the replay", pos);
    }
  g_rand_free (r);
  g_free (want);
  frag_sim_free (a);
  frag_sim_free (b);
}

static void
test_seek_modes (void)
{
  for (unsigned mode = 0; mode < FRAG_MODE_COUNT; mode++)
    {
      seek_equals_replay (mode, FRAG_WORKLOAD_PROCESSES, 0);
      seek_equals_replay (mode, FRAG_WORKLOAD_PROCESSES, 1);
      seek_equals_replay (mode, FRAG_WORKLOAD_PROCESSES, 2);
    }
  seek_equals_replay (FRAG_MODE_BUDDY, FRAG_WORKLOAD_RAW, 2);
  seek_equals_replay (FRAG_MODE_PAGING, FRAG_WORKLOAD_RAW, 2);
  /* Linux's LIFO lists: list order is state too, and must come back exactly. */
  lists_in_use = FRAG_FREE_LIST_LIFO;
  for (unsigned mode = 0; mode < FRAG_MODE_COUNT; mode++)
    seek_equals_replay (mode, FRAG_WORKLOAD_PROCESSES, 2);
  seek_equals_replay (FRAG_MODE_BUDDY, FRAG_WORKLOAD_RAW, 2);
  lists_in_use = FRAG_FREE_LIST_ADDRESS;
  movable_only = TRUE;
  for (unsigned mode = 0; mode < FRAG_MODE_COUNT; mode++)
    seek_equals_replay (mode, FRAG_WORKLOAD_PROCESSES, 2);
  seek_equals_replay (FRAG_MODE_BUDDY, FRAG_WORKLOAD_RAW, 2);
  seek_equals_replay (FRAG_MODE_PAGING, FRAG_WORKLOAD_RAW, 2);
  movable_only = FALSE;
}

static bool
cancel_cb (uint64_t done, uint64_t total, void *data)
{
  int *calls = data;
  (*calls)++;
  g_assert_cmpuint (done, <=, total);
  return false;
}

static void
test_prepare_cancel (void)
{
  FragSim *sim = make_sim (FRAG_MODE_SEGMENTATION, FRAG_WORKLOAD_PROCESSES, 400000);
  frag_sim_seek (sim, 10);
  guint64 before = digest (sim);
  int calls = 0;
  g_assert_false (frag_sim_prepare (sim, cancel_cb, &calls));
  g_assert_cmpint (calls, ==, 1);
  g_assert_cmpuint (frag_sim_position (sim), ==, 10);
  g_assert_cmpuint (digest (sim), ==, before);
  frag_test_check (sim);
  frag_sim_free (sim);
}

/* Every chunk's reference count is the number of checkpoints that hold it, and the bytes of the
 * live chunks are counted exactly once. */
static void
check_chunks (const FragSim *sim)
{
  GHashTable *seen = g_hash_table_new (g_direct_hash, g_direct_equal);
  for (size_t i = 0; i < sim->n_cps; i++)
    for (size_t v = 0; v < FRAG_SIM_N_VECS; v++)
      for (size_t k = 0; k < sim->cps[i].vecs[v].n_chunks; k++)
        {
          FragChunk *c = sim->cps[i].vecs[v].chunks[k];
          guint n = GPOINTER_TO_UINT (g_hash_table_lookup (seen, c));
          g_hash_table_insert (seen, c, GUINT_TO_POINTER (n + 1));
        }
  GHashTableIter it;
  gpointer key, value;
  size_t bytes = 0;
  g_hash_table_iter_init (&it, seen);
  while (g_hash_table_iter_next (&it, &key, &value))
    {
      const FragChunk *c = key;
      g_assert_cmpuint (c->refs, ==, GPOINTER_TO_UINT (value));
      bytes += sizeof *c + c->bytes;
    }
  g_assert_cmpuint (bytes, ==, sim->cp_chunk_bytes);
  g_hash_table_destroy (seen);
}

/* Checkpoints share the chunks of their tables that did not change: after the spawns, a long run
 * of notes changes no table, so all the checkpoints laid over it hold one copy of the tables. */
static void
test_shared_chunks (void)
{
  FragConfig cfg;
  frag_test_config (&cfg, 4096, 1 << 16, FRAG_MODE_SEGMENTATION, FRAG_FIT_FIRST);
  FragProgram *p = frag_program_new ();
  char name[16];
  for (int i = 0; i < 2000; i++)
    {
      g_snprintf (name, sizeof name, "p%d", i);
      frag_test_spawn (p, name, 4096 * (1 + i % 7), -1);
    }
  for (int i = 0; i < 20000; i++)
    frag_test_op (p, FRAG_OP_NOTE, "nothing changes");
  FragSim *sim = frag_test_sim (&cfg, p);
  frag_sim_set_checkpoint_policy (sim, 1, 0);
  g_assert_true (frag_sim_prepare (sim, NULL, NULL));
  g_assert_cmpuint (frag_sim_n_checkpoints (sim), >, 20);
  /* The live tables' size at the end: what one copy of them takes. */
  frag_sim_seek (sim, frag_sim_n_steps (sim));
  FragVec *vecs[FRAG_SIM_N_VECS];
  size_t n = frag_sim_vecs (sim, vecs), one = 0;
  for (size_t i = 0; i < n; i++)
    one += vecs[i]->len * vecs[i]->elt;
  g_assert_cmpuint (one, >, 100000);
  size_t ckpts_after_spawns = 0;
  for (size_t i = 0; i < sim->n_cps; i++)
    ckpts_after_spawns += sim->cps[i].position >= 2000;
  g_assert_cmpuint (ckpts_after_spawns, >, 10);
  /* Chunks made while spawning, at most one fresh copy per checkpoint laid then, plus headers. */
  size_t ckpts_during = sim->n_cps - ckpts_after_spawns;
  g_assert_cmpuint (sim->cp_chunk_bytes, <=, (ckpts_during + 1) * one * 2);
  for (size_t i = 1; i < sim->n_cps; i++)
    if (sim->cps[i].position > 2000 && sim->cps[i - 1].position >= 2000)
      g_assert_cmpuint (sim->cps[i].fresh, ==, 0);
  /* And a seek through them is still the replay. */
  frag_sim_seek (sim, 2001);
  g_assert_cmpuint (frag_sim_position (sim), ==, 2001);
  FragMetrics m;
  frag_sim_metrics (sim, &m);
  g_assert_cmpuint (m.live_processes, ==, 2000);
  frag_test_check (sim);
  check_chunks (sim);
  frag_sim_free (sim);

  /* A random run under a budget that forces thinning and balancing, prepared twice: the
   * counts stay exact. */
  movable_only = TRUE;
  sim = make_sim (FRAG_MODE_PAGING, FRAG_WORKLOAD_PROCESSES, 3000);
  frag_sim_set_checkpoint_policy (sim, 1, 1 << 20);
  g_assert_true (frag_sim_prepare (sim, NULL, NULL));
  check_chunks (sim);
  g_assert_true (frag_sim_prepare (sim, NULL, NULL));
  check_chunks (sim);
  frag_sim_seek (sim, frag_sim_n_steps (sim) / 2);
  check_chunks (sim);
  frag_test_check (sim);
  movable_only = FALSE;
  frag_sim_free (sim);

  /* A budget that is always full: stepping ahead tries a checkpoint at most once a spacing
   * (4096 steps here), not once a step although each new one is dropped again at once. */
  sim = make_sim (FRAG_MODE_SEGMENTATION, FRAG_WORKLOAD_PROCESSES, 20000);
  frag_sim_set_checkpoint_policy (sim, 0, 1);
  uint64_t end = frag_sim_n_steps (sim), filled = sim->n_cp_filled;
  frag_sim_seek (sim, end);
  g_assert_cmpuint (frag_sim_n_checkpoints (sim), <=, 2);
  g_assert_cmpuint (sim->n_cp_filled - filled, <=, end / 4096 + 1);
  check_chunks (sim);
  frag_test_check (sim);
  movable_only = FALSE;
  frag_sim_free (sim);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/frag/engine/seek/equals-replay", test_seek_modes);
  g_test_add_func ("/frag/engine/seek/prepare-cancel", test_prepare_cancel);
  g_test_add_func ("/frag/engine/seek/shared-chunks", test_shared_chunks);
  return g_test_run ();
}
