/* compare-report.c: the table of boot-benchmark --compare (each
 * configuration's mean, sd and median, and its difference from the first
 * with a 95% interval, a p-value and whether it is significant), and every
 * sample as JSON and CSV.  Nothing here measures or decides exit codes. */
#include <config.h>

#include <math.h>
#include <string.h>

#include <gsl/gsl_sf_gamma.h>

#include "csv.h"
#include "bench-report.h"
#include "compare.h"
#include "json-util.h"

void
compare_run_init (compare_run *run)
{
  memset (run, 0, sizeof *run);
  run->configs = g_ptr_array_new_with_free_func ((GDestroyNotify)compare_config_free);
  run->samples = g_array_new (FALSE, TRUE, sizeof (compare_sample));
  run->test = STATS_TEST_MANN_WHITNEY;
  run->alpha = 0.05;
}

void
compare_run_clear (compare_run *run)
{
  host_info_clear (&run->host);
  if (run->samples)
    {
      for (guint i = 0; i < run->samples->len; i++)
        pass_result_clear (&g_array_index (run->samples, compare_sample, i).result);
      g_array_unref (run->samples);
    }
  if (run->configs)
    g_ptr_array_unref (run->configs);
  memset (run, 0, sizeof *run);
}

double
compare_min_p (stats_test_kind test, size_t na, size_t nb)
{
  if (na < 2 || nb < 2)
    return 1.0;
  if (test == STATS_TEST_WELCH)
    return 0.0;
  /* Two-sided: both extreme orderings of the exact distribution. */
  return fmin (1.0, 2.0 / gsl_sf_choose ((unsigned)(na + nb), (unsigned)na));
}

/* The ok samples of configuration k: wall, ready, RSS, marks. */
static void
config_samples (const compare_run *run, guint k, GArray *wall, GArray *ready, GArray *rss,
                GArray *marks)
{
  for (guint i = 0; i < run->samples->len; i++)
    {
      const compare_sample *s = &g_array_index (run->samples, compare_sample, i);
      if (s->config != k || s->result.status != PASS_OK)
        continue;
      double ms = (double)s->result.wall_ns / 1e6;
      g_array_append_val (wall, ms);
      if (s->has_marks && s->marks.ns[BOOT_MARK_READY] >= 0)
        {
          double r = (double)s->marks.ns[BOOT_MARK_READY] / 1e6;
          g_array_append_val (ready, r);
        }
      if (s->result.qemu_peak_rss_kib >= 0)
        {
          double kib = (double)s->result.qemu_peak_rss_kib;
          g_array_append_val (rss, kib);
        }
      if (s->has_marks)
        g_array_append_val (marks, s->marks);
    }
}

GArray *
compare_rows (const compare_run *run)
{
  GArray *rows = g_array_new (FALSE, TRUE, sizeof (compare_row));
  g_autoptr (GArray) base = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint k = 0; k < run->configs->len; k++)
    {
      g_autoptr (GArray) wall = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr (GArray) ready = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr (GArray) rss = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr (GArray) marks = g_array_new (FALSE, FALSE, sizeof (boot_marks));
      config_samples (run, k, wall, ready, rss, marks);
      compare_row row = { 0 };
      stats_summarise ((double *)wall->data, wall->len, &row.wall_ms);
      stats_summarise ((double *)ready->data, ready->len, &row.ready_ms);
      stats_summarise ((double *)rss->data, rss->len, &row.rss_kib);
      row.phases = bench_phases_summarise ((const boot_marks *)marks->data, marks->len);
      if (k == 0)
        g_array_append_vals (base, wall->data, wall->len);
      else if (stats_compare (run->test, (double *)base->data, base->len,
                              (double *)wall->data, wall->len, &row.cmp))
        {
          row.compared = TRUE;
          row.significant = row.cmp.p_value < run->alpha;
        }
      g_array_append_val (rows, row);
    }
  return rows;
}

