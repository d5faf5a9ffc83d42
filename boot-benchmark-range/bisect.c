/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bisect.c: noise-aware bisection for the first commit whose boot time
 * differs from the baseline (the first commit of the range that builds).
 *
 * Like git bisect it assumes one lasting change: it compares the baseline
 * with the last commit, and if they differ, halves the bracket between the
 * newest commit like the baseline and the oldest like the end.  Unlike git
 * bisect:
 *   - the end comparison and the confirmation below are full verdicts
 *     (verdict.c), from rounds measured for them;
 *   - a search step only asks which end of the bracket the middle commit m
 *     is like: m is measured against the end of the bracket that ran last
 *     (whose latest run opens the step's first round, so a step costs one
 *     run when it is clear at once), and its interval is held against the
 *     midpoint between the two ends' times (half the range's change, as the
 *     end comparison measured it), at the steering level RANGE_STEP_ALPHA;
 *   - a commit like neither end (beyond the reference, away from the other
 *     end), or that stays undecided, or fails to build, is set aside like
 *     git bisect skip, and named at the end if the change could be in it;
 *   - before naming commit k, k is measured again against its parent in
 *     fresh rounds of its own, at --alpha.  If they are the same, a step
 *     was wrong (or the change is spread): the tool finds which end the
 *     pair is like by comparing k with the baseline, and searches again
 *     between the pair and the far end of the range, with what lies between
 *     untried (a wrong step misleads the steps after it, whose references
 *     it chose); at most MAX_REOPEN times, then it says what is uncertain;
 *   - when the search walked all the way to the baseline, the end
 *     comparison is taken up again at --alpha before the confirmation, as
 *     when the named pair is the end and its parent: a host that changed
 *     speed within its one round leads the search there.
 * Whatever the steps did, a wrong commit is named only if a confirmation
 * errs: at most --alpha each (its one-sided bound must miss by half the
 * threshold, verdict.c), and there is one confirmation, or one more per
 * reopened search (at most MAX_REOPEN); far less for a pair with no change
 * at all, whose bound must then miss by T/2.  A wrong step costs passes,
 * not a wrong answer. */

#include <config.h>

#include <math.h>
#include <stdlib.h>

#include "range.h"

/* Most times a failed confirmation sends the search back. */
#define MAX_REOPEN 3

static guint
ceil_log2 (guint n)
{
  guint k = 0;
  while ((1u << k) < n)
    k++;
  return k;
}

/* The untried commit strictly between lo and hi closest to their middle. */
static int
pick_middle (const range_session *s, int lo, int hi, guint *untried)
{
  int best = -1;
  int mid2 = lo + hi; /* twice the middle, to stay in integers */
  *untried = 0;
  for (int i = lo + 1; i < hi; i++)
    {
      if (range_session_commit (s, (guint)i)->verdict != VERDICT_NONE)
        continue;
      (*untried)++;
      if (best < 0 || abs (2 * i - mid2) < abs (2 * best - mid2))
        best = i;
    }
  return best;
}

static int
direction_of (const range_commit *c)
{
  return c->comparison.pct > 0 ? 1 : -1;
}

static void
note_host_change (range_result *r, const range_pairing *p)
{
  if (p->host_changed)
    r->host_changes++;
}

/* Which of ref and c ran last in their comparison: c in odd rounds (ref
 * first), ref in even ones.  From the rounds, not from the session, so
 * that a search replayed from the cache takes the same steps. */
static void
note_last_run (range_result *r, const range_commit *ref, const range_commit *c,
               gboolean confirming)
{
  guint last = range_pairs_last_round (ref, c, confirming);
  if (last > 0)
    r->last_ran = (int)(last % 2 == 1 ? c : ref)->index;
}

