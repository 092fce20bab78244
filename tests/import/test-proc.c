/* test-proc.c: the /proc text parsers, on the shared capture's files (numbers checked against
 * the files themselves), on lecture-style and old-kernel fixtures, and on bad input. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "frag-import.h"
#include "import-test-util.h"

#define SKIP_WITHOUT_CAPTURE(path)                                                    \
  if ((path) == NULL)                                                                 \
    {                                                                                 \
      g_test_skip ("no capture (FRAGSCOPE_CAPTURE_DIR) to read");                     \
      return;                                                                         \
    }

static void
assert_counts (const uint64_t *got, const uint64_t *want, unsigned n)
{
  for (unsigned i = 0; i < n; i++)
    {
      if (got[i] != want[i])
        g_test_message ("index %u: got %" G_GUINT64_FORMAT ", want %" G_GUINT64_FORMAT, i,
                        got[i], want[i]);
      g_assert_cmpuint (got[i], ==, want[i]);
    }
}

static void
test_buddyinfo_parse (void)
{
  g_autofree char *path = import_test_capture_file ("buddyinfo");
  static const uint64_t dma[] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 3 };
  static const uint64_t dma32[] = { 2, 2, 4, 2, 5, 4, 3, 3, 4, 2, 752 };
  static const uint64_t normal[] = { 148, 88, 90, 1004, 460, 157, 109, 98, 50, 34, 68 };
  FragProcInfo info;
  char err[512];

  SKIP_WITHOUT_CAPTURE (path);
  frag_proc_info_init (&info);
  g_assert_true (frag_proc_read (&info, path, err, sizeof err));
  g_assert_cmpuint (info.sources, ==, FRAG_PROC_BUDDYINFO);
  g_assert_cmpuint (info.n_orders, ==, 11);
  g_assert_cmpuint (info.n_zones, ==, 3);
  g_assert_cmpstr (info.zones[0].name, ==, "DMA");
  g_assert_cmpstr (info.zones[1].name, ==, "DMA32");
  g_assert_cmpstr (info.zones[2].name, ==, "Normal");
  for (unsigned i = 0; i < 3; i++)
    g_assert_cmpint (info.zones[i].node, ==, 0);
  assert_counts (info.zones[0].nr_free, dma, 11);
  assert_counts (info.zones[1].nr_free, dma32, 11);
  assert_counts (info.zones[2].nr_free, normal, 11);

  FragZoneStats st;
  g_assert_true (frag_proc_zone_stats (&info, 2, &st));
  g_assert_cmpstr (st.name, ==, "Normal");
  g_assert_cmpuint (st.n_orders, ==, 11);
  uint64_t pages = 0;
  for (unsigned o = 0; o < 11; o++)
    pages += normal[o] << o;
  g_assert_cmpuint (st.free_frames, ==, pages);
  g_assert_cmpuint (st.largest_free_run, ==, 1024);
  g_assert_false (frag_proc_zone_stats (&info, 3, &st));
}

static void
test_pagetypeinfo_parse (void)
{
  g_autofree char *path = import_test_capture_file ("pagetypeinfo");
  static const uint64_t n_unmov[] = { 1, 1, 52, 51, 30, 13, 2, 1, 1, 1, 0 };
  static const uint64_t n_mov[] = { 1, 0, 0, 933, 418, 136, 104, 94, 47, 33, 68 };
  static const uint64_t n_recl[] = { 146, 87, 38, 20, 12, 8, 3, 3, 2, 0, 0 };
  FragProcInfo info;
  char err[512];

  SKIP_WITHOUT_CAPTURE (path);
  frag_proc_info_init (&info);
  g_assert_true (frag_proc_read (&info, path, err, sizeof err));
  g_assert_cmpuint (info.sources, ==, FRAG_PROC_PAGETYPEINFO);
  g_assert_cmpint (info.pageblock_order, ==, 9);
  g_assert_cmpuint (info.n_orders, ==, 11);
  g_assert_cmpuint (info.n_types, ==, 5);
  g_assert_cmpstr (info.type_names[3], ==, "HighAtomic");
  g_assert_cmpint (info.type_mt[3], ==, FRAG_MT_HIGHATOMIC);
  g_assert_cmpint (info.type_mt[4], ==, FRAG_MT_ISOLATE);
  g_assert_cmpuint (info.n_zones, ==, 3);
  const FragProcZone *z = &info.zones[2];
  g_assert_cmpstr (z->name, ==, "Normal");
  assert_counts (z->nr_free_by_type[0], n_unmov, 11);
  assert_counts (z->nr_free_by_type[1], n_mov, 11);
  assert_counts (z->nr_free_by_type[2], n_recl, 11);
  g_assert_cmpuint (z->blocks_by_type[0], ==, 63);
  g_assert_cmpuint (z->blocks_by_type[1], ==, 1038);
  g_assert_cmpuint (z->blocks_by_type[2], ==, 51);
  g_assert_cmpuint (info.zones[1].blocks_by_type[1], ==, 1528);
  g_assert_cmpuint (info.zones[0].blocks_by_type[0], ==, 1);
  g_assert_cmpuint (info.zones[0].blocks_by_type[1], ==, 7);

  /* nr_free of pagetypeinfo input is the sum of all type rows: here it equals the buddyinfo
   * read in the same second. */
  FragZoneStats st;
  static const uint64_t normal[] = { 148, 88, 90, 1004, 460, 157, 109, 98, 50, 34, 68 };
  g_assert_true (frag_proc_zone_stats (&info, 2, &st));
  assert_counts (st.nr_free, normal, 11);
  assert_counts (st.nr_free_by_type[FRAG_MT_RECLAIMABLE], n_recl, 11);
  g_assert_cmpuint (st.pageblocks_by_type[FRAG_MT_MOVABLE], ==, 1038);
  g_assert_cmpuint (st.n_pageblocks, ==, 63 + 1038 + 51);
}

