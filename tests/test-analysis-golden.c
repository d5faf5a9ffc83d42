/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-analysis-golden.c: the default rules on real boots recorded on this
 * machine (tests/data/capture-tcg-3passes.jsonl.gz, saved with --save) and on
 * the plain guestfish -v console log in tests/data.  Expected counts and times
 * are worked out here from the raw events, not taken from the engine. */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "analyse.h"
#include "capture-io.h"
#include "events.h"
#include "printk-time.h"
#include "replay.h"
#include "rules.h"

static const char *const named_activities[] = { "run",
                                                "supermin:build",
                                                "qemu:feature-detect",
                                                "qemu",
                                                "qemu:overhead",
                                                "bios:overhead",
                                                "seabios",
                                                "kernel",
                                                "kernel:overhead",
                                                "kernel:ftrace",
                                                "kernel:alternatives",
                                                "kernel:initcalls-before-userspace",
                                                "supermin:mini-initrd",
                                                "/init",
                                                "bash:overhead",
                                                "/init:mount-special",
                                                "/init:kmod-static-nodes",
                                                "/init:systemd-tmpfiles",
                                                "/init:udev-overhead",
                                                "/init:network-overhead",
                                                "/init:md-probe",
                                                "/init:lvm-probe",
                                                "/init:windows-dynamic-disks-probe",
                                                "guestfsd",
                                                "shutdown",
                                                NULL };

static char *
src_path (const char *rel)
{
  const char *top = g_getenv ("top_srcdir");
  return g_build_filename (top ? top : BOOTPERF_SRCDATADIR "/..", rel, NULL);
}

static rule_set *
default_rules (void)
{
  g_autoptr (GError) err = NULL;
  g_autofree char *path = src_path ("data/activities.rules");
  rule_set *rs = rule_set_load_file (path, &err);
  g_assert_no_error (err);
  return rs;
}

typedef struct
{
  guint initcalls, fixups, insmods;
} raw_counts;

/* Whether a later line says "initcall FN+" for the FN at fn.  The serial
 * console of a TCG guest drops bytes now and then ("initcall init_encted+"
 * was seen here): such an initcall has no end and cannot be counted. */
static gboolean
initcall_returns (const pass_events *p, guint from, const char *fn)
{
  g_autofree char *needle
      = g_strdup_printf ("initcall %.*s+", (int)strcspn (fn, "+"), fn);
  for (guint e = from + 1; e < p->events->len; e++)
    if (strstr (g_array_index (p->events, boot_event, e).message, needle))
      return TRUE;
  return FALSE;
}

/* Counted from the raw console lines with plain string functions. */
static raw_counts
count_raw (const pass_events *p)
{
  raw_counts c = { 0 };
  for (guint e = 0; e < p->events->len; e++)
    {
      const boot_event *ev = &g_array_index (p->events, boot_event, e);
      if (ev->source != EVENT_SOURCE_CONSOLE)
        continue;
      const char *calling = strstr (ev->message, "calling  ");
      const char *close = strchr (ev->message, ']');
      if (calling && close && calling == close + 2
          && initcall_returns (p, e, calling + 9))
        c.initcalls++;
      else if (calling && strstr (ev->message, "] pci "))
        c.fixups++;
      if (g_str_has_prefix (ev->message, "supermin: internal insmod "))
        c.insmods++;
    }
  return c;
}

static void
count_by_rule (const boot_analysis *an, guint pass, raw_counts *out)
{
  memset (out, 0, sizeof *out);
  for (guint i = 0; i < an->activities->len; i++)
    {
      const activity *a = g_ptr_array_index (an->activities, i);
      if (!g_array_index (a->spans, activity_span, pass).matched)
        continue;
      if (strcmp (a->rule, "initcall") == 0)
        out->initcalls++;
      else if (strcmp (a->rule, "pci-fixup") == 0)
        out->fixups++;
      else if (strcmp (a->rule, "insmod") == 0)
        out->insmods++;
    }
}

static int64_t
first_time (const pass_events *p, event_source source, const char *needle)
{
  for (guint e = 0; e < p->events->len; e++)
    {
      const boot_event *ev = &g_array_index (p->events, boot_event, e);
      if (ev->source == source && (!needle || strstr (ev->message, needle)))
        return ev->time_ns;
    }
  return -1;
}

/* Every named activity is found; with timed, each has a duration too. */
static void
check_named (const boot_analysis *an, gboolean timed)
{
  for (int i = 0; named_activities[i]; i++)
    {
      const activity *a = boot_analysis_find (an, named_activities[i]);
      if (!a)
        g_error ("activity '%s' missing", named_activities[i]);
      g_assert_cmpuint (a->n_matched, ==, an->n_passes);
      if (timed)
        g_assert_cmpfloat (a->duration_ms.min, >=, 0.0);
    }
}

