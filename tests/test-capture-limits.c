/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-capture-limits.c: a guest that floods its console cannot make the
 * capture grow without bound (capture.c): long lines are cut with a note,
 * NUL bytes are dropped, and a pass's console stops being kept at its budget,
 * whatever the chunking. */
#include <config.h>

#include <string.h>

#include "capture.h"
#include "printk-time.h"

static event_capture *
launched_capture (void)
{
  event_capture *c = event_capture_new ();
  event_capture_begin_pass (c, 0);
  event_capture_add_message (c, EVENT_SOURCE_TRACE, 10, "launch", 6);
  return c;
}

static const boot_event *
event_at (const pass_events *p, guint i)
{
  g_assert_cmpuint (i, <, p->events->len);
  return &g_array_index (p->events, boot_event, i);
}

/* One line of n 'x' bytes fed in chunks of chunk bytes, then "\nnext\n". */
static pass_events *
long_line (gsize n, gsize chunk)
{
  g_autoptr (event_capture) c = launched_capture ();
  g_autofree char *buf = g_malloc (chunk);
  memset (buf, 'x', chunk);
  for (gsize done = 0; done < n; done += chunk)
    event_capture_add_chunk (c, 20, buf, MIN (chunk, n - done));
  event_capture_add_chunk (c, 30, "\nnext\n", 6);
  return event_capture_end_pass (c);
}

static void
test_long_line_is_cut (void)
{
  const gsize n = 3 * 1024 * 1024 + 5;
  gsize chunks[] = { 1, 4096, 8192, 100000, 3 * 1024 * 1024 + 5 };
  g_autofree char *first = NULL;
  for (guint k = 0; k < G_N_ELEMENTS (chunks); k++)
    {
      /* Byte-by-byte chunks take too long for 3 MiB: a shorter line then. */
      gsize len = chunks[k] == 1 ? CAPTURE_LINE_MAX_BYTES + 100 : n;
      g_autoptr (pass_events) p = long_line (len, chunks[k]);
      g_assert_cmpuint (p->events->len, ==, 3);
      const char *msg = event_at (p, 1)->message;
      g_autofree char *note = g_strdup_printf (" [bootperf: %zu more bytes cut]",
                                               len - CAPTURE_LINE_MAX_BYTES);
      g_assert_cmpuint (strlen (msg), ==, CAPTURE_LINE_MAX_BYTES + strlen (note));
      g_assert_true (g_str_has_suffix (msg, note));
      g_assert_cmpint (event_at (p, 1)->time_ns, ==, 10);
      g_assert_cmpstr (event_at (p, 2)->message, ==, "next");
    }
}

static void
test_line_at_limit_is_whole (void)
{
  g_autoptr (pass_events) p = long_line (CAPTURE_LINE_MAX_BYTES, 1000);
  g_assert_cmpuint (strlen (event_at (p, 1)->message), ==, CAPTURE_LINE_MAX_BYTES);
}

static void
test_nul_bytes_dropped (void)
{
  static const char stream[] = "\0\0[    0.5] Linux\0 version\r\0\nx\0";
  g_autoptr (event_capture) c = launched_capture ();
  for (gsize i = 0; i < sizeof stream - 1; i++)
    event_capture_add_chunk (c, 20 + (gint64)i, stream + i, 1);
  g_autoptr (pass_events) p = event_capture_end_pass (c);
  g_assert_cmpuint (p->events->len, ==, 3);
  g_assert_cmpstr (event_at (p, 1)->message, ==, "[    0.5] Linux version");
  g_assert_cmpint (event_at (p, 1)->guest_time_ns, ==, 500000000);
  g_assert_cmpstr (event_at (p, 2)->message, ==, "x");
}

static void
test_pass_budget (void)
{
  /* Lines of 1000 bytes until well past the budget. */
  g_autoptr (event_capture) c = launched_capture ();
  char line[1001];
  memset (line, 'y', 1000);
  line[1000] = '\n';
  const gsize cost = 1000 + CAPTURE_LINE_COST_BYTES;
  const gsize fit = CAPTURE_PASS_CONSOLE_BUDGET_BYTES / cost;
  for (gsize i = 0; i < fit + 5000; i++)
    event_capture_add_chunk (c, 20 + (gint64)i, line, sizeof line);
  g_autoptr (pass_events) p = event_capture_end_pass (c);
  /* launch, the lines that fit, one note; nothing after it. */
  g_assert_cmpuint (p->events->len, ==, 1 + fit + 1);
  const boot_event *note = event_at (p, p->events->len - 1);
  g_assert_cmpint (note->source, ==, EVENT_SOURCE_LIBRARY);
  g_assert_nonnull (strstr (note->message, "later console lines are dropped"));
  g_assert_cmpint (event_at (p, p->events->len - 2)->source, ==, EVENT_SOURCE_CONSOLE);

  /* The next pass starts with a full budget again. */
  event_capture_begin_pass (c, 1);
  event_capture_add_message (c, EVENT_SOURCE_TRACE, 10, "launch", 6);
  event_capture_add_chunk (c, 20, "again\n", 6);
  g_autoptr (pass_events) q = event_capture_end_pass (c);
  g_assert_cmpuint (q->events->len, ==, 2);
  g_assert_cmpstr (event_at (q, 1)->message, ==, "again");
}

static void
test_printk_time_range (void)
{
  int64_t ns = 0;
  g_assert_true (printk_time_parse ("[999999999.999999] x", &ns, NULL));
  g_assert_cmpint (ns, ==, INT64_C (999999999999999000));
  /* Found by tests/fuzz/fuzz-printk-time: 12 digits overflowed int64_t. */
  g_assert_false (printk_time_parse ("[999999999999.9999999999] big", &ns, NULL));
  g_assert_false (printk_time_parse ("[9999999999.0]", &ns, NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/capture-limits/long-line-is-cut", test_long_line_is_cut);
  g_test_add_func ("/capture-limits/line-at-limit-is-whole", test_line_at_limit_is_whole);
  g_test_add_func ("/capture-limits/nul-bytes-dropped", test_nul_bytes_dropped);
  g_test_add_func ("/capture-limits/pass-budget", test_pass_budget);
  g_test_add_func ("/capture-limits/printk-time-range", test_printk_time_range);
  return g_test_run ();
}
