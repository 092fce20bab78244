/* test-capture.c: capture directories: the shared Linux capture's kpageflags classified per pfn,
 * its free blocks against the buddyinfo read just before (buddyinfo.pre), speed, damaged
 * captures, and the FragSim built from it once the engine can import. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "frag-import.h"
#include "import-test-util.h"

static FragCapture *
load_shared (void)
{
  const char *dir = import_test_capture_dir ();
  char err[1024];
  FragCapture *cap;

  if (dir == NULL)
    {
      g_test_skip ("no capture (FRAGSCOPE_CAPTURE_DIR) to read");
      return NULL;
    }
  cap = frag_capture_load (dir, err, sizeof err);
  if (cap == NULL)
    g_error ("%s", err);
  return cap;
}

static void
test_classify (void)
{
  g_assert_cmpuint (frag_kpageflags_classify (1ull << 10), ==, FRAG_IMPORT_FREE);
  g_assert_cmpuint (frag_kpageflags_classify ((1ull << 10) | (1ull << 12)), ==, FRAG_IMPORT_FREE);
  g_assert_cmpuint (frag_kpageflags_classify (1ull << 20), ==, FRAG_CLASS_RESERVED);
  g_assert_cmpuint (frag_kpageflags_classify (1ull << 32), ==, FRAG_CLASS_RESERVED);
  g_assert_cmpuint (frag_kpageflags_classify (1ull << 23), ==, FRAG_CLASS_OFFLINE);
  g_assert_cmpuint (frag_kpageflags_classify (1ull << 7), ==, FRAG_CLASS_SLAB);
  g_assert_cmpuint (frag_kpageflags_classify (1ull << 26), ==, FRAG_CLASS_PAGE_TABLE);
  g_assert_cmpuint (frag_kpageflags_classify ((1ull << 17) | (1ull << 12)), ==, FRAG_CLASS_HUGE);
  g_assert_cmpuint (frag_kpageflags_classify ((1ull << 22) | (1ull << 5)), ==, FRAG_CLASS_HUGE);
  g_assert_cmpuint (frag_kpageflags_classify ((1ull << 12) | (1ull << 5) | (1ull << 11)), ==,
                    FRAG_CLASS_ANON);
  g_assert_cmpuint (frag_kpageflags_classify (1ull << 5), ==, FRAG_CLASS_FILE);
  g_assert_cmpuint (frag_kpageflags_classify (1ull << 11), ==, FRAG_CLASS_FILE);
  g_assert_cmpuint (frag_kpageflags_classify (0), ==, FRAG_CLASS_KERNEL);
  g_assert_cmpuint (frag_kpageflags_classify (1ull << 15), ==, FRAG_CLASS_KERNEL);
}

static void
test_load (void)
{
  FragCapture *cap = load_shared ();
  if (cap == NULL)
    return;
  g_assert_cmpuint (cap->n_zones, ==, 3);
  g_assert_cmpstr (cap->zones[0].name, ==, "DMA");
  g_assert_cmpuint (cap->zones[0].start_pfn, ==, 1);
  g_assert_cmpuint (cap->zones[0].frames, ==, 4095);
  g_assert_cmpstr (cap->zones[2].name, ==, "Normal");
  g_assert_cmpuint (cap->zones[2].start_pfn, ==, 1048576);
  g_assert_cmpuint (cap->base_pfn, ==, 1);
  g_assert_cmpuint (cap->n_pfns, ==, 6553600 - 1);
  g_assert_cmpuint (cap->pfns_read, ==, cap->n_pfns);
  g_assert_false (cap->truncated);
  g_assert_true (cap->have_buddyinfo_pre);
  g_assert_cmpuint (frag_capture_class (cap, 0), ==, FRAG_CLASS_NONE);
  g_assert_cmpuint (frag_capture_class (cap, 6553600), ==, FRAG_CLASS_NONE);
  g_assert_cmpint (frag_capture_zone_of (cap, 4095), ==, 0);
  g_assert_cmpint (frag_capture_zone_of (cap, 4096), ==, 1);
  g_assert_cmpint (frag_capture_zone_of (cap, 0), ==, -1);

  for (unsigned z = 0; z < cap->n_zones; z++)
    {
      const FragCaptureZone *cz = &cap->zones[z];
      uint64_t sum = 0, pages = 0, direct = 0;
      /* Every pfn is counted in exactly one class. */
      for (unsigned c = 0; c < FRAG_IMPORT_N_CLASSES; c++)
        sum += cz->class_frames[c];
      g_assert_cmpuint (sum, ==, cz->frames);
      g_assert_cmpuint (cz->class_frames[FRAG_CLASS_NONE], ==, 0);
      for (unsigned o = 0; o <= FRAG_IMPORT_MAX_ORDER; o++)
        pages += cz->nr_free[o] << o;
      g_assert_cmpuint (pages, ==, cz->free_frames);
      for (uint64_t p = cz->start_pfn; p < cz->start_pfn + cz->frames; p++)
        direct += frag_capture_class (cap, p) == FRAG_IMPORT_FREE;
      g_assert_cmpuint (direct, ==, cz->free_frames);
      /* Pages that are not present (spanned - present) are holes: NOPAGE, so reserved. */
      g_assert_cmpuint (cz->class_frames[FRAG_CLASS_RESERVED], >=, cz->frames - cz->present);
      g_test_message ("%s: free %" G_GUINT64_FORMAT " anon %" G_GUINT64_FORMAT " file %"
                      G_GUINT64_FORMAT " slab %" G_GUINT64_FORMAT " kernel %" G_GUINT64_FORMAT
                      " reserved %" G_GUINT64_FORMAT " offline %" G_GUINT64_FORMAT,
                      cz->name, cz->free_frames, cz->class_frames[FRAG_CLASS_ANON],
                      cz->class_frames[FRAG_CLASS_FILE], cz->class_frames[FRAG_CLASS_SLAB],
                      cz->class_frames[FRAG_CLASS_KERNEL], cz->class_frames[FRAG_CLASS_RESERVED],
                      cz->class_frames[FRAG_CLASS_OFFLINE]);
    }
  /* DMA32: spanned 1044480, present 782336: at least the difference is a hole. */
  g_assert_cmpuint (cap->zones[1].class_frames[FRAG_CLASS_RESERVED], >=, 1044480 - 782336);

  FragZoneStats st;
  g_assert_true (frag_capture_zone_stats (cap, 1, &st));
  g_assert_cmpstr (st.name, ==, "DMA32");
  g_assert_cmpuint (st.n_orders, ==, 11);
  g_assert_cmpuint (st.nr_free[10], ==, 752);
  g_assert_cmpuint (st.largest_free_run, >=, 1024);
  g_assert_false (frag_capture_zone_stats (cap, 3, &st));
  frag_capture_free (cap);
}

