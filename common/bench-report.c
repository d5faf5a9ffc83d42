/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bench-report.c: a boot-benchmark run and its summary written out as text
 * (the original tool's header and Result line, then our statistics), JSON
 * (json-glib) and CSV.  Nothing here measures, computes statistics or
 * decides exit codes. */
#include <config.h>

#include <math.h>
#include <string.h>

#include "accel.h"
#include "bench-report.h"
#include "csv.h"
#include "json-util.h"
#include "model-json.h"
#include "sequential.h"

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

/* "10", or with --precision "until ±2% of the mean (5 to 50)". */
static char *
passes_text (const bench_run *run)
{
  if (run->precision_pct > 0)
    return g_strdup_printf ("until \u00b1%g%% of the mean (%d to %d)", run->precision_pct,
                            run->passes_requested, run->max_passes);
  return g_strdup_printf ("%d", run->passes_requested);
}

/* Direct kernel mode: what was booted instead of libguestfs's settings. */
static void
bench_report_direct_header (FILE *out, const bench_run *run)
{
  const direct_config *d = run->direct;
  const host_info *h = &run->host;
  g_autofree char *version = g_strdup_printf ("bootperf %s, direct kernel", PACKAGE_VERSION);
  g_autofree char *passes = passes_text (run);
  g_autofree char *smp = g_strdup_printf ("%d", d->smp);
  g_autofree char *memsize = g_strdup_printf ("%d", d->memsize_mb);
  g_autofree char *append = direct_kernel_cmdline (d);
  header_line (out, "test version", version, NULL);
  header_line (out, "test passes", passes, NULL);
  header_line (out, "host version", h->uname, NULL);
  header_line (out, "host CPU", h->cpu_model, NULL);
  header_line (out, "qemu", d->qemu, "[to change use --qemu option]");
  header_line (out, "qemu version", h->hv_version, NULL);
  header_line (out, "machine", direct_machine_name (d->machine),
               "[to change use --machine option]");
  header_line (out, "firmware", d->bios ? d->bios : "default",
               "[to change use --bios option]");
  header_line (out, "kernel", d->kernel, NULL);
  header_line (out, "initrd", d->initrd, NULL);
  header_line (out, "smp", smp, "[to change use --cpus option]");
  header_line (out, "memsize", memsize, "[to change use --memsize option]");
  header_line (out, "append", append, "[to change use --append option]");
  header_line (out, "ready", d->ready, "[to change use --ready option]");
  header_line (out, "accel", accel_name (d->accel), "[to change use --accel option]");
  fputc ('\n', out);
}

void
bench_phases_text (FILE *out, const GArray *phases)
{
  if (!phases || phases->len == 0)
    return;
  fprintf (out, "%12s:\n", "phases");
  for (guint i = 0; i < phases->len; i++)
    {
      const bench_phase *ph = &g_array_index (phases, bench_phase, i);
      g_autofree char *name
          = g_strdup_printf ("%s \u2192 %s", boot_mark_name (ph->from), boot_mark_name (ph->to));
      fprintf (out, "    %-36s %9.1f ms \u00b1%7.1f ms  (n=%zu)\n", name, ph->ms.mean,
               isnan (ph->ms.sd) ? 0.0 : ph->ms.sd, ph->ms.n);
    }
}

/* The original tool's header: libguestfs's settings. */
static void
appliance_header (FILE *out, const bench_run *run)
{
  const host_info *h = &run->host;
  g_autofree char *version = g_strdup_printf ("libguestfs %s", h->libguestfs_version);
  g_autofree char *passes = passes_text (run);
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
  header_line (out, "accel", accel_name (run->accel),
               "[to change use --accel option]");
  fputc ('\n', out);
}

/* --precision: the interval reached, and whether it met the target. */
static void
precision_text (FILE *out, const bench_run *run)
{
  if (!(run->precision_pct > 0))
    return;
  g_autofree char *width = isnan (run->precision_half_width_pct)
                               ? g_strdup ("unknown")
                               : g_strdup_printf ("\u00b1%.2f%% of the mean",
                                                  run->precision_half_width_pct);
  if (run->precision_reached)
    fprintf (out, "%12s: %s (95%% CI), target \u00b1%g%%: reached after %u passes\n",
             "precision", width, run->precision_pct, run->passes->len);
  else
    fprintf (out, "%12s: %s (95%% CI), target \u00b1%g%%: NOT reached in %u passes%s\n",
             "precision", width, run->precision_pct, run->passes->len,
             (int)run->passes->len >= run->max_passes ? " (--max-passes)" : "");
}

void
bench_report_text (FILE *out, const bench_run *run, const bench_summary *s)
{
  if (run->direct)
    bench_report_direct_header (out, run);
  else
    appliance_header (out, run);
  if (s->wall_ms.n == 0)
    {
      fprintf (out, "Result: no pass completed\n");
      return;
    }
  g_autofree char *result = bench_result_line (s);
  fprintf (out, "%s\n\n", result);

  const sample_summary *w = &s->wall_ms;
  if (run->precision_pct > 0)
    fprintf (out, "%12s: %zu of %u run\n", "passes ok", w->n, run->passes->len);
  else
    fprintf (out, "%12s: %zu of %d\n", "passes ok", w->n, run->passes_requested);
  fprintf (out, "%12s: %.1f ms\n", "mean", w->mean);
  if (w->n >= 2)
    {
      fprintf (out, "%12s: %.1f ms (coefficient of variation %.1f%%)\n", "sd", w->sd,
               100.0 * w->cv);
      fprintf (out, "%12s: %.1f ms .. %.1f ms (Student's t)\n", "mean 95% CI",
               w->ci95_low, w->ci95_high);
    }
  precision_text (out, run);
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
  bench_phases_text (out, s->phases);
}

/* Member "precision": null, or what --precision asked and reached. */
static void
precision_json (JsonBuilder *b, const bench_run *run)
{
  json_builder_set_member_name (b, "precision");
  if (!(run->precision_pct > 0))
    {
      json_builder_add_null_value (b);
      return;
    }
  json_builder_begin_object (b);
  json_member_double (b, "target_pct", run->precision_pct);
  json_member_int (b, "min_passes", run->passes_requested);
  json_member_int (b, "max_passes", run->max_passes);
  json_member_int (b, "passes_run", run->passes->len);
  json_member_boolean (b, "reached", run->precision_reached);
  json_member_double (b, "half_width_pct", run->precision_half_width_pct);
  json_member_double (b, "stop_level", PRECISION_STOP_LEVEL);
  json_builder_set_member_name (b, "passes_needed_estimate");
  if (run->passes_needed > 0)
    json_builder_add_int_value (b, run->passes_needed);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
}

void
bench_report_warnings (FILE *out, const bench_run *run, const bench_summary *s)
{
  if (s->wall_ms.n >= 2 && s->wall_ms.cv > 0.05)
    fprintf (out,
             "warning: the coefficient of variation is %.1f%% (over 5%%): the host is "
             "noisy; use more passes or a quieter host\n",
             100.0 * s->wall_ms.cv);
  if (host_info_load_is_high (&run->host))
    fprintf (out,
             "warning: the host's load average was %.2f on %d cores when the run began: "
             "other work distorts the timings\n",
             run->host.loadavg[0], run->host.cores);
  if (run->load_rose_at)
    fprintf (out,
             "warning: the host's load average rose during the run (by pass %d, beyond "
             "what the run adds): later passes may be slower for that reason\n",
             run->load_rose_at);
  if (run->accel == ACCEL_TCG)
    fprintf (out, "note: TCG (software emulation) was used: times are not comparable with "
                  "KVM\n");
}

/* Member "config": the run's settings. */
static void
config_json (JsonBuilder *b, const bench_run *run)
{
  json_builder_set_member_name (b, "config");
  json_builder_begin_object (b);
  model_json_hypervisor_members (b, &run->host);
  json_member_string (b, "accel", accel_name (run->accel));
  json_member_string (b, "accel_note", run->accel_note);
  json_member_int (b, "smp", run->effective_smp);
  json_member_int (b, "memsize_mb", run->effective_memsize_mb);
  json_member_string (b, "append", run->effective_append);
  json_member_int (b, "passes", run->passes_requested);
  json_member_int (b, "warmup", run->warmup);
  json_member_int (b, "timeout_s", run->timeout_s);
  model_json_direct (b, run->direct);
  json_builder_end_object (b);
}

/* Member "passes": every measured pass. */
static void
passes_json (JsonBuilder *b, const bench_run *run)
{
  json_builder_set_member_name (b, "passes");
  json_builder_begin_array (b);
  for (guint i = 0; i < run->passes->len; i++)
    {
      const measured_pass *p = &g_array_index (run->passes, measured_pass, i);
      json_builder_begin_object (b);
      json_member_int (b, "pass", p->pass);
      model_json_pass_members (b, &p->result, p->loadavg_1min,
                               p->has_marks ? &p->marks : NULL);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/* Member "summary": wall time in ms, outliers, peak RSS, direct phases. */
static void
summary_json (JsonBuilder *b, const bench_run *run, const bench_summary *s)
{
  json_builder_set_member_name (b, "summary");
  json_builder_begin_object (b);
  model_json_summary_members (b, &s->wall_ms, "ms");
  json_builder_set_member_name (b, "outliers");
  json_builder_begin_array (b);
  for (guint i = 0; i < s->outliers->len; i++)
    json_builder_add_int_value (b, g_array_index (s->outliers, guint, i));
  json_builder_end_array (b);
  json_member_double (b, "rss_mean_kib", s->rss_kib.n ? s->rss_kib.mean : NAN);
  json_member_double (b, "rss_sd_kib", s->rss_kib.sd);
  if (run->direct)
    model_json_phases (b, s->phases);
  json_builder_end_object (b);
}

char *
bench_report_json (const bench_run *run, const bench_summary *s)
{
  g_autoptr (JsonBuilder) b = model_json_document_new ("boot-benchmark");
  json_member_boolean (b, "complete", run->complete);
  model_json_host (b, &run->host);
  config_json (b, run);
  passes_json (b, run);
  precision_json (b, run);
  json_builder_set_member_name (b, "load_rose_at_pass");
  if (run->load_rose_at)
    json_builder_add_int_value (b, run->load_rose_at);
  else
    json_builder_add_null_value (b);
  summary_json (b, run, s);
  json_builder_end_object (b);
  return json_builder_to_text (b, TRUE, NULL);
}

void
bench_marks_csv (GString *out, const boot_marks *m)
{
  for (int k = BOOT_MARK_FIRMWARE; k < BOOT_MARK_COUNT; k++)
    {
      g_string_append_c (out, ',');
      if (m && m->ns[k] >= 0)
        g_string_append_printf (out, "%.3f", (double)m->ns[k] / 1e6);
    }
}

char *
bench_report_csv (const bench_run *run)
{
  GString *out = g_string_new ("pass,wall_ms,qemu_peak_rss_kib,status,accel,error");
  /* Direct kernel mode adds the marks (ms from qemu exec; empty: not seen). */
  if (run->direct)
    g_string_append (out, ",firmware_ms,kernel_ms,ready_ms,exit_ms");
  g_string_append (out, ",loadavg_1min\n");
  for (guint i = 0; i < run->passes->len; i++)
    {
      const measured_pass *p = &g_array_index (run->passes, measured_pass, i);
      g_string_append_printf (out, "%u,%.3f,", p->pass, (double) p->result.wall_ns / 1e6);
      if (p->result.qemu_peak_rss_kib >= 0)
        g_string_append_printf (out, "%" G_GINT64_FORMAT, p->result.qemu_peak_rss_kib);
      g_string_append_printf (out, ",%s,%s,", pass_status_name (p->result.status),
                              accel_name (run->accel));
      csv_append_field (out, p->result.error);
      if (run->direct)
        bench_marks_csv (out, p->has_marks ? &p->marks : NULL);
      g_string_append_c (out, ',');
      if (p->loadavg_1min >= 0)
        g_string_append_printf (out, "%.2f", p->loadavg_1min);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}