static void
test_zoneinfo_parse (void)
{
  g_autofree char *path = import_test_capture_file ("zoneinfo");
  FragProcInfo info;
  char err[512];

  SKIP_WITHOUT_CAPTURE (path);
  frag_proc_info_init (&info);
  g_assert_true (frag_proc_read (&info, path, err, sizeof err));
  g_assert_cmpuint (info.sources, ==, FRAG_PROC_ZONEINFO);
  g_assert_cmpuint (info.n_zones, ==, 5);
  g_assert_cmpstr (info.zones[0].name, ==, "DMA");
  g_assert_cmpuint (info.zones[0].start_pfn, ==, 1);
  g_assert_cmpuint (info.zones[0].spanned, ==, 4095);
  g_assert_cmpuint (info.zones[0].present, ==, 3998);
  g_assert_cmpuint (info.zones[0].managed, ==, 3840);
  g_assert_cmpuint (info.zones[0].free_pages, ==, 3840);
  g_assert_cmpstr (info.zones[1].name, ==, "DMA32");
  g_assert_cmpuint (info.zones[1].start_pfn, ==, 4096);
  g_assert_cmpuint (info.zones[1].spanned, ==, 1044480);
  g_assert_cmpuint (info.zones[1].present, ==, 782336);
  g_assert_cmpuint (info.zones[1].managed, ==, 772918);
  g_assert_cmpstr (info.zones[2].name, ==, "Normal");
  g_assert_cmpuint (info.zones[2].start_pfn, ==, 1048576);
  g_assert_cmpuint (info.zones[2].spanned, ==, 5505024);
  g_assert_cmpuint (info.zones[2].present, ==, 5505024);
  g_assert_cmpuint (info.zones[2].managed, ==, 589824);
  g_assert_cmpstr (info.zones[3].name, ==, "Movable");
  g_assert_cmpuint (info.zones[3].spanned, ==, 0);
  g_assert_cmpstr (info.zones[4].name, ==, "Device");

  /* The three files of one capture merge into one picture, zones matched by node and name. */
  g_autofree char *bi = import_test_capture_file ("buddyinfo");
  g_autofree char *pti = import_test_capture_file ("pagetypeinfo");
  g_assert_true (frag_proc_read (&info, bi, err, sizeof err));
  g_assert_true (frag_proc_read (&info, pti, err, sizeof err));
  g_assert_cmpuint (info.n_zones, ==, 5);
  g_assert_cmpuint (info.sources, ==,
                    FRAG_PROC_ZONEINFO | FRAG_PROC_BUDDYINFO | FRAG_PROC_PAGETYPEINFO);
  FragZoneStats st;
  g_assert_true (frag_proc_zone_stats (&info, 1, &st));
  g_assert_cmpuint (st.start_pfn, ==, 4096);
  g_assert_cmpuint (st.frames, ==, 1044480);
  g_assert_cmpuint (st.nr_free[10], ==, 752);
}

