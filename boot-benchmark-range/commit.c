/* SPDX-License-Identifier: GPL-2.0-or-later */
/* commit.c: one commit of the range and what is known about it, plus the
 * names the reports and the cache use for kinds and verdicts. */

#include <config.h>

#include <math.h>

#include "range.h"

range_commit *
range_commit_new (const char *sha, const char *subject, guint index)
{
  range_commit *c = g_new0 (range_commit, 1);
  c->sha = g_strdup (sha);
  c->short_sha = g_strndup (sha, 7);
  c->subject = g_strdup (subject);
  c->index = index;
  c->build = BUILD_UNKNOWN;
  c->build_exit = -1;
  c->build_s = NAN;
  c->samples_ms = g_array_new (FALSE, FALSE, sizeof (double));
  c->run_list = g_ptr_array_new_with_free_func ((GDestroyNotify)range_run_free);
  c->verdict = VERDICT_NONE;
  c->compared_with = -1;
  return c;
}

void
range_commit_free (range_commit *c)
{
  if (!c)
    return;
  g_free (c->sha);
  g_free (c->short_sha);
  g_free (c->subject);
  g_free (c->build_log);
  g_free (c->build_reason);
  g_free (c->skip_reason);
  g_free (c->last_bench_log);
  g_array_unref (c->samples_ms);
  g_ptr_array_unref (c->run_list);
  g_free (c);
}

range_run *
range_run_new (guint run, const char *against, guint round, double load, gint64 time)
{
  range_run *r = g_new0 (range_run, 1);
  r->run = run;
  r->against = g_strdup (against);
  r->round = against ? round : 0;
  r->load = load;
  r->time = time;
  r->samples_ms = g_array_new (FALSE, FALSE, sizeof (double));
  return r;
}

void
range_run_free (range_run *r)
{
  if (!r)
    return;
  g_free (r->against);
  g_array_unref (r->samples_ms);
  g_free (r);
}

void
range_commit_summary (const range_commit *c, sample_summary *out)
{
  stats_summarise ((const double *)c->samples_ms->data, c->samples_ms->len, out);
}

const char *
range_kind_name (range_kind k)
{
  switch (k)
    {
    case RANGE_KIND_QEMU:
      return "qemu";
    case RANGE_KIND_KERNEL:
      return "kernel";
    case RANGE_KIND_CUSTOM:
      return "custom";
    }
  return "unknown";
}

const char *
commit_verdict_name (commit_verdict v)
{
  switch (v)
    {
    case VERDICT_NONE:
      return "not-measured";
    case VERDICT_BASELINE:
      return "baseline";
    case VERDICT_SAME:
      return "same";
    case VERDICT_CHANGED:
      return "changed";
    case VERDICT_INCONCLUSIVE:
      return "inconclusive";
    case VERDICT_SKIPPED:
      return "skipped";
    }
  return "unknown";
}
