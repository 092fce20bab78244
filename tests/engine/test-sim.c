/* test-sim.c: the core of FragSim: names and failure reasons, all-or-nothing spawns, fits and
 * the next-fit cursor, grow, access, multiple zones, buddy mode, queries, bad input. The
 * checker runs after every step. */
#include "engine-test-util.h"

static FragSim *
run (const FragConfig *cfg, FragProgram *p)
{
  FragSim *sim = frag_test_sim (cfg, p);
  frag_test_run_checked (sim, G_MAXUINT64, G_MAXUINT64, 1);
  return sim;
}

static const FragEvent *
event_at (FragSim *sim, uint64_t step)
{
  frag_sim_seek (sim, step + 1);
  frag_test_check (sim);
  return frag_sim_last_event (sim);
}

static void
test_names (void)
{
  FragConfig cfg;
  frag_test_config (&cfg, 10, 100, FRAG_MODE_SEGMENTATION, FRAG_FIT_FIRST);
  FragProgram *p = frag_program_new ();
  frag_test_spawn (p, "A", 10, -1);
  frag_test_spawn (p, "A", 10, -1);
  frag_test_op (p, FRAG_OP_EXIT, "B");
  frag_test_op (p, FRAG_OP_GROW, "B")->size = 5;
  frag_test_op (p, FRAG_OP_ACCESS, "B");
  frag_test_op (p, FRAG_OP_FREE, "A");
  frag_test_op (p, FRAG_OP_EXIT, "A");
  frag_test_spawn (p, "A", 10, -1);
  FragSim *sim = run (&cfg, p);
  const FragEvent *ev = event_at (sim, 1);
  g_assert_false (ev->ok);
  g_assert_cmpint (ev->reason, ==, FRAG_REASON_PROCESS_EXISTS);
  for (uint64_t s = 2; s <= 5; s++)
    {
      ev = event_at (sim, s);
      g_assert_false (ev->ok);
      g_assert_cmpint (ev->reason, ==, FRAG_REASON_NO_SUCH_PROCESS);
    }
  ev = event_at (sim, 6);
  g_assert_true (ev->ok);
  g_assert_cmpuint (ev->frames_freed, ==, 1);
  ev = event_at (sim, 7);
  g_assert_true (ev->ok);
  g_assert_cmpuint (ev->extents[0].start, ==, 0);
  FragMetrics m;
  frag_sim_metrics (sim, &m);
  /* Name errors are not failed allocations. */
  g_assert_cmpuint (m.failed_allocations, ==, 0);
  g_assert_cmpuint (m.live_processes, ==, 1);
  frag_sim_free (sim);
}

/* A spawn of two segments whose second cannot be placed creates nothing. */
static void
test_all_or_nothing (void)
{
  FragConfig cfg;
  frag_test_config (&cfg, 1, 32, FRAG_MODE_SEGMENTATION, FRAG_FIT_NEXT);
  FragProgram *p = frag_program_new ();
  frag_test_spawn (p, "X", 8, 8);
  FragOp *op = frag_test_op (p, FRAG_OP_SPAWN, "Y");
  op->first_segment = frag_program_add_segment (p, frag_program_intern (p, "code"), 8);
  frag_program_add_segment (p, frag_program_intern (p, "heap"), 9);
  op->n_segments = 2;
  frag_test_spawn (p, "Z", 4, -1);
  FragSim *sim = frag_test_sim (&cfg, p);
  frag_test_run_checked (sim, 1, 10, 1);
  g_autofree char *before = frag_test_holes_string (sim);
  frag_test_run_checked (sim, 1, 10, 1);
  const FragEvent *ev = frag_sim_last_event (sim);
  g_assert_false (ev->ok);
  /* 24 free frames >= 17 needed: fragmentation, not lack of memory. */
  g_assert_cmpint (ev->reason, ==, FRAG_REASON_EXTERNAL_FRAGMENTATION);
  g_assert_cmpuint (ev->n_extents, ==, 0);
  size_t n_changes;
  frag_sim_last_changes (sim, &n_changes);
  g_assert_cmpuint (n_changes, ==, 0);
  g_autofree char *after = frag_test_holes_string (sim);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (frag_sim_n_processes (sim), ==, 1);
  /* The next-fit cursor did not move either: Z goes right after X. */
  frag_test_run_checked (sim, 1, 10, 1);
  ev = frag_sim_last_event (sim);
  g_assert_true (ev->ok);
  g_assert_cmpuint (ev->extents[0].start, ==, 16);
  frag_sim_free (sim);
}