static void
test_pagetypeinfo_cma (void)
{
  g_autofree char *path = import_test_data ("pagetypeinfo-cma.txt");
  FragProcInfo info;
  FragZoneStats st;
  char err[512];

  frag_proc_info_init (&info);
  g_assert_true (frag_proc_read (&info, path, err, sizeof err));
  g_assert_cmpuint (info.n_types, ==, 6);
  g_assert_cmpstr (info.type_names[4], ==, "CMA");
  g_assert_cmpint (info.type_mt[4], ==, FRAG_MT_CMA);
  g_assert_true (frag_proc_zone_stats (&info, 1, &st));
  g_assert_cmpstr (st.name, ==, "DMA32");
  /* Sum of the five rows at order 0 and 10. */
  g_assert_cmpuint (st.nr_free[0], ==, 7 + 211 + 3 + 0 + 12 + 0);
  g_assert_cmpuint (st.nr_free[10], ==, 302 + 8);
  g_assert_cmpuint (st.nr_free_by_type[FRAG_MT_CMA][0], ==, 12);
  g_assert_cmpuint (st.nr_free_by_type[FRAG_MT_CMA][10], ==, 8);
  g_assert_cmpuint (st.pageblocks_by_type[FRAG_MT_CMA], ==, 64);
  g_assert_cmpuint (st.pageblocks_by_type[FRAG_MT_MOVABLE], ==, 1466);
  /* ">100000" is the kernel's cap: read as 100000 and flagged as a lower bound. */
  g_assert_true (info.zones[2].capped);
  g_assert_false (info.zones[1].capped);
  g_assert_cmpuint (info.zones[2].nr_free_by_type[1][0], ==, 100000);
  g_assert_true (frag_proc_zone_stats (&info, 2, &st));
  g_assert_cmpuint (st.nr_free[0], ==, 905 + 100000 + 64);

  /* Reading the same file again (as when merging a capture's files) changes no total. */
  g_assert_true (frag_proc_read (&info, path, err, sizeof err));
  g_assert_true (frag_proc_zone_stats (&info, 2, &st));
  g_assert_cmpuint (st.nr_free[0], ==, 905 + 100000 + 64);
  g_assert_cmpuint (st.nr_free_by_type[FRAG_MT_UNMOVABLE][1], ==, 412);
}

static void
test_pagetypeinfo_old_kernel (void)
{
  g_autofree char *path = import_test_data ("pagetypeinfo-old.txt");
  FragProcInfo info;
  FragZoneStats st;
  char err[512];

  frag_proc_info_init (&info);
  g_assert_true (frag_proc_read (&info, path, err, sizeof err));
  g_assert_cmpint (info.pageblock_order, ==, 4);
  g_assert_cmpuint (info.n_orders, ==, 6);
  g_assert_cmpuint (info.n_zones, ==, 2);
  g_assert_cmpint (info.zones[1].node, ==, 1);
  g_assert_cmpint (frag_proc_find_zone (&info, 1, "Normal"), ==, 1);
  g_assert_cmpint (info.type_mt[2], ==, -1); /* "Reserve": an old kernel's type we do not model */
  g_assert_true (frag_proc_zone_stats (&info, 0, &st));
  g_assert_cmpuint (st.n_orders, ==, 6);
  /* Unknown types still count in nr_free (what buddyinfo would say), not in by-type. */
  g_assert_cmpuint (st.nr_free[4], ==, 1);
  g_assert_cmpuint (st.nr_free[5], ==, 2);
  g_assert_cmpuint (st.nr_free_by_type[FRAG_MT_MOVABLE][4], ==, 0);
  g_assert_cmpuint (st.free_frames, ==, 6 + 3 * 2 + 3 * 4 + 8 + 16 + 2 * 32);
  g_assert_cmpuint (st.n_pageblocks, ==, 64);
}

static void
test_buddyinfo_small (void)
{
  g_autofree char *path = import_test_data ("buddyinfo-small.txt");
  FragProcInfo info;
  char err[512];

  frag_proc_info_init (&info);
  g_assert_true (frag_proc_read (&info, path, err, sizeof err));
  g_assert_cmpuint (info.n_orders, ==, 3);
  g_assert_cmpuint (info.n_zones, ==, 2);
  g_assert_cmpstr (info.zones[1].name, ==, "HighMem");
  g_assert_cmpint (info.zones[1].node, ==, 1);
  g_assert_cmpuint (info.zones[1].nr_free[2], ==, 7);
}

typedef struct {
  const char *text;
  const char *want;  /* substring of the message: "FILE:LINE:COL: what" */
  int         parser; /* 0: by content, 1: buddyinfo, 2: zoneinfo */
} BadCase;

