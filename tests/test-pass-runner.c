/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-pass-runner.c: the one pass loop (pass-runner.c) over stand-in
 * targets: warm-up rounds visit every target in turn and are not handed
 * over; measured rounds hold every target once, in the seeded order when
 * interleaved; the first failed pass stops the run with one message naming
 * the configuration, warm-up or pass, and its status as the error code; the
 * failed measured pass is still handed over; round_done stops the run; the
 * "launching" notices say which pass and accelerator; the load is sampled
 * after measured passes only and its rise is said once. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "pass-runner.h"
#include "stand-in-target.h"

typedef struct
{
  GString *calls;    /* "a1 b1 a2 ..." : target and its call number */
  guint fail_index;  /* which target fails ... */
  guint fail_call;   /* ... at which of its calls; 0: never */
  GString *measured; /* "a1 b1" : target and round, as handed over */
  GString *notices;
  int stop_after; /* round_done stops after this round; 0: never */
  guint loads;    /* load samples taken */
  guint handed;   /* measured passes handed over */
} trace;

static void
stand_in_pass (guint index, guint call, boot_pass *out, gpointer data)
{
  trace *t = data;
  g_string_append_printf (t->calls, "%c%u ", 'a' + index, call);
  out->result.wall_ns = 1000000;
  if (index == t->fail_index && call == t->fail_call)
    {
      out->result.status = PASS_FAILED;
      out->result.error = g_strdup ("qemu exited with status 1");
    }
}

static void
measured (pass_record *p, gpointer data)
{
  trace *t = data;
  g_string_append_printf (t->measured, "%c%u ", 'a' + p->target, p->round);
  g_assert_cmpuint (p->order, ==, ++t->handed);
  boot_pass_clear (&p->boot);
}

static gboolean
round_done (int round, gpointer data)
{
  trace *t = data;
  return t->stop_after && round >= t->stop_after;
}

static void
collect_notice (const char *text, gpointer data)
{
  g_string_append_printf (((trace *)data)->notices, "%s\n", text);
}

static double
rising_load (guint round, gpointer data)
{
  trace *t = data;
  t->loads++;
  return round >= 2 ? 5.0 : 0.5;
}

/* A runner over n stand-in targets named a, b, ... */
static void
runner_init (pass_runner *r, trace *t, guint n, GPtrArray *targets)
{
  static const char *const names[] = { "a", "b", "c" };
  *t = (trace){ .calls = g_string_new (NULL),
                .measured = g_string_new (NULL),
                .notices = g_string_new (NULL) };
  for (guint k = 0; k < n; k++)
    g_ptr_array_add (targets, stand_in_target_new (stand_in_pass, k, t));
  *r = (pass_runner){ .targets = targets,
                      .names = n > 1 ? names : NULL,
                      .measured = measured,
                      .round_done = round_done,
                      .hooks = { .notice = collect_notice, .notice_data = t },
                      .data = t };
}

static void
trace_clear (trace *t)
{
  g_string_free (t->calls, TRUE);
  g_string_free (t->measured, TRUE);
  g_string_free (t->notices, TRUE);
}

static void
test_warmups_then_rounds (void)
{
  g_autoptr (GPtrArray) targets
      = g_ptr_array_new_with_free_func ((GDestroyNotify)boot_target_free);
  pass_runner r;
  trace t;
  runner_init (&r, &t, 2, targets);
  r.warmup = 2;
  r.max_rounds = 3;
  g_autoptr (GError) error = NULL;
  g_assert_true (pass_runner_run (&r, &error));
  g_assert_no_error (error);
  /* Warm-ups a b a b; rounds in order (not interleaved); all handed over but warm-ups. */
  g_assert_cmpstr (t.calls->str, ==, "a1 b1 a2 b2 a3 b3 a4 b4 a5 b5 ");
  g_assert_cmpstr (t.measured->str, ==, "a1 b1 a2 b2 a3 b3 ");
  g_assert_cmpint (r.rounds, ==, 3);
  trace_clear (&t);
}

