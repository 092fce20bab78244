/* test-live.c: the live reader on this machine's /proc (skipping what is not readable here) and
 * on a directory of copies with parts missing, to check the fallbacks say which and why. */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "frag-import.h"
#include "import-test-util.h"

static void
test_proc (void)
{
  char err[1024];
  FragProcInfo bi;

  if (access ("/proc/buddyinfo", R_OK) != 0)
    {
      g_test_skip ("/proc/buddyinfo is not readable here");
      return;
    }
  FragLive *live = frag_live_new ();
  g_assert_true (frag_live_refresh (live, err, sizeof err));
  g_test_message ("refresh %.3f s; status: %s", frag_live_last_refresh_seconds (live),
                  frag_live_status (live));

  /* The zones are buddyinfo's rows, in its order. */
  frag_proc_info_init (&bi);
  g_assert_true (frag_proc_read (&bi, "/proc/buddyinfo", err, sizeof err));
  g_assert_cmpuint (frag_live_n_zones (live), ==, bi.n_zones);
  for (unsigned z = 0; z < bi.n_zones; z++)
    {
      FragZoneStats st;
      g_assert_true (frag_live_zone_stats (live, z, &st));
      g_assert_cmpstr (st.name, ==, bi.zones[z].name);
      g_assert_cmpuint (st.n_orders, ==, bi.n_orders);
    }
  g_assert_false (frag_live_zone_stats (live, bi.n_zones, &(FragZoneStats) { 0 }));

  bool can_types = access ("/proc/pagetypeinfo", R_OK) == 0;
  g_assert_true (frag_live_has_pagetypeinfo (live) == can_types);
  if (!can_types)
    g_assert_nonnull (strstr (frag_live_status (live), "pagetypeinfo"));

  const FragCapture *cap = frag_live_capture (live);
  if (access ("/proc/kpageflags", R_OK) != 0)
    {
      g_assert_null (cap);
      g_assert_nonnull (strstr (frag_live_status (live), "kpageflags"));
    }
  else
    {
      g_assert_nonnull (cap);
      /* Every pfn of every zone classified once; the zones are zoneinfo's non-empty ones. */
      for (unsigned z = 0; z < cap->n_zones; z++)
        {
          uint64_t sum = 0;
          for (unsigned c = 0; c < FRAG_IMPORT_N_CLASSES; c++)
            sum += cap->zones[z].class_frames[c];
          g_assert_cmpuint (sum, ==, cap->zones[z].frames);
          g_assert_cmpuint (cap->zones[z].free_frames, <=, cap->zones[z].managed);
        }
      g_assert_cmpuint (cap->pfns_read, ==, cap->n_pfns);
    }
  /* The first refresh reads all of kpageflags (over a second on a 6.5M-pfn machine, the kernel
   * is slow to produce it); later ones read a 1M-pfn slice: cheap enough for every second. */
  g_assert_cmpfloat (frag_live_last_refresh_seconds (live), <, 10.0);
  g_assert_true (frag_live_refresh (live, err, sizeof err));
  g_test_message ("second refresh %.3f s, %" G_GUINT64_FORMAT " pfns of kpageflags",
                  frag_live_last_refresh_seconds (live), frag_live_last_pfns_read (live));
  g_assert_cmpuint (frag_live_last_pfns_read (live), <=, 1u << 20);
  g_assert_cmpfloat (frag_live_last_refresh_seconds (live), <, 2.0); /* 0.1-0.4 s idle */

  /* Switching kpageflags off leaves the per-order view and says so. */
  frag_live_set_use_kpageflags (live, false);
  g_assert_true (frag_live_refresh (live, err, sizeof err));
  g_assert_null (frag_live_capture (live));
  g_assert_false (frag_live_has_kpageflags (live));
  g_assert_nonnull (strstr (frag_live_status (live), "kpageflags: not read"));
  frag_live_free (live);
}

static void
copy_file (const char *from, const char *to)
{
  g_autofree char *text = NULL;
  gsize len;
  g_assert_true (g_file_get_contents (from, &text, &len, NULL));
  g_assert_true (g_file_set_contents (to, text, (gssize) len, NULL));
}

