/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-rules.c: the rules engine (rules.c) and the analysis over passes
 * (analyse.c) on small synthetic passes: loading errors with file, line and
 * pcre2's message; exact initcall names; repeated names; unmatched rules;
 * mandatory rules; nesting and statistics. */
#include <config.h>

#include <string.h>

#include "analyse.h"
#include "rules.h"

static rule_set *
load (const char *text, GError **error)
{
  return rule_set_load_data (text, strlen (text), "test.rules", error);
}

static void
expect_load_error (const char *text, const char *const *fragments)
{
  g_autoptr (GError) err = NULL;
  g_autoptr (rule_set) rs = load (text, &err);
  g_assert_null (rs);
  g_assert_nonnull (err);
  for (int i = 0; fragments[i]; i++)
    if (!strstr (err->message, fragments[i]))
      g_error ("error '%s' lacks '%s'", err->message, fragments[i]);
}

static void
test_load_errors (void)
{
  /* pcre2's own message for an unclosed group, at the line of begin=. */
  expect_load_error ("# comment\n[a]\nbegin=ok\n\n[b]\nsource=library\nbegin=(unclosed\n",
                     (const char *const[]){ "test.rules:7:", "rule 'b'", "begin regex",
                                            "missing closing parenthesis", NULL });
  expect_load_error (
      "[a]\nbegin=x\nend=[z-a]\n",
      (const char *const[]){ "test.rules:3:", "end regex", "range out of order", NULL });
  expect_load_error ("[a]\nbegin=x\nthis line is junk\n",
                     (const char *const[]){ "test.rules:3:", "junk", NULL });
  expect_load_error ("[a]\nbegin=x\n[a]\nbegin=y\n",
                     (const char *const[]){ "test.rules:3:", "twice", NULL });
  expect_load_error (
      "[a]\nbegin=x\nsource=serial\n",
      (const char *const[]){ "test.rules:3:", "unknown source 'serial'", NULL });
  expect_load_error (
      "[a]\nbegin=x\nbegni=y\n",
      (const char *const[]){ "test.rules:3:", "unknown key 'begni'", NULL });
  expect_load_error ("[a]\nend=x\n",
                     (const char *const[]){ "test.rules:1:", "no begin", NULL });
  expect_load_error ("[a]\nbegin=x\nlong=yes\n",
                     (const char *const[]){ "test.rules:3:", "true or false", NULL });
  expect_load_error ("[a]\nbegin=(?<m>x)\nname=insmod ${module}\n",
                     (const char *const[]){ "test.rules:3:", "${module}", NULL });
  expect_load_error ("", (const char *const[]){ "test.rules", "no rules", NULL });
  /* One syntax for a group header: "[ a ]" was a second rule " a ". */
  expect_load_error (
      "[a]\nbegin=x\n[ a ]\nbegin=y\n",
      (const char *const[]){ "test.rules:3:", "no spaces", "'[ a ]'", NULL });
  expect_load_error ("[a ]\nbegin=x\n",
                     (const char *const[]){ "test.rules:1:", "no spaces", NULL });
  /* A repeated key kept its last value silently. */
  expect_load_error ("[a]\nbegin=x\nend=y\n\n# again\nbegin = z\n",
                     (const char *const[]){ "test.rules:6:", "key 'begin' given twice",
                                            "first at line 2", NULL });

  g_autoptr (GError) err = NULL;
  g_assert_null (rule_set_load_file ("/nonexistent/x.rules", &err));
  g_assert_nonnull (strstr (err->message, "/nonexistent/x.rules"));
}

/* A pass built from "S:message" lines, S = c(onsole) l(ibrary) t(race) x(close);
 * event k arrives at k ms. */
