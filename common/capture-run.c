/* SPDX-License-Identifier: GPL-2.0-or-later */
/* capture-run.c: see capture-run.h. */
#include <config.h>

#include "capture-run.h"
#include "pass-runner.h"

typedef struct
{
  GPtrArray *passes;
  pass_events *failed_pass;
} captured;

static void
keep_events (pass_record *p, gpointer data)
{
  captured *c = data;
  if (p->boot.result.status == PASS_OK)
    g_ptr_array_add (c->passes, g_steal_pointer (&p->boot.events));
  else
    c->failed_pass = g_steal_pointer (&p->boot.events);
  boot_pass_clear (&p->boot);
}

gboolean
capture_run_passes (const capture_run_config *cfg, GPtrArray **passes,
                    pass_events **failed_pass, GError **error)
{
  captured c
      = { .passes = g_ptr_array_new_with_free_func ((GDestroyNotify)pass_events_free) };
  g_autoptr (GPtrArray) targets = g_ptr_array_new ();
  g_ptr_array_add (targets, cfg->target);
  cfg->target->capture = TRUE;
  pass_runner r = {
    .targets = targets,
    .warmup = cfg->warmup,
    .max_rounds = cfg->passes,
    .announce = cfg->announce,
    .measured = keep_events,
    .hooks = cfg->hooks,
    .data = &c,
  };
  gboolean ok = pass_runner_run (&r, error);
  *passes = c.passes;
  *failed_pass = c.failed_pass;
  return ok;
}
