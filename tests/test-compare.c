/* test-compare.c: the --compare table on synthetic samples with known
 * effects: a configuration 3 s slower than the baseline is significant (with
 * Mann-Whitney at 5 passes and with Welch at 3), an identical one is not;
 * Mann-Whitney's smallest p-value; the text, JSON and CSV renderings; and
 * the phases of direct boots from their marks. */
#include <config.h>

#include <math.h>
#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#include "bench-report.h"
#include "compare.h"

static compare_config *
make_config (const char *name)
{
  compare_config *c = g_new0 (compare_config, 1);
  c->name = g_strdup (name);
  c->options = g_strdup ("");
  boot_options_init (&c->boot, 1, 0);
  return c;
}

/* Three configurations: base ~7.5 s, same (same distribution), slow (+3 s). */
static void
fill_run (compare_run *run, int passes)
{
  compare_run_init (run);
  run->passes = passes;
  run->host.uname = g_strdup ("Linux test");
  run->host.kernel_release = g_strdup ("6.1");
  run->host.cpu_model = g_strdup ("Test CPU");
  run->host.cores = 2;
  g_ptr_array_add (run->configs, make_config ("base"));
  g_ptr_array_add (run->configs, make_config ("same"));
  g_ptr_array_add (run->configs, make_config ("slow"));
  /* Noise of about 3%, different in each pass. */
  static const double noise[] = { 120, -80, 200, -150, 40, -10, 90, -220, 160, -60 };
  guint order = 0;
  for (int p = 0; p < passes; p++)
    for (guint k = 0; k < 3; k++)
      {
        double ms = 7500 + noise[(p * 3 + k) % G_N_ELEMENTS (noise)] + (k == 2 ? 3000 : 0);
        compare_sample s = { .order = ++order, .config = k, .pass = (guint)p + 1 };
        s.result.status = PASS_OK;
        s.result.wall_ns = (int64_t)(ms * 1e6);
        s.result.qemu_peak_rss_kib = 200000 + k;
        s.has_marks = TRUE;
        s.marks = (boot_marks){ { 0, 200000000, 260000000, (int64_t)((ms - 20) * 1e6),
                                  s.result.wall_ns } };
        g_array_append_val (run->samples, s);
      }
}

static void
test_significance (stats_test_kind test, int passes)
{
  compare_run run;
  fill_run (&run, passes);
  run.test = test;
  GArray *rows = compare_rows (&run);
  g_assert_cmpuint (rows->len, ==, 3);
  const compare_row *base = &g_array_index (rows, compare_row, 0);
  const compare_row *same = &g_array_index (rows, compare_row, 1);
  const compare_row *slow = &g_array_index (rows, compare_row, 2);
  g_assert_false (base->compared);
  g_assert_true (same->compared);
  g_assert_true (slow->compared);
  g_assert_false (same->significant);
  g_assert_true (slow->significant);
  g_assert_cmpfloat (slow->cmp.diff_pct, >, 35);
  g_assert_cmpfloat (slow->cmp.diff_pct, <, 45);
  g_assert_cmpfloat (slow->cmp.diff_pct_ci_low, >, 0);
  g_assert_cmpfloat (same->cmp.diff_pct_ci_low, <, 0);
  g_assert_cmpfloat (same->cmp.diff_pct_ci_high, >, 0);
  g_assert_cmpuint (slow->wall_ms.n, ==, (guint)passes);
  compare_rows_free (rows);
  compare_run_clear (&run);
}

static void
test_mann_whitney_5 (void)
{
  test_significance (STATS_TEST_MANN_WHITNEY, 5);
}

static void
test_welch_3 (void)
{
  test_significance (STATS_TEST_WELCH, 3);
}

static void
test_min_p (void)
{
  /* 2 / C(6,3) = 0.1: three passes each can never be significant at 0.05. */
  g_assert_cmpfloat_with_epsilon (compare_min_p (STATS_TEST_MANN_WHITNEY, 3, 3), 0.1, 1e-12);
  g_assert_cmpfloat_with_epsilon (compare_min_p (STATS_TEST_MANN_WHITNEY, 5, 5), 2.0 / 252,
                                  1e-12);
  g_assert_cmpfloat (compare_min_p (STATS_TEST_WELCH, 3, 3), ==, 0.0);
  g_assert_cmpfloat (compare_min_p (STATS_TEST_MANN_WHITNEY, 1, 5), ==, 1.0);
}

