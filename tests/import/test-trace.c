/* test-trace.c: ftrace kmem traces: a hand-made trace with every odd case, the shared capture's
 * trace counted by an independent replay, on its own and on top of the capture, the program the
 * engine replays, and speed (400,000 events in well under a second). */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "frag-import.h"
#include "import-test-util.h"

static void
test_small (void)
{
  g_autofree char *path = import_test_data ("trace-small.txt");
  char err[512];
  FragTrace *t = frag_trace_load (path, err, sizeof err);

  g_assert_nonnull (t);
  g_assert_cmpint (frag_import_detect (path), ==, FRAG_INPUT_TRACE);
  g_assert_cmpuint (t->n_lines, ==, 22);
  g_assert_cmpuint (t->n_comments, ==, 4);
  g_assert_cmpuint (t->n_alloc, ==, 6);          /* lines 5, 6, 12 (failed), 19, 20, 21 */
  g_assert_cmpuint (t->n_free, ==, 3);
  g_assert_cmpuint (t->n_free_batched, ==, 2);
  g_assert_cmpuint (t->n_failed_allocs, ==, 1);
  g_assert_cmpuint (t->n_extfrag, ==, 1);
  g_assert_cmpuint (t->n_other_events, ==, 1);
  g_assert_cmpuint (t->n_duplicates, ==, 1);
  g_assert_cmpuint (t->n_malformed, ==, 4);
  g_assert_true (t->truncated);
  g_assert_cmpuint (t->errors[0].line, ==, 15);
  g_assert_cmpuint (t->errors[1].line, ==, 16);
  g_assert_nonnull (strstr (t->errors[1].message, "pfn=0xZZ"));
  g_assert_cmpuint (t->errors[2].line, ==, 17);
  g_assert_nonnull (strstr (t->errors[2].message, "order=99"));
  g_assert_cmpuint (t->errors[3].line, ==, 18);
  g_assert_nonnull (strstr (t->errors[3].message, "migratetype"));
  char msg[2048];
  frag_trace_describe_errors (t, msg, sizeof msg);
  g_assert_nonnull (strstr (msg, "4 malformed lines"));
  g_assert_nonnull (strstr (msg, "trace-small.txt:15: expected \"TASK-PID [CPU]\""));

  /* Task names with spaces ("Web Content", "kworker/u8:2 worker") parse like any other. */
  g_assert_cmpuint (t->n_events, ==, 10);
  g_assert_cmpuint (t->events[0].pfn, ==, 0x1000);
  g_assert_cmpuint (t->events[0].order, ==, 1);
  g_assert_cmpint (t->events[0].mt, ==, 1);
  g_assert_cmpuint (t->events[0].line, ==, 5);
  g_assert_cmpuint (t->events[1].pfn, ==, 0x2000);
  g_assert_cmpint (t->events[1].mt, ==, 0);
  g_assert_true (t->events[3].duplicate);
  g_assert_cmpuint (t->events[3].kind, ==, FRAG_TRACE_FREE_BATCHED);
  g_assert_false (t->events[5].duplicate); /* batched free of a page not freed just before */
  g_assert_false (t->events[6].duplicate); /* a second mm_page_free: a double free, no repeat */
  g_assert_cmpuint (t->min_pfn, ==, 0x1000);
  g_assert_cmpuint (t->end_pfn, ==, 0x3002);
  g_assert_cmpfloat (t->first_ts, ==, 100.000001);

  FragTraceReplay r;
  g_assert_true (frag_trace_replay (t, NULL, &r, err, sizeof err));
  g_assert_cmpuint (r.base_pfn, ==, 0x1000);
  g_assert_cmpuint (r.n_pfns, ==, 0x3400 - 0x1000);
  g_assert_cmpuint (r.trace_allocs, ==, 3);   /* 0x1000/1, 0x2000/0, 0x1000/0 */
  g_assert_cmpuint (r.trace_frees, ==, 3);    /* 0x1000/1 (its alloc), 0x3000, 0x3001 (before) */
  g_assert_cmpuint (r.trace_skipped, ==, 3);  /* 0x3000 freed twice, 0x1000 allocated twice,
                                                 0x2001 order 1 not aligned */
  g_assert_cmpuint (r.duplicates, ==, 1);
  /* first seen allocated: 0x1000, 0x1001, 0x2000, and 0x2001-0x2002 (the unaligned alloc) */
  g_assert_cmpuint (r.free_at_start, ==, 5);
  g_assert_cmpuint (r.free_at_end, ==, 5);    /* 0x1001, 0x3000, 0x3001, 0x2001, 0x2002 */
  frag_trace_free (t);
}