/* The decomposition of the BUDDY pages into aligned maximal blocks is the kernel's own buddyinfo:
 * exactly in DMA and DMA32, and in Normal at every order >= 2. Normal ran on between the read of
 * buddyinfo.pre and kpageflags: on the shared capture 2782 order-0/1 pages were allocated in
 * between (2329 -> 147 order-0 blocks, 5185 -> 4885 order-1 blocks), so orders 0-1 are held to
 * fewer free pages than buddyinfo.pre, by at most 4096 pages. */
static void
test_free_blocks_vs_buddyinfo (void)
{
  FragCapture *cap = load_shared ();
  if (cap == NULL)
    return;
  g_assert_true (cap->have_buddyinfo_pre);
  for (unsigned z = 0; z < cap->n_zones; z++)
    {
      const FragCaptureZone *cz = &cap->zones[z];
      int pz = frag_proc_find_zone (&cap->buddyinfo_pre, cz->node, cz->name);
      g_assert_cmpint (pz, >=, 0);
      const uint64_t *want = cap->buddyinfo_pre.zones[pz].nr_free;
      bool normal = strcmp (cz->name, "Normal") == 0;
      for (unsigned o = 0; o <= FRAG_IMPORT_MAX_ORDER; o++)
        {
          g_test_message ("%s order %u: kpageflags %" G_GUINT64_FORMAT ", buddyinfo.pre %"
                          G_GUINT64_FORMAT, cz->name, o, cz->nr_free[o], want[o]);
          if (!normal || o >= 2)
            g_assert_cmpuint (cz->nr_free[o], ==, want[o]);
        }
      if (normal)
        {
          uint64_t kpf = cz->nr_free[0] + 2 * cz->nr_free[1];
          uint64_t pre = want[0] + 2 * want[1];
          g_test_message ("Normal orders 0-1: %" G_GUINT64_FORMAT " pages free in kpageflags, %"
                          G_GUINT64_FORMAT " in buddyinfo.pre", kpf, pre);
          g_assert_cmpuint (kpf, <=, pre);
          g_assert_cmpuint (pre - kpf, <=, 4096);
        }
    }
  frag_capture_free (cap);
}