/* The kernel's own "returned R after N usecs" of every initcall in a pass
 * whose "calling" line came through, summed, and the largest: each calling
 * line's first later "initcall FN+" line, read with sscanf. */
static void
raw_initcall_usecs (const pass_events *p, double *sum_ms, double *max_ms)
{
  *sum_ms = *max_ms = 0;
  for (guint e = 0; e < p->events->len; e++)
    {
      const boot_event *ev = &g_array_index (p->events, boot_event, e);
      const char *calling = strstr (ev->message, "calling  ");
      const char *close = strchr (ev->message, ']');
      if (ev->source != EVENT_SOURCE_CONSOLE || !calling || !close
          || calling != close + 2)
        continue;
      g_autofree char *needle = g_strdup_printf (
          "] initcall %.*s+", (int)strcspn (calling + 9, "+"), calling + 9);
      for (guint f = e + 1; f < p->events->len; f++)
        {
          const char *msg = g_array_index (p->events, boot_event, f).message;
          const char *after = strstr (msg, " after ");
          long long us;
          if (!strstr (msg, needle))
            continue;
          if (after && sscanf (after, " after %lld usecs", &us) == 1)
            {
              *sum_ms += (double)us / 1000.0;
              *max_ms = MAX (*max_ms, (double)us / 1000.0);
            }
          break;
        }
    }
}

/* Initcalls are timed by the kernel's own report, not by the console: their
 * durations sum to the kernel's, and the longest is the kernel's longest. */
static void
check_initcall_durations (const boot_analysis *an, const pass_events *pe, guint pass)
{
  double raw_sum, raw_max, sum = 0, max = 0;
  raw_initcall_usecs (pe, &raw_sum, &raw_max);
  for (guint i = 0; i < an->activities->len; i++)
    {
      const activity *a = g_ptr_array_index (an->activities, i);
      const activity_span *s = &g_array_index (a->spans, activity_span, pass);
      if (strcmp (a->rule, "initcall") != 0 || !s->matched)
        continue;
      g_assert_cmpint (s->clock, ==, EVENT_CLOCK_KERNEL);
      sum += (double)(s->end_ns - s->start_ns) / 1e6;
      max = MAX (max, (double)(s->end_ns - s->start_ns) / 1e6);
    }
  g_assert_cmpfloat (raw_sum, >, 100.0);
  g_assert_cmpfloat_with_epsilon (sum, raw_sum, 1e-6);
  g_assert_cmpfloat_with_epsilon (max, raw_max, 1e-9);
}

static void
test_real_capture (void)
{
  g_autoptr (GError) err = NULL;
  g_autofree char *path = src_path ("tests/data/capture-tcg-3passes.jsonl.gz");
  capture_format format;
  g_autoptr (JsonNode) header = NULL;
  g_autoptr (GPtrArray) passes = capture_load (path, &format, &header, &err);
  g_assert_no_error (err);
  g_assert_cmpint (format, ==, CAPTURE_FORMAT_JSONL);
  g_assert_nonnull (header);
  g_assert_cmpuint (passes->len, ==, 3);
  g_autoptr (rule_set) rs = default_rules ();
  g_autoptr (boot_analysis) an = boot_analyse (rs, passes, TRUE, &err);
  g_assert_no_error (err);
  check_named (an, TRUE);
  g_assert_cmpuint (an->unmatched->len, ==, 0);

  for (guint p = 0; p < passes->len; p++)
    {
      const pass_events *pe = g_ptr_array_index (passes, p);
      raw_counts raw = count_raw (pe), got;
      count_by_rule (an, p, &got);
      /* About 710 initcalls, 10 PCI fixups, 52 modules per boot here. */
      g_assert_cmpuint (raw.initcalls, >=, 700);
      g_assert_cmpuint (raw.initcalls, <=, 720);
      g_assert_cmpuint (raw.insmods, >=, 50);
      g_assert_cmpuint (got.initcalls, ==, raw.initcalls);
      g_assert_cmpuint (got.fixups, ==, raw.fixups);
      g_assert_cmpuint (got.insmods, ==, raw.insmods);
      check_initcall_durations (an, pe, p);

      /* run: from the launch trace (time 0) to the close event. */
      const activity *run = boot_analysis_find (an, "run");
      const activity_span *s = &g_array_index (run->spans, activity_span, p);
      g_assert_cmpint (s->start_ns, ==, 0);
      g_assert_cmpint (s->end_ns, ==, first_time (pe, EVENT_SOURCE_CLOSE, NULL));
      /* guestfsd ends when the library says the appliance is up. */
      const activity *d = boot_analysis_find (an, "guestfsd");
      g_assert_cmpint (g_array_index (d->spans, activity_span, p).end_ns, ==,
                       first_time (pe, EVENT_SOURCE_LIBRARY, "appliance is up"));
      const activity *k = boot_analysis_find (an, "kernel:initcalls-before-userspace");
      g_assert_cmpint (
          g_array_index (k->spans, activity_span, p).end_ns, ==,
          first_time (pe, EVENT_SOURCE_CONSOLE, "Freeing unused kernel image"));
    }
  /* Every initcall sits inside something; the run contains everything. */
  for (guint i = 0; i < an->activities->len; i++)
    {
      const activity *a = g_ptr_array_index (an->activities, i);
      if (strcmp (a->rule, "initcall") == 0)
        g_assert_nonnull (a->parent);
      if (strcmp (a->name, "run") != 0)
        g_assert_cmpfloat (a->duration_ms.mean, <=, an->run_mean_ms);
    }
  g_assert_cmpuint (an->clocks.n_lines, >, 1000);
}