static void
test_bad (void)
{
  char err[512];
  g_autofree char *dir = g_dir_make_tmp ("fragscope-trace-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing", NULL);
  g_autofree char *bin = g_build_filename (dir, "bin", NULL);
  g_autofree char *huge = g_build_filename (dir, "huge", NULL);
  char bytes[8192];

  g_assert_null (frag_trace_load (missing, err, sizeof err));
  g_assert_nonnull (strstr (err, "No such file"));
  g_assert_null (frag_trace_load (dir, err, sizeof err));
  g_assert_nonnull (strstr (err, "is a directory"));

  for (size_t i = 0; i < sizeof bytes; i++)
    bytes[i] = (char) ((i * 131) ^ (i >> 3));
  g_assert_true (g_file_set_contents (bin, bytes, sizeof bytes, NULL));
  FragTrace *t = frag_trace_load (bin, err, sizeof err);
  g_assert_nonnull (t);
  g_assert_cmpuint (t->n_events, ==, 0);
  g_assert_cmpuint (t->n_malformed, >, 0);
  frag_trace_free (t);

  /* Huge numbers: pfn past 64 bits, past any machine, orders past the limit; a 100 KiB line. */
  GString *s = g_string_new (NULL);
  g_string_append (s, " a-1 [0] 1.0: mm_page_alloc: pfn=0x1ffffffffffffffff order=0 "
                      "migratetype=0\n");
  g_string_append (s, " a-1 [0] 1.0: mm_page_alloc: pfn=0x10000000000000 order=0 migratetype=0\n");
  g_string_append (s, " a-1 [0] 1.0: mm_page_free: pfn=99999999999999999999999 order=0\n");
  g_string_append (s, " a-1 [0] 1.0: mm_page_free: pfn=0x10 order=4294967296\n");
  g_string_append (s, " a-1 [0] 1.0: mm_page_free: pfn=0x10 order=16\n");
  g_string_append (s, " a-1 [0] 1.0: mm_page_alloc: pfn=0x10 order=0 migratetype=6\n");
  for (int i = 0; i < 100000; i++)
    g_string_append_c (s, 'x');
  g_string_append (s, "\n a-1 [0] 1.0: mm_page_free: pfn=0x8000 order=15\n");
  g_assert_true (g_file_set_contents (huge, s->str, (gssize) s->len, NULL));
  t = frag_trace_load (huge, err, sizeof err);
  g_assert_nonnull (t);
  g_assert_cmpuint (t->n_malformed, ==, 7);
  g_assert_cmpuint (t->n_events, ==, 1);
  g_assert_cmpuint (t->errors[6].line, ==, 7);
  g_assert_nonnull (strstr (t->errors[6].message, "longer than"));
  FragTraceReplay r;
  g_assert_true (frag_trace_replay (t, NULL, &r, err, sizeof err));
  g_assert_cmpuint (r.trace_frees, ==, 1);   /* in use before the trace, as far as it says */
  g_assert_cmpuint (r.n_pfns, ==, 1u << 15);
  frag_trace_free (t);

  /* The same text parsed from memory, and an empty trace. */
  t = frag_trace_parse (s->str, s->len, "mem");
  g_assert_cmpuint (t->n_malformed, ==, 7);
  frag_trace_free (t);
  t = frag_trace_parse ("", 0, "empty");
  g_assert_cmpuint (t->n_events, ==, 0);
  g_assert_true (frag_trace_replay (t, NULL, &r, err, sizeof err));
  g_assert_cmpuint (r.trace_allocs + r.trace_frees + r.trace_skipped, ==, 0);
  frag_trace_free (t);
  g_string_free (s, TRUE);

  /* A truncated .xz keeps the whole lines it decoded. */
  g_autofree char *small = import_test_data ("trace-small.txt");
  g_autofree char *text = NULL;
  gsize len;
  g_autofree char *xz = g_build_filename (dir, "t.xz", NULL);
  g_assert_true (g_file_get_contents (small, &text, &len, NULL));
  g_assert_true (frag_write_xz (xz, text, len, err, sizeof err));
  g_autofree char *packed = NULL;
  gsize plen;
  g_assert_true (g_file_get_contents (xz, &packed, &plen, NULL));
  g_assert_true (g_file_set_contents (xz, packed, (gssize) (plen - 20), NULL));
  t = frag_trace_load (xz, err, sizeof err);
  g_assert_nonnull (t);
  g_assert_true (t->read_error);
  g_assert_cmpuint (t->n_events, <=, 10);
  frag_trace_free (t);

  g_remove (bin);
  g_remove (huge);
  g_remove (xz);
  g_rmdir (dir);
}