static void
test_fallbacks (void)
{
  const char *capdir = import_test_capture_dir ();
  char err[1024];

  if (capdir == NULL)
    {
      g_test_skip ("no capture (FRAGSCOPE_CAPTURE_DIR) to copy");
      return;
    }
  g_autofree char *dir = g_dir_make_tmp ("fragscope-live-XXXXXX", NULL);
  g_autofree char *bi = g_build_filename (dir, "buddyinfo", NULL);
  g_autofree char *zi = g_build_filename (dir, "zoneinfo", NULL);
  g_autofree char *pti = g_build_filename (dir, "pagetypeinfo", NULL);
  g_autofree char *kp = g_build_filename (dir, "kpageflags", NULL);
  g_autofree char *src_bi = g_build_filename (capdir, "buddyinfo", NULL);
  g_autofree char *src_zi = g_build_filename (capdir, "zoneinfo", NULL);
  g_autofree char *src_pti = g_build_filename (capdir, "pagetypeinfo", NULL);
  g_autofree char *src_kp = g_build_filename (capdir, "kpageflags.bin.xz", NULL);

  FragLive *live = frag_live_new_at (dir);
  /* Nothing there: buddyinfo is the one thing that must be readable. */
  g_assert_false (frag_live_refresh (live, err, sizeof err));
  g_assert_nonnull (strstr (err, "buddyinfo"));

  copy_file (src_bi, bi);
  g_assert_true (frag_live_refresh (live, err, sizeof err));
  g_assert_false (frag_live_has_pagetypeinfo (live));
  g_assert_false (frag_live_has_kpageflags (live));
  g_assert_nonnull (strstr (frag_live_status (live), "pagetypeinfo: "));
  g_assert_nonnull (strstr (frag_live_status (live), "zoneinfo: "));
  g_assert_cmpuint (frag_live_n_zones (live), ==, 3);
  FragZoneStats st;
  g_assert_true (frag_live_zone_stats (live, 2, &st));
  g_assert_cmpuint (st.nr_free[3], ==, 1004);

  copy_file (src_zi, zi);
  copy_file (src_pti, pti);
  copy_file (src_kp, kp);  /* an .xz copy reads the same: the reader sniffs the content */
  g_assert_true (frag_live_refresh (live, err, sizeof err));
  g_assert_cmpstr (frag_live_status (live), ==, "");
  g_assert_true (frag_live_has_pagetypeinfo (live));
  g_assert_true (frag_live_has_kpageflags (live));
  g_assert_cmpuint (frag_live_n_zones (live), ==, 3);
  g_assert_true (frag_live_zone_stats (live, 1, &st));
  g_assert_cmpuint (st.start_pfn, ==, 4096);
  g_assert_cmpuint (st.frames, ==, 1044480);
  g_assert_cmpuint (st.pageblocks_by_type[FRAG_MT_MOVABLE], ==, 1528);
  g_assert_cmpuint (st.largest_free_run, ==, frag_live_capture (live)->zones[1].largest_free_run);
  g_assert_cmpuint (frag_live_capture (live)->zones[2].nr_free[9], ==, 34);

  /* The rolling read: slices of 200,000 pfns, skipping unmanaged sections, come round to the
   * same map as a full read. */
  FragCapture *full = frag_capture_load (capdir, err, sizeof err);
  g_assert_nonnull (full);
  frag_live_set_kpageflags_budget (live, 200000);
  uint64_t total = 0;
  for (int i = 0; i < 20; i++)
    {
      g_assert_true (frag_live_refresh (live, err, sizeof err));
      g_assert_cmpuint (frag_live_last_pfns_read (live), <=, 200000);
      total += frag_live_last_pfns_read (live);
    }
  /* Normal's 150 unmanaged sections (4.9M pfns) are skipped: 20 slices cover the rest. */
  g_assert_cmpuint (total, >=, full->n_pfns - 4915200);
  g_assert_true (frag_live_has_kpageflags (live));
  for (unsigned z = 0; z < full->n_zones; z++)
    for (unsigned o = 0; o <= FRAG_IMPORT_MAX_ORDER; o++)
      g_assert_cmpuint (frag_live_capture (live)->zones[z].nr_free[o], ==,
                        full->zones[z].nr_free[o]);
  g_assert_cmpmem (frag_live_capture (live)->klass, full->n_pfns, full->klass, full->n_pfns);
  frag_capture_free (full);

  /* A garbled pagetypeinfo is left out with its reason, not fatal. */
  g_assert_true (g_file_set_contents (pti, "Page block order: x\n", -1, NULL));
  g_assert_true (frag_live_refresh (live, err, sizeof err));
  g_assert_false (frag_live_has_pagetypeinfo (live));
  g_assert_nonnull (strstr (frag_live_status (live), "pagetypeinfo:1:19:"));
  frag_live_free (live);

  g_remove (bi);
  g_remove (zi);
  g_remove (pti);
  g_remove (kp);
  g_rmdir (dir);
}