/* Compare the end commits; the first from the end that can be measured. */
static gboolean
decide_end (range_session *s, range_result *r, range_commit *b, int *end, GError **error)
{
  int n = (int)s->commits->len;
  for (int from = n - 1;;)
    {
      *end = range_search_first_measurable (s, from, b->index + 1, -1, error);
      if (*end == -2)
        return FALSE;
      if (*end < 0)
        {
          range_search_all_skipped_error (s, (int)b->index + 1, n - 1, error);
          return FALSE;
        }
      range_commit *e = range_session_commit (s, (guint)*end);
      commit_verdict v = VERDICT_NONE;
      range_judging how = { .plan = &s->plan };
      how.start_plan = &s->start_plan;
      if (!range_session_judge (s, b, e, &how, &v, &e->comparison, &e->pairing, error))
        return FALSE;
      note_last_run (r, b, e, FALSE);
      e->compared_with = (int)b->index;
      if (e->verdict != VERDICT_SKIPPED)
        {
          e->verdict = v;
          e->have_comparison = e->comparison.n > 0;
        }
      note_host_change (r, &e->pairing);
      if (e->verdict != VERDICT_SKIPPED)
        return TRUE;
      range_report_commit (s->out, s, e);
      from = *end - 1;
    }
}

/* The range's change as a log ratio: the end comparison's estimate,
 * pooled (weighted by pairs) with those of the steps that found a commit
 * unlike their reference, each a measure of the same change. */
static double
range_shift (const range_result *r)
{
  return r->change_log_sum / r->change_pairs;
}

static void
pool_change (range_result *r, const stats_paired *cmp, int sign)
{
  r->change_log_sum += sign * log (cmp->ratio) * (double)cmp->n;
  r->change_pairs += (double)cmp->n;
}

/* A search step: which end of the bracket m is like, against ref, an end
 * of the bracket (ref_changed: the end's side).  Sets m's verdict as its
 * side (same: the baseline's, changed: the end's), or sets it aside. */
static gboolean
step (range_session *s, range_result *r, range_commit *ref, gboolean ref_changed,
      range_commit *m, GError **error)
{
  double shift = ref_changed ? -range_shift (r) : range_shift (r);
  range_judging how = { .plan = &s->step_plan, .step = TRUE, .shift = shift };
  commit_verdict v;
  if (!range_session_judge (s, ref, m, &how, &v, &m->comparison, &m->pairing, error))
    return FALSE;
  note_host_change (r, &m->pairing);
  note_last_run (r, ref, m, FALSE);
  m->compared_with = (int)ref->index;
  if (m->verdict == VERDICT_SKIPPED)
    return TRUE;
  m->have_comparison = m->comparison.n > 0;
  m->search_step = TRUE;
  m->step_midpoint_pct = 100 * expm1 (shift / 2);
  gboolean neither = v != VERDICT_INCONCLUSIVE && m->pairing.neither;
  m->against_direction = neither;
  if (v == VERDICT_INCONCLUSIVE || neither)
    m->verdict = v;
  else
    m->verdict = (v == VERDICT_CHANGED) != ref_changed ? VERDICT_CHANGED : VERDICT_SAME;
  if (v == VERDICT_CHANGED && !neither)
    pool_change (r, &m->comparison, ref_changed ? -1 : 1);
  return TRUE;
}

/* The end of [lo, hi] to measure the next step against: the one that ran
 * last (its run opens the step's first round), else lo. */
static range_commit *
step_reference (range_session *s, const range_result *r, int lo, int hi, gboolean *is_hi)
{
  *is_hi = r->last_ran == hi;
  return range_session_commit (s, (guint)(*is_hi ? hi : lo));
}

/* Halve [lo, hi] until no untried commit is left between them. */
static gboolean
search (range_session *s, range_result *r, int *lo, int *hi, GError **error)
{
  for (;;)
    {
      guint untried;
      int mid = pick_middle (s, *lo, *hi, &untried);
      if (mid < 0 || s->noise_hopeless)
        return TRUE;
      s->steps_left = ceil_log2 (untried + 1) + 1;
      s->step++;
      range_commit *m = range_session_commit (s, (guint)mid);
      if (!range_session_prepare (s, m, error))
        return FALSE;
      gboolean ref_is_hi;
      range_commit *ref = step_reference (s, r, *lo, *hi, &ref_is_hi);
      if (m->verdict != VERDICT_SKIPPED && !step (s, r, ref, ref_is_hi, m, error))
        return FALSE;
      range_report_commit (s->out, s, m);
      if (m->verdict == VERDICT_SAME)
        *lo = mid;
      else if (m->verdict == VERDICT_CHANGED && !m->against_direction)
        *hi = mid;
    }
}

