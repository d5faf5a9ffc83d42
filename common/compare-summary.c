/* SPDX-License-Identifier: GPL-2.0-or-later */
/* compare-summary.c: boot-benchmark --compare's estimates (see
 * compare-summary.h). */
#include <config.h>

#include <math.h>

#include "bench-summary.h"
#include "compare-summary.h"

/* The level of each look's interval: the plan's, or before any plan the
 * whole alpha split over the comparisons (one look). */
double
compare_look_alpha (const compare_run *run)
{
  if (run->plan.look_alpha > 0)
    return run->plan.look_alpha;
  return run->alpha / MAX (1u, run->configs->len - 1);
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

/* Configuration k's ok time in each round (NAN where it has none). */
static GArray *
times_by_round (const compare_run *run, guint k, guint rounds)
{
  GArray *ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_array_set_size (ms, rounds);
  for (guint r = 0; r < rounds; r++)
    g_array_index (ms, double, r) = NAN;
  for (guint i = 0; i < run->samples->len; i++)
    {
      const compare_sample *s = &g_array_index (run->samples, compare_sample, i);
      if (s->config == k && s->result.status == PASS_OK && s->round >= 1
          && s->round <= rounds)
        g_array_index (ms, double, s->round - 1) = (double)s->result.wall_ns / 1e6;
    }
  return ms;
}

static guint
max_round (const compare_run *run)
{
  guint rounds = 0;
  for (guint i = 0; i < run->samples->len; i++)
    rounds = MAX (rounds, g_array_index (run->samples, compare_sample, i).round);
  return rounds;
}

/* Configuration k against the first, on the rounds where both have a time. */
static void
compare_with_first (const compare_run *run, guint k, compare_row *row)
{
  guint rounds = max_round (run);
  g_autoptr (GArray) base = times_by_round (run, 0, rounds);
  g_autoptr (GArray) cand = times_by_round (run, k, rounds);
  g_autoptr (GArray) a = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) b = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) d = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint r = 0; r < rounds; r++)
    {
      double x = g_array_index (base, double, r), y = g_array_index (cand, double, r);
      if (isnan (x) || isnan (y))
        continue;
      double pct = 100 * log (y / x);
      g_array_append_val (a, x);
      g_array_append_val (b, y);
      g_array_append_val (d, pct);
    }
  row->diff_sd_pct = stats_sd ((double *)d->data, d->len);
  row->decision = STATS_INCONCLUSIVE;
  row->compared = stats_paired_compare ((double *)a->data, (double *)b->data, a->len,
                                        compare_look_alpha (run), &row->cmp);
  if (row->compared)
    row->decision = stats_paired_decide (&row->cmp, run->threshold_pct);
}

GArray *
compare_rows (const compare_run *run)
{
  GArray *rows = g_array_new (FALSE, TRUE, sizeof (compare_row));
  for (guint k = 0; k < run->configs->len; k++)
    {
      g_autoptr (GArray) wall = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr (GArray) ready = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr (GArray) rss = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr (GArray) marks = g_array_new (FALSE, FALSE, sizeof (boot_marks));
      config_samples (run, k, wall, ready, rss, marks);
      compare_row row = { .decision = STATS_INCONCLUSIVE, .diff_sd_pct = NAN };
      stats_summarise ((double *)wall->data, wall->len, &row.wall_ms);
      stats_summarise ((double *)ready->data, ready->len, &row.ready_ms);
      stats_summarise ((double *)rss->data, rss->len, &row.rss_kib);
      row.phases = bench_phases_summarise ((const boot_marks *)marks->data, marks->len);
      if (k > 0)
        compare_with_first (run, k, &row);
      g_array_append_val (rows, row);
    }
  return rows;
}

const char *
compare_decision_name (stats_decision d)
{
  switch (d)
    {
    case STATS_SAME:
      return "same";
    case STATS_CHANGED:
      return "changed";
    case STATS_INCONCLUSIVE:
      break;
    }
  return "inconclusive";
}

void
compare_reference_drift (const compare_run *run, compare_drift *out)
{
  guint rounds = max_round (run);
  g_autoptr (GArray) base = times_by_round (run, 0, rounds);
  g_autoptr (GArray) first = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) second = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint r = 0; r < rounds; r++)
    {
      double x = g_array_index (base, double, r);
      if (!isnan (x))
        g_array_append_val (r < rounds / 2 ? first : second, x);
    }
  stats_comparison cmp;
  out->measured = first->len >= 2 && second->len >= 2 && rounds >= 4
                  && stats_compare (STATS_TEST_WELCH, (double *)first->data, first->len,
                                    (double *)second->data, second->len, &cmp);
  out->pct = out->measured ? cmp.diff_pct : NAN;
  out->p_value = out->measured ? cmp.p_value : NAN;
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
