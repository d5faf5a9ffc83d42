/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pass.c: the pass result's helpers and the clock every pass is timed with. */
#include <config.h>

#include <time.h>

#include "pass.h"

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
