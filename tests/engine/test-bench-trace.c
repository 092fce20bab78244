/* test-bench-trace.c: the benchmark traces replay exactly as shared/spec/BENCH-TRACES.md says
 * (its table of allocs, frees, fails, live, used frames and address-order checksums). */
#include "engine-test-util.h"
#include "frag-bench.h"

static void
test_prefix_a (void)
{
  FragBenchResult r;
  g_assert_true (frag_bench_trace ('A', FRAG_FREE_LIST_ADDRESS, 1, 20000, &r));
  g_assert_cmpint (r.trace, ==, 'A');
  g_assert_cmpuint (r.ops, ==, 20000);
  g_assert_cmpuint (r.allocs, ==, 11948);
  g_assert_cmpuint (r.frees, ==, 8052);
  g_assert_cmpuint (r.fails, ==, 0);
  g_assert_cmpuint (r.live, ==, 11948 - 8052);
  g_assert_cmphex (r.checksum, ==, 0x87015a88141fb2dbull);
  g_assert_cmpuint (r.repeats, ==, 1);
  g_assert_cmpfloat (r.seconds_median, >, 0.0);
  g_assert_cmpfloat (r.seconds_median, ==, r.seconds[0]);
}

static void
check_full (char trace, FragFreeListOrder disc)
{
  FragBenchResult r, e;
  g_assert_true (frag_bench_expected (trace, &e));
  g_assert_true (frag_bench_trace (trace, disc, 3, 0, &r));
  g_assert_cmpint (r.trace, ==, trace);
  g_assert_cmpuint (r.ops, ==, e.ops);
  g_assert_cmpuint (r.allocs, ==, e.allocs);
  g_assert_cmpuint (r.frees, ==, e.frees);
  g_assert_cmpuint (r.fails, ==, 0);
  g_assert_cmpuint (r.live, ==, e.live);
  g_assert_cmpuint (r.used, ==, e.used);
  if (disc == FRAG_FREE_LIST_ADDRESS)
    g_assert_cmphex (r.checksum, ==, e.checksum);
  else
    g_assert_cmphex (r.checksum, !=, e.checksum); /* LIFO places blocks elsewhere */
  g_assert_cmpuint (r.repeats, ==, 3);
  /* The median of three is one of the three, between the others. */
  unsigned below = 0, above = 0, equal = 0;
  for (unsigned i = 0; i < 3; i++)
    {
      below += r.seconds[i] < r.seconds_median;
      above += r.seconds[i] > r.seconds_median;
      equal += r.seconds[i] == r.seconds_median;
    }
  g_assert_cmpuint (equal, >=, 1);
  g_assert_cmpuint (below, <=, 1);
  g_assert_cmpuint (above, <=, 1);
  g_assert_cmpfloat (r.mops, ==, (double) r.ops / r.seconds_median / 1e6);
  g_assert_cmpfloat (r.mops, >, 0.0);
  g_test_message ("trace %c %s: median %.4f s, %.2f Mops/s", trace,
                  disc == FRAG_FREE_LIST_ADDRESS ? "address" : "lifo", r.seconds_median, r.mops);
}

static void
test_full_a (void)
{
  check_full ('A', FRAG_FREE_LIST_ADDRESS);
  check_full ('A', FRAG_FREE_LIST_LIFO);
}

static void
test_full_b (void)
{
  check_full ('B', FRAG_FREE_LIST_ADDRESS);
  check_full ('B', FRAG_FREE_LIST_LIFO);
}

static void
test_spec_table (void)
{
  FragBenchResult e;
  g_assert_true (frag_bench_expected ('a', &e));
  g_assert_cmpuint (e.allocs, ==, 600281);
  g_assert_cmpuint (e.used, ==, 1190137);
  g_assert_true (frag_bench_expected ('B', &e));
  g_assert_cmpuint (e.ops, ==, 3000000);
  g_assert_cmphex (e.checksum, ==, 0x0d550baa2b3cc65aull);
  g_assert_false (frag_bench_expected ('C', &e));
  FragBenchResult r;
  g_assert_false (frag_bench_trace ('C', FRAG_FREE_LIST_ADDRESS, 1, 10, &r));
  g_assert_false (frag_bench_trace ('A', FRAG_FREE_LIST_ADDRESS, 1, UINT64_MAX / 2, &r));
  g_assert_false (frag_bench_trace ('A', FRAG_FREE_LIST_COUNT, 1, 10, &r));
  /* Lower case is accepted, repeats are clamped. */
  g_assert_true (frag_bench_trace ('b', FRAG_FREE_LIST_ADDRESS, 100, 1000, &r));
  g_assert_cmpint (r.trace, ==, 'B');
  g_assert_cmpuint (r.repeats, ==, FRAG_BENCH_MAX_REPEATS);
  g_assert_cmpuint (r.allocs + r.frees + r.fails, ==, 1000);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/frag/engine/bench/spec-table", test_spec_table);
  g_test_add_func ("/frag/engine/bench/prefix-a", test_prefix_a);
  g_test_add_func ("/frag/engine/bench/trace-a", test_full_a);
  g_test_add_func ("/frag/engine/bench/trace-b", test_full_b);
  return g_test_run ();
}
