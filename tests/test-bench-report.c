/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-bench-report.c: unit tests of common/bench-report.c (the text report,
 * the Result line, JSON and CSV) and of accel_parse/accel_name, over a
 * boot-benchmark run built by hand: eight passes, one failed (excluded from
 * every summary) and one outlier (listed, kept).
 *
 * Expected statistics are computed here with plain loops, independently of
 * common/stats.c, and also checked against constants from Python 3:
 *
 *   python3 -c 'import statistics as s; x=[1000,1012.5,990.25,1005,2000,995.5,
 *     1003.125]; print(s.mean(x), s.stdev(x), s.median(x))'
 *   -> 1143.767857142857 377.6289958175125 1003.125
 *
 * t(0.975, 6) = 2.446911851 (tables give 2.4469), so the 95% interval of the
 * mean is 794.519285940111 .. 1493.0164283456033.  The MAD is 7.625, so pass 6
 * (2000 ms) has modified z-score 0.6745 * 996.875 / 7.625 = 88.18. */

#include <config.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#include "accel.h"
#include "bench-report.h"

#define assert_near(actual, expected, rel)                                               \
  g_assert_cmpfloat_with_epsilon ((actual), (expected), fabs ((double)(expected)) * (rel))

#define FAILED_ERROR "launch failed: qemu said \"no\", exit 1"

typedef struct
{
  double ms;
  gint64 rss_kib;
  pass_status status;
  const char *error;
} pass_spec;

/* Pass k is specs[k - 1]. */
static const pass_spec specs[] = {
  { 1000.0, 512000, PASS_OK, NULL },
  { 1012.5, 515000, PASS_OK, NULL },
  { 990.25, 513000, PASS_OK, NULL },
  { 300000.0, 900000, PASS_FAILED, FAILED_ERROR },
  { 1005.0, 530000, PASS_OK, NULL },
  { 2000.0, 514000, PASS_OK, NULL }, /* the outlier */
  { 995.5, -1, PASS_OK, NULL },      /* peak RSS unknown */
  { 1003.125, 516000, PASS_OK, NULL },
};

static void
fill_run (bench_run *run, const pass_spec *p, guint n)
{
  bench_run_init (run);
  run->host.uname = g_strdup ("Linux testhost 6.1.0-26-amd64 #1 SMP x86_64 GNU/Linux");
  run->host.kernel_release = g_strdup ("6.1.0-26-amd64");
  run->host.cpu_model = g_strdup ("Test CPU @ 2.60GHz");
  run->host.cores = 4;
  run->host.loadavg[0] = 0.5;
  run->host.loadavg[1] = 1.25;
  run->host.loadavg[2] = 2.0;
  run->host.libguestfs_version = g_strdup ("1.48.6");
  run->host.backend = g_strdup ("direct");
  run->host.hv_path = g_strdup ("/usr/bin/qemu-system-x86_64");
  run->host.hv_version = g_strdup ("QEMU emulator version 7.2.13");
  run->accel = ACCEL_TCG;
  run->timeout_s = 300;
  run->effective_smp = 1;
  run->effective_memsize_mb = 500;
  run->effective_append = g_strdup ("console=ttyS0 quiet");
  run->passes_requested = (int)n;
  run->warmup = 3;
  run->accel_note = g_strdup ("KVM cannot boot a guest here: using TCG");
  gboolean all_ok = TRUE;
  for (guint i = 0; i < n; i++)
    {
      /* The load after each pass: 0.25, 0.50, ...; the last one unknown. */
      measured_pass m = { .pass = i + 1, .loadavg_1min = i + 1 < n ? 0.25 * (i + 1) : -1 };
      m.result.status = p[i].status;
      m.result.wall_ns = (int64_t)llround (p[i].ms * 1e6);
      m.result.qemu_peak_rss_kib = p[i].rss_kib;
      m.result.qemu_pid = 1000 + (int)i;
      m.result.error = g_strdup (p[i].error);
      g_array_append_val (run->passes, m);
      all_ok = all_ok && p[i].status == PASS_OK;
    }
  run->complete = all_ok;
}