static pass_events *
make_pass (guint pass, const char *const *lines)
{
  pass_events *p = pass_events_new (pass);
  for (int k = 0; lines[k]; k++)
    {
      boot_event ev = { .time_ns = (int64_t)k * 1000000,
                        .guest_time_ns = EVENT_NO_GUEST_TIME,
                        .message = g_strdup (lines[k] + 2) };
      switch (lines[k][0])
        {
        case 'l':
          ev.source = EVENT_SOURCE_LIBRARY;
          break;
        case 't':
          ev.source = EVENT_SOURCE_TRACE;
          break;
        case 'x':
          ev.source = EVENT_SOURCE_CLOSE;
          break;
        default:
          ev.source = EVENT_SOURCE_CONSOLE;
          break;
        }
      g_array_append_val (p->events, ev);
    }
  return p;
}

static const rule_match *
find_match (GArray *matches, const char *name)
{
  for (guint i = 0; i < matches->len; i++)
    {
      const rule_match *m = &g_array_index (matches, rule_match, i);
      if (strcmp (m->name, name) == 0)
        return m;
    }
  return NULL;
}

static rule_set *
default_rules (void)
{
  g_autoptr (GError) err = NULL;
  g_autofree char *path = g_build_filename (
      g_getenv ("top_srcdir") ? g_getenv ("top_srcdir") : BOOTPERF_SRCDATADIR "/..",
      "data", "activities.rules", NULL);
  rule_set *rs = rule_set_load_file (path, &err);
  g_assert_no_error (err);
  return rs;
}

static void
test_exact_initcall (void)
{
  g_autoptr (GError) err = NULL;
  g_autoptr (rule_set) rs = default_rules ();
  static const char *const lines[]
      = { "t:launch",
          "c:[    1.000000] calling  foo+0x0/0x10 @ 1",
          "c:[    1.000001] calling  foo_bar+0x0/0x10 @ 1",
          "c:[    1.000002] initcall foo_bar+0x0/0x10 returned 0 after 5 usecs",
          "c:[    1.000003] filler",
          "c:[    1.000004] initcall foo+0x0/0x10 returned 0 after 9 usecs",
          "c:[    1.000005] calling  init_sg+0x0/0x1000 [sg] @ 127",
          "c:[    1.000006] initcall init_sg+0x0/0x1000 [sg] returned 0 after 1 usecs",
          "c:[    1.000007] pci 0000:00:01.3: calling  quirk_piix4_acpi+0x0/0x180 @ 1",
          "c:[    1.000008] pci 0000:00:01.3: quirk_piix4_acpi+0x0/0x180 took 3906 usecs",
          "c:[    1.000009] calling  foo+0x0/0x10 @ 1",
          "c:[    1.000010] initcall foo+0x0/0x10 returned 0 after 1 usecs",
          "x:",
          NULL };
  g_autoptr (pass_events) p = make_pass (0, lines);
  g_autoptr (GArray) m = rules_match_pass (rs, p, &err);
  g_assert_no_error (err);
  const rule_match *foo = find_match (m, "initcall kernel.foo");
  const rule_match *foo_bar = find_match (m, "initcall kernel.foo_bar");
  g_assert_nonnull (foo);
  g_assert_nonnull (foo_bar);
  /* foo_bar's end must not end foo: foo ends at event 5, foo_bar at 3. */
  g_assert_true (foo->ended);
  g_assert_cmpint (foo->start_ns, ==, 1000000);
  g_assert_cmpint (foo->end_ns, ==, 5000000);
  g_assert_cmpint (foo_bar->end_ns, ==, 3000000);
  const rule_match *again = find_match (m, "initcall kernel.foo:1");
  g_assert_nonnull (again);
  g_assert_cmpint (again->start_ns, ==, 10000000);
  const rule_match *sg = find_match (m, "initcall sg.init_sg");
  g_assert_nonnull (sg);
  g_assert_true (sg->ended);
  /* A PCI fixup is not an initcall, and is ended by "took N usecs". */
  g_assert_null (find_match (m, "initcall kernel.quirk_piix4_acpi"));
  const rule_match *fixup = find_match (m, "pci-fixup quirk_piix4_acpi");
  g_assert_nonnull (fixup);
  g_assert_cmpint (fixup->end_ns - fixup->start_ns, ==, 1000000);
}

