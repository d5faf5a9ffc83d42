/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bench-summary.c: a boot-benchmark run's statistics (see bench-summary.h). */
#include <config.h>

#include "bench-summary.h"

GArray *
bench_phases_summarise (const boot_marks *marks, guint n)
{
  /* Samples per (from, to) pair, plus the whole boot: exec -> ready. */
  GArray *samples[BOOT_MARK_COUNT][BOOT_MARK_COUNT] = { { NULL } };
  for (guint i = 0; i < n; i++)
    {
      const boot_marks *mk = &marks[i];
      int prev = BOOT_MARK_EXEC;
      for (int m = BOOT_MARK_FIRMWARE; m < BOOT_MARK_COUNT; m++)
        {
          if (mk->ns[m] < 0)
            continue;
          if (!samples[prev][m])
            samples[prev][m] = g_array_new (FALSE, FALSE, sizeof (double));
          double ms = (double)(mk->ns[m] - mk->ns[prev]) / 1e6;
          g_array_append_val (samples[prev][m], ms);
          prev = m;
        }
      if (mk->ns[BOOT_MARK_READY] >= 0)
        {
          if (!samples[BOOT_MARK_EXEC][BOOT_MARK_READY])
            samples[BOOT_MARK_EXEC][BOOT_MARK_READY]
                = g_array_new (FALSE, FALSE, sizeof (double));
          /* Already added above when nothing lay between them. */
          if (!(mk->ns[BOOT_MARK_FIRMWARE] < 0 && mk->ns[BOOT_MARK_KERNEL] < 0))
            {
              double ms = (double)mk->ns[BOOT_MARK_READY] / 1e6;
              g_array_append_val (samples[BOOT_MARK_EXEC][BOOT_MARK_READY], ms);
            }
        }
    }
  GArray *phases = g_array_new (FALSE, TRUE, sizeof (bench_phase));
  /* In boot order: by end mark, then by start mark. */
  for (int to = BOOT_MARK_FIRMWARE; to < BOOT_MARK_COUNT; to++)
    for (int from = to - 1; from >= 0; from--)
      if (samples[from][to])
        {
          bench_phase ph = { .from = (boot_mark)from, .to = (boot_mark)to };
          stats_summarise ((double *)samples[from][to]->data, samples[from][to]->len,
                           &ph.ms);
          g_array_append_val (phases, ph);
          g_array_unref (samples[from][to]);
        }
  return phases;
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
      double ms = (double)p->result.wall_ns / 1e6;
      g_array_append_val (wall, ms);
      g_array_append_val (wall_pass, p->pass);
      if (p->result.qemu_peak_rss_kib >= 0)
        {
          double kib = (double)p->result.qemu_peak_rss_kib;
          g_array_append_val (rss, kib);
        }
    }
  stats_summarise ((double *)wall->data, wall->len, &out->wall_ms);
  stats_summarise ((double *)rss->data, rss->len, &out->rss_kib);

  g_autoptr (GArray) marks = g_array_new (FALSE, FALSE, sizeof (boot_marks));
  for (guint i = 0; i < run->passes->len; i++)
    {
      const measured_pass *p = &g_array_index (run->passes, measured_pass, i);
      if (p->result.status == PASS_OK && p->has_marks)
        g_array_append_val (marks, p->marks);
    }
  out->phases = bench_phases_summarise ((const boot_marks *)marks->data, marks->len);

  out->outliers = g_array_new (FALSE, FALSE, sizeof (guint));
  out->outlier_z = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) idx = stats_outliers ((double *)wall->data, wall->len);
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
  g_clear_pointer (&s->phases, g_array_unref);
}