/* An independent replay of the same rules: a GRegex per line and a hash of frames. */
typedef struct {
  guint64 allocs, frees, skipped, alloc_lines, free_lines, batched_lines, dups;
} Counts;

enum { H_FREE = 1, H_BEFORE = 2, H_TRACE = 3 };

static void
independent_replay (const char *text, Counts *c)
{
  g_autoptr (GRegex) re = g_regex_new (": (mm_page_alloc|mm_page_free|mm_page_free_batched): "
                                       ".*pfn=0x([0-9a-f]+) order=([0-9]+)", 0, 0, NULL);
  GHashTable *state = g_hash_table_new (g_int64_hash, g_int64_equal);  /* frame -> H_* */
  GHashTable *heads = g_hash_table_new (g_int64_hash, g_int64_equal);  /* trace alloc -> order+1 */
  GHashTable *last = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  GArray *keys = g_array_new (FALSE, FALSE, sizeof (gint64));

  memset (c, 0, sizeof *c);
  /* Keys must live as long as the tables. */
  g_array_set_size (keys, 0);
  GPtrArray *store = g_ptr_array_new_with_free_func (g_free);
  /* Lines cut by hand (memchr): g_strsplit's strstr is quadratic under AddressSanitizer. */
  size_t total = strlen (text);
  g_autofree char *line = NULL;
  size_t line_cap = 0;
  for (size_t off = 0; off < total;)
    {
      const char *nl = memchr (text + off, '\n', total - off);
      size_t n = nl != NULL ? (size_t) (nl - (text + off)) : total - off;
      if (n + 1 > line_cap)
        {
          line_cap = 2 * (n + 1);
          line = g_realloc (line, line_cap);
        }
      memcpy (line, text + off, n);
      line[n] = '\0';
      off += n + 1;
      g_autoptr (GMatchInfo) m = NULL;
      if (line[0] == '#' || !g_regex_match (re, line, 0, &m))
        continue;
      g_autofree char *ev = g_match_info_fetch (m, 1);
      g_autofree char *pfs = g_match_info_fetch (m, 2);
      g_autofree char *ors = g_match_info_fetch (m, 3);
      gint64 pfn = (gint64) g_ascii_strtoull (pfs, NULL, 16);
      int order = atoi (ors);
      gint64 k = (gint64) 1 << order;
      bool alloc = strcmp (ev, "mm_page_alloc") == 0;
      bool batched = strcmp (ev, "mm_page_free_batched") == 0;
      c->alloc_lines += alloc;
      c->free_lines += !alloc && !batched;
      c->batched_lines += batched;
      /* A repeat: a free after a batched free (or the reverse) of the same head and order. */
      char *lk = g_strdup_printf ("%" G_GINT64_FORMAT, pfn);
      char *prev = g_hash_table_lookup (last, lk);
      char *now = g_strdup_printf ("%s/%d", ev, order);
      bool dup = !alloc && prev != NULL && strncmp (prev, "mm_page_alloc/", 14) != 0
                 && strcmp (prev, now) != 0 && strcmp (strchr (prev, '/'), strchr (now, '/')) == 0
                 && strchr (prev, '!') == NULL;
      if (dup)
        {
          c->dups++;
          char *marked = g_strconcat (now, "!", NULL);
          g_free (now);
          now = marked;
          g_hash_table_replace (last, lk, now);
          continue;
        }
      g_hash_table_replace (last, lk, now);
      if (pfn % k != 0)
        {
          c->skipped++;
          continue;
        }
      bool ok = true;
      if (alloc)
        {
          for (gint64 f = pfn; f < pfn + k && ok; f++)
            {
              int s = GPOINTER_TO_INT (g_hash_table_lookup (state, &f));
              ok = s == 0 || s == H_FREE;  /* unseen frames were free if first allocated */
            }
          if (ok)
            {
              for (gint64 f = pfn; f < pfn + k; f++)
                {
                  gint64 *key = g_new (gint64, 1);
                  *key = f;
                  g_ptr_array_add (store, key);
                  g_hash_table_replace (state, key, GINT_TO_POINTER (H_TRACE));
                }
              gint64 *hk = g_new (gint64, 1);
              *hk = pfn;
              g_ptr_array_add (store, hk);
              g_hash_table_replace (heads, hk, GINT_TO_POINTER (order + 1));
              c->allocs++;
            }
          else
            c->skipped++;
          continue;
        }
      int head = GPOINTER_TO_INT (g_hash_table_lookup (heads, &pfn));
      bool exact = head == order + 1;
      if (!exact)
        for (gint64 f = pfn; f < pfn + k && ok; f++)
          {
            int s = GPOINTER_TO_INT (g_hash_table_lookup (state, &f));
            ok = s == 0 || s == H_BEFORE;  /* unseen frames were in use if first freed */
          }
      if (ok)
        {
          g_hash_table_remove (heads, &pfn);
          for (gint64 f = pfn; f < pfn + k; f++)
            {
              gint64 *key = g_new (gint64, 1);
              *key = f;
              g_ptr_array_add (store, key);
              if (!exact)
                g_hash_table_remove (heads, &f);
              g_hash_table_replace (state, key, GINT_TO_POINTER (H_FREE));
            }
          c->frees++;
        }
      else
        c->skipped++;
    }
  g_hash_table_unref (state);
  g_hash_table_unref (heads);
  g_hash_table_unref (last);
  g_ptr_array_unref (store);
  g_array_unref (keys);
}

