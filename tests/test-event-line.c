/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-event-line.c: the fast reader of saved event lines accepts only
 * lines it reads exactly as json-glib does (checked against json-glib here),
 * and declines everything else, which then goes to json-glib. */
#include <config.h>

#include <string.h>

#include <json-glib/json-glib.h>

#include "event-line.h"

/* What json-glib reads from the line, for the members the reader knows. */
static void
check_same_as_json_glib (const char *line)
{
  guint pass;
  boot_event ev;
  /* Exactly the room the reader may use, so that ASan sees any write past it. */
  g_autofree char *msg = g_malloc (strlen (line) + 1);
  size_t msg_len;
  if (!event_line_parse (line, strlen (line), &pass, &ev, msg, &msg_len))
    g_error ("declined a line it should read: %s", line);
  g_assert_cmpint (msg[msg_len], ==, '\0');
  g_autoptr (GError) err = NULL;
  g_autoptr (JsonNode) node = json_from_string (line, &err);
  g_assert_no_error (err);
  JsonObject *o = json_node_get_object (node);
  g_assert_cmpint (pass, ==, json_object_get_int_member (o, "pass"));
  g_assert_cmpint (ev.time_ns, ==, json_object_get_int_member (o, "time_ns"));
  event_source source;
  g_assert_true (event_source_from_name (json_object_get_string_member (o, "source"), &source));
  g_assert_cmpint (ev.source, ==, source);
  const char *want = json_object_has_member (o, "message")
                         ? json_object_get_string_member (o, "message")
                         : "";
  g_assert_cmpuint (msg_len, ==, strlen (want));
  g_assert_cmpmem (msg, msg_len, want, strlen (want));
  g_assert_cmpint (ev.guest_time_ns, ==,
                   json_object_has_member (o, "guest_time_ns")
                       ? json_object_get_int_member (o, "guest_time_ns")
                       : EVENT_NO_GUEST_TIME);
}

static void
test_reads (void)
{
  static const char *const lines[] = {
    "{\"pass\":0,\"time_ns\":1,\"source\":\"console\",\"message\":\"[    2.481005] x\","
    "\"guest_time_ns\":2481005000}",
    "{ \"message\" : \"caf\\u00e9 \\ud83d\\ude00 \\\"q\\\" \\\\ \\/ \\t\\b\\f\\r\\n\","
    " \"source\" : \"library\" , \"time_ns\" : -5 , \"pass\" : 4294967294 }",
    "{\"pass\":2,\"time_ns\":900000000000000000,\"source\":\"trace\"}",
    "{\"pass\":1,\"time_ns\":-900000000000000000,\"source\":\"close\",\"message\":\"\"}",
    "{\"pass\":0,\"time_ns\":3,\"source\":\"console\",\"message\":\"r\xc3\xa9sum\xc3\xa9\","
    "\"clock\":\"printk\",\"clock_ns\":7}",
  };
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    check_same_as_json_glib (lines[i]);
}

/* The reader looks at eight bytes at a time: an escape, a multi-byte
 * character or a control byte at every place in a word is still seen (the
 * control byte declined, the rest read as json-glib reads them). */
static void
test_every_offset (void)
{
  static const char *const specials[] = { "\\\"", "\\\\", "\\n", "\xc3\xa9", "\\u00e9" };
  for (guint k = 0; k < G_N_ELEMENTS (specials); k++)
    for (guint at = 0; at < 20; at++)
      {
        g_autofree char *before = g_strnfill (at, 'a');
        g_autofree char *line = g_strdup_printf (
            "{\"pass\":0,\"time_ns\":1,\"source\":\"console\",\"message\":\"%s%s%s\"}",
            before, specials[k], "0123456789abcdef");
        check_same_as_json_glib (line);
        g_autofree char *control = g_strdup_printf (
            "{\"pass\":0,\"time_ns\":1,\"source\":\"console\",\"message\":\"%s\x01%s\"}",
            before, "0123456789abcdef");
        guint pass;
        boot_event ev;
        g_autofree char *msg = g_malloc (strlen (control) + 1);
        size_t msg_len;
        g_assert_false (
            event_line_parse (control, strlen (control), &pass, &ev, msg, &msg_len));
      }
}

static void
test_declines (void)
{
  static const char *const lines[] = {
    "{\"format\":\"bootperf-capture\",\"version\":1}",
    "{\"pass\":0,\"time_ns\":1,\"source\":\"console\",\"message\":\"a\\u0000b\"}",
    "{\"pass\":0,\"time_ns\":1.5,\"source\":\"console\"}",
    "{\"pass\":0,\"time_ns\":1e3,\"source\":\"console\"}",
    "{\"pass\":0,\"time_ns\":01,\"source\":\"console\"}",
    "{\"pass\":0,\"time_ns\":9223372036854775808,\"source\":\"console\"}",
    "{\"pass\":0,\"pass\":1,\"time_ns\":1,\"source\":\"console\"}",
    "{\"pass\":0,\"time_ns\":1,\"source\":\"serial\"}",
    "{\"pass\":-1,\"time_ns\":1,\"source\":\"console\"}",
    "{\"pass\":0,\"time_ns\":1}",
    "{\"pass\":0,\"time_ns\":1,\"source\":\"console\",\"message\":\"\xff\"}",
    "{\"pass\":0,\"time_ns\":1,\"source\":\"console\",\"message\":\"\\ud800\"}",
    "{\"pass\":0,\"time_ns\":1,\"source\":\"console\",\"message\":\"a\tb\"}",
    "{\"pass\":0,\"time_ns\":1,\"source\":\"console\"} x",
    "{\"pass\":0,\"time_ns\":1,\"source\":\"console\",}",
    "{\"pass\":0,\"time_ns\":1,\"source\":\"console\",\"message\":\"abc",
    "{\"pass\":0,\"time_ns\":1,\"source\":\"console\",\"message_base64\":\"/w==\"}",
    "{\"pass\":0,\"time_ns\":1,\"source\":\"console\",\"clock\":\"printk\"}",
    "{\"pass\":0,\"time_ns\":1,\"source\":\"console\",\"clock\":\"kernel\",\"clock_ns\":1}",
    "{\"pass\":[0],\"time_ns\":1,\"source\":\"console\"}",
    "{\"pass\":0,\"time_ns\":9223372036854775807,\"source\":\"close\"}",
    "{\"pass\":0,\"time_ns\":5,\"source\":\"console\",\"guest_time_ns\":-7}",
    "{\"pass\":0,\"time_ns\":5,\"source\":\"library\",\"clock\":\"libguestfs\","
    "\"clock_ns\":9223372036854775807}",
    "[1,2,3]",
    "",
  };
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      guint pass;
      boot_event ev;
      g_autofree char *msg = g_malloc (strlen (lines[i]) + 1);
      size_t msg_len;
      if (event_line_parse (lines[i], strlen (lines[i]), &pass, &ev, msg, &msg_len))
        g_error ("read a line it should decline: %s", lines[i]);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/event-line/reads-as-json-glib", test_reads);
  g_test_add_func ("/event-line/every-offset", test_every_offset);
  g_test_add_func ("/event-line/declines", test_declines);
  return g_test_run ();
}