/* Mean and corrected sample sd of the ok passes' times, the textbook way. */
static void
independent_wall_stats (const pass_spec *p, guint n, double *mean, double *sd)
{
  double sum = 0, sq = 0;
  guint k = 0;
  for (guint i = 0; i < n; i++)
    if (p[i].status == PASS_OK)
      {
        sum += p[i].ms;
        k++;
      }
  *mean = sum / k;
  for (guint i = 0; i < n; i++)
    if (p[i].status == PASS_OK)
      sq += (p[i].ms - *mean) * (p[i].ms - *mean);
  *sd = k > 1 ? sqrt (sq / (k - 1)) : NAN;
}

static char *
render_text (const bench_run *run, const bench_summary *s)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream (&buf, &len);
  g_assert_nonnull (f);
  bench_report_text (f, run, s);
  g_assert_cmpint (fclose (f), ==, 0);
  return buf;
}

/* ---- Result line ---- */

static void
test_result_line (void)
{
  bench_run run;
  bench_summary s;
  fill_run (&run, specs, G_N_ELEMENTS (specs));
  bench_summarise (&run, &s);

  double mean, sd;
  independent_wall_stats (specs, G_N_ELEMENTS (specs), &mean, &sd);
  assert_near (mean, 1143.767857142857, 1e-12);
  assert_near (sd, 377.6289958175125, 1e-12);

  g_autofree char *line = bench_result_line (&s);
  g_autofree char *expected = g_strdup_printf ("Result: %.1fms \xc2\xb1%.1fms", mean, sd);
  g_assert_cmpstr (line, ==, expected);
  /* Byte for byte, with U+00B1 in UTF-8 and no space before "ms". */
  g_assert_cmpstr (line, ==,
                   "Result: 1143.8ms \xc2\xb1"
                   "377.6ms");

  /* The line scripts grep for, in the text report, on a line of its own. */
  g_autofree char *text = render_text (&run, &s);
  g_autofree char *with_nl = g_strdup_printf ("\n%s\n", expected);
  g_assert_nonnull (strstr (text, with_nl));

  bench_summary_clear (&s);
  bench_run_clear (&run);
}

static void
test_result_line_one_pass (void)
{
  static const pass_spec one[] = { { 1234.5, 500000, PASS_OK, NULL } };
  bench_run run;
  bench_summary s;
  fill_run (&run, one, 1);
  bench_summarise (&run, &s);

  g_autofree char *line = bench_result_line (&s);
  g_assert_cmpstr (line, ==,
                   "Result: 1234.5ms \xc2\xb1"
                   "0.0ms");

  g_autofree char *text = render_text (&run, &s);
  g_assert_nonnull (strstr (text, "\nResult: 1234.5ms \xc2\xb1"
                                  "0.0ms\n"));
  g_assert_null (strstr (text, "nan"));

  /* JSON: no sample sd (and so no interval, no cv) for one pass: null. */
  g_autofree char *json = bench_report_json (&run, &s);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) err = NULL;
  g_assert_true (json_parser_load_from_data (parser, json, -1, &err));
  g_assert_no_error (err);
  JsonObject *summary = json_object_get_object_member (
      json_node_get_object (json_parser_get_root (parser)), "summary");
  g_assert_cmpint (json_object_get_int_member (summary, "n"), ==, 1);
  g_assert_cmpfloat (json_object_get_double_member (summary, "mean_ms"), ==, 1234.5);
  g_assert_true (json_object_get_null_member (summary, "sd_ms"));
  g_assert_true (json_object_get_null_member (summary, "ci95_low_ms"));
  g_assert_true (json_object_get_null_member (summary, "ci95_high_ms"));
  g_assert_true (json_object_get_null_member (summary, "cv"));

  bench_summary_clear (&s);
  bench_run_clear (&run);
}

