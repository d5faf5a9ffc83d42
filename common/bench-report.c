/* bench-report.c: summarising a boot-benchmark run and writing it out as
 * text (the original tool's header and Result line, then our statistics),
 * JSON (json-glib) and CSV.  Nothing here measures or decides exit codes. */
#include <config.h>

#include <math.h>
#include <string.h>


#include "bench-report.h"
#include "json-util.h"

void
bench_run_init (bench_run *run)
{
  memset (run, 0, sizeof *run);
  run->passes = g_array_new (FALSE, TRUE, sizeof (measured_pass));
}

void
bench_run_clear (bench_run *run)
{
  host_info_clear (&run->host);
  g_free (run->effective_append);
  g_free (run->accel_note);
  if (run->passes)
    {
      for (guint i = 0; i < run->passes->len; i++)
        pass_result_clear (&g_array_index (run->passes, measured_pass, i).result);
      g_array_unref (run->passes);
    }
  memset (run, 0, sizeof *run);
}

void
bench_summarise (const bench_run *run, bench_summary *out)
{
  g_autoptr (GArray) wall = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) wall_pass = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GArray) rss = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < run->passes->len; i++)
    {
      const measured_pass *p = &g_array_index (run->passes, measured_pass, i);
      if (p->result.status != PASS_OK)
        continue;
      double ms = (double) p->result.wall_ns / 1e6;
      g_array_append_val (wall, ms);
      g_array_append_val (wall_pass, p->pass);
      if (p->result.qemu_peak_rss_kib >= 0)
        {
          double kib = (double) p->result.qemu_peak_rss_kib;
          g_array_append_val (rss, kib);
        }
    }
  stats_summarise ((double *) wall->data, wall->len, &out->wall_ms);
  stats_summarise ((double *) rss->data, rss->len, &out->rss_kib);

  out->outliers = g_array_new (FALSE, FALSE, sizeof (guint));
  out->outlier_z = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) idx = stats_outliers ((double *) wall->data, wall->len);
  for (guint i = 0; i < idx->len; i++)
    {
      guint k = g_array_index (idx, guint, i);
      double z = 0.6745 * (g_array_index (wall, double, k) - out->wall_ms.median)
                 / out->wall_ms.mad;
      g_array_append_val (out->outliers, g_array_index (wall_pass, guint, k));
      g_array_append_val (out->outlier_z, z);
    }
}

void
bench_summary_clear (bench_summary *s)
{
  g_clear_pointer (&s->outliers, g_array_unref);
  g_clear_pointer (&s->outlier_z, g_array_unref);
}

char *
bench_result_line (const bench_summary *s)
{
  /* With one pass there is no sample sd: print 0.0 so scripts still parse. */
  double sd = isnan (s->wall_ms.sd) ? 0.0 : s->wall_ms.sd;
  return g_strdup_printf ("Result: %.1fms \u00b1%.1fms", s->wall_ms.mean, sd);
}

static void
header_line (FILE *out, const char *label, const char *value, const char *hint)
{
  if (hint)
    fprintf (out, "%12s: %-20s %s\n", label, value, hint);
  else
    fprintf (out, "%12s: %s\n", label, value);
}

void
bench_report_text (FILE *out, const bench_run *run, const bench_summary *s)
{
  const host_info *h = &run->host;
  g_autofree char *version = g_strdup_printf ("libguestfs %s", h->libguestfs_version);
  g_autofree char *passes = g_strdup_printf ("%d", run->passes_requested);
  g_autofree char *smp = g_strdup_printf ("%d", run->effective_smp);
  g_autofree char *memsize = g_strdup_printf ("%d", run->effective_memsize_mb);
  header_line (out, "test version", version, NULL);
  header_line (out, "test passes", passes, NULL);
  header_line (out, "host version", h->uname, NULL);
  header_line (out, "host CPU", h->cpu_model, NULL);
  header_line (out, "backend", h->backend, "[to change set $LIBGUESTFS_BACKEND]");
  header_line (out, "qemu", h->hv_path, "[to change set $LIBGUESTFS_HV]");
  header_line (out, "qemu version", h->hv_version, NULL);
  header_line (out, "smp", smp, "[to change use --smp option]");
  header_line (out, "memsize", memsize, "[to change use --memsize option]");
  header_line (out, "append", run->effective_append ? run->effective_append : "",
               "[to change use --append option]");
  header_line (out, "accel", accel_name (run->config.accel),
               "[to change use --accel option]");
  fputc ('\n', out);

  if (s->wall_ms.n == 0)
    {
      fprintf (out, "Result: no pass completed\n");
      return;
    }
  g_autofree char *result = bench_result_line (s);
  fprintf (out, "%s\n\n", result);

  const sample_summary *w = &s->wall_ms;
  fprintf (out, "%12s: %zu of %d\n", "passes ok", w->n, run->passes_requested);
  fprintf (out, "%12s: %.1f ms\n", "mean", w->mean);
  if (w->n >= 2)
    {
      fprintf (out, "%12s: %.1f ms (coefficient of variation %.1f%%)\n", "sd", w->sd,
               100.0 * w->cv);
      fprintf (out, "%12s: %.1f ms .. %.1f ms (Student's t)\n", "mean 95% CI",
               w->ci95_low, w->ci95_high);
    }
  fprintf (out, "%12s: %.1f ms\n", "median", w->median);
  fprintf (out, "%12s: %.1f ms\n", "min", w->min);
  fprintf (out, "%12s: %.1f ms\n", "max", w->max);
  if (s->rss_kib.n > 0)
    fprintf (out, "%12s: %.1f MiB \u00b1%.1f MiB (qemu peak RSS per pass)\n", "memory",
             s->rss_kib.mean / 1024.0, isnan (s->rss_kib.sd) ? 0.0 : s->rss_kib.sd / 1024.0);
  if (s->outliers->len == 0)
    fprintf (out, "%12s: none (modified z-score > %.1f)\n", "outliers",
             STATS_OUTLIER_THRESHOLD);
  for (guint i = 0; i < s->outliers->len; i++)
    {
      guint pass = g_array_index (s->outliers, guint, i);
      double ms = 0;
      for (guint k = 0; k < run->passes->len; k++)
        if (g_array_index (run->passes, measured_pass, k).pass == pass)
          ms = (double) g_array_index (run->passes, measured_pass, k).result.wall_ns / 1e6;
      fprintf (out, "%12s: pass %u: %.1f ms (modified z-score %+.1f), kept in the result\n",
               i == 0 ? "outliers" : "", pass, ms, g_array_index (s->outlier_z, double, i));
    }
}