static void
test_out_of_memory (void)
{
  FragConfig cfg;
  frag_test_config (&cfg, 4096, 16, FRAG_MODE_SEGMENTATION, FRAG_FIT_BEST);
  FragProgram *p = frag_program_new ();
  frag_test_spawn (p, "A", 4096 * 10, -1);
  frag_test_spawn (p, "B", 4096 * 7, -1);
  frag_test_spawn (p, "C", 4096 * 6, -1);
  frag_test_spawn (p, "D", 4096 * 6, 4096);  /* at an used address */
  FragSim *sim = run (&cfg, p);
  const FragEvent *ev = event_at (sim, 1);
  g_assert_cmpint (ev->reason, ==, FRAG_REASON_OUT_OF_MEMORY);
  ev = event_at (sim, 2);
  g_assert_true (ev->ok);
  g_assert_cmpuint (ev->extents[0].start, ==, 10);
  ev = event_at (sim, 3);
  g_assert_cmpint (ev->reason, ==, FRAG_REASON_OUT_OF_MEMORY);
  FragMetrics m;
  frag_sim_metrics (sim, &m);
  g_assert_cmpuint (m.failed_allocations, ==, 2);
  g_assert_cmpuint (m.failed_out_of_memory, ==, 2);
  frag_sim_free (sim);
}

static void
test_grow (void)
{
  FragConfig cfg;
  frag_test_config (&cfg, 10, 40, FRAG_MODE_SEGMENTATION, FRAG_FIT_FIRST);
  FragProgram *p = frag_program_new ();
  frag_test_spawn (p, "A", 50, -1);            /* 0..4 */
  frag_test_spawn (p, "B", 50, 100);           /* 10..14 */
  frag_test_op (p, FRAG_OP_GROW, "A")->size = 45;   /* 95 bytes: 10 frames, in place */
  frag_test_op (p, FRAG_OP_GROW, "A")->size = 10;   /* 105 bytes: 11 frames, moves to 15 */
  frag_test_op (p, FRAG_OP_GROW, "B")->size = 1000; /* cannot */
  frag_test_op (p, FRAG_OP_GROW, "A")->size = 5;    /* 110 bytes: still 11 frames */
  FragSim *sim = run (&cfg, p);
  const FragEvent *ev = event_at (sim, 2);
  g_assert_true (ev->ok);
  g_assert_cmpuint (ev->extents[0].start, ==, 0);
  g_assert_cmpuint (ev->extents[0].frames, ==, 10);
  ev = event_at (sim, 3);
  g_assert_true (ev->ok);
  g_assert_cmpuint (ev->extents[0].start, ==, 15);
  g_assert_cmpuint (ev->extents[0].frames, ==, 11);
  ev = event_at (sim, 4);
  g_assert_false (ev->ok);
  /* 24 free frames, 100 more needed. */
  g_assert_cmpint (ev->reason, ==, FRAG_REASON_OUT_OF_MEMORY);
  ev = event_at (sim, 5);
  g_assert_true (ev->ok);
  FragMetrics m;
  frag_sim_metrics (sim, &m);
  g_assert_cmpuint (m.internal_fragmentation_bytes, ==, 0 + (110 - 110) + (50 - 50));
  FragSegmentInfo si;
  g_assert_true (frag_sim_segment (sim, 0, 0, &si));
  g_assert_cmpuint (si.bytes, ==, 110);
  g_assert_cmpuint (si.frames, ==, 11);
  g_assert_cmpuint (si.start_pfn, ==, 15);
  g_autofree char *holes = frag_test_holes_string (sim);
  g_assert_cmpstr (holes, ==, "0+10 26+14");
  frag_sim_free (sim);
}

