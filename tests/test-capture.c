/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-capture.c: console line splitting and printk time parsing (capture.c).
 * The splitter must give the same events however the byte stream is cut. */
#include <config.h>

#include <string.h>

#include "capture.h"
#include "printk-time.h"

/* Feed the launch trace, then stream cut at the given offsets (ascending),
 * chunk k arriving at time 1000 * (k + 1) ns after launch. */
static pass_events *
split (const char *stream, const gsize *cuts, guint n_cuts)
{
  g_autoptr (event_capture) c = event_capture_new ();
  event_capture_begin_pass (c, 0);
  event_capture_add_chunk (c, 5, "ignored before launch\n", 22);
  event_capture_add_message (c, EVENT_SOURCE_LIBRARY, 6, "ignored too", 11);
  event_capture_add_message (c, EVENT_SOURCE_TRACE, 10, "launch\n", 7);
  gsize len = strlen (stream), from = 0;
  for (guint k = 0; k <= n_cuts; k++)
    {
      gsize to = k < n_cuts ? cuts[k] : len;
      event_capture_add_chunk (c, 10 + 1000 * (gint64)(k + 1), stream + from, to - from);
      from = to;
    }
  return event_capture_end_pass (c);
}

static const char sample[]
    = "\033c\033[?7lSeaBIOS (version 1.16)\r\n"
      "[    0.000000] Linux version 6.1\n"
      "lone cr\rafter cr\r\r\n"
      "\n\n[    2.481005] Freeing unused kernel image (initmem) memory: 2824K\r\n"
      "+ guestfsd --verbose\n"
      "partial line without end";

static const char *const expected_lines[] = {
  "\033c\033[?7lSeaBIOS (version 1.16)",
  "[    0.000000] Linux version 6.1",
  "lone cr",
  "after cr",
  "[    2.481005] Freeing unused kernel image (initmem) memory: 2824K",
  "+ guestfsd --verbose",
  "partial line without end",
};

static void
check_lines (const pass_events *p)
{
  /* event 0 is the launch trace */
  g_assert_cmpuint (p->events->len, ==, 1 + G_N_ELEMENTS (expected_lines));
  const boot_event *first = &g_array_index (p->events, boot_event, 0);
  g_assert_cmpint (first->source, ==, EVENT_SOURCE_TRACE);
  g_assert_cmpstr (first->message, ==, "launch");
  g_assert_cmpint (first->time_ns, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (expected_lines); i++)
    {
      const boot_event *ev = &g_array_index (p->events, boot_event, i + 1);
      g_assert_cmpint (ev->source, ==, EVENT_SOURCE_CONSOLE);
      g_assert_cmpstr (ev->message, ==, expected_lines[i]);
    }
  const boot_event *freeing = &g_array_index (p->events, boot_event, 5);
  g_assert_cmpint (freeing->guest_time_ns, ==, INT64_C (2481005000));
  const boot_event *plain = &g_array_index (p->events, boot_event, 6);
  g_assert_cmpint (plain->guest_time_ns, ==, EVENT_NO_GUEST_TIME);
}

static void
test_one_chunk (void)
{
  g_autoptr (pass_events) p = split (sample, NULL, 0);
  check_lines (p);
}

/* Every line of the stream is stamped with the chunk holding its first byte. */
static void
test_first_byte_stamp (void)
{
  /* Cut inside "Linux version" and right after the "\r" of "\r\n". */
  const char *linux_line = strstr (sample, "[    0.000000]");
  const char *crlf = strstr (sample, "cr\r\r\n") + 3;
  gsize cuts[] = { (gsize)(linux_line - sample) + 5, (gsize)(crlf - sample) + 1 };
  g_autoptr (pass_events) p = split (sample, cuts, 2);
  check_lines (p);
  /* chunk 0 arrives at 1000 ns after launch, chunk 1 at 2000, chunk 2 at 3000. */
  g_assert_cmpint (g_array_index (p->events, boot_event, 1).time_ns, ==, 1000);
  g_assert_cmpint (g_array_index (p->events, boot_event, 2).time_ns, ==, 1000);
  g_assert_cmpint (g_array_index (p->events, boot_event, 3).time_ns, ==, 2000);
  g_assert_cmpint (g_array_index (p->events, boot_event, 5).time_ns, ==, 3000);
}