static const char small_rules[]
    = "[run]\nbegin-source=trace\nbegin=^launch$\nend-source=close\nlong=true\nmandatory="
      "true\n"
      "[insmod]\nrepeat=true\nname=insmod ${module}\n"
      "begin=^supermin: internal insmod (?<module>\\S+?)\\.ko$\n"
      "end=^supermin: (?:internal insmod|picked)\n"
      "[daemon]\nbegin=^guestfsd\nend=^fsync /dev/\nmandatory=true\n"
      "[optional-thing]\nbegin=^never printed\n";

static void
test_repeat_names_and_unmatched (void)
{
  g_autoptr (GError) err = NULL;
  g_autoptr (rule_set) rs = load (small_rules, &err);
  g_assert_no_error (err);
  static const char *const pass0[] = { "t:launch",
                                       "c:supermin: internal insmod crc.ko",
                                       "c:supermin: internal insmod crc.ko",
                                       "c:supermin: internal insmod ext4.ko",
                                       "c:supermin: picked 8:16",
                                       "c:guestfsd",
                                       "c:fsync /dev/sdb",
                                       "x:",
                                       NULL };
  static const char *const pass1[] = { "t:launch",
                                       "c:supermin: internal insmod crc.ko",
                                       "c:supermin: picked 8:16",
                                       "c:guestfsd",
                                       "c:fsync /dev/sda",
                                       "x:",
                                       NULL };
  g_autoptr (GPtrArray) passes
      = g_ptr_array_new_with_free_func ((GDestroyNotify)pass_events_free);
  g_ptr_array_add (passes, make_pass (0, pass0));
  g_ptr_array_add (passes, make_pass (1, pass1));
  g_autoptr (boot_analysis) an = boot_analyse (rs, passes, TRUE, &err);
  g_assert_no_error (err);
  g_assert_cmpuint (an->n_passes, ==, 2);

  const activity *crc = boot_analysis_find (an, "insmod crc");
  const activity *crc1 = boot_analysis_find (an, "insmod crc:1");
  const activity *ext4 = boot_analysis_find (an, "insmod ext4");
  g_assert_nonnull (crc);
  g_assert_nonnull (crc1);
  g_assert_nonnull (ext4);
  g_assert_cmpuint (crc->n_matched, ==, 2);
  g_assert_cmpuint (crc1->n_matched, ==, 1);
  g_assert_false (g_array_index (crc1->spans, activity_span, 1).matched);
  /* The device name does not matter: sdb in pass 0, sda in pass 1. */
  const activity *daemon = boot_analysis_find (an, "daemon");
  g_assert_cmpuint (daemon->n_matched, ==, 2);
  g_assert_cmpfloat_with_epsilon (daemon->duration_ms.mean, 1.0, 1e-9);

  /* run: pass 0 is 7 ms, pass 1 is 5 ms. */
  const activity *run = boot_analysis_find (an, "run");
  g_assert_cmpfloat_with_epsilon (an->run_mean_ms, 6.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (run->duration_ms.min, 5.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (run->duration_ms.max, 7.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (run->percent_of_run, 100.0, 1e-9);
  g_assert_false (run->flagged);   /* long */
  g_assert_true (daemon->flagged); /* 1 ms of 6 ms */
  g_assert_cmpuint (run->depth, ==, 0);
  g_assert_cmpstr (daemon->parent, ==, "run");
  g_assert_cmpuint (daemon->depth, ==, 1);
  /* Sorted by mean start. */
  for (guint i = 1; i < an->activities->len; i++)
    {
      const activity *a = g_ptr_array_index (an->activities, i - 1);
      const activity *b = g_ptr_array_index (an->activities, i);
      g_assert_cmpfloat (a->start_mean_ms, <=, b->start_mean_ms);
    }

  /* Unmatched: optional-thing in both passes, insmod in none. */
  g_assert_cmpuint (an->unmatched->len, ==, 1);
  const unmatched_rule *u = g_ptr_array_index (an->unmatched, 0);
  g_assert_cmpstr (u->rule, ==, "optional-thing");
  g_assert_cmpuint (u->passes->len, ==, 2);
  g_assert_cmpuint (g_array_index (u->passes, guint, 1), ==, 1);
}

static void
test_mandatory_missing (void)
{
  g_autoptr (GError) err = NULL;
  g_autoptr (rule_set) rs = load (small_rules, &err);
  g_assert_no_error (err);
  static const char *const good[]
      = { "t:launch", "c:guestfsd", "c:fsync /dev/sda", "x:", NULL };
  static const char *const no_end[] = { "t:launch", "c:guestfsd", "c:other", "x:", NULL };
  g_autoptr (GPtrArray) passes
      = g_ptr_array_new_with_free_func ((GDestroyNotify)pass_events_free);
  g_ptr_array_add (passes, make_pass (0, good));
  g_ptr_array_add (passes, make_pass (1, no_end));
  g_autoptr (boot_analysis) an = boot_analyse (rs, passes, TRUE, &err);
  g_assert_null (an);
  g_assert_nonnull (err);
  g_assert_nonnull (strstr (err->message, "rule 'daemon'"));
  g_assert_nonnull (strstr (err->message, "pass 1"));
  g_assert_nonnull (strstr (err->message, "--save"));
  g_clear_error (&err);

  /* Not enforced: only reported. */
  g_autoptr (boot_analysis) lax = boot_analyse (rs, passes, FALSE, &err);
  g_assert_no_error (err);
  gboolean found = FALSE;
  for (guint i = 0; i < lax->unmatched->len; i++)
    {
      const unmatched_rule *u = g_ptr_array_index (lax->unmatched, i);
      if (strcmp (u->rule, "daemon") == 0)
        {
          found = TRUE;
          g_assert_cmpuint (u->passes->len, ==, 1);
          g_assert_cmpuint (g_array_index (u->passes, guint, 0), ==, 1);
        }
    }
  g_assert_true (found);
}

static void
test_next_event_end (void)
{
  g_autoptr (GError) err = NULL;
  g_autoptr (rule_set) rs = load ("[ftrace]\nbegin=^ftrace: allocating\n", &err);
  g_assert_no_error (err);
  static const char *const lines[]
      = { "c:a",           "l:library line", "c:ftrace: allocating 1",
          "l:not console", "c:next",         NULL };
  g_autoptr (pass_events) p = make_pass (0, lines);
  g_autoptr (GArray) m = rules_match_pass (rs, p, &err);
  g_assert_no_error (err);
  g_assert_cmpuint (m->len, ==, 1);
  const rule_match *f = &g_array_index (m, rule_match, 0);
  g_assert_true (f->ended);
  g_assert_cmpint (f->start_ns, ==, 2000000);
  g_assert_cmpint (f->end_ns, ==, 4000000);
}

/* pcre2 giving up (its match limit) is an error naming the rule and the
 * line, not "no match": ^(?:(a+)+b|a) skipped a line of 40 a's and its
 * activity began at the next line. */
static void
test_match_limit (void)
{
  g_autoptr (GError) err = NULL;
  g_autoptr (rule_set) rs = load ("[late]\nbegin=^(?:(a+)+b|a)\n", &err);
  g_assert_no_error (err);
  g_autofree char *a40 = g_strnfill (40, 'a');
  g_autofree char *line = g_strconcat ("c:", a40, NULL);
  const char *const lines[] = { "c:x", line, "c:a", NULL };
  g_autoptr (pass_events) p = make_pass (4, lines);
  g_autoptr (GArray) m = rules_match_pass (rs, p, &err);
  g_assert_null (m);
  g_assert_nonnull (err);
  g_assert_nonnull (strstr (err->message, "rule 'late'"));
  g_assert_nonnull (strstr (err->message, "pass 4's console line \"aaaaaaaa"));
  g_assert_nonnull (strstr (err->message, "match limit"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rules/load-errors", test_load_errors);
  g_test_add_func ("/rules/exact-initcall", test_exact_initcall);
  g_test_add_func ("/rules/repeat-names-and-unmatched", test_repeat_names_and_unmatched);
  g_test_add_func ("/rules/mandatory-missing", test_mandatory_missing);
  g_test_add_func ("/rules/next-event-end", test_next_event_end);
  g_test_add_func ("/rules/match-limit", test_match_limit);
  return g_test_run ();
}
