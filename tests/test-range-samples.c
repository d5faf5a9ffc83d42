/* test-range-samples.c: how boot-benchmark-range reads a benchmark's samples
 * (boot-benchmark JSON, "sample:" lines, the Result line) and turns two
 * samples into a three-way verdict. */

#include <config.h>

#include <string.h>

#include <glib.h>

#include "range.h"

static GArray *
new_samples (void)
{
  return g_array_new (FALSE, FALSE, sizeof (double));
}

static void
test_text_samples (void)
{
  g_autoptr (GArray) s = new_samples ();
  const char *text = "warming up\nsample: 1013.7ms\nsample:998ms\n"
                     "  sample: 5ms (indented: not a sample line)\n"
                     "sample: 1002.25 ms\r\nResult: 1004.6ms ±8.1ms\n";
  g_assert_cmpuint (range_samples_from_text (text, s), ==, 3);
  g_assert_cmpfloat (g_array_index (s, double, 0), ==, 1013.7);
  g_assert_cmpfloat (g_array_index (s, double, 1), ==, 998);
  g_assert_cmpfloat (g_array_index (s, double, 2), ==, 1002.25);
}

static void
test_result_line (void)
{
  g_autoptr (GArray) s = new_samples ();
  const char *text = "test version: libguestfs 1.48.6\n test passes: 10\n"
                     "Result: 24692.9ms ±2218.1ms\n\nStatistics:\n";
  g_assert_cmpuint (range_samples_from_text (text, s), ==, 1);
  g_assert_cmpfloat (g_array_index (s, double, 0), ==, 24692.9);
}

static void
test_no_samples (void)
{
  g_autoptr (GArray) s = new_samples ();
  g_assert_cmpuint (range_samples_from_text ("", s), ==, 0);
  g_assert_cmpuint (range_samples_from_text ("Result: fast\nsample: -3ms\n", s), ==, 0);
  g_assert_cmpuint (s->len, ==, 0);
}

static void
test_json (void)
{
  g_autoptr (GArray) s = new_samples ();
  const char *json
      = "{\"tool\":\"boot-benchmark\",\"complete\":false,\"passes\":["
        "{\"pass\":1,\"wall_ms\":24893.1,\"qemu_peak_rss_kib\":312000,\"status\":\"ok\","
        "\"error\":null},"
        "{\"pass\":2,\"wall_ms\":60000.0,\"status\":\"timeout\",\"error\":\"watchdog\"},"
        "{\"pass\":3,\"wall_ms\":23906,\"status\":\"ok\",\"error\":null},"
        "{\"pass\":4,\"wall_ms\":null,\"status\":\"failed\",\"error\":\"launch\"},"
        "{\"pass\":5,\"wall_ms\":1200.5,\"status\":\"interrupted\",\"error\":null}],"
        "\"summary\":{\"n\":2}}";
  g_autoptr (GError) error = NULL;
  g_assert_true (range_samples_from_json (json, strlen (json), s, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (s->len, ==, 2);
  g_assert_cmpfloat (g_array_index (s, double, 0), ==, 24893.1);
  g_assert_cmpfloat (g_array_index (s, double, 1), ==, 23906);
}

static void
test_json_invalid (void)
{
  g_autofree char *deep = g_strnfill (100000, '[');
  const char *bad[] = {
    "",
    "{",
    "[]",
    "{\"passes\":3}",
    "not json at all",
    deep,
    "{\"passes\":[{\"status\":\"ok\",\"wall_ms\":1000},"
    "{\"status\":\"ok\",\"wall_ms\":1e308}]}",
    "{\"passes\":[{\"status\":\"ok\",\"wall_ms\":1e-300}]}",
  };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GArray) s = new_samples ();
      g_autoptr (GError) error = NULL;
      g_assert_false (range_samples_from_json (bad[i], strlen (bad[i]), s, &error));
      g_assert_error (error, RANGE_ERROR, RANGE_ERROR_NO_SAMPLES);
      g_assert_cmpuint (s->len, ==, 0);
    }
}

/* n samples around mean with a fixed, symmetric spread of +-spread. */
static GArray *
spread_samples (double mean, double spread, guint n)
{
  GArray *s = new_samples ();
  for (guint i = 0; i < n; i++)
    {
      double v = mean + spread * ((double)(i % 5) - 2.0) / 2.0;
      g_array_append_val (s, v);
    }
  return s;
}

static void
test_verdicts (void)
{
  range_options o = { 0 };
  o.test = STATS_TEST_MANN_WHITNEY;
  o.alpha = 0.01;
  o.threshold_pct = 5;
  stats_comparison cmp;
  g_autoptr (GArray) base = spread_samples (1000, 20, 10);
  g_autoptr (GArray) slower = spread_samples (1300, 20, 10);
  g_autoptr (GArray) same = spread_samples (1001, 20, 10);
  g_autoptr (GArray) small = spread_samples (1030, 20, 10);
  g_autoptr (GArray) noisy = spread_samples (1040, 400, 10);
  g_autoptr (GArray) one = spread_samples (1300, 0, 1);

  g_assert_cmpint (range_verdict (&o, base, slower, &cmp), ==, VERDICT_CHANGED);
  g_assert_cmpfloat (cmp.diff_pct, >, 29);
  g_assert_cmpint (range_verdict (&o, slower, base, &cmp), ==, VERDICT_CHANGED);
  g_assert_cmpfloat (cmp.diff_pct, <, -22);
  g_assert_cmpint (range_verdict (&o, base, same, &cmp), ==, VERDICT_SAME);
  /* Significant, but 3% is below the 5% threshold and the interval too. */
  g_assert_cmpint (range_verdict (&o, base, small, &cmp), ==, VERDICT_SAME);
  g_assert_cmpfloat (cmp.p_value, <, 0.01);
  /* Too noisy to tell either way. */
  g_assert_cmpint (range_verdict (&o, base, noisy, &cmp), ==, VERDICT_INCONCLUSIVE);
  /* One sample cannot be tested. */
  g_assert_cmpint (range_verdict (&o, base, one, &cmp), ==, VERDICT_INCONCLUSIVE);
  /* A 30% change is not one at a 40% threshold. */
  o.threshold_pct = 40;
  g_assert_cmpint (range_verdict (&o, base, slower, &cmp), !=, VERDICT_CHANGED);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/range/samples/text", test_text_samples);
  g_test_add_func ("/range/samples/result-line", test_result_line);
  g_test_add_func ("/range/samples/none", test_no_samples);
  g_test_add_func ("/range/samples/json", test_json);
  g_test_add_func ("/range/samples/json-invalid", test_json_invalid);
  g_test_add_func ("/range/verdict", test_verdicts);
  return g_test_run ();
}
