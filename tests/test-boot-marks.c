/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-boot-marks.c: the one ready detector (boot-marks.c) over a real
 * direct boot: tests/data/capture-direct-tcg-1pass.jsonl.gz is
 * `boot-analysis --kernel /boot/vmlinuz-6.1.0-57-amd64 --accel tcg
 * --passes 1 --warmup 0 --save` on this project's machine (SeaBIOS, the
 * Debian kernel, the tiny init).  Its console is fed again through the
 * capture, chunk by chunk as it arrived, with the ready line cut in two:
 * the ready mark and the `ready` event must take the arrival of the line's
 * last byte, the other marks their lines' first byte; a replay (no
 * last-byte times) puts the `ready` event at the line's own time. */
#include <config.h>

#include <string.h>

#include "boot-marks.h"
#include "capture-io.h"
#include "capture.h"

#define READY_REGEX "bootperf-tiny-init: ready"
#define SECOND_HALF_DELAY_NS 5000000

static char *
src_path (const char *rel)
{
  const char *top = g_getenv ("top_srcdir");
  return g_build_filename (top ? top : BOOTPERF_SRCDATADIR "/..", rel, NULL);
}

static pcre2_code *
ready_regex (void)
{
  int code;
  PCRE2_SIZE offset;
  pcre2_code *re = pcre2_compile ((PCRE2_SPTR)READY_REGEX, PCRE2_ZERO_TERMINATED, 0,
                                  &code, &offset, NULL);
  g_assert_nonnull (re);
  return re;
}

/* The real capture, without the `ready` event its capture added. */
static pass_events *
load_real_boot (void)
{
  g_autofree char *path = src_path ("tests/data/capture-direct-tcg-1pass.jsonl.gz");
  capture_format format;
  g_autoptr (GError) err = NULL;
  g_autoptr (GPtrArray) passes = capture_load (path, &format, NULL, &err);
  g_assert_no_error (err);
  g_assert_cmpuint (passes->len, ==, 1);
  pass_events *p = g_ptr_array_steal_index (passes, 0);
  for (guint i = 0; i < p->events->len; i++)
    {
      boot_event *ev = &g_array_index (p->events, boot_event, i);
      if (ev->source == EVENT_SOURCE_TRACE && g_str_equal (ev->message, "ready"))
        g_array_remove_index (p->events, i--);
    }
  return p;
}

static const boot_event *
find (const pass_events *p, event_source source, const char *prefix, guint *index)
{
  for (guint i = 0; i < p->events->len; i++)
    {
      const boot_event *ev = &g_array_index (p->events, boot_event, i);
      if (ev->source == source && g_str_has_prefix (ev->message, prefix))
        {
          if (index)
            *index = i;
          return ev;
        }
    }
  g_assert_not_reached ();
}

/* The console again, each line in the chunk that began at its time (lines
 * of one time arrived together), the ready line's second half later and
 * what follows it no earlier than that. */
static pass_events *
recapture (const pass_events *real, int64_t *ready_second_half_ns)
{
  const int64_t launch = 1000;
  g_autoptr (event_capture) c = event_capture_new ();
  event_capture_begin_pass (c, 0);
  event_capture_add_message (c, EVENT_SOURCE_TRACE, launch, "launch", 6);
  g_autoptr (GString) chunk = g_string_new (NULL);
  int64_t chunk_ns = -1, not_before = 0;
  for (guint i = 0; i <= real->events->len; i++)
    {
      const boot_event *ev
          = i < real->events->len ? &g_array_index (real->events, boot_event, i) : NULL;
      if (ev && ev->source != EVENT_SOURCE_CONSOLE && ev->source != EVENT_SOURCE_CLOSE)
        continue;
      if (chunk->len && (!ev || MAX (ev->time_ns, not_before) != chunk_ns))
        {
          event_capture_add_chunk (c, launch + chunk_ns, chunk->str, chunk->len);
          g_string_truncate (chunk, 0);
        }
      if (!ev || ev->source == EVENT_SOURCE_CLOSE)
        {
          if (ev)
            event_capture_add_message (c, EVENT_SOURCE_CLOSE, launch + ev->time_ns, "",
                                       0);
          continue;
        }
      chunk_ns = MAX (ev->time_ns, not_before);
      if (!g_str_equal (ev->message, READY_REGEX))
        {
          g_string_append_printf (chunk, "%s\r\n", ev->message);
          continue;
        }
      /* "bootperf-tiny-" now, "init: ready\n" a little later. */
      g_string_append (chunk, "bootperf-tiny-");
      event_capture_add_chunk (c, launch + chunk_ns, chunk->str, chunk->len);
      g_string_truncate (chunk, 0);
      not_before = *ready_second_half_ns = chunk_ns + SECOND_HALF_DELAY_NS;
      event_capture_add_chunk (c, launch + not_before, "init: ready\n", 12);
    }
  return event_capture_end_pass (c);
}