static void
test_shared_trace (void)
{
  g_autofree char *path = import_test_capture_file ("trace.txt.xz");
  char err[512];

  if (path == NULL)
    {
      g_test_skip ("no capture trace (FRAGSCOPE_CAPTURE_DIR/trace.txt.xz) to read");
      return;
    }
  gint64 t0 = g_get_monotonic_time ();
  FragTrace *t = frag_trace_load (path, err, sizeof err);
  gint64 t1 = g_get_monotonic_time ();
  g_assert_nonnull (t);
  g_assert_cmpuint (t->n_malformed, ==, 0);
  g_assert_false (t->truncated);
  g_assert_cmpuint (t->n_lines, ==, 275251);
  g_assert_cmpuint (t->n_comments, ==, 12);
  g_assert_cmpuint (t->n_extfrag, ==, 12);
  g_assert_cmpuint (t->entries_in_buffer, ==, 275239);
  g_assert_cmpuint (t->entries_written, ==, 275239);
  g_assert_cmpuint (t->n_alloc + t->n_free + t->n_free_batched + t->n_extfrag + t->n_other_events
                    + t->n_comments, ==, t->n_lines);

  FragTraceReplay r;
  g_assert_true (frag_trace_replay (t, NULL, &r, err, sizeof err));
  gint64 t2 = g_get_monotonic_time ();
  g_test_message ("trace: %" G_GUINT64_FORMAT " alloc, %" G_GUINT64_FORMAT " free lines; load "
                  "%.3f s, replay %.3f s; applied %" G_GUINT64_FORMAT " allocs, %" G_GUINT64_FORMAT
                  " frees, skipped %" G_GUINT64_FORMAT, t->n_alloc, t->n_free,
                  (t1 - t0) / 1e6, (t2 - t1) / 1e6, r.trace_allocs, r.trace_frees,
                  r.trace_skipped);

  /* Counted independently from the decompressed text. */
  char *text;
  size_t len;
  g_assert_true (frag_read_file (path, 512u << 20, &text, &len, err, sizeof err));
  Counts c;
  independent_replay (text, &c);
  free (text);
  g_assert_cmpuint (c.alloc_lines, ==, t->n_alloc);
  g_assert_cmpuint (c.free_lines, ==, t->n_free);
  g_assert_cmpuint (c.batched_lines, ==, t->n_free_batched);
  g_assert_cmpuint (c.dups, ==, t->n_duplicates);
  g_assert_cmpuint (r.trace_allocs, ==, c.allocs);
  g_assert_cmpuint (r.trace_frees, ==, c.frees);
  g_assert_cmpuint (r.trace_skipped, ==, c.skipped);
  g_assert_cmpuint (r.trace_allocs + r.trace_frees + r.trace_skipped, ==,
                    t->n_alloc - t->n_failed_allocs + t->n_free + t->n_free_batched
                    - t->n_duplicates);
  g_assert_cmpuint (r.trace_allocs, >, 100000);

  /* The same trace on top of the capture it was recorded after. */
  const char *dir = import_test_capture_dir ();
  FragCapture *cap = frag_capture_load (dir, err, sizeof err);
  g_assert_nonnull (cap);
  FragTraceReplay rc;
  g_assert_true (frag_trace_replay (t, cap, &rc, err, sizeof err));
  g_test_message ("on the capture: applied %" G_GUINT64_FORMAT " allocs, %" G_GUINT64_FORMAT
                  " frees, skipped %" G_GUINT64_FORMAT, rc.trace_allocs, rc.trace_frees,
                  rc.trace_skipped);
  g_assert_cmpuint (rc.trace_allocs + rc.trace_frees + rc.trace_skipped, ==,
                    r.trace_allocs + r.trace_frees + r.trace_skipped);
  g_assert_cmpuint (rc.free_at_start, ==,
                    cap->zones[0].free_frames + cap->zones[1].free_frames
                    + cap->zones[2].free_frames);
  /* Conservation: every applied alloc took 2^order free frames, every free gave them back. */
  g_assert_cmpuint (rc.free_at_start + rc.used_at_start, ==, rc.free_at_end + rc.used_at_end);

  /* The engine replays the same program with the same rules. */
  FragSim *sim = frag_trace_sim_new (t, cap, err, sizeof err);
  if (sim == NULL)
    g_error ("%s", err);
  g_assert_cmpuint (frag_sim_n_steps (sim), ==,
                    t->n_events - t->n_duplicates);
  while (frag_sim_step (sim))
    ;
  FragMetrics m;
  frag_sim_metrics (sim, &m);
  g_test_message ("engine on the capture: %" G_GUINT64_FORMAT " allocs, %" G_GUINT64_FORMAT
                  " frees, skipped %" G_GUINT64_FORMAT, m.trace_allocs, m.trace_frees,
                  m.trace_skipped);
  g_assert_cmpuint (m.trace_allocs, ==, rc.trace_allocs);
  g_assert_cmpuint (m.trace_frees, ==, rc.trace_frees);
  g_assert_cmpuint (m.trace_skipped, ==, rc.trace_skipped);
  frag_sim_free (sim);

  sim = frag_trace_sim_new (t, NULL, err, sizeof err);
  if (sim == NULL)
    g_error ("%s", err);
  while (frag_sim_step (sim))
    ;
  frag_sim_metrics (sim, &m);
  g_assert_cmpuint (m.trace_allocs, ==, r.trace_allocs);
  g_assert_cmpuint (m.trace_frees, ==, r.trace_frees);
  g_assert_cmpuint (m.trace_skipped, ==, r.trace_skipped);
  frag_sim_free (sim);
  frag_capture_free (cap);
  frag_trace_free (t);
}