static void
test_speed (void)
{
  const char *dir = import_test_capture_dir ();
  char err[512];

  if (dir == NULL)
    {
      g_test_skip ("no capture (FRAGSCOPE_CAPTURE_DIR) to read");
      return;
    }
  double best = frag_import_bench (dir, 3, err, sizeof err);
  g_test_message ("capture import (6.5M pfns): best of 3 %.3f s", best);
  g_assert_cmpfloat (best, >, 0);
  g_assert_cmpfloat (best, <, 1.0);
  /* Measured, not asserted: the FragSim build is the engine's speed (about 0.15 s idle). */
  best = frag_import_bench_sim (dir, 1, err, sizeof err);
  g_test_message ("capture import with the FragSim: %.3f s", best);
  g_assert_cmpfloat (best, >, 0);
}

/* A capture written by hand: zones with a gap, plain kpageflags, then the same truncated. */
static void
test_small_capture (void)
{
  g_autofree char *dir = g_dir_make_tmp ("fragscope-cap-XXXXXX", NULL);
  g_autofree char *zi = g_build_filename (dir, "zoneinfo", NULL);
  g_autofree char *kp = g_build_filename (dir, "kpageflags.bin", NULL);
  const char *zoneinfo =
    "Node 0, zone      DMA\n  pages free     5\n        spanned  16\n        present  16\n"
    "        managed  16\n  start_pfn:           0\n"
    "Node 0, zone   Normal\n  pages free     0\n        spanned  32\n        present  32\n"
    "        managed  32\n  start_pfn:           32\n";
  uint64_t flags[64] = { 0 };
  char err[512];

  /* DMA: pfns 3..7 and 8..15 free -> blocks 3 (order 0), 4 (order 2), 8 (order 3).
   * Normal: 32..63; 40..47 free (order 3), 48 anon, 49 slab, 50 NOPAGE. */
  for (int p = 3; p < 16; p++)
    flags[p] = 1ull << FRAG_KPF_BUDDY;
  for (int p = 40; p < 48; p++)
    flags[p] = 1ull << FRAG_KPF_BUDDY;
  flags[48] = 1ull << FRAG_KPF_ANON;
  flags[49] = 1ull << FRAG_KPF_SLAB;
  flags[50] = 1ull << FRAG_KPF_NOPAGE;
  flags[20] = 1ull << FRAG_KPF_BUDDY; /* in the gap 16..31: no zone, ignored */
  g_assert_true (g_file_set_contents (zi, zoneinfo, -1, NULL));
  g_assert_true (g_file_set_contents (kp, (const char *) flags, sizeof flags, NULL));
  g_assert_cmpint (frag_import_detect (dir), ==, FRAG_INPUT_CAPTURE);

  FragCapture *cap = frag_capture_load (dir, err, sizeof err);
  g_assert_nonnull (cap);
  g_assert_cmpuint (cap->n_zones, ==, 2);
  g_assert_cmpuint (cap->zones[0].nr_free[0], ==, 1);
  g_assert_cmpuint (cap->zones[0].nr_free[1], ==, 0);
  g_assert_cmpuint (cap->zones[0].nr_free[2], ==, 1);
  g_assert_cmpuint (cap->zones[0].nr_free[3], ==, 1);
  g_assert_cmpuint (cap->zones[0].free_frames, ==, 13);
  g_assert_cmpuint (cap->zones[0].largest_free_run, ==, 13);
  g_assert_cmpuint (cap->zones[1].nr_free[3], ==, 1);
  g_assert_cmpuint (cap->zones[1].free_frames, ==, 8);
  g_assert_cmpuint (frag_capture_class (cap, 20), ==, FRAG_CLASS_NONE);
  g_assert_cmpuint (frag_capture_class (cap, 48), ==, FRAG_CLASS_ANON);
  g_assert_cmpuint (frag_capture_class (cap, 49), ==, FRAG_CLASS_SLAB);
  g_assert_cmpuint (frag_capture_class (cap, 50), ==, FRAG_CLASS_RESERVED);
  g_assert_cmpuint (frag_capture_class (cap, 51), ==, FRAG_CLASS_KERNEL);
  g_assert_false (cap->truncated);
  frag_capture_free (cap);

  /* Cut mid-word at pfn 44: the rest of Normal is reserved, with a warning. */
  g_assert_true (g_file_set_contents (kp, (const char *) flags, 44 * 8 + 3, NULL));
  cap = frag_capture_load (dir, err, sizeof err);
  g_assert_nonnull (cap);
  g_assert_true (cap->truncated);
  g_assert_cmpuint (cap->pfns_read, ==, 44);
  g_assert_nonnull (strstr (cap->warning, "ends at pfn 44"));
  g_assert_cmpuint (cap->zones[1].free_frames, ==, 4);
  g_assert_cmpuint (cap->zones[1].nr_free[2], ==, 1);
  g_assert_cmpuint (frag_capture_class (cap, 44), ==, FRAG_CLASS_RESERVED);
  frag_capture_free (cap);

  /* xz, cut: what was decoded is kept. */
  g_autofree char *kpx = g_build_filename (dir, "kpageflags.bin.xz", NULL);
  g_remove (kp);
  g_assert_true (frag_write_xz (kpx, flags, sizeof flags, err, sizeof err));
  cap = frag_capture_load (dir, err, sizeof err);
  g_assert_nonnull (cap);
  g_assert_false (cap->truncated);
  g_assert_cmpuint (cap->zones[0].free_frames, ==, 13);
  frag_capture_free (cap);

  /* Bad captures: garbage zoneinfo, a non-xz .xz, no kpageflags, overlapping zones. */
  g_assert_true (g_file_set_contents (kpx, "\xfd" "7zXZ\0garbage", 12, NULL));
  cap = frag_capture_load (dir, err, sizeof err);
  g_assert_null (cap);
  g_assert_nonnull (strstr (err, "kpageflags.bin.xz"));
  g_remove (kpx);
  cap = frag_capture_load (dir, err, sizeof err);
  g_assert_null (cap);
  g_assert_nonnull (strstr (err, "no kpageflags"));
  g_assert_true (g_file_set_contents (kp, (const char *) flags, sizeof flags, NULL));
  g_assert_true (g_file_set_contents (zi, "Node 0, zone DMA\n  spanned 1x\n", -1, NULL));
  cap = frag_capture_load (dir, err, sizeof err);
  g_assert_null (cap);
  g_assert_nonnull (strstr (err, "zoneinfo:2:12:"));
  g_assert_true (g_file_set_contents (zi,
                                      "Node 0, zone A\n  spanned 16\n  start_pfn: 0\n"
                                      "Node 0, zone B\n  spanned 16\n  start_pfn: 8\n", -1, NULL));
  cap = frag_capture_load (dir, err, sizeof err);
  g_assert_null (cap);
  g_assert_nonnull (strstr (err, "overlap"));
  cap = frag_capture_load (zi, err, sizeof err);
  g_assert_null (cap);
  g_assert_nonnull (strstr (err, "not a capture directory"));

  g_remove (kp);
  g_remove (zi);
  g_rmdir (dir);
}

