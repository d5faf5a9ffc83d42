/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-report-timeline.c: the text timeline over hand-built analyses that
 * the analysis itself does not make, because the report must not trust its
 * input: an activity whose mean end comes before its mean start (it indexed
 * a column that was never opened: a heap write out of bounds); and rules
 * missing from thousands of passes (one number each made lines of 60 KB). */

#include <config.h>

#include <math.h>
#include <string.h>

#include <glib.h>

#include "analyse.h"
#include "report-timeline.h"

static void
add_activity (boot_analysis *an, const char *name, double start_ms, double duration_ms)
{
  activity *a = g_new0 (activity, 1);
  a->name = g_strdup (name);
  a->rule = g_strdup (name);
  a->n_matched = a->n_timed = 1;
  a->clock = EVENT_CLOCK_HOST;
  a->start_mean_ms = start_ms;
  a->duration_ms.n = 1;
  a->duration_ms.mean = duration_ms;
  a->duration_ms.sd = NAN;
  a->gap_mean_ms = NAN;
  a->percent_of_run = 100 * duration_ms / an->run_mean_ms;
  g_ptr_array_add (an->activities, a);
}

static void
test_end_before_start (void)
{
  boot_analysis *an = boot_analysis_new (1);
  an->run_mean_ms = 100;
  add_activity (an, "run", 0, 100);
  add_activity (an, "backwards", 50, -30);
  add_activity (an, "after", 60, 20);
  GString *out = g_string_new (NULL);
  timeline_options opts = { .colour = FALSE, .top = 10 };
  report_timeline_append (out, an, &opts);
  g_test_message ("%s", out->str);
  /* Drawn where it starts, as a zero-length activity: it only starts, and
   * holds no column. */
  g_assert_nonnull (strstr (out->str, "   0.0ms: ▲ run 100.0ms (100.0%)\n"
                                      "  50.0ms: │ ▲ backwards -30.0ms (-30.0%)\n"
                                      "  60.0ms: │ ▲ after 20.0ms (20.0%)\n"
                                      "  80.0ms: │ ▼\n"
                                      " 100.0ms: ▼\n"));
  g_string_free (out, TRUE);
  boot_analysis_free (an);
}

static void
unmatched_free (unmatched_rule *u)
{
  g_free (u->rule);
  g_array_unref (u->passes);
  g_free (u);
}

/* A rule missing from the passes from first to last, every step-th. */
static void
add_unmatched (boot_analysis *an, const char *rule, guint first, guint last, guint step)
{
  unmatched_rule *u = g_new0 (unmatched_rule, 1);
  u->rule = g_strdup (rule);
  u->passes = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint p = first; p <= last; p += step)
    g_array_append_val (u->passes, p);
  g_ptr_array_add (an->unmatched, u);
}

static void
test_unmatched_passes (void)
{
  boot_analysis *an = g_new0 (boot_analysis, 1);
  an->n_passes = 10000;
  an->run_mean_ms = 100;
  an->activities = g_ptr_array_new_with_free_func ((GDestroyNotify)activity_free);
  an->unmatched = g_ptr_array_new_with_free_func ((GDestroyNotify)unmatched_free);
  an->notes = g_ptr_array_new ();
  add_activity (an, "run", 0, 100);
  add_unmatched (an, "everywhere", 0, 9999, 1);
  add_unmatched (an, "even", 0, 9998, 2);
  add_unmatched (an, "once", 7, 7, 1);
  add_unmatched (an, "twice", 3, 4, 1);
  GString *out = g_string_new (NULL);
  timeline_options opts = { .colour = FALSE, .top = 10 };
  report_timeline_append (out, an, &opts);
  g_test_message ("%s", out->str);
  g_assert_nonnull (strstr (out->str, "  everywhere: in 10000 of 10000 passes "
                                      "(passes 0-9999)\n"));
  g_assert_nonnull (strstr (out->str,
                            "  even: in 5000 of 10000 passes "
                            "(passes 0, 2, 4, 6, 8, 10, 12, 14 and 4992 more)\n"));
  g_assert_nonnull (strstr (out->str, "  once: in 1 of 10000 passes (pass 7)\n"));
  g_assert_nonnull (strstr (out->str, "  twice: in 2 of 10000 passes (passes 3-4)\n"));
  g_assert_cmpuint (out->len, <, 2000);
  g_string_free (out, TRUE);
  boot_analysis_free (an);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/report-timeline/end-before-start", test_end_before_start);
  g_test_add_func ("/report-timeline/unmatched-passes", test_unmatched_passes);
  return g_test_run ();
}