static void
collect_suspects (range_session *s, range_result *r, int lo, int hi)
{
  for (int i = lo + 1; i < hi; i++)
    {
      const range_commit *c = range_session_commit (s, (guint)i);
      if (c->verdict != VERDICT_SKIPPED && c->verdict != VERDICT_INCONCLUSIVE
          && !c->against_direction)
        continue;
      guint idx = (guint)i;
      g_array_append_val (r->suspects, idx);
      if (c->verdict != VERDICT_SKIPPED)
        r->outcome = RANGE_OUTCOME_INCONCLUSIVE;
    }
}

/* The confirmation showed the change between the parent and k: the change
 * is not in the parent.  The outcome stays inconclusive only if another
 * undecided commit remains. */
static void
drop_suspect (range_result *r, guint parent)
{
  for (guint i = 0; i < r->suspects->len; i++)
    if (g_array_index (r->suspects, guint, i) == parent)
      g_array_remove_index (r->suspects, i--);
}

static void
recount_outcome (range_session *s, range_result *r)
{
  r->outcome = RANGE_OUTCOME_CHANGED;
  for (guint i = 0; i < r->suspects->len; i++)
    {
      const range_commit *c
          = range_session_commit (s, g_array_index (r->suspects, guint, i));
      if (c->verdict != VERDICT_SKIPPED)
        r->outcome = RANGE_OUTCOME_INCONCLUSIVE;
    }
}

typedef enum
{
  CONFIRM_NAMED,  /* k changed against its parent: named */
  CONFIRM_SAME,   /* k is like its parent: a step was wrong */
  CONFIRM_UNSURE, /* neither: k can only be named with a warning */
} confirm_result;

static void
say_uncertain (range_session *s, range_result *r, const range_commit *k,
               const range_commit *parent, const char *why)
{
  r->outcome = RANGE_OUTCOME_INCONCLUSIVE;
  g_free (r->uncertain);
  if (r->confirmed == VERDICT_INCONCLUSIVE)
    r->uncertain = g_strdup_printf (
        "not confirmed: %s against its parent %s stayed inconclusive after %zu "
        "paired passes; the change is at %s or spread over the commits before it",
        k->short_sha, parent->short_sha, r->confirmation.n, k->short_sha);
  else
    r->uncertain = g_strdup_printf (
        "not confirmed: %s against its parent %s is %s (%+.1f%%), so no single "
        "commit between %s and %s holds the whole change: it is spread over "
        "them, or a verdict of the search was wrong%s",
        k->short_sha, parent->short_sha, commit_verdict_name (r->confirmed),
        r->confirmation.pct, range_session_commit (s, (guint)r->last_same)->short_sha,
        k->short_sha, why);
}

/* Measure hi against its parent, in fresh rounds of their own, before
 * naming it.  When they are the baseline and the end, the end comparison
 * is that comparison (it was made before any step chose it), taken on to
 * the full verdict. */
static gboolean
confirm (range_session *s, range_result *r, int hi, confirm_result *next, GError **error)
{
  range_commit *k = range_session_commit (s, (guint)hi);
  range_commit *parent = range_session_commit (s, (guint)hi - 1);
  *next = CONFIRM_NAMED;
  if (parent->verdict == VERDICT_SKIPPED)
    return TRUE; /* named with the parent among the suspects */
  s->step++;
  s->steps_left = 1;
  range_pairing pairing;
  commit_verdict v;
  gboolean whole_range = hi == r->end && hi - 1 == r->baseline;
  range_judging how
      = { .plan = whole_range ? &s->plan : &s->confirm_plan, .confirming = !whole_range };
  if (!range_session_judge (s, parent, k, &how, &v, &r->confirmation, &pairing, error))
    return FALSE;
  note_host_change (r, &pairing);
  note_last_run (r, parent, k, how.confirming);
  if (whole_range && k->verdict != VERDICT_SKIPPED)
    {
      k->comparison = r->confirmation;
      k->pairing = pairing;
      k->verdict = v;
    }
  r->confirm_parent = hi - 1;
  r->confirmed = k->verdict == VERDICT_SKIPPED ? VERDICT_SKIPPED : v;
  range_report_confirmation (s->out, s, r);
  if (r->confirmed == VERDICT_CHANGED
      && (r->confirmation.pct > 0 ? 1 : -1) == r->direction)
    {
      drop_suspect (r, (guint)hi - 1);
      recount_outcome (s, r);
      return TRUE;
    }
  *next = r->confirmed == VERDICT_SAME ? CONFIRM_SAME : CONFIRM_UNSURE;
  return TRUE;
}