static void
test_renderings (void)
{
  compare_run run;
  fill_run (&run, 3);
  GArray *rows = compare_rows (&run);

  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream (&text, &len);
  compare_report_text (f, &run, rows);
  fclose (f);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "(baseline)"));
  /* +40% but only three passes each: Mann-Whitney cannot call it. */
  g_assert_nonnull (strstr (text, "\u2248 no significant change"));
  g_assert_nonnull (strstr (text, "Mann-Whitney U"));
  /* Three passes each: Mann-Whitney cannot reach 0.05, and the table says so. */
  g_assert_nonnull (strstr (text, "cannot reach p < 0.05"));
  g_assert_nonnull (strstr (text, "qemu exec \u2192 firmware output"));
  free (text);

  g_autofree char *json = compare_report_json (&run, rows);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "mode"), ==, "compare");
  JsonArray *samples = json_object_get_array_member (root, "samples");
  g_assert_cmpuint (json_array_get_length (samples), ==, 9);
  JsonObject *s0 = json_array_get_object_element (samples, 0);
  g_assert_cmpstr (json_object_get_string_member (s0, "config"), ==, "base");
  JsonObject *marks = json_object_get_object_member (s0, "marks");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (marks, "firmware_ms"), 200.0,
                                  1e-9);
  JsonArray *configs = json_object_get_array_member (root, "configs");
  JsonObject *slow = json_array_get_object_element (configs, 2);
  g_assert_true (json_object_has_member (slow, "comparison"));
  JsonObject *cmp = json_object_get_object_member (slow, "comparison");
  g_assert_cmpstr (json_object_get_string_member (cmp, "against"), ==, "base");
  g_assert_true (
      json_object_get_null_member (json_array_get_object_element (configs, 0), "comparison"));

  g_autofree char *csv = compare_report_csv (&run);
  g_auto (GStrv) lines = g_strsplit (csv, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 11); /* header, 9 rows, "" */
  g_assert_cmpstr (lines[0], ==,
                   "order,config,pass,wall_ms,qemu_peak_rss_kib,status,error,firmware_ms,"
                   "kernel_ms,ready_ms,exit_ms");
  g_assert_true (g_str_has_prefix (lines[3], "3,slow,1,"));
  compare_rows_free (rows);
  compare_run_clear (&run);
}

static void
test_phases (void)
{
  /* Pass 1 has every mark; pass 2 has no firmware output (qboot): its
   * first phase runs from exec to the kernel. */
  boot_marks m[2] = { { { 0, 100000000, 150000000, 1150000000, 1200000000 } },
                      { { 0, -1, 120000000, 1120000000, 1180000000 } } };
  g_autoptr (GArray) ph = bench_phases_summarise (m, 2);
  g_assert_cmpuint (ph->len, ==, 6);
  const bench_phase *p0 = &g_array_index (ph, bench_phase, 0);
  g_assert_cmpint (p0->from, ==, BOOT_MARK_EXEC);
  g_assert_cmpint (p0->to, ==, BOOT_MARK_FIRMWARE);
  g_assert_cmpfloat_with_epsilon (p0->ms.mean, 100.0, 1e-9);
  gboolean saw_boot = FALSE;
  for (guint i = 0; i < ph->len; i++)
    {
      const bench_phase *p = &g_array_index (ph, bench_phase, i);
      if (p->from == BOOT_MARK_EXEC && p->to == BOOT_MARK_READY)
        {
          saw_boot = TRUE;
          g_assert_cmpuint (p->ms.n, ==, 2);
          g_assert_cmpfloat_with_epsilon (p->ms.mean, 1135.0, 1e-9);
        }
      if (p->from == BOOT_MARK_EXEC && p->to == BOOT_MARK_KERNEL)
        g_assert_cmpfloat_with_epsilon (p->ms.mean, 120.0, 1e-9);
    }
  g_assert_true (saw_boot);
}

static void
test_config_parse (void)
{
  boot_options base;
  boot_options_init (&base, 3, 1);
  base.append = g_strdup ("quiet");
  direct_options dbase = { 0 };
  dbase.kernel = g_strdup ("/vmlinuz");
  g_autoptr (GError) err = NULL;

  compare_config *c = compare_config_parse_arg ("four=--cpus 4 --append 'quiet tsc=reliable'",
                                                &base, &dbase, &err);
  g_assert_no_error (err);
  g_assert_cmpstr (c->name, ==, "four");
  g_assert_cmpint (c->direct_opts.cpus, ==, 4);
  g_assert_cmpstr (c->boot.append, ==, "quiet tsc=reliable");
  g_assert_cmpstr (c->direct_opts.kernel, ==, "/vmlinuz");
  g_assert_true (c->direct);
  compare_config_free (c);

  c = compare_config_parse_arg ("plain=", &base, &dbase, &err);
  g_assert_no_error (err);
  g_assert_cmpstr (c->boot.append, ==, "quiet");
  compare_config_free (c);

  g_assert_null (compare_config_parse_arg ("noequals", &base, &dbase, &err));
  g_assert_nonnull (strstr (err->message, "NAME=OPTIONS"));
  g_clear_error (&err);
  g_assert_null (compare_config_parse_arg ("x=--passes 5", &base, &dbase, &err));
  g_assert_nonnull (strstr (err->message, "whole run"));
  g_clear_error (&err);
  g_assert_null (compare_config_parse_arg ("x=--frob", &base, &dbase, &err));
  g_assert_nonnull (strstr (err->message, "configuration 'x'"));
  g_clear_error (&err);
  g_assert_null (compare_config_parse_arg ("x=--append 'unterminated", &base, &dbase, &err));
  g_clear_error (&err);

  boot_options_clear (&base);
  direct_options_clear (&dbase);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/compare/mann-whitney-5-passes", test_mann_whitney_5);
  g_test_add_func ("/compare/welch-3-passes", test_welch_3);
  g_test_add_func ("/compare/min-p", test_min_p);
  g_test_add_func ("/compare/renderings", test_renderings);
  g_test_add_func ("/compare/phases", test_phases);
  g_test_add_func ("/compare/config-parse", test_config_parse);
  return g_test_run ();
}
