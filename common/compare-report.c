/* SPDX-License-Identifier: GPL-2.0-or-later */
/* compare-report.c: boot-benchmark --compare's estimates (compare-summary.h)
 * as a table, JSON and CSV.  Nothing here measures, estimates or decides
 * exit codes. */
#include <config.h>

#include <math.h>
#include <string.h>

#include "bench-report.h"
#include "compare-report.h"
#include "csv.h"
#include "json-util.h"
#include "model-json.h"

static const char *
config_name (const compare_run *run, guint k)
{
  return ((const compare_config *)g_ptr_array_index (run->configs, k))->name;
}

static char *
verdict_text (const compare_run *run, const compare_row *r)
{
  if (!r->compared)
    return g_strdup ("? no complete round to compare");
  switch (r->decision)
    {
    case STATS_CHANGED:
      /* Boot time: less is better, as boot-benchmark-range says it. */
      if (r->cmp.pct < 0)
        return g_strdup_printf ("\u2191 faster by %.1f%%: changed", -r->cmp.pct);
      return g_strdup_printf ("\u2193 slower by %.1f%%: changed", r->cmp.pct);
    case STATS_SAME:
      return g_strdup_printf ("\u2248 same (within \u00b1%g%%)", run->threshold_pct);
    case STATS_INCONCLUSIVE:
      break;
    }
  if (!r->cmp.have_interval)
    return g_strdup ("? inconclusive: too few rounds for an interval");
  return g_strdup ("? inconclusive");
}

/* "Comparison of ...", the host and each configuration's options. */
static void
report_header (FILE *out, const compare_run *run, int w)
{
  guint n = run->configs->len;
  fprintf (out, "Comparison of %u configurations: %d round%s of one pass each after %d "
                "warm-up, each round in a random order (seed %u); a look every %d rounds, "
                "at most %d\n",
           n, run->rounds, run->rounds == 1 ? "" : "s", run->warmup, run->seed, run->passes,
           run->max_passes);
  if (!run->complete)
    fprintf (out, "stopped: a pass failed or the run was interrupted\n");
  else if (run->decided)
    fprintf (out, "stopped: every comparison is clear after %d rounds\n", run->rounds);
  else
    fprintf (out, "stopped: --max-passes %d reached with a comparison still inconclusive\n",
             run->max_passes);
  fprintf (out, "host: %s, %s, %d cores\n", run->host.cpu_model, run->host.kernel_release,
           run->host.cores);
  for (guint k = 0; k < n; k++)
    {
      const compare_config *c = g_ptr_array_index (run->configs, k);
      fprintf (out, "  %-*s %s%s%s: %s\n", w, c->name,
               c->direct ? "direct kernel, " : "appliance, ",
               accel_name (c->accel),
               c->direct && c->direct_cfg.bios ? ", custom firmware" : "",
               *c->options ? c->options : "(the common options only)");
    }
}

/* The difference column: estimate and interval, or what is missing. */
static char *
difference_text (const compare_row *r)
{
  if (!r->compared)
    return g_strdup ("-");
  if (!r->cmp.have_interval)
    return g_strdup_printf ("%+.1f%% (no interval yet)", r->cmp.pct);
  return g_strdup_printf ("%+.1f%% (%+.1f%% .. %+.1f%%)", r->cmp.pct, r->cmp.pct_low,
                          r->cmp.pct_high);
}