/* Commits strictly between lo and hi become untried again. */
static void
untry_between (range_session *s, int lo, int hi)
{
  for (int i = lo + 1; i < hi; i++)
    {
      range_commit *c = range_session_commit (s, (guint)i);
      if (c->verdict == VERDICT_SKIPPED)
        continue;
      c->verdict = VERDICT_NONE;
      c->against_direction = FALSE;
      c->search_step = FALSE;
    }
}

/* Has the end comparison shown the range's change at --alpha, from more
 * than one round (a host that stalls between the two runs of a single round
 * goes unseen), or only at the steering level that started the search? */
static gboolean
end_is_certain (const range_session *s, const range_result *r)
{
  const range_commit *e = range_session_commit (s, (guint)r->end);
  return e->verdict == VERDICT_CHANGED && e->pairing.rounds >= 2
         && e->comparison.alpha <= s->plan.look_alpha * (1 + 1e-9);
}

typedef enum
{
  REOPEN_SEARCH,    /* [lo, hi] holds the change: search it */
  REOPEN_UNDECIDED, /* which end the pair is like stayed undecided */
  REOPEN_END,       /* the pair may be like the end itself: the range's
                     * change is in doubt */
} reopen_result;

/* Like the baseline (the change is after k) or like the end (at the parent
 * or before it): search on between the pair and the far end, what lies
 * between untried again (a wrong step misled the steps after it). */
static void
bracket_again (range_session *s, range_result *r, int *lo, int *hi,
               gboolean like_baseline)
{
  range_commit *k = range_session_commit (s, (guint)*hi);
  range_commit *parent = range_session_commit (s, (guint)*hi - 1);
  r->reopened++;
  if (parent->verdict != VERDICT_BASELINE)
    parent->verdict = like_baseline ? VERDICT_SAME : VERDICT_CHANGED;
  if (k->index != (guint)r->end)
    k->verdict = like_baseline ? VERDICT_SAME : VERDICT_CHANGED;
  if (like_baseline)
    *lo = *hi, *hi = r->end;
  else
    *hi = *hi - 1, *lo = r->baseline;
  untry_between (s, *lo, *hi);
}

/* k and its parent are alike: which end of the range are they like?  The
 * baseline's parent is the baseline's side; the end's, the end's, when the
 * end comparison showed the change at --alpha (else that is in doubt).
 * Otherwise one of them is compared with the baseline as a search step (the
 * one that ran last, as the reference, so that its run opens the first
 * round: is the baseline like it, or a range's change away?). */
static gboolean
reopen (range_session *s, range_result *r, int *lo, int *hi, reopen_result *next,
        GError **error)
{
  *next = REOPEN_SEARCH;
  if (*hi - 1 == r->baseline)
    {
      bracket_again (s, r, lo, hi, TRUE);
      return TRUE;
    }
  if (*hi == r->end)
    {
      /* Like the end's parent: the end comparison itself is in doubt. */
      *next = REOPEN_END;
      return TRUE;
    }
  range_commit *b = range_session_commit (s, (guint)r->baseline);
  range_commit *k = range_session_commit (s, (guint)*hi);
  range_commit *parent = range_session_commit (s, (guint)*hi - 1);
  range_commit *ref = r->last_ran == *hi - 1 ? parent : k;
  range_judging how = { .plan = &s->step_plan, .step = TRUE, .shift = -range_shift (r) };
  commit_verdict v;
  stats_paired cmp;
  range_pairing pairing;
  s->step++;
  if (!range_session_judge (s, ref, b, &how, &v, &cmp, &pairing, error))
    return FALSE;
  note_host_change (r, &pairing);
  note_last_run (r, ref, b, FALSE);
  gboolean neither = v != VERDICT_INCONCLUSIVE && pairing.neither;
  if (v == VERDICT_INCONCLUSIVE || neither || b->verdict != VERDICT_BASELINE
      || ref->verdict == VERDICT_SKIPPED)
    *next = REOPEN_UNDECIDED;
  else
    bracket_again (s, r, lo, hi, v == VERDICT_SAME);
  return TRUE;
}