static void
test_program (void)
{
  g_autofree char *path = import_test_data ("trace-small.txt");
  char err[512];
  FragTrace *t = frag_trace_load (path, err, sizeof err);
  FragProgram *prog = frag_trace_program (t);

  g_assert_nonnull (prog);
  g_assert_cmpuint (prog->n_ops, ==, 9);   /* 10 events, one batched repeat left out */
  g_assert_cmpint (prog->ops[0].kind, ==, FRAG_OP_TRACE_ALLOC);
  g_assert_cmpuint (prog->ops[0].pfn, ==, 0x1000);
  g_assert_cmpint (prog->ops[0].order, ==, 1);
  g_assert_cmpint (prog->ops[0].mt, ==, FRAG_MT_MOVABLE);
  g_assert_cmpuint (prog->ops[0].line, ==, 5);
  g_assert_cmpint (prog->ops[2].kind, ==, FRAG_OP_TRACE_FREE);
  g_assert_cmpuint (prog->ops[3].line, ==, 9);
  g_assert_cmpint (prog->ops[6].mt, ==, FRAG_MT_RECLAIMABLE);
  frag_program_unref (prog);

  FragSim *sim = frag_trace_sim_new (t, NULL, err, sizeof err);
  if (sim == NULL)
    g_error ("%s", err);
  while (frag_sim_step (sim))
    ;
  FragMetrics m;
  frag_sim_metrics (sim, &m);
  g_assert_cmpuint (m.trace_allocs, ==, 3);
  g_assert_cmpuint (m.trace_frees, ==, 3);
  g_assert_cmpuint (m.trace_skipped, ==, 2 + 1);
  frag_sim_free (sim);
  frag_trace_free (t);
}