void
compare_rows_free (GArray *rows)
{
  if (!rows)
    return;
  for (guint i = 0; i < rows->len; i++)
    g_clear_pointer (&g_array_index (rows, compare_row, i).phases, g_array_unref);
  g_array_unref (rows);
}

static const char *
config_name (const compare_run *run, guint k)
{
  return ((const compare_config *)g_ptr_array_index (run->configs, k))->name;
}

static char *
verdict_text (const compare_row *r)
{
  if (!r->compared)
    return g_strdup ("too few passes to compare");
  if (!r->significant)
    return g_strdup ("\u2248 no significant change");
  /* Boot time: less is better, as boot-benchmark-range says it. */
  if (r->cmp.diff_pct < 0)
    return g_strdup_printf ("\u2191 faster by %.1f%%, significant", -r->cmp.diff_pct);
  return g_strdup_printf ("\u2193 slower by %.1f%%, significant", r->cmp.diff_pct);
}

void
compare_report_text (FILE *out, const compare_run *run, const GArray *rows)
{
  guint n = run->configs->len;
  int w = 16; /* the name column: as wide as the longest name */
  for (guint k = 0; k < n; k++)
    w = MAX (w, (int)strlen (config_name (run, k)));
  fprintf (out, "Comparison of %u configurations: %d measured pass%s each after %d warm-up, "
                "interleaved (",
           n, run->passes, run->passes == 1 ? "" : "es", run->warmup);
  for (guint k = 0; k < n && k < 4; k++)
    fprintf (out, "%s ", config_name (run, k));
  fprintf (out, "%s...)\n", n > 4 ? "... " : "");
  fprintf (out, "host: %s, %s, %d cores\n", run->host.cpu_model, run->host.kernel_release,
           run->host.cores);
  for (guint k = 0; k < n; k++)
    {
      const compare_config *c = g_ptr_array_index (run->configs, k);
      fprintf (out, "  %-*s %s%s%s: %s\n", w, c->name,
               c->direct ? "direct kernel, " : "appliance, ",
               accel_name (c->direct ? c->direct_cfg.accel : c->appliance.accel),
               c->direct && c->direct_cfg.bios ? ", custom firmware" : "",
               *c->options ? c->options : "(the common options only)");
    }
  fprintf (out, "\nBoot and shutdown (qemu exec to exit), ms; each against %s:\n",
           config_name (run, 0));
  fprintf (out, "%-*s %3s  %20s  %9s  %-30s %-8s  %s\n", w, "configuration", "n",
           "mean \u00b1 sd", "median", "difference (95% CI)", "p", "verdict");
  for (guint k = 0; k < n; k++)
    {
      const compare_row *r = &g_array_index (rows, compare_row, k);
      g_autofree char *meansd
          = r->wall_ms.n ? g_strdup_printf ("%9.1f \u00b1%8.1f", r->wall_ms.mean,
                                            isnan (r->wall_ms.sd) ? 0.0 : r->wall_ms.sd)
                         : g_strdup ("-");
      fprintf (out, "%-*s %3zu  %20s  %9.1f  ", w, config_name (run, k), r->wall_ms.n, meansd,
               r->wall_ms.n ? r->wall_ms.median : NAN);
      if (k == 0)
        {
          fprintf (out, "%-30s %-8s  %s\n", "(baseline)", "", "");
          continue;
        }
      g_autofree char *verdict = verdict_text (r);
      if (!r->compared)
        {
          fprintf (out, "%-30s %-8s  %s\n", "-", "-", verdict);
          continue;
        }
      g_autofree char *diff
          = g_strdup_printf ("%+.1f%% (%+.1f%% .. %+.1f%%)", r->cmp.diff_pct,
                             r->cmp.diff_pct_ci_low, r->cmp.diff_pct_ci_high);
      g_autofree char *p = r->cmp.p_value < 0.0001 ? g_strdup ("<0.0001")
                                                   : g_strdup_printf ("%.4f", r->cmp.p_value);
      fprintf (out, "%-30s %-8s  %s\n", diff, p, verdict);
    }
  fprintf (out, "Test: %s, two-sided, significant when p < %g; the interval is Welch's, on "
                "the difference of means.\n",
           stats_test_name (run->test), run->alpha);
  const compare_row *first = &g_array_index (rows, compare_row, 0);
  for (guint k = 1; k < n; k++)
    {
      const compare_row *r = &g_array_index (rows, compare_row, k);
      double min_p = compare_min_p (run->test, first->wall_ms.n, r->wall_ms.n);
      if (min_p >= run->alpha)
        {
          fprintf (out, "note: with %zu and %zu passes %s cannot reach p < %g (its smallest p "
                        "is %.3f): use more passes or --test welch\n",
                   first->wall_ms.n, r->wall_ms.n, stats_test_name (run->test), run->alpha,
                   min_p);
          break;
        }
    }

  gboolean any_direct = FALSE;
  for (guint k = 0; k < n; k++)
    any_direct |= ((const compare_config *)g_ptr_array_index (run->configs, k))->direct;
  fprintf (out, "\n%-*s %22s  %22s\n", w, "configuration",
           any_direct ? "exec to ready, ms" : "", "qemu peak RSS, MiB");
  for (guint k = 0; k < n; k++)
    {
      const compare_row *r = &g_array_index (rows, compare_row, k);
      g_autofree char *ready
          = r->ready_ms.n ? g_strdup_printf ("%9.1f \u00b1%8.1f", r->ready_ms.mean,
                                             isnan (r->ready_ms.sd) ? 0.0 : r->ready_ms.sd)
                          : g_strdup (any_direct ? "-" : "");
      g_autofree char *rss
          = r->rss_kib.n ? g_strdup_printf ("%9.1f \u00b1%8.1f", r->rss_kib.mean / 1024,
                                            isnan (r->rss_kib.sd) ? 0.0 : r->rss_kib.sd / 1024)
                         : g_strdup ("-");
      fprintf (out, "%-*s %22s  %22s\n", w, config_name (run, k), ready, rss);
    }
  for (guint k = 0; k < n; k++)
    {
      const compare_row *r = &g_array_index (rows, compare_row, k);
      if (r->phases && r->phases->len)
        {
          fprintf (out, "\n%s:\n", config_name (run, k));
          bench_phases_text (out, r->phases);
        }
    }
  if (host_info_load_is_high (&run->host))
    fprintf (out, "warning: the host's load average was %.2f on %d cores when the run began: "
                  "other work distorts the timings\n",
             run->host.loadavg[0], run->host.cores);
}

