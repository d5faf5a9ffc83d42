/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pass.c: the pass result's helpers and the clock every pass is timed with. */
#include <config.h>

#include <time.h>

#include "interrupt.h"
#include "pass.h"

/* clang-format off */
G_DEFINE_QUARK (bootperf-pass-error-quark, pass_error)
/* clang-format on */

int64_t
monotonic_ns (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

const char *
pass_status_name (pass_status s)
{
  switch (s)
    {
    case PASS_OK:
      return "ok";
    case PASS_FAILED:
      return "failed";
    case PASS_TIMED_OUT:
      return "timeout";
    case PASS_INTERRUPTED:
      return "interrupted";
    }
  return "unknown";
}

void
pass_result_clear (pass_result *r)
{
  g_clear_pointer (&r->error, g_free);
}

pass_status
pass_limits_check (const pass_limits *l, int64_t now_ns)
{
  if (interrupt_requested ())
    return PASS_INTERRUPTED;
  if (l->deadline_ns && now_ns >= l->deadline_ns)
    return PASS_TIMED_OUT;
  if (l->should_stop && l->should_stop (l->data))
    return PASS_FAILED;
  return PASS_OK;
}

char *
pass_interrupted_message (void)
{
  return g_strdup_printf ("interrupted by signal %d: qemu was killed",
                          interrupt_signal ());
}