static void
test_live_capture (void)
{
  g_autoptr (pass_events) real = load_real_boot ();
  int64_t second_half = -1;
  g_autoptr (pass_events) live = recapture (real, &second_half);
  g_assert_cmpuint (live->events->len, ==, real->events->len);

  guint ready_line;
  const boot_event *line = find (live, EVENT_SOURCE_CONSOLE, READY_REGEX, &ready_line);
  g_assert_cmpint (line->time_ns, <, second_half);
  g_assert_cmpint (line->last_byte_ns, ==, second_half);

  pcre2_code *re = ready_regex ();
  boot_marks m;
  g_assert_true (boot_marks_from_events (live, re, &m));
  pcre2_code_free (re);

  /* SeaBIOS's terminal reset is its first line; "Probing EDD" the kernel's. */
  g_assert_cmpint (m.ns[BOOT_MARK_EXEC], ==, 0);
  g_assert_cmpint (m.ns[BOOT_MARK_FIRMWARE], ==, INT64_C (1683567384));
  g_assert_cmpint (m.ns[BOOT_MARK_KERNEL], ==, INT64_C (2101872331));
  g_assert_cmpint (m.ns[BOOT_MARK_READY], ==, second_half);
  g_assert_cmpint (m.ns[BOOT_MARK_EXIT], ==, INT64_C (30551260970));

  /* One `ready` event, right after its line, at the last byte, host clock. */
  g_assert_cmpuint (live->events->len, ==, real->events->len + 1);
  const boot_event *trace = &g_array_index (live->events, boot_event, ready_line + 1);
  g_assert_cmpint (trace->source, ==, EVENT_SOURCE_TRACE);
  g_assert_cmpstr (trace->message, ==, "ready");
  g_assert_cmpint (trace->time_ns, ==, second_half);
  g_assert_cmpint (trace->clock, ==, EVENT_CLOCK_HOST);
}

static void
test_replayed_capture (void)
{
  g_autoptr (pass_events) p = load_real_boot ();
  guint ready_line;
  int64_t line_ns = find (p, EVENT_SOURCE_CONSOLE, READY_REGEX, &ready_line)->time_ns;
  pcre2_code *re = ready_regex ();
  boot_marks m;
  g_assert_true (boot_marks_from_events (p, re, &m));
  pcre2_code_free (re);
  g_assert_cmpint (m.ns[BOOT_MARK_READY], ==, line_ns);
  const boot_event *trace = &g_array_index (p->events, boot_event, ready_line + 1);
  g_assert_cmpstr (trace->message, ==, "ready");
  g_assert_cmpint (trace->time_ns, ==, line_ns);
}

/* Without a ready line (a regex nothing matches, or none): marks but no
 * event; the kernel's lines after the firmware's are still found. */
static void
test_no_ready (void)
{
  g_autoptr (pass_events) p = load_real_boot ();
  guint n = p->events->len;
  int code;
  PCRE2_SIZE offset;
  pcre2_code *never = pcre2_compile ((PCRE2_SPTR) "never-printed-[x]yz",
                                     PCRE2_ZERO_TERMINATED, 0, &code, &offset, NULL);
  boot_marks m;
  g_assert_false (boot_marks_from_events (p, never, &m));
  pcre2_code_free (never);
  g_assert_cmpuint (p->events->len, ==, n);
  g_assert_cmpint (m.ns[BOOT_MARK_READY], ==, -1);
  g_assert_cmpint (m.ns[BOOT_MARK_KERNEL], ==, INT64_C (2101872331));
  g_assert_false (boot_marks_from_events (p, NULL, &m));
  g_assert_false (boot_marks_from_events (NULL, NULL, &m));
  g_assert_cmpint (m.ns[BOOT_MARK_EXEC], ==, 0);
  g_assert_cmpint (m.ns[BOOT_MARK_EXIT], ==, -1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/boot-marks/live-capture", test_live_capture);
  g_test_add_func ("/boot-marks/replayed-capture", test_replayed_capture);
  g_test_add_func ("/boot-marks/no-ready", test_no_ready);
  return g_test_run ();
}