static void
report_times (FILE *out, const compare_run *run, const GArray *rows, int w)
{
  g_autofree char *level
      = g_strdup_printf ("%.4g%% CI", 100 * (1 - compare_look_alpha (run)));
  g_autofree char *diff_head = g_strdup_printf ("difference (%s)", level);
  fprintf (out, "\nBoot and shutdown (qemu exec to exit), ms; each against %s, paired by "
                "round:\n",
           config_name (run, 0));
  fprintf (out, "%-*s %3s  %20s  %9s  %-30s %-8s  %s\n", w, "configuration", "n",
           "mean \u00b1 sd", "median", diff_head, "p", "verdict");
  for (guint k = 0; k < rows->len; k++)
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
      g_autofree char *verdict = verdict_text (run, r);
      g_autofree char *diff = difference_text (r);
      g_autofree char *p
          = !r->compared ? g_strdup ("-")
            : r->cmp.p_value < 0.0001 ? g_strdup ("<0.0001")
                                      : g_strdup_printf ("%.4f", r->cmp.p_value);
      fprintf (out, "%-30s %-8s  %s\n", diff, p, verdict);
    }
  fprintf (out,
           "Estimator: the rounds' paired log ratios; size: Hodges-Lehmann; interval: "
           "Walsh averages at %.4g%%; p: exact signed-rank.\n",
           100 * (1 - compare_look_alpha (run)));
  fprintf (out, "Errors: --alpha %g over %u comparison%s and up to %u look%s; changed: the "
                "interval lies beyond \u00b1%g%%; same: it lies inside \u00b1%g%%.\n",
           run->alpha, rows->len - 1, rows->len == 2 ? "" : "s", MAX (run->plan.looks, 1u),
           run->plan.looks > 1 ? "s" : "", run->threshold_pct, run->threshold_pct);
}

static void
report_ready_and_rss (FILE *out, const compare_run *run, const GArray *rows, int w)
{
  guint n = run->configs->len;
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
}

/* The reference's own drift and the host's load. */
static void
report_warnings (FILE *out, const compare_run *run)
{
  compare_drift drift;
  compare_reference_drift (run, &drift);
  if (drift.measured && drift.p_value < 0.01)
    fprintf (out, "note: '%s' itself changed by %+.1f%% from the first half of the rounds to "
                  "the second (Welch p=%.4f): the host drifted; the pairing by round absorbs "
                  "what every configuration shares\n",
             config_name (run, 0), drift.pct, drift.p_value);
  if (run->load_rose_at)
    fprintf (out, "warning: the host's load average rose during the run (by pass %u of the "
                  "run): the interleaved rounds share the slowdown, but the noise grows\n",
             run->load_rose_at);
  if (host_info_load_is_high (&run->host))
    fprintf (out, "warning: the host's load average was %.2f on %d cores when the run began: "
                  "other work distorts the timings\n",
             run->host.loadavg[0], run->host.cores);
}

void
compare_report_text (FILE *out, const compare_run *run, const GArray *rows)
{
  int w = 16; /* the name column: as wide as the longest name */
  for (guint k = 0; k < run->configs->len; k++)
    w = MAX (w, (int)strlen (config_name (run, k)));
  report_header (out, run, w);
  report_times (out, run, rows, w);
  report_ready_and_rss (out, run, rows, w);
  report_warnings (out, run);
}

/* Member "sequential": the plan, how far the run went, drift and load. */
static void
sequential_json (JsonBuilder *b, const compare_run *run)
{
  json_builder_set_member_name (b, "sequential");
  json_builder_begin_object (b);
  json_member_int (b, "seed", run->seed);
  json_member_double (b, "alpha_per_comparison", run->alpha / MAX (1u, run->configs->len - 1));
  json_member_double (b, "look_alpha", compare_look_alpha (run));
  json_member_int (b, "looks_planned", run->plan.looks);
  json_member_int (b, "first_deciding_round", (gint64)run->plan.first_pairs);
  json_member_int (b, "rounds", run->rounds);
  json_member_int (b, "looks", run->looks);
  json_member_boolean (b, "decided", run->decided);
  json_builder_set_member_name (b, "load_rose_at_order");
  if (run->load_rose_at)
    json_builder_add_int_value (b, run->load_rose_at);
  else
    json_builder_add_null_value (b);
  compare_drift drift;
  compare_reference_drift (run, &drift);
  json_builder_set_member_name (b, "reference_drift");
  json_builder_begin_object (b);
  json_member_double (b, "pct", drift.pct);
  json_member_double (b, "p_value", drift.p_value);
  json_builder_end_object (b);
  json_builder_end_object (b);
}