static void
test_console_log (void)
{
  g_autoptr (GError) err = NULL;
  g_autofree char *path = src_path ("tests/data/guestfish-verbose-debian12-tcg.log");
  capture_format format;
  g_autoptr (GPtrArray) passes = capture_load (path, &format, NULL, &err);
  g_assert_no_error (err);
  g_assert_cmpint (format, ==, CAPTURE_FORMAT_CONSOLE_LOG);
  g_assert_cmpuint (passes->len, ==, 1);
  g_autoptr (rule_set) rs = default_rules ();
  /* A plain log need not hold every mandatory activity. */
  g_autoptr (boot_analysis) an = boot_analyse (rs, passes, FALSE, &err);
  g_assert_no_error (err);
  check_named (an, FALSE);

  const pass_events *pe = g_ptr_array_index (passes, 0);
  raw_counts raw = count_raw (pe), got;
  count_by_rule (an, 0, &got);
  g_assert_cmpuint (raw.initcalls, ==, 710);
  g_assert_cmpuint (raw.fixups, ==, 10);
  g_assert_cmpuint (raw.insmods, ==, 52);
  g_assert_cmpuint (got.initcalls, ==, raw.initcalls);
  g_assert_cmpuint (got.fixups, ==, raw.fixups);
  g_assert_cmpuint (got.insmods, ==, raw.insmods);
  check_initcall_durations (an, pe, 0);

  /* The printk clock: initcalls before userspace end at [    2.481005]. */
  const activity *k = boot_analysis_find (an, "kernel:initcalls-before-userspace");
  g_assert_cmpint (k->clock, ==, EVENT_CLOCK_PRINTK);
  g_assert_cmpint (g_array_index (k->spans, activity_span, 0).end_ns, ==,
                   INT64_C (2481005000));
  /* A line without a printk time is placed after the line before it (the
   * "supermin: chroot" line follows [    5.178127]) but has no time: /init,
   * from it to guestfsd's unstamped line, has no duration (it once read
   * 0.0 ms, and insmods the time of the kernel lines between them). */
  const activity *init = boot_analysis_find (an, "/init");
  g_assert_cmpint (g_array_index (init->spans, activity_span, 0).start_ns, ==,
                   INT64_C (5178127000));
  g_assert_false (activity_is_timed (init));
  g_assert_cmpint (g_array_index (init->spans, activity_span, 0).clock, ==,
                   EVENT_CLOCK_NONE);
  g_assert_false (activity_is_timed (boot_analysis_find (an, "insmod virtio_scsi")));
  g_assert_false (boot_analysis_find (an, "insmod virtio_scsi")->flagged);
  /* An initcall of a module is named after it. */
  g_assert_nonnull (boot_analysis_find (an, "initcall sg.init_sg"));
  g_assert_nonnull (boot_analysis_find (an, "initcall dm_mod.dm_init"));
  g_assert_nonnull (boot_analysis_find (an, "insmod virtio_scsi"));
  g_assert_nonnull (boot_analysis_find (an, "pci-fixup quirk_igfx_skip_te_disable:3"));
}

/* --save writes what --replay reads back, byte for byte, including bytes
 * that are not UTF-8 and lines without a printk time. */
