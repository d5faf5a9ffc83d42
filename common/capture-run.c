/* SPDX-License-Identifier: GPL-2.0-or-later */
/* capture-run.c: see capture-run.h. */
#include <config.h>

#include <stdio.h>

#include "capture-run.h"
#include "capture.h"
#include "interrupt.h"
#include "progress.h"

typedef struct {
  event_capture *capture;
  GError *error;
} capture_hook;

static void
setup_handle (guestfs_h *g, void *opaque)
{
  capture_hook *hook = opaque;
  if (!hook->error)
    event_capture_attach (hook->capture, g, &hook->error);
}

GPtrArray *
capture_run_passes (const capture_run_config *cfg, char **failure,
                    pass_events **failed_pass)
{
  *failed_pass = NULL;
  g_autoptr (event_capture) capture = event_capture_new ();
  capture_hook hook = { .capture = capture };
  appliance_config appliance = { 0 };
  if (!cfg->direct)
    {
      appliance = *cfg->appliance;
      appliance.setup_handle = setup_handle;
      appliance.opaque = &hook;
    }
  GPtrArray *passes = g_ptr_array_new_with_free_func ((GDestroyNotify) pass_events_free);
  int64_t start = monotonic_ns ();
  for (int k = 0; k < cfg->warmup + cfg->passes && !interrupt_requested (); k++)
    {
      gboolean warmup = k < cfg->warmup;
      const char *what = warmup ? "warm-up" : "pass";
      int number = warmup ? k + 1 : k - cfg->warmup + 1;   /* 1-based, as shown */
      double elapsed = (double) (monotonic_ns () - start) / 1e9;
      progress_update ("%s %d/%d  elapsed %.0fs", what, number,
                       warmup ? cfg->warmup : cfg->passes, elapsed);
      if (cfg->verbose)
        {
          progress_clear ();
          fprintf (stderr, "boot-analysis: %s %d: launching (%s)\n", what, number,
                   accel_name (cfg->direct ? cfg->direct->accel : appliance.accel));
        }
      guint pass = warmup ? 0 : (guint) (number - 1);
      pass_result result;
      g_autoptr (pass_events) events = NULL;
      if (cfg->direct)
        {
          boot_marks marks;
          direct_run_pass (cfg->direct, pass, &result, &marks, &events);
        }
      else
        {
          event_capture_begin_pass (capture, pass);
          appliance_run_pass (&appliance, &result);
          events = event_capture_end_pass (capture);
        }
      if (hook.error)
        *failure = g_strdup (hook.error->message);
      else if (result.status != PASS_OK)
        {
          *failure = g_strdup_printf ("%s %d: %s", what, number, result.error);
          if (!warmup)
            *failed_pass = g_steal_pointer (&events);
        }
      else if (!warmup)
        g_ptr_array_add (passes, g_steal_pointer (&events));
      pass_result_clear (&result);
      if (*failure)
        break;
    }
  g_clear_error (&hook.error);
  progress_clear ();
  return passes;
}