/* 400,000 events over 64 MiB of pfns, written like a real trace, parsed and replayed. */
static void
test_speed (void)
{
  GString *s = g_string_sized_new (400000 * 150);
  GRand *rand = g_rand_new_with_seed (42);
  guint64 live[4096];
  unsigned n_live = 0;
  char err[256];

  g_string_append (s, "# tracer: nop\n");
  for (int i = 0; i < 400000; i++)
    {
      if (n_live > 0 && (n_live == G_N_ELEMENTS (live) || g_rand_boolean (rand)))
        {
          unsigned k = (unsigned) g_rand_int_range (rand, 0, (gint32) n_live);
          g_string_append_printf (s, "       my task-%d     [001] .....   %d.%06d: mm_page_free: "
                                  "page=0000000012345678 pfn=0x%" G_GINT64_MODIFIER "x order=0\n",
                                  i % 1000, i / 1000, i % 1000, live[k]);
          live[k] = live[--n_live];
        }
      else
        {
          guint64 pfn = 0x100000 + (guint64) g_rand_int_range (rand, 0, 1 << 24);
          live[n_live++] = pfn;
          g_string_append_printf (s, "       my task-%d     [001] .....   %d.%06d: mm_page_alloc: "
                                  "page=0000000012345678 pfn=0x%" G_GINT64_MODIFIER "x order=0 "
                                  "migratetype=1 gfp_flags=GFP_HIGHUSER_MOVABLE\n",
                                  i % 1000, i / 1000, i % 1000, pfn);
        }
    }
  gint64 t0 = g_get_monotonic_time ();
  FragTrace *t = frag_trace_parse (s->str, s->len, "synthetic");
  gint64 t1 = g_get_monotonic_time ();
  FragTraceReplay r;
  g_assert_true (frag_trace_replay (t, NULL, &r, err, sizeof err));
  gint64 t2 = g_get_monotonic_time ();
  g_test_message ("400,000 events: parse %.3f s, replay %.3f s", (t1 - t0) / 1e6, (t2 - t1) / 1e6);
  g_assert_cmpuint (t->n_events, ==, 400000);
  g_assert_cmpuint (t->n_malformed, ==, 0);
  g_assert_cmpuint (r.trace_allocs + r.trace_frees + r.trace_skipped, ==, 400000);
  g_assert_cmpfloat ((t2 - t1) / 1e6, <, 1.0);
  g_assert_cmpfloat ((t2 - t0) / 1e6, <, 2.0);
  frag_trace_free (t);
  g_rand_free (rand);
  g_string_free (s, TRUE);
}

