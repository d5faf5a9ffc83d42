/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz-replay-jsonl.c: the --replay reader of JSON Lines captures
 * (capture-io.c) on arbitrary files.  A capture that reads is written out
 * again with --save's writer (JSON Lines, each line valid JSON) and read back
 * (the same events must come back), then goes the rest of boot-analysis's
 * replay path: analysis and every report (fuzz-reports.c). */
#include <config.h>

#include <string.h>

#include "capture-io.h"
#include "fuzz-reports.h"
#include "fuzz.h"

static void
check_same (const GPtrArray *a, const GPtrArray *b)
{
  FUZZ_CHECK (a->len == b->len);
  for (guint p = 0; p < a->len; p++)
    {
      const pass_events *pa = g_ptr_array_index (a, p);
      const pass_events *pb = g_ptr_array_index (b, p);
      FUZZ_CHECK (pa->pass == pb->pass);
      FUZZ_CHECK (pa->events->len == pb->events->len);
      for (guint e = 0; e < pa->events->len; e++)
        {
          const boot_event *x = &g_array_index (pa->events, boot_event, e);
          const boot_event *y = &g_array_index (pb->events, boot_event, e);
          FUZZ_CHECK (x->time_ns == y->time_ns);
          FUZZ_CHECK (x->guest_time_ns == y->guest_time_ns);
          FUZZ_CHECK (x->source == y->source);
          FUZZ_CHECK (strcmp (x->message, y->message) == 0);
        }
    }
}

/* What --save writes is JSON Lines: each line one JSON value. */
static void
check_lines_are_json (const char *text, gsize len)
{
  for (const char *p = text, *end = text + len; p < end;)
    {
      const char *nl = memchr (p, '\n', (size_t)(end - p));
      FUZZ_CHECK (nl != NULL);
      FUZZ_CHECK (fuzz_json_is_valid (p, (gsize)(nl - p)));
      p = nl + 1;
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  fuzz_init ();
  g_autoptr (GError) err = NULL;
  g_autoptr (JsonNode) header = NULL;
  g_autoptr (GPtrArray) passes
      = capture_parse_jsonl ((const char *)data, size, "fuzz.jsonl", &header, &err);
  if (!passes)
    {
      FUZZ_CHECK (err != NULL && err->message[0] != '\0');
      return 0;
    }
  gsize len;
  g_autofree char *text = capture_to_jsonl (passes, header, &len);
  FUZZ_CHECK (g_utf8_validate (text, (gssize)len, NULL));
  check_lines_are_json (text, len);
  g_autoptr (GError) err2 = NULL;
  g_autoptr (GPtrArray) again = capture_parse_jsonl (text, len, "again", NULL, &err2);
  FUZZ_CHECK (again != NULL);
  check_same (passes, again);
  fuzz_check_reports (passes, FALSE);
  return 0;
}