/* The end comparison, taken up again to the full verdict at --alpha (it
 * started the search at a steering level), when the search casts doubt on
 * it.  *changed: it holds; else the outcome is the end's. */
static gboolean
recheck_end (range_session *s, range_result *r, gboolean *changed, GError **error)
{
  range_commit *b = range_session_commit (s, (guint)r->baseline);
  range_commit *e = range_session_commit (s, (guint)r->end);
  /* At least one round more: a host that stalled within the rounds it had
   * shows as a jump, and those rounds are set aside. */
  range_judging how
      = { .plan = &s->plan, .min_rounds = range_pairs_last_round (b, e, FALSE) + 1 };
  commit_verdict v;
  s->step++;
  if (!range_session_judge (s, b, e, &how, &v, &e->comparison, &e->pairing, error))
    return FALSE;
  note_host_change (r, &e->pairing);
  note_last_run (r, b, e, FALSE);
  e->verdict = e->verdict == VERDICT_SKIPPED ? VERDICT_SKIPPED : v;
  range_report_commit (s->out, s, e);
  *changed = v == VERDICT_CHANGED && direction_of (e) == r->direction;
  if (*changed)
    return TRUE;
  r->first_changed = -1;
  r->confirm_parent = -1;
  g_array_set_size (r->suspects, 0);
  g_clear_pointer (&r->uncertain, g_free);
  r->outcome = v == VERDICT_SAME ? RANGE_OUTCOME_NO_CHANGE : RANGE_OUTCOME_INCONCLUSIVE;
  r->last_same = v == VERDICT_SAME ? r->end : -1;
  if (v != VERDICT_SAME)
    {
      guint idx = (guint)r->end;
      g_array_append_val (r->suspects, idx);
    }
  return TRUE;
}

/* k cannot be named without a warning: first make sure the range changed
 * at all, unless the end comparison already showed it at --alpha. */
static gboolean
name_with_warning (range_session *s, range_result *r, int hi, const char *why,
                   GError **error)
{
  gboolean changed = TRUE;
  if (!end_is_certain (s, r) && !recheck_end (s, r, &changed, error))
    return FALSE;
  if (changed)
    say_uncertain (s, r, range_session_commit (s, (guint)hi),
                   range_session_commit (s, (guint)hi - 1), why);
  return TRUE;
}

/* Before confirming hi against its parent: when that parent is the
 * baseline, the search walked all the way to it (every step found its
 * commit like the end), and nothing but the end comparison says that the
 * range changed.  A host that slowed down (or sped up) within the end
 * comparison's one round makes every commit measured after it look like
 * the end in just this way, leaving the confirmation alone between that
 * and a named commit.  So the end comparison is taken up again first, at
 * --alpha with at least one more round, unless it showed the change so
 * already; *holds: it still shows the change (else the outcome is the
 * end's).  Only a change at the baseline's child is searched for there, so
 * this costs a round in few bisections. */
static gboolean
end_holds_for_baseline_child (range_session *s, range_result *r, int hi, gboolean *holds,
                              GError **error)
{
  *holds = TRUE;
  if (hi - 1 != r->baseline || end_is_certain (s, r))
    return TRUE;
  return recheck_end (s, r, holds, error);
}