static void
test_no_pass_completed (void)
{
  static const pass_spec none[]
      = { { 5000.0, -1, PASS_TIMED_OUT, "pass 1 timed out after 5 s" } };
  bench_run run;
  bench_summary s;
  fill_run (&run, none, 1);
  bench_summarise (&run, &s);
  g_assert_cmpuint (s.wall_ms.n, ==, 0);

  g_autofree char *text = render_text (&run, &s);
  g_assert_nonnull (strstr (text, "\nResult: no pass completed\n"));

  g_autofree char *json = bench_report_json (&run, &s);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  g_assert_false (json_object_get_boolean_member (root, "complete"));
  JsonObject *summary = json_object_get_object_member (root, "summary");
  g_assert_cmpint (json_object_get_int_member (summary, "n"), ==, 0);
  const char *nulls[] = { "mean_ms", "sd_ms",       "median_ms",    "min_ms",
                          "max_ms",  "ci95_low_ms", "ci95_high_ms", "cv" };
  for (guint i = 0; i < G_N_ELEMENTS (nulls); i++)
    g_assert_true (json_object_get_null_member (summary, nulls[i]));
  JsonObject *p1
      = json_array_get_object_element (json_object_get_array_member (root, "passes"), 0);
  g_assert_cmpstr (json_object_get_string_member (p1, "status"), ==, "timeout");
  g_assert_cmpstr (json_object_get_string_member (p1, "error"), ==,
                   "pass 1 timed out after 5 s");

  bench_summary_clear (&s);
  bench_run_clear (&run);
}

/* ---- text report ---- */

static void
test_text_header (void)
{
  bench_run run;
  bench_summary s;
  fill_run (&run, specs, G_N_ELEMENTS (specs));
  bench_summarise (&run, &s);
  g_autofree char *text = render_text (&run, &s);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

  /* The original's layout (shared/reference/anchor-libguestfs-boot-tools.md):
   * labels right-aligned to 12 columns, hints after the value padded to 20. */
  static const char *const header[] = {
    "test version: libguestfs 1.48.6",
    " test passes: 8",
    "host version: Linux testhost 6.1.0-26-amd64 #1 SMP x86_64 GNU/Linux",
    "    host CPU: Test CPU @ 2.60GHz",
    "     backend: direct               [to change set $LIBGUESTFS_BACKEND]",
    "        qemu: /usr/bin/qemu-system-x86_64 [to change set $LIBGUESTFS_HV]",
    "qemu version: QEMU emulator version 7.2.13",
    "         smp: 1                    [to change use --smp option]",
    "     memsize: 500                  [to change use --memsize option]",
    "      append: console=ttyS0 quiet  [to change use --append option]",
    "       accel: tcg                  [to change use --accel option]",
    "",
    "Result: 1143.8ms \xc2\xb1"
    "377.6ms",
  };
  g_assert_cmpuint (g_strv_length (lines), >, G_N_ELEMENTS (header));
  for (guint i = 0; i < G_N_ELEMENTS (header); i++)
    g_assert_cmpstr (lines[i], ==, header[i]);

  /* Every statistics line after the Result line keeps the 12-column labels. */
  for (guint i = G_N_ELEMENTS (header) + 1; lines[i] && *lines[i]; i++)
    {
      g_assert_cmpuint (strlen (lines[i]), >, 13);
      g_assert_true (lines[i][12] == ':' && lines[i][13] == ' ');
    }
  bench_summary_clear (&s);
  bench_run_clear (&run);
}

static void
test_text_statistics (void)
{
  bench_run run;
  bench_summary s;
  fill_run (&run, specs, G_N_ELEMENTS (specs));
  bench_summarise (&run, &s);
  g_autofree char *text = render_text (&run, &s);

  g_assert_nonnull (strstr (text, "\n   passes ok: 7 of 8\n"));
  g_assert_nonnull (strstr (text, "\n        mean: 1143.8 ms\n"));
  g_assert_nonnull (
      strstr (text, "\n          sd: 377.6 ms (coefficient of variation 33.0%)\n"));
  g_assert_nonnull (strstr (text, "\n mean 95% CI: 794.5 ms .. 1493.0 ms"));
  g_assert_nonnull (strstr (text, "\n      median: 1003.1 ms\n"));
  g_assert_nonnull (strstr (text, "\n         min: 990.2 ms\n"));
  g_assert_nonnull (strstr (text, "\n         max: 2000.0 ms\n"));
  /* The outlier is named by its pass number (6, not its index among the ok
   * passes) and kept. */
  g_assert_nonnull (strstr (text,
                            "\n    outliers: pass 6: 2000.0 ms (modified z-score +88.2), "
                            "kept in the result\n"));
  /* The failed pass's 300000 ms appears nowhere. */
  g_assert_null (strstr (text, "300000"));
  /* Memory over the ok passes with a known RSS: 512000 515000 513000 530000
   * 514000 516000 KiB -> mean 516666.67 KiB = 504.6 MiB. */
  g_assert_nonnull (strstr (text, "\n      memory: 504.6 MiB \xc2\xb1"));

  bench_summary_clear (&s);
  bench_run_clear (&run);
}