/* Segments one after another in the virtual space: base + offset, fault past the end. */
static void
test_access_segments (void)
{
  FragConfig cfg;
  frag_test_config (&cfg, 16, 64, FRAG_MODE_SEGMENTATION, FRAG_FIT_FIRST);
  FragProgram *p = frag_program_new ();
  frag_test_spawn (p, "pad", 32, -1);
  FragOp *op = frag_test_op (p, FRAG_OP_SPAWN, "P");
  op->first_segment = frag_program_add_segment (p, frag_program_intern (p, "code"), 20);
  frag_program_add_segment (p, frag_program_intern (p, "heap"), 40);
  op->n_segments = 2;
  frag_test_op (p, FRAG_OP_ACCESS, "P")->address = 5;
  frag_test_op (p, FRAG_OP_ACCESS, "P")->address = 25;
  frag_test_op (p, FRAG_OP_ACCESS, "P")->address = 60;
  FragSim *sim = run (&cfg, p);
  /* code: frames 2..3 (pa 32); heap: frames 4..6 (pa 64), virtual 20..59. */
  const FragEvent *ev = event_at (sim, 2);
  g_assert_true (ev->ok);
  g_assert_cmpuint (ev->paddr, ==, 37);
  ev = event_at (sim, 3);
  g_assert_true (ev->ok);
  g_assert_cmpuint (ev->paddr, ==, 64 + 5);
  ev = event_at (sim, 4);
  g_assert_false (ev->ok);
  g_assert_cmpint (ev->reason, ==, FRAG_REASON_FAULT);
  FragSegmentInfo si;
  g_assert_true (frag_sim_segment (sim, 1, 1, &si));
  g_assert_cmpstr (si.name, ==, "heap");
  g_assert_cmpuint (si.base_vaddr, ==, 20);
  g_assert_cmpuint (si.start_pfn, ==, 4);
  g_assert_false (frag_sim_segment (sim, 1, 2, &si));
  FragMetrics m;
  frag_sim_metrics (sim, &m);
  g_assert_cmpuint (m.page_faults, ==, 1);
  /* code 20 bytes in 32, heap 40 in 48. */
  g_assert_cmpuint (m.internal_fragmentation_bytes, ==, 12 + 8);
  frag_sim_free (sim);
}

/* Two zones with a gap: contiguous fits search them in address order. */
static void
test_zones (void)
{
  FragConfig cfg;
  frag_test_config (&cfg, 1, 8, FRAG_MODE_SEGMENTATION, FRAG_FIT_FIRST);
  cfg.n_zones = 2;
  g_strlcpy (cfg.zones[0].name, "DMA", sizeof cfg.zones[0].name);
  cfg.zones[0].start_pfn = 4;
  cfg.zones[0].frames = 8;
  g_strlcpy (cfg.zones[1].name, "Normal", sizeof cfg.zones[1].name);
  cfg.zones[1].start_pfn = 16;
  cfg.zones[1].frames = 16;
  cfg.max_order = 3;
  cfg.pageblock_order = 2;
  FragProgram *p = frag_program_new ();
  frag_test_spawn (p, "a", 6, -1);
  frag_test_spawn (p, "b", 6, -1);
  frag_test_spawn (p, "c", 2, -1);
  frag_test_spawn (p, "d", 12, -1);
  frag_test_spawn (p, "e", 2, 12);   /* in the gap */
  FragSim *sim = run (&cfg, p);
  g_assert_cmpuint (frag_sim_n_zones (sim), ==, 2);
  g_assert_cmpuint (event_at (sim, 0)->extents[0].start, ==, 4);
  g_assert_cmpuint (event_at (sim, 1)->extents[0].start, ==, 16);
  g_assert_cmpuint (event_at (sim, 2)->extents[0].start, ==, 10);
  const FragEvent *ev = event_at (sim, 3);
  g_assert_false (ev->ok);
  g_assert_cmpint (ev->reason, ==, FRAG_REASON_OUT_OF_MEMORY);
  ev = event_at (sim, 4);
  g_assert_false (ev->ok);
  g_autofree char *holes = frag_test_holes_string (sim);
  g_assert_cmpstr (holes, ==, "22+10");
  FragZoneStats zs;
  frag_sim_zone_stats (sim, 0, &zs);
  g_assert_cmpstr (zs.name, ==, "DMA");
  g_assert_cmpuint (zs.free_frames, ==, 0);
  frag_sim_zone_stats (sim, 1, &zs);
  g_assert_cmpuint (zs.free_frames, ==, 10);
  /* 22 (order 1), 24 (order 3) */
  g_assert_cmpuint (zs.nr_free[1], ==, 1);
  g_assert_cmpuint (zs.nr_free[3], ==, 1);
  FragFrameInfo fi;
  g_assert_false (frag_sim_frame_info (sim, 13, &fi));
  g_assert_true (frag_sim_frame_info (sim, 25, &fi));
  g_assert_true (fi.free);
  g_assert_cmpint (fi.buddy_order, ==, 3);
  g_assert_cmpuint (fi.buddy_start, ==, 24);
  g_assert_cmpuint (fi.zone, ==, 1);
  g_assert_true (frag_sim_frame_info (sim, 17, &fi));
  g_assert_false (fi.free);
  g_assert_cmpint (fi.owner.kind, ==, FRAG_OWNER_PROCESS);
  g_assert_cmpstr (fi.owner.name, ==, "b");
  g_assert_cmpuint (fi.owner.start_pfn, ==, 16);
  g_assert_cmpuint (fi.owner.frames, ==, 6);
  frag_sim_free (sim);
}

