/* verdict.c: the three-way verdict between a baseline and a candidate.
 *
 * changed:      the test (Mann-Whitney U or Welch) rejects "same distribution"
 *               at --alpha AND the difference of means is at least
 *               --threshold percent of the baseline.
 * same:         the 95% confidence interval of that difference lies wholly
 *               inside (-threshold, +threshold): any change is smaller than
 *               the user cares about.
 * inconclusive: neither.  More passes narrow the interval; the caller adds
 *               them up to --max-passes and never turns this into a guess. */

#include <config.h>

#include <math.h>

#include "range.h"

commit_verdict
range_verdict (const range_options *o, const GArray *base_ms, const GArray *cand_ms,
               stats_comparison *cmp)
{
  if (!stats_compare (o->test, (const double *)base_ms->data, base_ms->len,
                      (const double *)cand_ms->data, cand_ms->len, cmp))
    return VERDICT_INCONCLUSIVE;

  if (cmp->p_value < o->alpha && fabs (cmp->diff_pct) >= o->threshold_pct)
    return VERDICT_CHANGED;
  if (cmp->diff_pct_ci_low > -o->threshold_pct
      && cmp->diff_pct_ci_high < o->threshold_pct)
    return VERDICT_SAME;
  return VERDICT_INCONCLUSIVE;
}