/* ---- JSON ---- */

static JsonNode *
member (JsonObject *o, const char *name)
{
  if (!json_object_has_member (o, name))
    g_error ("JSON member '%s' missing", name);
  return json_object_get_member (o, name);
}

static double
member_double (JsonObject *o, const char *name)
{
  JsonNode *n = member (o, name);
  g_assert_cmpint (json_node_get_node_type (n), ==, JSON_NODE_VALUE);
  return json_node_get_double (n);
}

static gint64
member_int (JsonObject *o, const char *name)
{
  JsonNode *n = member (o, name);
  g_assert_cmpint (json_node_get_node_type (n), ==, JSON_NODE_VALUE);
  g_assert_true (json_node_get_value_type (n) == G_TYPE_INT64);
  return json_node_get_int (n);
}

static const char *
member_string (JsonObject *o, const char *name)
{
  JsonNode *n = member (o, name);
  g_assert_cmpint (json_node_get_node_type (n), ==, JSON_NODE_VALUE);
  g_assert_true (json_node_get_value_type (n) == G_TYPE_STRING);
  return json_node_get_string (n);
}

static gboolean
member_is_null (JsonObject *o, const char *name)
{
  return JSON_NODE_HOLDS_NULL (member (o, name));
}

static void
test_json (void)
{
  bench_run run;
  bench_summary s;
  fill_run (&run, specs, G_N_ELEMENTS (specs));
  bench_summarise (&run, &s);
  g_autofree char *json = bench_report_json (&run, &s);

  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) err = NULL;
  g_assert_true (json_parser_load_from_data (parser, json, -1, &err));
  g_assert_no_error (err);
  JsonNode *rootnode = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (rootnode));
  JsonObject *root = json_node_get_object (rootnode);

  g_assert_cmpstr (member_string (root, "tool"), ==, "boot-benchmark");
  g_assert_cmpstr (member_string (root, "version"), ==, PACKAGE_VERSION);
  g_assert_cmpint (member_int (root, "schema"), ==, 2);
  g_assert_false (json_node_get_boolean (member (root, "complete")));

  JsonObject *host = json_node_get_object (member (root, "host"));
  g_assert_cmpstr (member_string (host, "kernel"), ==, "6.1.0-26-amd64");
  g_assert_cmpstr (member_string (host, "cpu_model"), ==, "Test CPU @ 2.60GHz");
  g_assert_cmpint (member_int (host, "cores"), ==, 4);
  JsonArray *load = json_node_get_array (member (host, "loadavg"));
  g_assert_cmpuint (json_array_get_length (load), ==, 3);
  g_assert_cmpfloat (json_array_get_double_element (load, 0), ==, 0.5);
  g_assert_cmpfloat (json_array_get_double_element (load, 1), ==, 1.25);
  g_assert_cmpfloat (json_array_get_double_element (load, 2), ==, 2.0);

  JsonObject *config = json_node_get_object (member (root, "config"));
  g_assert_cmpstr (member_string (config, "backend"), ==, "direct");
  g_assert_cmpstr (member_string (config, "hv_path"), ==, "/usr/bin/qemu-system-x86_64");
  g_assert_cmpstr (member_string (config, "hv_version"), ==,
                   "QEMU emulator version 7.2.13");
  g_assert_cmpstr (member_string (config, "accel"), ==, "tcg");
  g_assert_cmpint (member_int (config, "smp"), ==, 1);
  g_assert_cmpint (member_int (config, "memsize_mb"), ==, 500);
  g_assert_cmpstr (member_string (config, "append"), ==, "console=ttyS0 quiet");
  g_assert_cmpint (member_int (config, "passes"), ==, 8);
  g_assert_cmpint (member_int (config, "warmup"), ==, 3);

  JsonArray *passes = json_node_get_array (member (root, "passes"));
  g_assert_cmpuint (json_array_get_length (passes), ==, G_N_ELEMENTS (specs));
  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      JsonObject *p = json_array_get_object_element (passes, i);
      g_assert_cmpint (member_int (p, "pass"), ==, i + 1);
      g_assert_cmpfloat (member_double (p, "wall_ms"), ==, specs[i].ms);
      if (specs[i].rss_kib >= 0)
        g_assert_cmpint (member_int (p, "qemu_peak_rss_kib"), ==, specs[i].rss_kib);
      else
        g_assert_true (member_is_null (p, "qemu_peak_rss_kib"));
      g_assert_cmpstr (member_string (p, "status"), ==,
                       pass_status_name (specs[i].status));
      if (specs[i].error)
        g_assert_cmpstr (member_string (p, "error"), ==, specs[i].error);
      else
        g_assert_true (member_is_null (p, "error"));
    }
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (passes, 3), "status"),
      ==, "failed");

  /* Summary over the seven ok passes only. */
  double mean, sd;
  independent_wall_stats (specs, G_N_ELEMENTS (specs), &mean, &sd);
  JsonObject *summary = json_node_get_object (member (root, "summary"));
  g_assert_cmpint (member_int (summary, "n"), ==, 7);
  assert_near (member_double (summary, "mean_ms"), mean, 1e-12);
  assert_near (member_double (summary, "mean_ms"), 1143.767857142857, 1e-12);
  assert_near (member_double (summary, "sd_ms"), sd, 1e-12);
  assert_near (member_double (summary, "sd_ms"), 377.6289958175125, 1e-12);
  g_assert_cmpfloat (member_double (summary, "median_ms"), ==, 1003.125);
  g_assert_cmpfloat (member_double (summary, "min_ms"), ==, 990.25);
  g_assert_cmpfloat (member_double (summary, "max_ms"), ==, 2000.0);
  /* Deviations from 1003.125: 0, 1.875, 3.125, 7.625, 9.375, 12.875, 996.875. */
  g_assert_cmpfloat (member_double (summary, "mad_ms"), ==, 7.625);
  assert_near (member_double (summary, "ci95_low_ms"), 794.519285940111, 1e-9);
  assert_near (member_double (summary, "ci95_high_ms"), 1493.0164283456033, 1e-9);
  assert_near (member_double (summary, "cv"), sd / mean, 1e-12);
  JsonArray *outliers = json_node_get_array (member (summary, "outliers"));
  g_assert_cmpuint (json_array_get_length (outliers), ==, 1);
  g_assert_cmpint (json_array_get_int_element (outliers, 0), ==, 6);

  bench_summary_clear (&s);
  bench_run_clear (&run);
}