/* Buddy mode: one block of the smallest order per segment, internal fragmentation counted. */
static void
test_buddy_mode (void)
{
  FragConfig cfg;
  frag_test_config (&cfg, 100, 32, FRAG_MODE_BUDDY, FRAG_FIT_FIRST);
  cfg.max_order = 4;
  cfg.pageblock_order = 4;
  FragProgram *p = frag_program_new ();
  frag_test_spawn (p, "A", 250, -1);  /* 3 frames -> order 2 */
  frag_test_spawn (p, "B", 100, -1);  /* order 0 */
  frag_test_op (p, FRAG_OP_GROW, "B")->size = 150; /* 250 -> order 2, moves */
  frag_test_spawn (p, "C", 1700, -1); /* 17 frames > order 4: never fits */
  frag_test_op (p, FRAG_OP_EXIT, "A");
  FragSim *sim = run (&cfg, p);
  const FragEvent *ev = event_at (sim, 0);
  g_assert_cmpuint (ev->extents[0].start, ==, 0);
  g_assert_cmpuint (ev->extents[0].frames, ==, 4);
  ev = event_at (sim, 1);
  g_assert_cmpuint (ev->extents[0].start, ==, 4);
  ev = event_at (sim, 2);
  g_assert_true (ev->ok);
  g_assert_cmpuint (ev->extents[0].start, ==, 8);
  g_assert_cmpuint (ev->extents[0].frames, ==, 4);
  FragMetrics m;
  frag_sim_metrics (sim, &m);
  g_assert_cmpuint (m.internal_fragmentation_bytes, ==, (400 - 250) * 2);
  ev = event_at (sim, 3);
  g_assert_false (ev->ok);
  g_assert_cmpint (ev->reason, ==, FRAG_REASON_OUT_OF_MEMORY);
  frag_sim_metrics (sim, &m);
  g_assert_cmpuint (m.internal_fragmentation_bytes, ==, 150 + 150);
  frag_sim_seek (sim, 5);
  frag_sim_metrics (sim, &m);
  g_assert_cmpuint (m.internal_fragmentation_bytes, ==, 150);
  frag_sim_free (sim);
}

