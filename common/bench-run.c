/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bench-run.c: see bench-run.h.  The loop is the pass runner's; this file
 * keeps the measured passes and looks for --precision after each. */
#include <config.h>

#include <math.h>
#include <string.h>

#include "bench-run.h"
#include "pass-runner.h"
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

/* "  mean so far 8012.3ms ±4.1% (until ±2%)" */
static char *
progress_tail (gpointer data)
{
  const bench_run *run = data;
  g_autoptr (GArray) ms = ok_times_ms (run);
  precision_state st;
  precision_measure ((double *)ms->data, ms->len, &st);
  GString *tail = g_string_new (NULL);
  if (ms->len > 0)
    g_string_append_printf (tail, "  mean so far %.1fms", st.mean);
  if (ms->len > 0 && !isnan (st.half_width_pct))
    g_string_append_printf (tail, " \u00b1%.1f%%", st.half_width_pct);
  if (run->precision_pct > 0)
    g_string_append_printf (tail, " (until \u00b1%g%%)", run->precision_pct);
  return g_string_free (tail, FALSE);
}

static void
keep_pass (pass_record *p, gpointer data)
{
  bench_run *run = data;
  measured_pass m = { .pass = p->round,
                      .result = p->boot.result,
                      .has_marks = p->boot.has_marks,
                      .marks = p->boot.marks,
                      .loadavg_1min = p->loadavg_1min };
  p->boot.result.error = NULL; /* now the measured pass's */
  boot_pass_clear (&p->boot);
  g_array_append_val (run->passes, m);
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
  run->precision_reached
      = precision_reached (&st, run->precision_pct, run->passes_requested);
  if (run->precision_reached || k != run->passes_requested || isnan (st.cv))
    return run->precision_reached;
  run->passes_needed
      = precision_passes_needed (st.cv, run->precision_pct, run->max_passes);
  if (run->passes_needed > run->max_passes)
    sequential_notify (
        run->hooks.notice, run->hooks.notice_data,
        "CV %.1f%% after %d passes: \u00b1%g%% of the mean needs more than "
        "--max-passes %d; the run will stop there without reaching it",
        100 * st.cv, k, run->precision_pct, run->max_passes);
  else
    sequential_notify (
        run->hooks.notice, run->hooks.notice_data,
        "CV %.1f%% after %d passes: ~%d passes to reach \u00b1%g%% of the mean",
        100 * st.cv, k, run->passes_needed, run->precision_pct);
  return FALSE;
}

static gboolean
round_done (int round, gpointer data)
{
  bench_run *run = data;
  return run->precision_pct > 0 && round >= run->passes_requested
         && precision_look (run, round);
}

gboolean
bench_run_set_target (bench_run *run, boot_target *t, GError **error)
{
  boot_target_facts f;
  host_info_clear (&run->host);
  if (!boot_target_host_info (t, &run->host, &f, error))
    return FALSE;
  run->target = t;
  run->accel = t->accel;
  run->effective_smp = f.smp;
  run->effective_memsize_mb = f.memsize_mb;
  g_free (run->effective_append);
  run->effective_append = g_steal_pointer (&f.append);
  boot_target_facts_clear (&f);
  return TRUE;
}

gboolean
bench_run_passes (bench_run *run, GError **error)
{
  g_autoptr (GPtrArray) targets = g_ptr_array_new ();
  g_ptr_array_add (targets, run->target);
  pass_runner r = {
    .targets = targets,
    .warmup = run->warmup,
    .max_rounds = run->precision_pct > 0 ? run->max_passes : run->passes_requested,
    .watch_load = TRUE,
    .start_load = run->host.loadavg[0],
    .measured = keep_pass,
    .round_done = round_done,
    .progress_tail = progress_tail,
    .hooks = run->hooks,
    .data = run,
  };
  gboolean ok = pass_runner_run (&r, error);
  run->load_rose_at = (int)r.load_rose_at;
  return ok;
}