/* ---- CSV ---- */

/* A small RFC 4180 reader: rows of fields, quotes doubled inside quotes. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  const char *c = text;
  while (*c)
    {
      if (*c == '"')
        {
          for (c++; *c; c++)
            {
              if (*c == '"' && c[1] == '"')
                g_string_append_c (field, *c++);
              else if (*c == '"')
                break;
              else
                g_string_append_c (field, *c);
            }
          g_assert_true (*c == '"');
          c++;
          g_assert_true (*c == ',' || *c == '\n');
        }
      else if (*c == ',')
        {
          g_ptr_array_add (row, g_string_free (field, FALSE));
          field = g_string_new (NULL);
          c++;
        }
      else if (*c == '\n')
        {
          g_ptr_array_add (row, g_string_free (field, FALSE));
          field = g_string_new (NULL);
          g_ptr_array_add (rows, row);
          row = g_ptr_array_new_with_free_func (g_free);
          c++;
        }
      else
        g_string_append_c (field, *c++);
    }
  /* The text must end with a newline: nothing pending. */
  g_assert_cmpuint (field->len, ==, 0);
  g_assert_cmpuint (row->len, ==, 0);
  g_string_free (field, TRUE);
  g_ptr_array_unref (row);
  return rows;
}

#define CELL(rows, r, f)                                                                 \
  ((const char *)g_ptr_array_index ((GPtrArray *)g_ptr_array_index (rows, r), f))