/* The rolling read follows changes slice by slice: 65536 pfns in one zone, two 32768-pfn
 * sections, a budget of one section per refresh. */
static void
test_rolling (void)
{
  g_autofree char *dir = g_dir_make_tmp ("fragscope-roll-XXXXXX", NULL);
  g_autofree char *bi = g_build_filename (dir, "buddyinfo", NULL);
  g_autofree char *zi = g_build_filename (dir, "zoneinfo", NULL);
  g_autofree char *kp = g_build_filename (dir, "kpageflags", NULL);
  const size_t n = 65536;
  uint64_t *flags = g_new0 (uint64_t, n);
  char err[512];

  g_assert_true (g_file_set_contents (bi, "Node 0, zone Normal 0 0 0\n", -1, NULL));
  g_assert_true (g_file_set_contents (zi, "Node 0, zone   Normal\n  pages free 0\n"
                                      "        spanned  65536\n        present  65536\n"
                                      "        managed  65536\n  start_pfn: 0\n", -1, NULL));
  for (size_t i = 0; i < n; i++)
    flags[i] = 1ull << FRAG_KPF_ANON;
  g_assert_true (g_file_set_contents (kp, (const char *) flags, (gssize) (n * 8), NULL));

  FragLive *live = frag_live_new_at (dir);
  frag_live_set_kpageflags_budget (live, 32768);
  g_assert_true (frag_live_refresh (live, err, sizeof err));
  g_assert_cmpuint (frag_live_last_pfns_read (live), ==, n);  /* the first read is whole */
  g_assert_cmpuint (frag_live_capture (live)->zones[0].free_frames, ==, 0);

  /* 1024 pages freed in each section. */
  for (size_t i = 0; i < 1024; i++)
    flags[4096 + i] = flags[40960 + i] = 1ull << FRAG_KPF_BUDDY;
  g_assert_true (g_file_set_contents (kp, (const char *) flags, (gssize) (n * 8), NULL));
  g_assert_true (frag_live_refresh (live, err, sizeof err));
  g_assert_cmpuint (frag_live_last_pfns_read (live), ==, 32768);
  const FragCapture *cap = frag_live_capture (live);
  g_assert_cmpuint (cap->zones[0].free_frames, ==, 1024);
  g_assert_cmpuint (cap->zones[0].nr_free[10], ==, 1);
  g_assert_true (frag_live_refresh (live, err, sizeof err));
  cap = frag_live_capture (live);
  g_assert_cmpuint (cap->zones[0].free_frames, ==, 2048);
  g_assert_cmpuint (cap->zones[0].nr_free[10], ==, 2);
  g_assert_cmpuint (frag_capture_class (cap, 40960), ==, FRAG_IMPORT_FREE);
  g_assert_cmpuint (frag_capture_class (cap, 40959), ==, FRAG_CLASS_ANON);

  /* A change of zones reads everything again. */
  g_assert_true (g_file_set_contents (zi, "Node 0, zone   Normal\n  pages free 0\n"
                                      "        spanned  32768\n        present  32768\n"
                                      "        managed  32768\n  start_pfn: 0\n", -1, NULL));
  g_assert_true (frag_live_refresh (live, err, sizeof err));
  g_assert_cmpuint (frag_live_last_pfns_read (live), ==, 32768);
  g_assert_cmpuint (frag_live_capture (live)->n_pfns, ==, 32768);
  g_assert_cmpuint (frag_live_capture (live)->zones[0].free_frames, ==, 1024);
  frag_live_free (live);
  g_free (flags);
  g_remove (bi);
  g_remove (zi);
  g_remove (kp);
  g_rmdir (dir);
}

static void
rm_rf_flat (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      g_remove (p);
    }
  g_rmdir (dir);
}

