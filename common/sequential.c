/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sequential.c: see sequential.h.  Student's t and normal quantiles come
 * from GSL; nothing here prints or keeps state. */
#include <config.h>

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

#include "progress.h"
#include "sequential.h"
#include "stats.h"

/* t(df) quantile of a two-sided level, e.g. 0.95 -> t(0.975, df). */
static double
t_two_sided (double level, double df)
{
  return gsl_cdf_tdist_Pinv (1 - (1 - level) / 2, df);
}

void
precision_measure (const double *x, size_t n, precision_state *out)
{
  out->n = n;
  out->mean = n ? stats_mean (x, n) : NAN;
  out->cv = out->half_width_pct = out->stop_half_width_pct = NAN;
  if (n < 2 || !(out->mean > 0))
    return;
  double sd = stats_sd (x, n);
  double se_pct = 100 * sd / sqrt ((double)n) / out->mean;
  out->cv = sd / out->mean;
  out->half_width_pct = t_two_sided (0.95, (double)(n - 1)) * se_pct;
  out->stop_half_width_pct = t_two_sided (PRECISION_STOP_LEVEL, (double)(n - 1)) * se_pct;
}

gboolean
precision_reached (const precision_state *s, double target_pct, int min_passes)
{
  return (int)s->n >= min_passes && s->n >= 2 && s->stop_half_width_pct <= target_pct;
}

int
precision_passes_needed (double cv, double target_pct, int cap)
{
  if (!(isfinite (cv) && cv >= 0) || !(target_pct > 0))
    return 0;
  for (int n = 2; n <= cap; n++)
    if (t_two_sided (PRECISION_STOP_LEVEL, n - 1) * 100 * cv / sqrt ((double)n)
        <= target_pct)
      return n;
  return cap + 1;
}

int
comparison_rounds_needed (double sd_pct, double threshold_pct, double z_crit, int cap)
{
  if (!(isfinite (sd_pct) && sd_pct >= 0) || !(threshold_pct > 0) || !(z_crit > 0))
    return 0;
  double z = (z_crit + gsl_cdf_ugaussian_Pinv (0.8)) * sd_pct / threshold_pct;
  double n = ceil (z * z);
  if (n > cap)
    return cap + 1;
  return MAX (2, (int)n);
}

gboolean
load_has_risen (double start_load, double now_load, double own_load)
{
  if (start_load < 0 || now_load < 0)
    return FALSE; /* getloadavg failed: nothing to say */
  return now_load > start_load + own_load + 1.0;
}

double
load_now (void)
{
  double load[3];
  return getloadavg (load, 1) == 1 ? load[0] : -1;
}

void
sequential_notify (sequential_notice_fn fn, gpointer data, const char *fmt, ...)
{
  if (!fn)
    return;
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *text = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  progress_clear ();
  fn (text, data);
}
