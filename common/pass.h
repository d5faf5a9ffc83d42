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

/* A pass that failed, as a GError: the code is its pass_status. */
#define PASS_ERROR (pass_error_quark ())
GQuark pass_error_quark (void);

void pass_result_clear (pass_result *r);
const char *
pass_status_name (pass_status s); /* "ok", "failed", "timeout", "interrupted" */

/* CLOCK_MONOTONIC in nanoseconds. */
int64_t monotonic_ns (void);

/* What may end a pass before it ends by itself, checked the same way by
 * every supervisor (the appliance's watchdog, the direct boot's loop). */
typedef struct
{
  int64_t deadline_ns;                  /* CLOCK_MONOTONIC; 0: no timeout */
  gboolean (*should_stop) (void *data); /* the caller's reason (a probe that
                                         * knows); NULL: none */
  void *data;
} pass_limits;

/* PASS_OK while the pass may go on; else why it must end now: Ctrl-C
 * (PASS_INTERRUPTED), the deadline (PASS_TIMED_OUT), the caller
 * (PASS_FAILED). */
pass_status pass_limits_check (const pass_limits *l, int64_t now_ns);

/* "interrupted by signal 2: qemu was killed" */
char *pass_interrupted_message (void);

#endif