/* Search [lo, hi], then confirm; a failed confirmation searches again. */
static gboolean
search_and_confirm (range_session *s, range_result *r, int lo, int hi, GError **error)
{
  for (;;)
    {
      if (!search (s, r, &lo, &hi, error))
        return FALSE;
      r->first_changed = hi;
      r->last_same = lo;
      r->outcome = RANGE_OUTCOME_CHANGED;
      g_array_set_size (r->suspects, 0);
      if (s->noise_hopeless && pick_middle (s, lo, hi, &(guint){ 0 }) >= 0)
        {
          r->noise_stop = TRUE;
          r->outcome = RANGE_OUTCOME_INCONCLUSIVE;
          return TRUE;
        }
      collect_suspects (s, r, lo, hi);
      gboolean holds;
      if (!end_holds_for_baseline_child (s, r, hi, &holds, error))
        return FALSE;
      if (!holds)
        return TRUE;
      confirm_result confirmed;
      if (!confirm (s, r, hi, &confirmed, error))
        return FALSE;
      if (confirmed == CONFIRM_NAMED)
        return TRUE;
      if (confirmed == CONFIRM_UNSURE || r->reopened >= MAX_REOPEN)
        return name_with_warning (
            s, r, hi, confirmed == CONFIRM_SAME ? ", after searching again" : "", error);
      reopen_result next;
      if (!reopen (s, r, &lo, &hi, &next, error))
        return FALSE;
      if (next == REOPEN_UNDECIDED)
        return name_with_warning (
            s, r, hi, ", and which end they are like stayed undecided", error);
      if (next == REOPEN_END)
        {
          gboolean changed;
          if (!recheck_end (s, r, &changed, error))
            return FALSE;
          if (!changed)
            return TRUE;
          /* The range did change: the end is like its parent, so the
           * change is before them. */
          lo = r->baseline;
          hi = r->end;
          bracket_again (s, r, &lo, &hi, FALSE);
          r->change_log_sum = r->change_pairs = 0;
          pool_change (r, &range_session_commit (s, (guint)r->end)->comparison, 1);
        }
    }
}

gboolean
range_bisect (range_session *s, range_result *r, GError **error)
{
  int n = (int)s->commits->len;
  s->steps_left = ceil_log2 ((guint)n) + 2;

  int base = range_search_first_measurable (s, 0, n - 1, 1, error);
  if (base == -2)
    return FALSE;
  if (base < 0)
    {
      range_search_all_skipped_error (s, 0, n - 1, error);
      return FALSE;
    }
  range_commit *b = range_session_commit (s, (guint)base);
  b->verdict = VERDICT_BASELINE;
  r->baseline = base;

  int end;
  if (!decide_end (s, r, b, &end, error))
    return FALSE;
  range_commit *e = range_session_commit (s, (guint)end);
  r->end = end;
  range_report_commit (s->out, s, b);
  range_report_commit (s->out, s, e);
  s->noise_checked |= !isnan (s->noise_cv); /* what the end comparison saw */
  if (e->verdict == VERDICT_CHANGED && s->noise_checked)
    {
      /* The threshold may be out of reach, but a change that large is not:
       * the search only needs to tell the ends apart. */
      s->search_passes_needed = range_verdict_search_passes_needed (
          s, s->noise_cv, log (e->comparison.ratio));
      s->noise_hopeless = FALSE;
    }
  range_report_noise (s->out, s);
  if (s->noise_hopeless && e->verdict != VERDICT_CHANGED)
    {
      r->noise_stop = TRUE;
      r->outcome = RANGE_OUTCOME_INCONCLUSIVE;
      return TRUE;
    }
  if (e->verdict == VERDICT_SAME)
    {
      r->outcome = RANGE_OUTCOME_NO_CHANGE;
      r->last_same = end;
      return TRUE;
    }
  if (e->verdict != VERDICT_CHANGED)
    {
      r->outcome = RANGE_OUTCOME_INCONCLUSIVE;
      guint idx = (guint)end;
      g_array_append_val (r->suspects, idx);
      return TRUE;
    }

  r->direction = direction_of (e);
  pool_change (r, &e->comparison, 1);
  return search_and_confirm (s, r, base, end, error);
}
