/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pass.h: what one boot pass gives, whatever booted it (the appliance, a
 * kernel straight under QEMU): its status, time, qemu's peak memory and
 * pid, and why it failed; and the clock passes are timed with. */
#ifndef BOOTPERF_PASS_H
#define BOOTPERF_PASS_H

#include <stdint.h>
#include <glib.h>

typedef enum
{
  PASS_OK,
  PASS_FAILED,      /* the boot or the shutdown failed */
  PASS_TIMED_OUT,   /* qemu was killed after the pass's timeout */
  PASS_INTERRUPTED, /* SIGINT/SIGTERM arrived: qemu was killed */
} pass_status;

typedef struct
{
  pass_status status;
  int64_t wall_ns;           /* launch to the end of shutdown, CLOCK_MONOTONIC */
  int64_t qemu_peak_rss_kib; /* qemu's peak RSS; -1 if unknown */
  int qemu_pid;              /* -1 if never known */
  char *error;               /* one line, for status != PASS_OK; g_free it */
} pass_result;

void pass_result_clear (pass_result *r);
const char *
pass_status_name (pass_status s); /* "ok", "failed", "timeout", "interrupted" */

/* CLOCK_MONOTONIC in nanoseconds. */
int64_t monotonic_ns (void);

#endif