static void
test_bad_text (void)
{
  static const BadCase cases[] = {
    { "", "t:1:1: no zone rows", 1 },
    { "\n\n", "no zone rows", 1 },
    { "Node 0, zone DMA 1 2 x\n", "t:1:22: expected a count, found 'x'" },
    { "Node 0, zone DMA 1 2 3\nNode 0, zone DMA32 1 2\n", "t:2:23: expected 3 counts, found 2" },
    { "Node 0, zone DMA 99999999999999999999999\n", "t:1:18: a count is too large" },
    { "Node 0, zone DMA 1 2 3\nNode 0, zone DMA 1 2 3\n",
      "t:2:14: zone DMA of node 0 appears twice" },
    { "Node 0 zone DMA 1\n", "t:1:8: expected ',' after the node number" },
    { "Node 0, zone DMA 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n", "more than 16 orders" },
    { "Node 0, zone DMA 1\x01 2\n", "t:1:19: unexpected '?' after a count" },
    { "Page block order: 9\nPages per block: 500\n", "t:2:" },
    { "Page block order: 9\nNode 0, zone DMA, type Movable 1\n", "t:2:1: expected \"Page block" },
    { "Page block order: 99\n", "t:1:19: pageblock order 99 is past 15" },
    { "Page block order: 9\n\nFree pages count per migrate type at order 0 1 3\n",
      "t:3:48: expected order 2, found 3" },
    { "Page block order: 9\nFree pages count per migrate type at order 0 1\n"
      "Node 0, zone DMA, type Movable 1\n", "t:3:" },
    { "Node 0, zone DMA\n  spanned  12x\n", "t:2:14: unexpected 'x' after spanned" },
    { "  spanned 4\n", "t:1:1: expected \"Node N, zone NAME\" before indented lines", 2 },
    { "Node 0, zone DMA\n  present 5\n  spanned 4\n", "inconsistent sizes" },
    { "Page block order: 9\nFree pages count per migrate type at order 0\n"
      "Node 0, zone DMA, type Movable 1\nNode 0, zone DMA, type Movable 2\n",
      "t:4:24: type Movable of zone DMA, node 0 appears twice" },
    { "garbage\n", "t:1:1: not /proc/buddyinfo" },
    { "Node 0, zone DMA 1\ncat /proc/buddyinfo\n", "t:2:1: expected \"Node\"", 1 },
    { "$ cat /etc/passwd\nNode 0, zone DMA 1\n", "t:1:1: expected \"Node\"", 1 },
    { "\xff\xfe\x00\x01binary", "t:1:1: not /proc" },
  };

  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      FragProcInfo info;
      char err[512] = "";
      size_t len = strlen (cases[i].text);
      if (i == G_N_ELEMENTS (cases) - 1)
        len = 10;
      frag_proc_info_init (&info);
      /* Escaped: TAP output must stay valid UTF-8 even for the binary case. */
      g_autofree char *shown = g_strescape (cases[i].text, NULL);
      g_test_message ("case %zu: %s", i, shown);
      bool ok = frag_proc_parse_auto (&info, cases[i].text, len, "t", err, sizeof err);
      if (cases[i].parser == 1)
        ok = frag_proc_parse_buddyinfo (&info, cases[i].text, len, "t", err, sizeof err);
      else if (cases[i].parser == 2)
        ok = frag_proc_parse_zoneinfo (&info, cases[i].text, len, "t", err, sizeof err);
      g_test_message ("-> %s", err);
      g_assert_false (ok);
      g_assert_nonnull (strstr (err, cases[i].want));
    }
}