static void
test_random_chunking (void)
{
  g_autoptr (GString) stream = g_string_new (NULL);
  for (int i = 0; i < 40; i++)
    g_string_append (stream, sample), g_string_append (stream, "\r\n");
  /* Reference: one byte per chunk, the finest cut there is. */
  gsize len = stream->len;
  g_autofree gsize *all = g_new (gsize, len);
  for (gsize i = 0; i < len; i++)
    all[i] = i + 1;
  g_autoptr (pass_events) ref = split (stream->str, all, (guint)len - 1);
  g_assert_cmpuint (ref->events->len, ==, 1 + 40 * G_N_ELEMENTS (expected_lines));

  GRand *rand = g_rand_new_with_seed (20261126);
  for (int round = 0; round < 200; round++)
    {
      guint n = (guint)g_rand_int_range (rand, 0, 60);
      g_autofree gsize *cuts = g_new (gsize, n + 1);
      for (guint k = 0; k < n; k++)
        cuts[k] = (gsize)g_rand_int_range (rand, 0, (gint32)len + 1);
      /* ascending (duplicates give empty chunks, which must be harmless) */
      for (guint a = 1; a < n; a++)
        for (guint b = a; b > 0 && cuts[b - 1] > cuts[b]; b--)
          {
            gsize t = cuts[b];
            cuts[b] = cuts[b - 1];
            cuts[b - 1] = t;
          }
      g_autoptr (pass_events) p = split (stream->str, cuts, n);
      g_assert_cmpuint (p->events->len, ==, ref->events->len);
      for (guint e = 0; e < p->events->len; e++)
        {
          const boot_event *x = &g_array_index (p->events, boot_event, e);
          const boot_event *y = &g_array_index (ref->events, boot_event, e);
          g_assert_cmpstr (x->message, ==, y->message);
          g_assert_cmpint (x->source, ==, y->source);
          g_assert_cmpint (x->guest_time_ns, ==, y->guest_time_ns);
        }
    }
  g_rand_free (rand);
}

static void
test_printk (void)
{
  int64_t ns = -5;
  const char *body = NULL;
  g_assert_true (printk_time_parse ("[    2.481005] Freeing", &ns, &body));
  g_assert_cmpint (ns, ==, INT64_C (2481005000));
  g_assert_cmpstr (body, ==, "Freeing");
  g_assert_true (printk_time_parse ("[12345.000001] x", &ns, &body));
  g_assert_cmpint (ns, ==, INT64_C (12345000001000));
  /* Escapes before the stamp, raw or shown as text, are skipped. */
  g_assert_true (
      printk_time_parse ("\033c\033[?7l\033[2J[    0.500000] Linux", &ns, &body));
  g_assert_cmpint (ns, ==, INT64_C (500000000));
  g_assert_cmpstr (body, ==, "Linux");
  g_assert_true (printk_time_parse ("\\x1bc\\x1b[2J[    1.000000] L", &ns, &body));
  g_assert_cmpint (ns, ==, INT64_C (1000000000));
  g_assert_cmpstr (body, ==, "L");
  /* Not a printk time: body is the line after escapes, ns untouched. */
  ns = 42;
  g_assert_false (printk_time_parse ("\033[0mSeaBIOS (version", &ns, &body));
  g_assert_cmpstr (body, ==, "SeaBIOS (version");
  g_assert_false (printk_time_parse ("[mem 0x0-0x1] usable", &ns, NULL));
  g_assert_false (printk_time_parse ("[    2.] x", &ns, NULL));
  g_assert_false (printk_time_parse ("[    .5] x", &ns, NULL));
  g_assert_false (printk_time_parse ("[    2.5 x", &ns, NULL));
  g_assert_false (printk_time_parse ("", &ns, NULL));
  /* A stamp damaged by dropped serial bytes (seen here under TCG): no time,
   * but the body still starts after it so that rules anchored at ^ match. */
  g_assert_false (printk_time_parse ("[    267710] initcall x+0x0/0x1", &ns, &body));
  g_assert_cmpstr (body, ==, "initcall x+0x0/0x1");
  g_assert_cmpint (ns, ==, 42);
}

static void
test_escape (void)
{
  g_autofree char *s = event_message_escape ("\033[0mA\tB");
  g_assert_cmpstr (s, ==, "\\x1b[0mA\\x09B");
  /* Whole UTF-8 characters stay; a byte that is not one is shown by value
   * (a panic line with one went into --json as invalid UTF-8: fuzzing). */
  g_autofree char *u = event_message_escape ("caf\xc3\xa9 \xe6" "f] \xc3 \xed\xa0\x80 \xf0\x9f\x98\x80");
  g_assert_cmpstr (u, ==, "caf\xc3\xa9 \\xe6f] \\xc3 \\xed\\xa0\\x80 \xf0\x9f\x98\x80");
  g_assert_true (g_utf8_validate (u, -1, NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/capture/one-chunk", test_one_chunk);
  g_test_add_func ("/capture/first-byte-stamp", test_first_byte_stamp);
  g_test_add_func ("/capture/random-chunking", test_random_chunking);
  g_test_add_func ("/capture/printk", test_printk);
  g_test_add_func ("/capture/escape", test_escape);
  return g_test_run ();
}