static void
test_round_trip (void)
{
  g_autoptr (GPtrArray) passes
      = g_ptr_array_new_with_free_func ((GDestroyNotify)pass_events_free);
  static const char *const messages[] = { "launch", "\033[0mSeaBIOS \xff\xfe bytes",
                                          "[    1.500000] calling  x+0x0/0x1 @ 1", "" };
  for (guint p = 0; p < 2; p++)
    {
      pass_events *pe = pass_events_new (p);
      for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
        {
          boot_event ev = { .time_ns = 1000 * i + p,
                            .source = i == 0 ? EVENT_SOURCE_TRACE : EVENT_SOURCE_CONSOLE,
                            .guest_time_ns = EVENT_NO_GUEST_TIME,
                            .message = g_strdup (messages[i]) };
          printk_time_parse (ev.message, &ev.guest_time_ns, NULL);
          g_array_append_val (pe->events, ev);
        }
      g_ptr_array_add (passes, pe);
    }
  gsize len;
  g_autofree char *text = capture_to_jsonl (passes, NULL, &len);
  g_autoptr (GError) err = NULL;
  g_autoptr (JsonNode) header = NULL;
  g_autoptr (GPtrArray) back = capture_parse_jsonl (text, len, "mem", &header, &err);
  g_assert_no_error (err);
  g_assert_nonnull (header);
  g_assert_cmpuint (back->len, ==, passes->len);
  for (guint p = 0; p < passes->len; p++)
    {
      const pass_events *a = g_ptr_array_index (passes, p);
      const pass_events *b = g_ptr_array_index (back, p);
      g_assert_cmpuint (a->pass, ==, b->pass);
      g_assert_cmpuint (a->events->len, ==, b->events->len);
      for (guint e = 0; e < a->events->len; e++)
        {
          const boot_event *x = &g_array_index (a->events, boot_event, e);
          const boot_event *y = &g_array_index (b->events, boot_event, e);
          g_assert_cmpint (x->time_ns, ==, y->time_ns);
          g_assert_cmpint (x->guest_time_ns, ==, y->guest_time_ns);
          g_assert_cmpint (x->source, ==, y->source);
          g_assert_cmpstr (x->message, ==, y->message);
        }
    }
  /* A broken line is an error naming the origin and line. */
  static const char bad[] = "{\"format\":\"bootperf-capture\"}\n"
                            "{\"pass\":0,\"time_ns\":1,\"source\":\"console\"}\n"
                            "{\"pass\":0,\"time_ns\":2,\"source\":\"serial\"}\n";
  g_autoptr (GPtrArray) none
      = capture_parse_jsonl (bad, strlen (bad), "bad.jsonl", NULL, &err);
  g_assert_null (none);
  g_assert_nonnull (strstr (err->message, "bad.jsonl:3:"));
  g_assert_nonnull (strstr (err->message, "serial"));
}

/* A run's --save: completed passes, then the failed one; its header is what
 * --replay reads back (config, host, a console log's origin, the rules). */
static void
test_save_run (void)
{
  g_autoptr (GPtrArray) passes
      = g_ptr_array_new_with_free_func ((GDestroyNotify)pass_events_free);
  for (guint p = 0; p < 2; p++)
    {
      pass_events *pe = pass_events_new (p);
      boot_event ev = { .time_ns = 5 + p,
                        .source = EVENT_SOURCE_CONSOLE,
                        .guest_time_ns = EVENT_NO_GUEST_TIME,
                        .message = g_strdup_printf ("pass %u", p) };
      g_array_append_val (pe->events, ev);
      g_ptr_array_add (passes, pe);
    }
  g_autoptr (pass_events) failed = g_ptr_array_steal_index (passes, 1);
  g_autoptr (JsonNode) config = json_from_string ("{\"passes\": 7}", NULL);
  g_autoptr (JsonNode) host = json_from_string ("{\"cores\": 3}", NULL);
  const capture_header h = {
    .config = config, .host = host, .plain_log = TRUE, .rules_name = "direct-kernel.rules"
  };
  g_autofree char *dir = g_dir_make_tmp ("test-save-run-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "cap.jsonl", NULL);
  g_autoptr (GError) err = NULL;
  g_assert_true (capture_save_run (path, passes, failed, &h, &err));
  g_assert_no_error (err);
  g_assert_cmpuint (passes->len, ==, 1); /* the caller's array is left alone */

  replay_options ro = { .path = path };
  replay_input in;
  g_assert_true (replay_load (&ro, &in, &err));
  g_assert_no_error (err);
  g_assert_cmpuint (in.passes->len, ==, 2);
  const pass_events *last = g_ptr_array_index (in.passes, 1);
  g_assert_cmpstr (g_array_index (last->events, boot_event, 0).message, ==, "pass 1");
  g_assert_true (in.plain_log);
  g_assert_cmpstr (in.rules_name, ==, "direct-kernel.rules");
  g_assert_cmpint (
      json_object_get_int_member (json_node_get_object (in.config), "passes"), ==, 7);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (in.host), "cores"),
                   ==, 3);
  replay_input_clear (&in);
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/golden/real-capture", test_real_capture);
  g_test_add_func ("/golden/console-log", test_console_log);
  g_test_add_func ("/capture-io/round-trip", test_round_trip);
  g_test_add_func ("/capture-io/save-run", test_save_run);
  return g_test_run ();
}