static void
test_bad_files (void)
{
  FragProcInfo info;
  char err[512];
  g_autofree char *dir = g_dir_make_tmp ("fragscope-proc-XXXXXX", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty", NULL);
  g_autofree char *garbage = g_build_filename (dir, "garbage", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing", NULL);
  char bytes[4096];

  for (size_t i = 0; i < sizeof bytes; i++)
    bytes[i] = (char) (i * 7919 % 251);
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  g_assert_true (g_file_set_contents (garbage, bytes, sizeof bytes, NULL));

  frag_proc_info_init (&info);
  g_assert_false (frag_proc_read (&info, empty, err, sizeof err));
  g_assert_nonnull (strstr (err, ":1:1:"));
  g_assert_false (frag_proc_read (&info, garbage, err, sizeof err));
  g_assert_nonnull (strstr (err, garbage));
  g_assert_false (frag_proc_read (&info, missing, err, sizeof err));
  g_assert_nonnull (strstr (err, "No such file"));
  g_assert_false (frag_proc_read (&info, dir, err, sizeof err));
  g_assert_nonnull (strstr (err, "is a directory"));
  g_assert_false (frag_proc_read (&info, NULL, err, sizeof err));

  g_assert_cmpint (frag_import_detect (empty), ==, FRAG_INPUT_UNKNOWN);
  g_assert_cmpint (frag_import_detect (garbage), ==, FRAG_INPUT_UNKNOWN);
  g_assert_cmpint (frag_import_detect (missing), ==, FRAG_INPUT_UNKNOWN);
  g_assert_cmpint (frag_import_detect (dir), ==, FRAG_INPUT_UNKNOWN);
  g_assert_cmpint (frag_import_detect_full (dir, err, sizeof err), ==, FRAG_INPUT_UNKNOWN);
  g_assert_nonnull (strstr (err, "not a capture"));

  g_remove (empty);
  g_remove (garbage);
  g_rmdir (dir);
}

static void
test_detect (void)
{
  const char *cap = import_test_capture_dir ();
  g_autofree char *cma = import_test_data ("pagetypeinfo-cma.txt");
  g_autofree char *small = import_test_data ("buddyinfo-small.txt");
  g_autofree char *dir = g_dir_make_tmp ("fragscope-detect-XXXXXX", NULL);
  g_autofree char *json = g_build_filename (dir, "s.fragscope.json", NULL);
  g_autofree char *xz = g_build_filename (dir, "buddyinfo.xz", NULL);
  char err[256];

  g_assert_true (g_file_set_contents (json, "\n  {\"fragscope\": 1}", -1, NULL));
  g_assert_cmpint (frag_import_detect (json), ==, FRAG_INPUT_JSON);
  g_assert_true (g_file_set_contents (json, "\xef\xbb\xbf[1, 2]", -1, NULL));
  g_assert_cmpint (frag_import_detect (json), ==, FRAG_INPUT_JSON);
  g_assert_cmpint (frag_import_detect (cma), ==, FRAG_INPUT_PAGETYPEINFO);
  g_assert_cmpint (frag_import_detect (small), ==, FRAG_INPUT_BUDDYINFO);
  g_assert_true (frag_write_xz (xz, "Node 0, zone DMA 1 2\n", 21, err, sizeof err));
  g_assert_cmpint (frag_import_detect (xz), ==, FRAG_INPUT_BUDDYINFO);
  g_assert_cmpstr (frag_input_kind_name (FRAG_INPUT_TRACE), ==, "trace");
  if (cap != NULL)
    {
      g_autofree char *bi = g_build_filename (cap, "buddyinfo", NULL);
      g_autofree char *zi = g_build_filename (cap, "zoneinfo", NULL);
      g_autofree char *pti = g_build_filename (cap, "pagetypeinfo", NULL);
      g_autofree char *tr = g_build_filename (cap, "trace.txt.xz", NULL);
      g_assert_cmpint (frag_import_detect (cap), ==, FRAG_INPUT_CAPTURE);
      g_assert_cmpint (frag_import_detect (bi), ==, FRAG_INPUT_BUDDYINFO);
      g_assert_cmpint (frag_import_detect (zi), ==, FRAG_INPUT_ZONEINFO);
      g_assert_cmpint (frag_import_detect (pti), ==, FRAG_INPUT_PAGETYPEINFO);
      g_assert_cmpint (frag_import_detect (tr), ==, FRAG_INPUT_TRACE);
    }
  g_remove (json);
  g_remove (xz);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/frag/import/buddyinfo/parse", test_buddyinfo_parse);
  g_test_add_func ("/frag/import/buddyinfo/small", test_buddyinfo_small);
  g_test_add_func ("/frag/import/pagetypeinfo/parse", test_pagetypeinfo_parse);
  g_test_add_func ("/frag/import/pagetypeinfo/cma", test_pagetypeinfo_cma);
  g_test_add_func ("/frag/import/pagetypeinfo/old-kernel", test_pagetypeinfo_old_kernel);
  g_test_add_func ("/frag/import/zoneinfo/parse", test_zoneinfo_parse);
  g_test_add_func ("/frag/import/proc/bad-text", test_bad_text);
  g_test_add_func ("/frag/import/proc/bad-files", test_bad_files);
  g_test_add_func ("/frag/import/detect", test_detect);
  return g_test_run ();
}
