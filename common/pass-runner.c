/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pass-runner.c: see pass-runner.h. */
#include <config.h>

#include "accel.h"
#include "interrupt.h"
#include "pass-runner.h"
#include "progress.h"

/* One run in progress. */
typedef struct
{
  pass_runner *r;
  int64_t start_ns;
  guint order;      /* measured passes so far */
  double *own_load; /* per target: what its boots keep busy (vCPUs) */
} run_state;

/* "configuration 'b', warm-up pass 2" or "pass 3". */
static char *
pass_label (const pass_runner *r, guint target, gboolean warming, int number)
{
  return g_strdup_printf ("%s%s%s%s %d", r->names ? "configuration '" : "",
                          r->names ? r->names[target] : "", r->names ? "', " : "",
                          warming ? "warm-up pass" : "pass", number);
}

static void
show_progress (const run_state *st, guint target, gboolean warming, int number)
{
  const pass_runner *r = st->r;
  if (!progress_enabled ())
    return;
  double elapsed = (double)(monotonic_ns () - st->start_ns) / 1e9;
  g_autofree char *tail
      = !warming && r->progress_tail ? r->progress_tail (r->data) : NULL;
  progress_update ("%s %d/%d%s%s  elapsed %.0fs%s",
                   warming         ? "warm-up"
                   : r->interleave ? "round"
                                   : "pass",
                   number, warming ? r->warmup : r->max_rounds, r->names ? "  " : "",
                   r->names ? r->names[target] : "", elapsed, tail ? tail : "");
}

static double
sample_load (const pass_runner *r, const pass_record *p)
{
  return r->hooks.sample_load ? r->hooks.sample_load (p->round, r->hooks.sample_load_data)
                              : load_now ();
}

/* The first measured pass after which the load had risen is said once. */
static void
watch_load (run_state *st, const pass_record *p)
{
  pass_runner *r = st->r;
  if (r->load_rose_at
      || !load_has_risen (r->start_load, p->loadavg_1min, st->own_load[p->target]))
    return;
  r->load_rose_at = p->order;
  gboolean several = r->targets->len > 1;
  sequential_notify (r->hooks.notice, r->hooks.notice_data,
                     "warning: the host's load average rose from %.2f to %.2f by %s %u: "
                     "other work is slowing the passes down%s",
                     r->start_load, p->loadavg_1min, r->interleave ? "round" : "pass",
                     r->interleave ? p->round : p->order,
                     several ? " (every configuration alike, as they are interleaved)"
                             : "");
}

/* One pass of target k; FALSE (and *error) when it failed. */
static gboolean
run_one (run_state *st, guint k, gboolean warming, int number, GError **error)
{
  pass_runner *r = st->r;
  boot_target *t = g_ptr_array_index (r->targets, k);
  g_autofree char *label = pass_label (r, k, warming, number);
  if (interrupt_requested ())
    {
      g_set_error (error, PASS_ERROR, PASS_INTERRUPTED,
                   "%s: interrupted by signal %d before it started", label,
                   interrupt_signal ());
      return FALSE;
    }
  show_progress (st, k, warming, number);
  if (r->announce)
    sequential_notify (r->hooks.notice, r->hooks.notice_data, "%s: launching (%s)", label,
                       accel_name (t->accel));
  pass_record p = { .target = k, .round = (guint)number };
  boot_target_run_pass (t, warming ? 0 : (guint)number - 1, &p.boot);
  pass_status status = p.boot.result.status;
  if (status != PASS_OK)
    g_set_error (error, PASS_ERROR, status, "%s: %s", label, p.boot.result.error);
  if (warming)
    {
      boot_pass_clear (&p.boot);
      return status == PASS_OK;
    }
  p.order = ++st->order;
  p.loadavg_1min = -1;
  if (r->watch_load)
    {
      p.loadavg_1min = sample_load (r, &p);
      watch_load (st, &p);
    }
  r->measured (&p, r->data);
  return status == PASS_OK;
}

/* The order of one round: a random permutation (Fisher-Yates) or 0, 1, ... */
static void
round_order (const pass_runner *r, GRand *rng, guint *order)
{
  guint n = r->targets->len;
  for (guint i = 0; i < n; i++)
    order[i] = i;
  if (!r->interleave)
    return;
  for (guint i = n - 1; i > 0; i--)
    {
      guint j = (guint)g_rand_int_range (rng, 0, (gint32)i + 1);
      guint t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
}

/* What each target keeps busy: one runnable thread per virtual CPU. */
static double *
own_loads (const pass_runner *r)
{
  double *load = g_new (double, r->targets->len);
  for (guint k = 0; k < r->targets->len; k++)
    {
      boot_target_facts f;
      gboolean known
          = boot_target_facts_get (g_ptr_array_index (r->targets, k), &f, NULL);
      load[k] = known && f.smp > 0 ? f.smp : 1;
      if (known)
        boot_target_facts_clear (&f);
    }
  return load;
}

static gboolean
run_rounds (run_state *st, GError **error)
{
  pass_runner *r = st->r;
  guint n = r->targets->len;
  g_autofree guint *order = g_new (guint, n);
  g_autoptr (GRand) rng = g_rand_new_with_seed (r->seed);
  for (int w = 1; w <= r->warmup; w++)
    for (guint k = 0; k < n; k++)
      if (!run_one (st, k, TRUE, w, error))
        return FALSE;
  for (int round = 1; round <= r->max_rounds; round++)
    {
      round_order (r, rng, order);
      for (guint i = 0; i < n; i++)
        if (!run_one (st, order[i], FALSE, round, error))
          return FALSE;
      r->rounds = round;
      if (r->round_done && r->round_done (round, r->data))
        break;
    }
  return TRUE;
}

gboolean
pass_runner_run (pass_runner *r, GError **error)
{
  run_state st = { .r = r, .start_ns = monotonic_ns () };
  if (r->watch_load)
    st.own_load = own_loads (r);
  r->rounds = 0;
  r->load_rose_at = 0;
  gboolean ok = run_rounds (&st, error);
  progress_clear ();
  g_free (st.own_load);
  return ok;
}
