/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bench-run.c: see bench-run.h. */
#include <config.h>

#include <math.h>
#include <string.h>

#include "bench-run.h"
#include "progress.h"
#include "sequential.h"

void
bench_run_init (bench_run *run)
{
  memset (run, 0, sizeof *run);
  run->passes = g_array_new (FALSE, TRUE, sizeof (measured_pass));
  run->precision_half_width_pct = NAN;
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

/* The ok passes' times in ms. */
static GArray *
ok_times_ms (const bench_run *run)
{
  GArray *ms = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < run->passes->len; i++)
    {
      const measured_pass *p = &g_array_index (run->passes, measured_pass, i);
      if (p->result.status == PASS_OK)
        {
          double v = (double)p->result.wall_ns / 1e6;
          g_array_append_val (ms, v);
        }
    }
  return ms;
}

static int
pass_limit (const bench_run *run)
{
  return run->precision_pct > 0 ? run->max_passes : run->passes_requested;
}

static void
show_progress (const bench_run *run, gboolean warming, int k, int64_t start_ns)
{
  if (!progress_enabled ())
    return;
  double elapsed = (double)(monotonic_ns () - start_ns) / 1e9;
  g_autoptr (GArray) ms = ok_times_ms (run);
  precision_state st;
  precision_measure ((double *)ms->data, ms->len, &st);
  g_autofree char *goal
      = run->precision_pct > 0 ? g_strdup_printf (" (until \u00b1%g%%)", run->precision_pct)
                               : g_strdup ("");
  if (warming)
    progress_update ("warm-up %d/%d  elapsed %.0fs", k, run->warmup, elapsed);
  else if (ms->len == 0)
    progress_update ("pass %d/%d%s  elapsed %.0fs", k, pass_limit (run), goal, elapsed);
  else if (isnan (st.half_width_pct))
    progress_update ("pass %d/%d%s  elapsed %.0fs  mean so far %.1fms", k, pass_limit (run),
                     goal, elapsed, st.mean);
  else
    progress_update ("pass %d/%d%s  elapsed %.0fs  mean so far %.1fms \u00b1%.1f%%", k,
                     pass_limit (run), goal, elapsed, st.mean, st.half_width_pct);
}

/* One pass of whatever this run boots. */
static void
run_one_pass (const bench_run *run, measured_pass *p)
{
  if (run->run_pass)
    {
      p->loadavg_1min = -1;
      run->run_pass (run, p, run->run_pass_data);
      return;
    }
  if (run->direct)
    {
      direct_run_pass (run->direct, p->pass, &p->result, &p->marks, NULL);
      p->has_marks = TRUE;
    }
  else
    appliance_run_pass (&run->config, &p->result);
  p->loadavg_1min = load_now ();
}

/* What the run itself keeps busy: one runnable thread per virtual CPU. */
static double
own_load (const bench_run *run)
{
  int cpus = run->direct ? run->direct->smp : run->effective_smp;
  return cpus > 0 ? cpus : 1;
}

static void
watch_load (bench_run *run, const measured_pass *p)
{
  if (run->load_rose_at || !load_has_risen (run->host.loadavg[0], p->loadavg_1min,
                                            own_load (run)))
    return;
  run->load_rose_at = (int)p->pass;
  sequential_notify (run->notice, run->notice_data,
                     "warning: the host's load average rose from %.2f to %.2f by pass %u: other work "
          "is slowing the passes down",
          run->host.loadavg[0], p->loadavg_1min, p->pass);
}

/* After each measured pass of a --precision run: has it been reached?  At
 * the first look, say how many passes the noise seen so far needs. */
static gboolean
precision_look (bench_run *run, int k)
{
  g_autoptr (GArray) ms = ok_times_ms (run);
  precision_state st;
  precision_measure ((double *)ms->data, ms->len, &st);
  run->precision_half_width_pct = st.half_width_pct;
  run->precision_reached = precision_reached (&st, run->precision_pct, run->passes_requested);
  if (run->precision_reached || k != run->passes_requested || isnan (st.cv))
    return run->precision_reached;
  run->passes_needed = precision_passes_needed (st.cv, run->precision_pct, run->max_passes);
  if (run->passes_needed > run->max_passes)
    sequential_notify (run->notice, run->notice_data,
                       "CV %.1f%% after %d passes: \u00b1%g%% of the mean needs more than "
            "--max-passes %d; the run will stop there without reaching it",
            100 * st.cv, k, run->precision_pct, run->max_passes);
  else
    sequential_notify (run->notice, run->notice_data, "CV %.1f%% after %d passes: ~%d passes to reach \u00b1%g%% of the mean",
            100 * st.cv, k, run->passes_needed, run->precision_pct);
  return FALSE;
}

pass_status
bench_run_passes (bench_run *run, char **failure)
{
  int64_t start = monotonic_ns ();
  pass_status status = PASS_OK;
  for (int k = 1; k <= run->warmup && status == PASS_OK; k++)
    {
      show_progress (run, TRUE, k, start);
      measured_pass w = { .pass = 0 };
      run_one_pass (run, &w);
      status = w.result.status;
      if (status != PASS_OK)
        *failure = g_strdup_printf ("warm-up pass %d: %s", k, w.result.error);
      pass_result_clear (&w.result);
    }
  gboolean reached = FALSE;
  for (int k = 1; k <= pass_limit (run) && status == PASS_OK && !reached; k++)
    {
      show_progress (run, FALSE, k, start);
      measured_pass p = { .pass = (guint)k };
      run_one_pass (run, &p);
      g_array_append_val (run->passes, p);
      status = p.result.status;
      if (status != PASS_OK)
        *failure = g_strdup_printf ("pass %d: %s", k, p.result.error);
      watch_load (run, &p);
      if (status == PASS_OK && run->precision_pct > 0 && k >= run->passes_requested)
        reached = precision_look (run, k);
    }
  progress_clear ();
  return status;
}