static void
test_bad_input (void)
{
  FragConfig cfg;
  char err[128] = "";
  frag_test_config (&cfg, 0, 10, FRAG_MODE_SEGMENTATION, FRAG_FIT_FIRST);
  g_assert_null (frag_sim_new (&cfg, NULL, err, sizeof err));
  g_assert_cmpstr (err, !=, "");
  g_assert_null (frag_sim_new (NULL, NULL, err, sizeof err));

  frag_test_config (&cfg, 8, 10, FRAG_MODE_PAGING, FRAG_FIT_FIRST);
  FragProgram *p = frag_program_new ();
  FragOp *op = frag_test_op (p, FRAG_OP_SPAWN, "P");
  op->first_segment = 12345;  /* out of range: read as one segment of op->size */
  op->n_segments = 3;
  op->size = 9;
  op = frag_test_op (p, FRAG_OP_SPAWN, "Q");
  op->n_pfns = 2;
  op->first_pfn = 999;        /* out of range: ignored */
  op->size = 1;
  frag_test_op (p, FRAG_OP_ALLOC, "big")->order = 40;
  frag_test_op (p, FRAG_OP_COMPACT, NULL)->order = 99;
  frag_test_op (p, FRAG_OP_ACCESS, "P")->address = G_MAXUINT64;
  op = frag_test_op (p, FRAG_OP_TRACE_FREE, NULL);
  op->pfn = G_MAXUINT64;
  op->order = 60;
  op = frag_test_op (p, FRAG_OP_NOTE, NULL);
  FragSim *sim = frag_test_sim (&cfg, p);
  frag_test_run_checked (sim, G_MAXUINT64, G_MAXUINT64, 1);
  g_assert_true (event_at (sim, 0)->ok);
  g_assert_true (event_at (sim, 1)->ok);
  g_assert_false (event_at (sim, 2)->ok);
  g_assert_false (event_at (sim, 4)->ok);
  g_assert_true (event_at (sim, 5)->skipped);
  g_assert_null (frag_sim_current_note (sim));
  frag_sim_seek (sim, 1000);
  g_assert_cmpuint (frag_sim_position (sim), ==, 7);
  g_assert_false (frag_sim_step (sim));
  frag_sim_free (sim);
  frag_sim_free (NULL);

  /* Absurd sizes in every mode: refused as out of memory, nothing wraps round. */
  for (unsigned mode = 0; mode < FRAG_MODE_COUNT; mode++)
    {
      frag_test_config (&cfg, 4096, 64, mode, FRAG_FIT_WORST);
      p = frag_program_new ();
      frag_test_spawn (p, "huge", G_MAXUINT64, -1);
      op = frag_test_op (p, FRAG_OP_SPAWN, "two");
      op->first_segment = frag_program_add_segment (p, FRAG_NONE, G_MAXUINT64 / 2 + 7);
      frag_program_add_segment (p, FRAG_NONE, G_MAXUINT64 / 2 + 7);
      op->n_segments = 2;
      frag_test_spawn (p, "small", 1, -1);
      frag_test_op (p, FRAG_OP_GROW, "small")->size = G_MAXUINT64;
      frag_test_op (p, FRAG_OP_GROW, "small")->size = G_MAXUINT64 / 2;
      frag_test_spawn (p, "at", 4096, (int64_t) (4096ull * 1000));
      sim = frag_test_sim (&cfg, p);
      frag_test_run_checked (sim, G_MAXUINT64, G_MAXUINT64, 1);
      for (uint64_t s = 0; s < 6; s++)
        {
          const FragEvent *e = event_at (sim, s);
          g_assert_cmpint (e->ok, ==, s == 2);
          /* `at` outside memory: frames are free, the placement is impossible. */
          if (s != 2)
            g_assert_cmpint (e->reason, ==, s == 5 ? FRAG_REASON_EXTERNAL_FRAGMENTATION
                                                   : FRAG_REASON_OUT_OF_MEMORY);
        }
      FragMetrics m;
      frag_sim_metrics (sim, &m);
      g_assert_cmpuint (m.used_frames, ==, 1);
      g_assert_cmpuint (m.internal_fragmentation_bytes, ==, 4095);
      frag_sim_free (sim);
    }

  /* An empty program. */
  frag_test_config (&cfg, 8, 10, FRAG_MODE_BUDDY, FRAG_FIT_FIRST);
  sim = frag_sim_new (&cfg, NULL, err, sizeof err);
  g_assert_nonnull (sim);
  g_assert_cmpuint (frag_sim_n_steps (sim), ==, 0);
  g_assert_false (frag_sim_step (sim));
  g_assert_null (frag_sim_last_event (sim));
  g_assert_true (frag_sim_prepare (sim, NULL, NULL));
  frag_test_check (sim);
  frag_sim_free (sim);
}