/* Member "comparison": null for the first, else the estimate and verdict. */
static void
comparison_json (JsonBuilder *b, const compare_run *run, const compare_row *r)
{
  json_builder_set_member_name (b, "comparison");
  if (!r->compared)
    {
      json_builder_add_null_value (b);
      return;
    }
  json_builder_begin_object (b);
  json_member_string (b, "against", config_name (run, 0));
  json_member_int (b, "pairs", (gint64)r->cmp.n);
  json_member_double (b, "pct", r->cmp.pct);
  json_member_double (b, "ratio", r->cmp.ratio);
  json_member_double (b, "pct_low", r->cmp.have_interval ? r->cmp.pct_low : NAN);
  json_member_double (b, "pct_high", r->cmp.have_interval ? r->cmp.pct_high : NAN);
  json_member_double (b, "interval_level", 1 - r->cmp.alpha);
  json_member_double (b, "p_value", r->cmp.p_value);
  json_member_boolean (b, "significant", r->cmp.significant);
  json_member_string (b, "verdict", compare_decision_name (r->decision));
  json_member_double (b, "diff_sd_pct", r->diff_sd_pct);
  json_builder_end_object (b);
}

/* One configuration: its options, estimates and comparison. */
static void
config_json (JsonBuilder *b, const compare_run *run, const compare_config *c,
             const compare_row *r)
{
  json_builder_begin_object (b);
  json_member_string (b, "name", c->name);
  json_member_string (b, "options", c->options);
  json_member_string (b, "kind", c->direct ? "direct" : "appliance");
  json_member_string (b, "accel", accel_name (c->accel));
  json_member_string (b, "accel_note", c->accel_note);
  model_json_direct (b, c->direct ? &c->direct_cfg : NULL);
  model_json_summary (b, "wall", &r->wall_ms, "ms");
  model_json_summary (b, "ready", &r->ready_ms, "ms");
  model_json_summary (b, "rss", &r->rss_kib, "kib");
  if (c->direct)
    model_json_phases (b, r->phases);
  comparison_json (b, run, r);
  json_builder_end_object (b);
}

/* Member "samples": every measured pass in run order. */
static void
samples_json (JsonBuilder *b, const compare_run *run)
{
  json_builder_set_member_name (b, "samples");
  json_builder_begin_array (b);
  for (guint i = 0; i < run->samples->len; i++)
    {
      const compare_sample *s = &g_array_index (run->samples, compare_sample, i);
      json_builder_begin_object (b);
      json_member_int (b, "order", s->order);
      json_member_string (b, "config", config_name (run, s->config));
      json_member_int (b, "pass", s->pass);
      json_member_int (b, "round", s->round);
      model_json_pass_members (b, &s->result, s->loadavg_1min,
                               s->has_marks ? &s->marks : NULL);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

char *
compare_report_json (const compare_run *run, const GArray *rows)
{
  g_autoptr (JsonBuilder) b = model_json_document_new ("boot-benchmark");
  json_member_string (b, "mode", "compare");
  json_member_boolean (b, "complete", run->complete);
  model_json_host (b, &run->host);
  json_member_int (b, "passes", run->passes);
  json_member_int (b, "max_passes", run->max_passes);
  json_member_int (b, "warmup", run->warmup);
  json_member_double (b, "alpha", run->alpha);
  json_member_double (b, "threshold_pct", run->threshold_pct);
  sequential_json (b, run);
  json_builder_set_member_name (b, "configs");
  json_builder_begin_array (b);
  for (guint k = 0; k < run->configs->len; k++)
    config_json (b, run, g_ptr_array_index (run->configs, k),
                 &g_array_index (rows, compare_row, k));
  json_builder_end_array (b);
  samples_json (b, run);
  json_builder_end_object (b);
  return json_builder_to_text (b, TRUE, NULL);
}

char *
compare_report_csv (const compare_run *run)
{
  GString *out = g_string_new ("order,config,pass,wall_ms,qemu_peak_rss_kib,status,error,"
                               "firmware_ms,kernel_ms,ready_ms,exit_ms,round,loadavg_1min\n");
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
      g_string_append_printf (out, ",%u,", s->round);
      if (s->loadavg_1min >= 0)
        g_string_append_printf (out, "%.2f", s->loadavg_1min);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}