/* `fragscope-cli capture`: refused without root; as root, a capture that loads back. */
static void
test_capture_command (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("fragscope-capcmd-XXXXXX", NULL);
  g_autofree char *dir = g_build_filename (tmp, "cap", NULL);
  char *msg = NULL;
  size_t msglen = 0;
  FILE *err = open_memstream (&msg, &msglen);
  char e[1024];

  g_assert_cmpint (frag_import_capture_command (dir, -1, err), ==, 2);
  g_assert_cmpint (frag_import_capture_command ("", 0, err), ==, 2);
  if (geteuid () != 0)
    {
      g_assert_cmpint (frag_import_capture_command (dir, 0, err), ==, 1);
      fclose (err);
      g_assert_nonnull (strstr (msg, "needs root"));
      free (msg);
      g_rmdir (tmp);
      g_test_skip ("not root: only the refusal was checked");
      return;
    }
  if (access ("/proc/kpageflags", R_OK) != 0 || access ("/proc/pagetypeinfo", R_OK) != 0)
    {
      fclose (err);
      free (msg);
      g_rmdir (tmp);
      g_test_skip ("/proc/kpageflags or /proc/pagetypeinfo not readable here");
      return;
    }
  /* A file where the directory should be. */
  g_autofree char *file = g_build_filename (tmp, "file", NULL);
  g_assert_true (g_file_set_contents (file, "x", 1, NULL));
  g_assert_cmpint (frag_import_capture_command (file, 0, err), ==, 1);
  g_remove (file);

  int rc = frag_import_capture_command (dir, 0.3, err);
  fflush (err);
  g_test_message ("capture: rc %d, %s", rc, msg);
  bool traced = rc == 0;
  if (rc != 0)
    {
      /* No tracefs here (a container), or no kmem events: the snapshot is still whole. */
      g_assert_true (strstr (msg, "tracefs") != NULL || strstr (msg, "kmem") != NULL);
    }
  g_assert_cmpint (frag_import_detect (dir), ==, FRAG_INPUT_CAPTURE);
  FragCapture *cap = frag_capture_load (dir, e, sizeof e);
  if (cap == NULL)
    g_error ("%s", e);
  g_assert_true (cap->have_buddyinfo_pre);
  g_assert_false (cap->truncated);
  g_assert_cmpuint (cap->pfns_read, ==, cap->n_pfns);
  FragProcInfo zi;
  frag_proc_info_init (&zi);
  g_assert_true (frag_proc_read (&zi, "/proc/zoneinfo", e, sizeof e));
  for (unsigned z = 0; z < cap->n_zones; z++)
    {
      int k = frag_proc_find_zone (&zi, cap->zones[z].node, cap->zones[z].name);
      g_assert_cmpint (k, >=, 0);
      g_assert_cmpuint (zi.zones[k].start_pfn, ==, cap->zones[z].start_pfn);
      g_assert_cmpuint (zi.zones[k].spanned, ==, cap->zones[z].frames);
      /* The largest blocks hardly move in a second: DMA's are exact on any quiet machine. */
      if (strcmp (cap->zones[z].name, "DMA") == 0)
        {
          int p = frag_proc_find_zone (&cap->buddyinfo_pre, cap->zones[z].node, "DMA");
          g_assert_cmpint (p, >=, 0);
          g_assert_cmpuint (cap->zones[z].nr_free[10], ==, cap->buddyinfo_pre.zones[p].nr_free[10]);
        }
    }
  g_assert_true (cap->proc.sources & FRAG_PROC_PAGETYPEINFO);
  frag_capture_free (cap);
  if (traced)
    {
      g_autofree char *tr = g_build_filename (dir, "trace.txt.xz", NULL);
      FragTrace *t = frag_trace_load (tr, e, sizeof e);
      g_assert_nonnull (t);
      g_assert_cmpint (frag_import_detect (tr), ==, FRAG_INPUT_TRACE);
      g_assert_cmpuint (t->n_malformed, ==, 0);
      g_assert_cmpuint (t->n_comments, >, 0);
      frag_trace_free (t);
      /* The tracing state is put back: tracefs unmounted again or events off. */
      g_autofree char *en = NULL;
      if (g_file_get_contents ("/sys/kernel/tracing/events/kmem/mm_page_alloc/enable", &en, NULL,
                               NULL))
        g_assert_cmpint (en[0], ==, '0');
    }
  fclose (err);
  free (msg);
  rm_rf_flat (dir);
  g_rmdir (tmp);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/frag/import/live/proc", test_proc);
  g_test_add_func ("/frag/import/live/fallbacks", test_fallbacks);
  g_test_add_func ("/frag/import/live/rolling", test_rolling);
  g_test_add_func ("/frag/import/capture-command", test_capture_command);
  return g_test_run ();
}