char *
bench_report_json (const bench_run *run, const bench_summary *s)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  const host_info *h = &run->host;
  json_builder_begin_object (b);
  json_member_string (b, "tool", "boot-benchmark");
  json_member_string (b, "version", PACKAGE_VERSION);
  json_builder_set_member_name (b, "complete");
  json_builder_add_boolean_value (b, run->complete);

  json_builder_set_member_name (b, "host");
  json_builder_begin_object (b);
  json_member_string (b, "uname", h->uname);
  json_member_string (b, "kernel", h->kernel_release);
  json_member_string (b, "cpu_model", h->cpu_model);
  json_member_int (b, "cores", h->cores);
  json_builder_set_member_name (b, "loadavg");
  json_builder_begin_array (b);
  for (int i = 0; i < 3; i++)
    json_builder_add_double_value (b, h->loadavg[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "config");
  json_builder_begin_object (b);
  json_member_string (b, "libguestfs_version", h->libguestfs_version);
  json_member_string (b, "backend", h->backend);
  json_member_string (b, "hv_path", h->hv_path);
  json_member_string (b, "hv_version", h->hv_version);
  json_member_string (b, "accel", accel_name (run->config.accel));
  json_member_string (b, "accel_note", run->accel_note);
  json_member_int (b, "smp", run->effective_smp);
  json_member_int (b, "memsize_mb", run->effective_memsize_mb);
  json_member_string (b, "append", run->effective_append);
  json_member_int (b, "passes", run->passes_requested);
  json_member_int (b, "warmup", run->warmup);
  json_member_int (b, "timeout_s", run->config.timeout_s);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "passes");
  json_builder_begin_array (b);
  for (guint i = 0; i < run->passes->len; i++)
    {
      const measured_pass *p = &g_array_index (run->passes, measured_pass, i);
      json_builder_begin_object (b);
      json_member_int (b, "pass", p->pass);
      json_member_double (b, "wall_ms", (double) p->result.wall_ns / 1e6);
      json_builder_set_member_name (b, "qemu_peak_rss_kib");
      if (p->result.qemu_peak_rss_kib >= 0)
        json_builder_add_int_value (b, p->result.qemu_peak_rss_kib);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "qemu_pid");
      if (p->result.qemu_pid > 0)
        json_builder_add_int_value (b, p->result.qemu_pid);
      else
        json_builder_add_null_value (b);
      json_member_string (b, "status", pass_status_name (p->result.status));
      json_member_string (b, "error", p->result.error);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  const sample_summary *w = &s->wall_ms;
  json_builder_set_member_name (b, "summary");
  json_builder_begin_object (b);
  json_member_int (b, "n", (gint64) w->n);
  json_member_double (b, "mean_ms", w->n ? w->mean : NAN);
  json_member_double (b, "sd_ms", w->sd);
  json_member_double (b, "median_ms", w->n ? w->median : NAN);
  json_member_double (b, "min_ms", w->n ? w->min : NAN);
  json_member_double (b, "max_ms", w->n ? w->max : NAN);
  json_member_double (b, "ci95_low_ms", w->ci95_low);
  json_member_double (b, "ci95_high_ms", w->ci95_high);
  json_member_double (b, "cv", w->cv);
  json_builder_set_member_name (b, "outliers");
  json_builder_begin_array (b);
  for (guint i = 0; i < s->outliers->len; i++)
    json_builder_add_int_value (b, g_array_index (s->outliers, guint, i));
  json_builder_end_array (b);
  json_member_double (b, "rss_mean_kib", s->rss_kib.n ? s->rss_kib.mean : NAN);
  json_member_double (b, "rss_sd_kib", s->rss_kib.sd);
  json_builder_end_object (b);
  json_builder_end_object (b);

  return json_builder_to_text (b, TRUE, NULL);
}

/* RFC 4180 quoting: only when needed. */
static void
csv_field (GString *out, const char *v)
{
  if (!v)
    return;
  if (!strpbrk (v, ",\"\r\n"))
    {
      g_string_append (out, v);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *c = v; *c; c++)
    {
      if (*c == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *c);
    }
  g_string_append_c (out, '"');
}

char *
bench_report_csv (const bench_run *run)
{
  GString *out = g_string_new ("pass,wall_ms,qemu_peak_rss_kib,status,accel,error\n");
  for (guint i = 0; i < run->passes->len; i++)
    {
      const measured_pass *p = &g_array_index (run->passes, measured_pass, i);
      g_string_append_printf (out, "%u,%.3f,", p->pass, (double) p->result.wall_ns / 1e6);
      if (p->result.qemu_peak_rss_kib >= 0)
        g_string_append_printf (out, "%" G_GINT64_FORMAT, p->result.qemu_peak_rss_kib);
      g_string_append_printf (out, ",%s,%s,", pass_status_name (p->result.status),
                              accel_name (run->config.accel));
      csv_field (out, p->result.error);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}