static void
test_open (void)
{
  g_autofree char *small = import_test_data ("trace-small.txt");
  g_autofree char *bi = import_test_data ("buddyinfo-small.txt");
  FragImportResult res;
  char err[1024];

  g_assert_false (frag_import_open (bi, true, &res, err, sizeof err));
  g_assert_nonnull (strstr (err, "buddyinfo input is not opened here"));
  g_assert_false (frag_import_open ("/nonexistent/x", true, &res, err, sizeof err));
  g_assert_nonnull (strstr (err, "/nonexistent/x: No such file"));

  g_assert_true (frag_import_open (small, true, &res, err, sizeof err));
  g_assert_cmpint (res.kind, ==, FRAG_INPUT_TRACE);
  g_assert_cmpuint (res.trace_ops, ==, 9);
  g_assert_cmpuint (frag_sim_n_steps (res.sim), ==, 9);
  g_assert_nonnull (strstr (res.warnings, "4 malformed lines"));
  g_assert_nonnull (strstr (res.warnings, "trace-small.txt:15:"));
  g_assert_nonnull (strstr (res.warnings, "trace-small.txt:22: the last line is cut short"));
  frag_sim_free (res.sim);

  /* A ring buffer that overflowed says so. */
  g_autofree char *tmp = g_dir_make_tmp ("fragscope-open-XXXXXX", NULL);
  g_autofree char *lost = g_build_filename (tmp, "trace", NULL);
  g_assert_true (g_file_set_contents (lost,
                                      "# tracer: nop\n#\n# entries-in-buffer/entries-written: "
                                      "1/5   #P:2\n"
                                      " a-1 [000] .... 1.0: mm_page_free: pfn=0x10 order=0\n",
                                      -1, NULL));
  g_assert_true (frag_import_open (lost, true, &res, err, sizeof err));
  g_assert_nonnull (strstr (res.warnings, "overflowed: 4 of 5 events were lost"));
  frag_sim_free (res.sim);
  g_remove (lost);
  g_rmdir (tmp);

  const char *dir = import_test_capture_dir ();
  if (dir == NULL)
    {
      g_test_skip ("no capture (FRAGSCOPE_CAPTURE_DIR): its half of the test did not run");
      return;
    }
  g_assert_true (frag_import_open (dir, false, &res, err, sizeof err));
  g_assert_cmpint (res.kind, ==, FRAG_INPUT_CAPTURE);
  g_assert_cmpuint (frag_sim_n_steps (res.sim), ==, 0);
  g_assert_cmpstr (res.warnings, ==, "");
  frag_sim_free (res.sim);
  g_assert_true (frag_import_open (dir, true, &res, err, sizeof err));
  g_assert_cmpuint (res.trace_ops, ==, 137502 + 137725);
  g_assert_cmpuint (frag_sim_n_steps (res.sim), ==, res.trace_ops);
  g_assert_nonnull (strstr (res.title, "ftrace replay of"));
  frag_sim_free (res.sim);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/frag/import/trace/small", test_small);
  g_test_add_func ("/frag/import/trace/bad", test_bad);
  g_test_add_func ("/frag/import/trace/program", test_program);
  g_test_add_func ("/frag/import/trace/shared", test_shared_trace);
  g_test_add_func ("/frag/import/trace/speed", test_speed);
  g_test_add_func ("/frag/import/open", test_open);
  return g_test_run ();
}
