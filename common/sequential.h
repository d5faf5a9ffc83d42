/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sequential.h: the stopping rules of boot-benchmark's sequential runs and
 * its noise guard, as pure functions over samples so that they can be tested
 * on synthetic data with known noise.
 *
 * --precision PCT: passes are added until the 95% Student's t interval of
 * the mean is at most PCT% of the mean on either side.  Because the rule
 * looks after every pass, and stops early when the sd happens to come out
 * small, the rule itself asks that of the wider PRECISION_STOP_LEVEL
 * interval: the printed 95% interval is then narrower still, and "the true
 * mean lies within PCT% of the printed mean" holds about 95% of the time or
 * more (tests/test-sequential.c simulates it).
 *
 * The noise guard: how many passes a precision or a comparison needs at the
 * noise seen in the first ones, and whether the host's load rose during the
 * run beyond what the run itself adds. */
#ifndef BOOTPERF_SEQUENTIAL_H
#define BOOTPERF_SEQUENTIAL_H

#include <stddef.h>
#include <glib.h>

/* The stopping rule's two-sided confidence level (see above). */
#define PRECISION_STOP_LEVEL 0.97
/* Passes before the first look, unless --passes says otherwise. */
#define SEQUENTIAL_DEFAULT_MIN_PASSES 5
#define SEQUENTIAL_DEFAULT_MAX_PASSES 50

typedef struct
{
  size_t n;
  double mean;
  double cv;                  /* sd / mean; NAN when n < 2 */
  double half_width_pct;      /* 95% t interval's half-width, % of the mean; NAN: n < 2 */
  double stop_half_width_pct; /* the same at PRECISION_STOP_LEVEL */
} precision_state;

/* Summarise x[0..n) (times, positive) for the precision rule. */
void precision_measure (const double *x, size_t n, precision_state *out);

/* The rule: at least min_passes, and the PRECISION_STOP_LEVEL interval's
 * half-width at most target_pct of the mean. */
gboolean precision_reached (const precision_state *s, double target_pct, int min_passes);

/* The total passes the rule needs when the coefficient of variation is cv
 * (a fraction): the smallest n >= 2 whose PRECISION_STOP_LEVEL half-width
 * t(n-1) cv / sqrt(n) is at most target_pct%.  cap + 1 when none up to cap;
 * 0 when cv is not a finite number >= 0. */
int precision_passes_needed (double cv, double target_pct, int cap);

/* Rounds (passes of each configuration) a paired comparison needs for an 80%
 * chance of resolving an effect of threshold_pct: ((z_crit + z_0.8) sd /
 * threshold)^2, where sd_pct is the sd of one round's difference in percent
 * and z_crit the test's two-sided critical value at its last look.  cap + 1
 * when more than cap; 0 when sd_pct is not a finite number >= 0. */
int comparison_rounds_needed (double sd_pct, double threshold_pct, double z_crit,
                              int cap);

/* TRUE when the 1-minute load average now is more than 1 above its value
 * when the run began plus own_load, what the run itself keeps busy (a
 * running qemu: about one runnable thread per virtual CPU). */
gboolean load_has_risen (double start_load, double now_load, double own_load);

/* The host's 1-minute load average now; -1 when it cannot be read. */
double load_now (void);

/* Something a sequential run says while it runs (the noise guard, a load
 * rise); the tool's main prints it. */
typedef void (*sequential_notice_fn) (const char *text, gpointer data);

/* Format the text and hand it to fn (nothing when fn is NULL), clearing the
 * progress line first. */
void sequential_notify (sequential_notice_fn fn, gpointer data, const char *fmt, ...)
    G_GNUC_PRINTF (3, 4);

#endif