static void
test_sim (void)
{
  FragCapture *cap = load_shared ();
  char err[512];
  if (cap == NULL)
    return;
  FragSim *sim = frag_capture_sim_new (cap, NULL, err, sizeof err);
  if (sim == NULL)
    g_error ("%s", err);
  g_assert_cmpuint (frag_sim_n_zones (sim), ==, 3);
  for (unsigned z = 0; z < 3; z++)
    {
      FragZoneStats st;
      frag_sim_zone_stats (sim, z, &st);
      g_assert_cmpuint (st.start_pfn, ==, cap->zones[z].start_pfn);
      g_assert_cmpuint (st.frames, ==, cap->zones[z].frames);
      g_assert_cmpuint (st.free_frames, ==, cap->zones[z].free_frames);
      for (unsigned o = 0; o <= FRAG_IMPORT_MAX_ORDER; o++)
        g_assert_cmpuint (st.nr_free[o], ==, cap->zones[z].nr_free[o]);
    }
  FragFrameInfo fi;
  g_assert_true (frag_sim_frame_info (sim, 1, &fi));
  frag_sim_free (sim);
  frag_capture_free (cap);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/frag/import/kpageflags/classify", test_classify);
  g_test_add_func ("/frag/import/capture/load", test_load);
  g_test_add_func ("/frag/import/capture/free-blocks-vs-buddyinfo", test_free_blocks_vs_buddyinfo);
  g_test_add_func ("/frag/import/capture/speed", test_speed);
  g_test_add_func ("/frag/import/capture/small", test_small_capture);
  g_test_add_func ("/frag/import/capture/sim", test_sim);
  return g_test_run ();
}