static void
test_csv (void)
{
  bench_run run;
  fill_run (&run, specs, G_N_ELEMENTS (specs));
  g_autofree char *csv = bench_report_csv (&run);
  g_autoptr (GPtrArray) rows = parse_csv (csv);

  g_assert_cmpuint (rows->len, ==, 1 + G_N_ELEMENTS (specs));
  static const char *const header[]
      = { "pass", "wall_ms", "qemu_peak_rss_kib", "status", "accel", "error", "loadavg_1min" };
  GPtrArray *h = g_ptr_array_index (rows, 0);
  g_assert_cmpuint (h->len, ==, G_N_ELEMENTS (header));
  for (guint f = 0; f < G_N_ELEMENTS (header); f++)
    g_assert_cmpstr (CELL (rows, 0, f), ==, header[f]);

  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      guint r = i + 1;
      g_assert_cmpuint (((GPtrArray *)g_ptr_array_index (rows, r))->len, ==,
                        G_N_ELEMENTS (header));
      g_autofree char *pass = g_strdup_printf ("%u", i + 1);
      g_assert_cmpstr (CELL (rows, r, 0), ==, pass);
      g_assert_cmpfloat (g_ascii_strtod (CELL (rows, r, 1), NULL), ==, specs[i].ms);
      if (specs[i].rss_kib >= 0)
        g_assert_cmpint (g_ascii_strtoll (CELL (rows, r, 2), NULL, 10), ==,
                         specs[i].rss_kib);
      else
        g_assert_cmpstr (CELL (rows, r, 2), ==, "");
      g_assert_cmpstr (CELL (rows, r, 3), ==, pass_status_name (specs[i].status));
      g_assert_cmpstr (CELL (rows, r, 4), ==, "tcg");
      g_assert_cmpstr (CELL (rows, r, 5), ==, specs[i].error ? specs[i].error : "");
      g_autofree char *load = i + 1 < G_N_ELEMENTS (specs)
                                  ? g_strdup_printf ("%.2f", 0.25 * (i + 1))
                                  : g_strdup ("");
      g_assert_cmpstr (CELL (rows, r, 6), ==, load);
    }
  /* The error with a comma and a quote is quoted, the quote doubled. */
  g_assert_nonnull (strstr (csv, "\n4,300000.000,900000,failed,tcg,"
                                 "\"launch failed: qemu said \"\"no\"\", exit 1\",1.00\n"));
  bench_run_clear (&run);
}

/* ---- accel_parse / accel_name ---- */

static void
test_accel_names (void)
{
  static const struct
  {
    const char *name;
    accel_kind kind;
  } known[] = { { "auto", ACCEL_AUTO }, { "kvm", ACCEL_KVM }, { "tcg", ACCEL_TCG } };
  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    {
      accel_kind k = (accel_kind)99;
      g_assert_true (accel_parse (known[i].name, &k));
      g_assert_cmpint (k, ==, known[i].kind);
      g_assert_cmpstr (accel_name (known[i].kind), ==, known[i].name);
    }
  static const char *const bad[]
      = { "", "foo", "KVM", "Tcg", "kvm ", " tcg", "kvm,tcg", "hvf" };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      accel_kind k = ACCEL_TCG;
      g_assert_false (accel_parse (bad[i], &k));
      g_assert_cmpint (k, ==, ACCEL_TCG); /* untouched on failure */
    }
  g_assert_cmpstr (accel_name ((accel_kind)42), ==, "unknown");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/bench-report/result-line", test_result_line);
  g_test_add_func ("/bench-report/result-line-one-pass", test_result_line_one_pass);
  g_test_add_func ("/bench-report/no-pass-completed", test_no_pass_completed);
  g_test_add_func ("/bench-report/text-header", test_text_header);
  g_test_add_func ("/bench-report/text-statistics", test_text_statistics);
  g_test_add_func ("/bench-report/json", test_json);
  g_test_add_func ("/bench-report/csv", test_csv);
  g_test_add_func ("/accel/parse-and-name", test_accel_names);
  return g_test_run ();
}