/* Interleaved: every round holds each target once; one seed, one order. */
static void
test_interleaved_seeded (void)
{
  char *orders[2];
  for (int k = 0; k < 2; k++)
    {
      g_autoptr (GPtrArray) targets
          = g_ptr_array_new_with_free_func ((GDestroyNotify)boot_target_free);
      pass_runner r;
      trace t;
      runner_init (&r, &t, 3, targets);
      r.max_rounds = 20;
      r.interleave = TRUE;
      r.seed = 42;
      g_assert_true (pass_runner_run (&r, NULL));
      g_auto (GStrv) words = g_strsplit (g_strstrip (t.measured->str), " ", -1);
      g_assert_cmpuint (g_strv_length (words), ==, 60);
      gboolean reordered = FALSE;
      for (guint i = 0; i < 60; i += 3)
        {
          char seen[4] = { 0 };
          for (guint j = 0; j < 3; j++)
            {
              guint who = (guint)(words[i + j][0] - 'a');
              g_assert_cmpint (atoi (words[i + j] + 1), ==, i / 3 + 1);
              g_assert_false (seen[who]);
              seen[who] = 1;
            }
          reordered |= words[i][0] != 'a';
        }
      g_assert_true (reordered);
      orders[k] = g_strdup (t.measured->str);
      trace_clear (&t);
    }
  g_assert_cmpstr (orders[0], ==, orders[1]);
  g_free (orders[0]);
  g_free (orders[1]);
}

/* A failed warm-up stops the run before any measured pass. */
static void
test_failed_warmup (void)
{
  g_autoptr (GPtrArray) targets
      = g_ptr_array_new_with_free_func ((GDestroyNotify)boot_target_free);
  pass_runner r;
  trace t;
  runner_init (&r, &t, 2, targets);
  r.warmup = 3;
  r.max_rounds = 5;
  t.fail_index = 1;
  t.fail_call = 2;
  g_autoptr (GError) error = NULL;
  g_assert_false (pass_runner_run (&r, &error));
  g_assert_error (error, PASS_ERROR, PASS_FAILED);
  g_assert_cmpstr (error->message, ==,
                   "configuration 'b', warm-up pass 2: qemu exited with status 1");
  g_assert_cmpstr (t.calls->str, ==, "a1 b1 a2 b2 ");
  g_assert_cmpstr (t.measured->str, ==, "");
  trace_clear (&t);
}

/* A failed measured pass is handed over, then the run stops. */
static void
test_failed_pass (void)
{
  g_autoptr (GPtrArray) targets
      = g_ptr_array_new_with_free_func ((GDestroyNotify)boot_target_free);
  pass_runner r;
  trace t;
  runner_init (&r, &t, 1, targets);
  r.warmup = 1;
  r.max_rounds = 10;
  t.fail_call = 4;
  g_autoptr (GError) error = NULL;
  g_assert_false (pass_runner_run (&r, &error));
  g_assert_cmpstr (error->message, ==, "pass 3: qemu exited with status 1");
  g_assert_cmpstr (t.measured->str, ==, "a1 a2 a3 ");
  g_assert_cmpint (r.rounds, ==, 2);
  trace_clear (&t);
}

/* round_done ends the run; announce says each pass; the load rise once. */
static void
test_stop_notices_load (void)
{
  g_autoptr (GPtrArray) targets
      = g_ptr_array_new_with_free_func ((GDestroyNotify)boot_target_free);
  pass_runner r;
  trace t;
  runner_init (&r, &t, 1, targets);
  r.warmup = 1;
  r.max_rounds = 10;
  r.announce = TRUE;
  r.watch_load = TRUE;
  r.start_load = 0.5;
  r.hooks.sample_load = rising_load;
  r.hooks.sample_load_data = &t;
  t.stop_after = 3;
  g_assert_true (pass_runner_run (&r, NULL));
  g_assert_cmpstr (t.measured->str, ==, "a1 a2 a3 ");
  g_assert_cmpuint (t.loads, ==, 3);
  g_assert_cmpuint (r.load_rose_at, ==, 2);
  g_assert_cmpstr (
      t.notices->str, ==,
      "warm-up pass 1: launching (tcg)\n"
      "pass 1: launching (tcg)\n"
      "pass 2: launching (tcg)\n"
      "warning: the host's load average rose from 0.50 to 5.00 by pass 2: other "
      "work is slowing the passes down\n"
      "pass 3: launching (tcg)\n");
  trace_clear (&t);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pass-runner/warmups-then-rounds", test_warmups_then_rounds);
  g_test_add_func ("/pass-runner/interleaved-seeded", test_interleaved_seeded);
  g_test_add_func ("/pass-runner/failed-warmup", test_failed_warmup);
  g_test_add_func ("/pass-runner/failed-pass", test_failed_pass);
  g_test_add_func ("/pass-runner/stop-notices-load", test_stop_notices_load);
  return g_test_run ();
}