static void
test_changes_and_samples (void)
{
  FragConfig cfg;
  frag_test_config (&cfg, 1, 16, FRAG_MODE_SEGMENTATION, FRAG_FIT_FIRST);
  cfg.max_order = 4;
  cfg.pageblock_order = 4;
  FragProgram *p = frag_program_new ();
  frag_test_spawn (p, "A", 4, -1);
  frag_test_spawn (p, "B", 4, -1);
  frag_test_op (p, FRAG_OP_EXIT, "A");
  frag_test_op (p, FRAG_OP_NOTE, "n");
  FragSim *sim = run (&cfg, p);
  frag_sim_seek (sim, 3);
  size_t n;
  const FragChange *c = frag_sim_last_changes (sim, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (c[0].kind, ==, FRAG_CHANGE_FREED);
  g_assert_cmpuint (c[0].start, ==, 0);
  g_assert_cmpuint (c[0].frames, ==, 4);
  uint64_t ns;
  const FragSample *s = frag_sim_samples (sim, &ns);
  g_assert_cmpuint (ns, ==, 4);
  g_assert_cmpuint (s[0].free_frames, ==, 12);
  g_assert_cmpuint (s[1].largest_free_run, ==, 8);
  g_assert_cmpuint (s[2].free_frames, ==, 12);
  g_assert_cmpfloat_with_epsilon (s[2].external_fragmentation, 1.0 - 8.0 / 12.0, 1e-6);
  /* free 0-3 (order 2) and 8-15 (order 3): order 3 is usable for 8 of 12 frames. */
  g_assert_cmpfloat_with_epsilon (s[2].unusable_index[3], 0.333, 1e-6);
  frag_sim_seek (sim, 0);
  g_assert_null (frag_sim_last_event (sim));
  frag_sim_last_changes (sim, &n);
  g_assert_cmpuint (n, ==, 0);
  frag_sim_seek (sim, 4);
  g_assert_cmpstr (frag_sim_current_note (sim), ==, "n");
  frag_sim_free (sim);
}

/* Ops with random (often absurd) fields in every mode: never a crash, always consistent. */
static void
test_fuzz_ops (void)
{
  GRand *r = g_rand_new_with_seed (11);
  const char *names[] = { "a", "b", "c", "r1", "seg", "x" };
  for (unsigned mode = 0; mode < FRAG_MODE_COUNT; mode++)
    for (unsigned lists = 0; lists < FRAG_FREE_LIST_COUNT; lists++)
      {
        FragConfig cfg;
        frag_test_config (&cfg, g_rand_int_range (r, 1, 5) * 16, 97, mode,
                          (FragFit) g_rand_int_range (r, 0, FRAG_FIT_COUNT));
        cfg.free_list = lists;
        cfg.max_order = 5;
        cfg.pageblock_order = 3;
        cfg.pt_levels = 3;
        cfg.pt_bits_per_level = 2;
        cfg.trigger = (FragTrigger) g_rand_int_range (r, 0, FRAG_TRIGGER_COUNT);
        cfg.threshold = 0.4;
        FragProgram *p = frag_program_new ();
        for (int i = 0; i < 4000; i++)
          {
            FragOpKind kind = (FragOpKind) g_rand_int_range (r, 0, FRAG_OP_COUNT + 1);
            if (kind == FRAG_OP_RANDOM)
              kind = FRAG_OP_NOTE;
            FragOp *op = frag_program_add_op (p, kind);
            const char *nm = names[g_rand_int_range (r, 0, G_N_ELEMENTS (names))];
            op->name = g_rand_boolean (r) ? frag_program_intern (p, nm) : FRAG_NONE;
            if (g_rand_int_range (r, 0, 3) == 0)
              op->segment = frag_program_intern (p, "seg");
            uint64_t big = g_rand_boolean (r) ? G_MAXUINT64 - (uint64_t) g_rand_int (r) : 0;
            op->size = g_rand_int_range (r, 0, 8) == 0 ? big : (uint64_t) g_rand_int_range (r, 0, 900);
            op->address = g_rand_int_range (r, 0, 6) == 0 ? big : (uint64_t) g_rand_int_range (r, 0, 2000);
            op->has_at = g_rand_int_range (r, 0, 5) == 0;
            op->pinned = g_rand_int_range (r, 0, 6) == 0;
            op->mt = (FragMigrateType) g_rand_int_range (r, 0, FRAG_MT_COUNT + 2);
            op->order = g_rand_int_range (r, -3, 9);
            op->pfn = g_rand_int_range (r, 0, 120);
            if (kind == FRAG_OP_SPAWN && g_rand_boolean (r))
              {
                unsigned n = g_rand_int_range (r, 1, 4);
                op->first_segment = frag_program_add_segment (p, frag_program_intern (p, "seg"),
                                                              g_rand_int_range (r, 1, 300));
                for (unsigned k = 1; k < n; k++)
                  frag_program_add_segment (p, FRAG_NONE, g_rand_int_range (r, 1, 300));
                op->n_segments = n;
              }
            if (kind == FRAG_OP_SPAWN && g_rand_int_range (r, 0, 4) == 0)
              {
                op->first_pfn = frag_program_add_pfn (p, g_rand_int_range (r, 0, 130));
                frag_program_add_pfn (p, g_rand_int_range (r, 0, 130));
                op->n_pfns = 2;
              }
          }
        FragSim *sim = frag_test_sim (&cfg, p);
        unsigned ok_spawns = 0, failed = 0;
        frag_test_check (sim);
        while (frag_sim_step (sim))
          {
            frag_test_check (sim);
            const FragEvent *ev = frag_sim_last_event (sim);
            ok_spawns += ev->op == FRAG_OP_SPAWN && ev->ok;
            failed += !ev->ok;
          }
        g_test_message ("%s: %u spawns, %u failures", frag_mode_name (mode), ok_spawns, failed);
        g_assert_cmpuint (ok_spawns, >, 20);
        g_assert_cmpuint (failed, >, 100);
        for (int k = 0; k < 20; k++)
          {
            frag_sim_seek (sim, g_rand_int_range (r, 0, 4001));
            frag_test_check (sim);
          }
        frag_sim_free (sim);
      }
  g_rand_free (r);
}

/* A batch run (the CLI's) differs only in its bookkeeping: the same events and metrics at every
 * step, no samples, and seeking back still lands on the same state. */
static void
test_batch_same_run (void)
{
  for (int mode = 0; mode < FRAG_MODE_COUNT; mode++)
    {
      FragConfig cfg;
      frag_test_config (&cfg, 4096, 1u << 14, (FragMode) mode, FRAG_FIT_FIRST);
      FragProgram *prog = frag_program_new ();
      FragOp *r = frag_program_add_op (prog, FRAG_OP_RANDOM);
      FragRandomSpec spec;
      frag_random_spec_init (&spec);
      spec.seed = 42 + (uint64_t) mode;
      spec.count = 3000;
      spec.max_size = 64 * 4096;
      spec.max_segments = 3;
      r->random = frag_program_add_random (prog, &spec);
      frag_test_op (prog, FRAG_OP_COMPACT, NULL);
      /* frag_test_sim takes the caller's reference: one more for the second run. */
      frag_program_ref (prog);
      FragSim *a = frag_test_sim (&cfg, prog);
      FragSim *b = frag_test_sim (&cfg, prog);
      frag_sim_set_batch (b, true);
      while (frag_sim_step (a))
        {
          g_assert_true (frag_sim_step (b));
          const FragEvent *ea = frag_sim_last_event (a), *eb = frag_sim_last_event (b);
          g_assert_cmpint (ea->op, ==, eb->op);
          g_assert_cmpint (ea->ok, ==, eb->ok);
          g_assert_cmpint (ea->reason, ==, eb->reason);
          FragMetrics ma, mb;
          frag_sim_metrics (a, &ma);
          frag_sim_metrics (b, &mb);
          g_assert_cmpuint (ma.free_frames, ==, mb.free_frames);
          g_assert_cmpuint (ma.largest_free_run, ==, mb.largest_free_run);
          g_assert_cmpuint (ma.failed_allocations, ==, mb.failed_allocations);
          g_assert_cmpuint (ma.compaction_frames_moved, ==, mb.compaction_frames_moved);
        }
      g_assert_false (frag_sim_step (b));
      uint64_t na, nb;
      frag_sim_samples (a, &na);
      frag_sim_samples (b, &nb);
      g_assert_cmpuint (na, ==, frag_sim_n_steps (a));
      g_assert_cmpuint (nb, ==, 0);
      frag_sim_seek (a, 1234);
      frag_sim_seek (b, 1234);
      frag_test_check (b);
      FragMetrics ma, mb;
      frag_sim_metrics (a, &ma);
      frag_sim_metrics (b, &mb);
      g_assert_cmpuint (ma.free_frames, ==, mb.free_frames);
      g_assert_cmpuint (ma.largest_free_run, ==, mb.largest_free_run);
      g_assert_cmpuint (ma.failed_allocations, ==, mb.failed_allocations);
      frag_sim_free (a);
      frag_sim_free (b);
    }
}

/* The sample of the state now: before the first step it is the empty memory (no recorded
 * sample shows that); after step k it equals recorded sample k - 1, wherever a seek put us. */
static void
test_sample_now (void)
{
  FragConfig cfg;
  frag_test_config (&cfg, 4096, 256, FRAG_MODE_SEGMENTATION, FRAG_FIT_FIRST);
  FragProgram *p = frag_program_new ();
  FragRandomSpec spec;
  frag_random_spec_init (&spec);
  spec.seed = 11;
  spec.count = 300;
  spec.max_size = 4096 * 20;
  FragOp *op = frag_test_op (p, FRAG_OP_RANDOM, NULL);
  op->random = frag_program_add_random (p, &spec);
  FragSim *sim = frag_test_sim (&cfg, p);
  FragSample now;
  frag_sim_sample_now (sim, &now);
  g_assert_cmpuint (now.free_frames, ==, 256);
  g_assert_cmpuint (now.largest_free_run, ==, 256);
  g_assert_cmpfloat (now.external_fragmentation, ==, 0.0f);
  g_assert_true (frag_sim_prepare (sim, NULL, NULL));
  uint64_t n = 0;
  const FragSample *samples = frag_sim_samples (sim, &n);
  g_assert_cmpuint (n, ==, 300);
  static const uint64_t positions[] = { 1, 2, 150, 300, 7, 0, 299 };
  for (size_t i = 0; i < G_N_ELEMENTS (positions); i++)
    {
      frag_sim_seek (sim, positions[i]);
      frag_sim_sample_now (sim, &now);
      if (positions[i] == 0)
        {
          g_assert_cmpuint (now.free_frames, ==, 256);
          continue;
        }
      const FragSample *rec = &samples[positions[i] - 1];
      g_assert_cmpuint (now.free_frames, ==, rec->free_frames);
      g_assert_cmpuint (now.largest_free_run, ==, rec->largest_free_run);
      g_assert_cmpuint (now.failed_allocations, ==, rec->failed_allocations);
      g_assert_cmpuint (now.compaction_bytes_moved, ==, rec->compaction_bytes_moved);
      g_assert_cmpfloat (now.external_fragmentation, ==, rec->external_fragmentation);
      for (unsigned o = 0; o <= cfg.max_order; o++)
        g_assert_cmpfloat (now.unusable_index[o], ==, rec->unusable_index[o]);
    }
  frag_sim_free (sim);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/frag/engine/sim/names", test_names);
  g_test_add_func ("/frag/engine/sim/sample-now", test_sample_now);
  g_test_add_func ("/frag/engine/sim/all-or-nothing", test_all_or_nothing);
  g_test_add_func ("/frag/engine/sim/out-of-memory", test_out_of_memory);
  g_test_add_func ("/frag/engine/sim/grow", test_grow);
  g_test_add_func ("/frag/engine/sim/access-segments", test_access_segments);
  g_test_add_func ("/frag/engine/sim/zones", test_zones);
  g_test_add_func ("/frag/engine/sim/buddy-mode", test_buddy_mode);
  g_test_add_func ("/frag/engine/sim/bad-input", test_bad_input);
  g_test_add_func ("/frag/engine/sim/changes-and-samples", test_changes_and_samples);
  g_test_add_func ("/frag/engine/sim/fuzz-ops", test_fuzz_ops);
  g_test_add_func ("/frag/engine/sim/batch-same-run", test_batch_same_run);
  return g_test_run ();
}
