/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz-rules-load.c: the activity rules loader (rules.c: GKeyFile, keys,
 * templates, pcre2 compilation) on arbitrary files; a file that loads is
 * then matched against a short pass of real appliance lines. */
#include <config.h>

#include <string.h>

#include "fuzz.h"
#include "rules.h"

static const struct
{
  event_source source;
  const char *message;
} pass_lines[] = {
  { EVENT_SOURCE_TRACE, "launch" },
  { EVENT_SOURCE_CONSOLE, "SeaBIOS (version 1.16.2-debian-1.16.2-1)" },
  { EVENT_SOURCE_CONSOLE, "[    0.000000] Linux version 6.1.0-18-amd64" },
  { EVENT_SOURCE_CONSOLE, "[    0.912345] calling  pci_subsys_init+0x0/0x80 @ 1" },
  { EVENT_SOURCE_CONSOLE,
    "[    0.923456] initcall pci_subsys_init+0x0/0x80 returned 0 after 11000 usecs" },
  { EVENT_SOURCE_CONSOLE,
    "[    2.481005] Freeing unused kernel image (initmem) memory: 2824K" },
  { EVENT_SOURCE_CONSOLE, "supermin: internal insmod crc32-pclmul.ko" },
  { EVENT_SOURCE_CONSOLE, "Starting /init script ..." },
  { EVENT_SOURCE_CONSOLE, "+ guestfsd" },
  { EVENT_SOURCE_LIBRARY, "appliance is up" },
  { EVENT_SOURCE_LAUNCH_DONE, "" },
  { EVENT_SOURCE_CONSOLE, "fsync /dev/sda" },
  { EVENT_SOURCE_CLOSE, "" },
};

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  fuzz_init ();
  g_autoptr (GError) err = NULL;
  rule_set *rs = rule_set_load_data ((const char *)data, size, "fuzz.rules", &err);
  if (!rs)
    {
      FUZZ_CHECK (err != NULL && err->message[0] != '\0');
      return 0;
    }
  FUZZ_CHECK (err == NULL);
  pass_events *p = pass_events_new (0);
  for (guint i = 0; i < G_N_ELEMENTS (pass_lines); i++)
    {
      boot_event ev = { .time_ns = 1000 * (int64_t)i,
                        .guest_time_ns = EVENT_NO_GUEST_TIME,
                        .source = pass_lines[i].source,
                        .message = g_strdup (pass_lines[i].message) };
      g_array_append_val (p->events, ev);
    }
  g_autoptr (GError) match_error = NULL;
  GArray *matches = rules_match_pass (rs, p, &match_error);
  if (!matches)
    {
      /* A regex pcre2 gave up on (a limit): said, naming the rule. */
      FUZZ_CHECK (match_error && strstr (match_error->message, "pcre2 gave up"));
      pass_events_free (p);
      rule_set_free (rs);
      return 0;
    }
  for (guint i = 0; i < matches->len; i++)
    {
      rule_match *m = &g_array_index (matches, rule_match, i);
      FUZZ_CHECK (m->rule < rule_set_count (rs));
      FUZZ_CHECK (m->name != NULL);
      /* Names reach terminals, JSON and SVG: printable UTF-8 only (a tab
       * from the rules file itself is harmless). */
      FUZZ_CHECK (g_utf8_validate (m->name, -1, NULL));
      for (const char *q = m->name; *q; q = g_utf8_next_char (q))
        {
          gunichar ch = g_utf8_get_char (q);
          FUZZ_CHECK ((ch >= 0x20 || ch == '\t') && !(ch >= 0x7f && ch < 0xa0));
        }
      FUZZ_CHECK (!m->ended || m->end_ns >= m->start_ns);
    }
  g_array_unref (matches); /* clears the names */
  pass_events_free (p);
  rule_set_free (rs);
  return 0;
}