static void
summary_json (JsonBuilder *b, const char *name, const sample_summary *s)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  json_member_int (b, "n", (gint64)s->n);
  json_member_double (b, "mean", s->n ? s->mean : NAN);
  json_member_double (b, "sd", s->sd);
  json_member_double (b, "median", s->n ? s->median : NAN);
  json_member_double (b, "min", s->n ? s->min : NAN);
  json_member_double (b, "max", s->n ? s->max : NAN);
  json_member_double (b, "ci95_low", s->ci95_low);
  json_member_double (b, "ci95_high", s->ci95_high);
  json_builder_end_object (b);
}

char *
compare_report_json (const compare_run *run, const GArray *rows)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  const host_info *h = &run->host;
  json_builder_begin_object (b);
  json_member_string (b, "tool", "boot-benchmark");
  json_member_string (b, "version", PACKAGE_VERSION);
  json_member_string (b, "mode", "compare");
  json_builder_set_member_name (b, "complete");
  json_builder_add_boolean_value (b, run->complete);
  bench_host_json (b, h);
  json_member_int (b, "passes", run->passes);
  json_member_int (b, "warmup", run->warmup);
  json_member_string (b, "test", stats_test_name (run->test));
  json_member_double (b, "alpha", run->alpha);

  json_builder_set_member_name (b, "configs");
  json_builder_begin_array (b);
  for (guint k = 0; k < run->configs->len; k++)
    {
      const compare_config *c = g_ptr_array_index (run->configs, k);
      const compare_row *r = &g_array_index (rows, compare_row, k);
      json_builder_begin_object (b);
      json_member_string (b, "name", c->name);
      json_member_string (b, "options", c->options);
      json_member_string (b, "kind", c->direct ? "direct" : "appliance");
      json_member_string (b, "accel",
                          accel_name (c->direct ? c->direct_cfg.accel : c->appliance.accel));
      json_member_string (b, "accel_note", c->accel_note);
      json_builder_set_member_name (b, "direct");
      if (c->direct)
        bench_direct_config_json (b, &c->direct_cfg);
      else
        json_builder_add_null_value (b);
      summary_json (b, "wall_ms", &r->wall_ms);
      summary_json (b, "ready_ms", &r->ready_ms);
      summary_json (b, "rss_kib", &r->rss_kib);
      if (c->direct)
        bench_phases_json (b, r->phases);
      json_builder_set_member_name (b, "comparison");
      if (!r->compared)
        json_builder_add_null_value (b);
      else
        {
          json_builder_begin_object (b);
          json_member_string (b, "against", config_name (run, 0));
          json_member_double (b, "diff_ms", r->cmp.diff_mean);
          json_member_double (b, "diff_pct", r->cmp.diff_pct);
          json_member_double (b, "diff_pct_ci95_low", r->cmp.diff_pct_ci_low);
          json_member_double (b, "diff_pct_ci95_high", r->cmp.diff_pct_ci_high);
          json_member_double (b, "statistic", r->cmp.statistic);
          json_member_double (b, "p_value", r->cmp.p_value);
          json_builder_set_member_name (b, "significant");
          json_builder_add_boolean_value (b, r->significant);
          json_builder_end_object (b);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "samples");
  json_builder_begin_array (b);
  for (guint i = 0; i < run->samples->len; i++)
    {
      const compare_sample *s = &g_array_index (run->samples, compare_sample, i);
      json_builder_begin_object (b);
      json_member_int (b, "order", s->order);
      json_member_string (b, "config", config_name (run, s->config));
      json_member_int (b, "pass", s->pass);
      json_member_double (b, "wall_ms", (double)s->result.wall_ns / 1e6);
      json_builder_set_member_name (b, "qemu_peak_rss_kib");
      if (s->result.qemu_peak_rss_kib >= 0)
        json_builder_add_int_value (b, s->result.qemu_peak_rss_kib);
      else
        json_builder_add_null_value (b);
      json_member_string (b, "status", pass_status_name (s->result.status));
      json_member_string (b, "error", s->result.error);
      if (s->has_marks)
        bench_marks_json (b, &s->marks);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_to_text (b, TRUE, NULL);
}

char *
compare_report_csv (const compare_run *run)
{
  GString *out = g_string_new ("order,config,pass,wall_ms,qemu_peak_rss_kib,status,error,"
                               "firmware_ms,kernel_ms,ready_ms,exit_ms\n");
  for (guint i = 0; i < run->samples->len; i++)
    {
      const compare_sample *s = &g_array_index (run->samples, compare_sample, i);
      g_string_append_printf (out, "%u,", s->order);
      csv_append_field (out, config_name (run, s->config));
      g_string_append_printf (out, ",%u,%.3f,", s->pass, (double)s->result.wall_ns / 1e6);
      if (s->result.qemu_peak_rss_kib >= 0)
        g_string_append_printf (out, "%" G_GINT64_FORMAT, s->result.qemu_peak_rss_kib);
      g_string_append_printf (out, ",%s,", pass_status_name (s->result.status));
      csv_append_field (out, s->result.error);
      bench_marks_csv (out, s->has_marks ? &s->marks : NULL);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}
