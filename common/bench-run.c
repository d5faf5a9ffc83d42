/* bench-run.c: see bench-run.h. */
#include <config.h>

#include "bench-run.h"
#include "progress.h"

static double
running_mean_ms (const bench_run *run)
{
  double sum = 0;
  guint n = 0;
  for (guint i = 0; i < run->passes->len; i++)
    {
      const measured_pass *p = &g_array_index (run->passes, measured_pass, i);
      if (p->result.status == PASS_OK)
        {
          sum += (double) p->result.wall_ns / 1e6;
          n++;
        }
    }
  return n ? sum / n : 0;
}

static void
show_progress (const bench_run *run, gboolean warming, int k, int64_t start_ns)
{
  double elapsed = (double) (monotonic_ns () - start_ns) / 1e9;
  if (warming)
    progress_update ("warm-up %d/%d  elapsed %.0fs", k, run->warmup, elapsed);
  else if (run->passes->len == 0)
    progress_update ("pass %d/%d  elapsed %.0fs", k, run->passes_requested, elapsed);
  else
    progress_update ("pass %d/%d  elapsed %.0fs  mean so far %.1fms", k,
                     run->passes_requested, elapsed, running_mean_ms (run));
}

/* One pass of whatever this run boots. */
static void
run_one_pass (const bench_run *run, measured_pass *p)
{
  if (run->direct)
    {
      direct_run_pass (run->direct, p->pass, &p->result, &p->marks, NULL);
      p->has_marks = TRUE;
    }
  else
    appliance_run_pass (&run->config, &p->result);
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
  for (int k = 1; k <= run->passes_requested && status == PASS_OK; k++)
    {
      show_progress (run, FALSE, k, start);
      measured_pass p = { .pass = (guint) k };
      run_one_pass (run, &p);
      g_array_append_val (run->passes, p);
      status = p.result.status;
      if (status != PASS_OK)
        *failure = g_strdup_printf ("pass %d: %s", k, p.result.error);
    }
  progress_clear ();
  return status;
}
