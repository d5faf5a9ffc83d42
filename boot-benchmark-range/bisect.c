/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bisect.c: noise-aware bisection for the first commit whose boot time
 * differs from the baseline (the first commit of the range that builds).
 *
 * Like git bisect it assumes one lasting change: it compares the baseline
 * with the last commit, and if they differ, halves the interval between the
 * newest "same" and the oldest "changed" commit.  Unlike git bisect:
 *   - every verdict is statistical and three-way, from rounds measured
 *     against a fresh run of the baseline (verdict.c);
 *   - the last commit's verdict gives the direction searched for; a commit
 *     that changed the other way is not that change and is set aside;
 *   - a commit that stays inconclusive, or fails to build, is set aside like
 *     git bisect skip and named at the end if the change could be in it;
 *   - before naming commit k, k is measured again against its parent,
 *     interleaved; if that does not show the change, the verdict says what
 *     is uncertain instead of naming k as the change.  Whatever the steps
 *     did, a wrong commit is named only if that last comparison errs, so
 *     --alpha bounds the chance of naming a wrong commit over the whole
 *     search, however many steps it took. */

#include <config.h>

#include <math.h>
#include <stdlib.h>

#include "range.h"

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
note_host_change (range_result *r, const range_commit *c)
{
  if (c->pairing.host_changed)
    r->host_changes++;
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
      if (!range_session_decide (s, b, e, &s->plan, error))
        return FALSE;
      note_host_change (r, e);
      if (e->verdict != VERDICT_SKIPPED)
        return TRUE;
      range_report_commit (s->out, s, e);
      from = *end - 1;
    }
}

/* Halve [lo, hi] until no untried commit is left between them. */
static gboolean
search (range_session *s, range_result *r, range_commit *b, int *lo, int *hi,
        GError **error)
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
      if (m->verdict != VERDICT_SKIPPED
          && !range_session_decide (s, b, m, &s->step_plan, error))
        return FALSE;
      note_host_change (r, m);
      if (m->verdict == VERDICT_CHANGED && direction_of (m) != r->direction)
        m->against_direction = TRUE;
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

/* Most times a failed confirmation moves the search back to the parent. */
#define MAX_REOPEN 3

typedef enum
{
  CONFIRM_DONE,   /* named (confirmed or not), or what is uncertain said */
  CONFIRM_REOPEN, /* the parent is like k: the change is at or before it */
} confirm_result;

static void
say_uncertain (range_session *s, range_result *r, const range_commit *k,
               const range_commit *parent)
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
        "them, or a verdict of the search was wrong",
        k->short_sha, parent->short_sha, commit_verdict_name (r->confirmed),
        r->confirmation.pct, range_session_commit (s, (guint)r->last_same)->short_sha,
        k->short_sha);
}

/* Measure hi against its parent, interleaved, before naming it. */
static gboolean
confirm (range_session *s, range_result *r, int hi, confirm_result *next, GError **error)
{
  range_commit *k = range_session_commit (s, (guint)hi);
  range_commit *parent = range_session_commit (s, (guint)hi - 1);
  *next = CONFIRM_DONE;
  if (parent->verdict == VERDICT_SKIPPED)
    return TRUE; /* named with the parent among the suspects */
  s->step++;
  s->steps_left = 1;
  range_pairing pairing;
  commit_verdict v;
  if (!range_session_compare (s, parent, k, &s->plan, &v, &r->confirmation, &pairing,
                              error))
    return FALSE;
  if (pairing.host_changed)
    r->host_changes++;
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
  /* k is like its parent: if the parent was only set aside (inconclusive,
   * or changed the other way against the baseline), it holds the change
   * too, and the search goes on with it as the oldest changed commit. */
  if (r->confirmed == VERDICT_SAME && parent->verdict != VERDICT_SAME
      && parent->verdict != VERDICT_BASELINE && r->reopened < MAX_REOPEN)
    {
      *next = CONFIRM_REOPEN;
      return TRUE;
    }
  if (r->confirmed == VERDICT_INCONCLUSIVE)
    {
      /* Named, but flagged: the outcome is inconclusive. */
      say_uncertain (s, r, k, parent);
      return TRUE;
    }
  say_uncertain (s, r, k, parent);
  return TRUE;
}

/* Search [lo, hi], then confirm; a failed confirmation whose parent was set
 * aside reopens the search with the parent as hi. */
static gboolean
search_and_confirm (range_session *s, range_result *r, range_commit *b, int lo, int hi,
                    GError **error)
{
  for (;;)
    {
      if (!search (s, r, b, &lo, &hi, error))
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
      confirm_result next;
      if (!confirm (s, r, hi, &next, error))
        return FALSE;
      if (next == CONFIRM_DONE)
        return TRUE;
      r->reopened++;
      hi--;
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
  range_report_commit (s->out, s, b);
  range_report_commit (s->out, s, e);
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
  return search_and_confirm (s, r, b, base, end, error);
}
