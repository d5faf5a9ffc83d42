/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz-capture-chunks.c: the console line splitter (capture.c) fed an
 * arbitrary byte stream cut into arbitrary chunks.  The first input byte
 * seeds the cuts; the rest is the console.  Checks the contract of capture.h:
 * the same lines whatever the chunking, no line end, NUL or empty line kept,
 * no line over the limit. */
#include <config.h>

#include <string.h>

#include "capture.h"
#include "fuzz.h"

static pass_events *
split (const uint8_t *data, size_t size, guint32 seed)
{
  event_capture *c = event_capture_new ();
  event_capture_begin_pass (c, 0);
  event_capture_add_message (c, EVENT_SOURCE_TRACE, 100, "launch", 6);
  guint32 state = seed | 1;
  size_t from = 0;
  int64_t now = 100;
  while (from < size)
    {
      size_t n = size - from;
      if (seed != 0)
        {
          /* xorshift32: chunks of 1 to 64 bytes */
          state ^= state << 13;
          state ^= state >> 17;
          state ^= state << 5;
          n = MIN (n, 1 + state % 64);
        }
      event_capture_add_chunk (c, ++now, (const char *)data + from, n);
      from += n;
    }
  pass_events *p = event_capture_end_pass (c);
  event_capture_free (c);
  return p;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  fuzz_init ();
  if (size < 1)
    return 0;
  guint32 seed = data[0] + 1;
  pass_events *whole = split (data + 1, size - 1, 0);
  pass_events *cut = split (data + 1, size - 1, seed);
  FUZZ_CHECK (whole->events->len == cut->events->len);
  for (guint i = 0; i < whole->events->len; i++)
    {
      const boot_event *a = &g_array_index (whole->events, boot_event, i);
      const boot_event *b = &g_array_index (cut->events, boot_event, i);
      FUZZ_CHECK (a->source == b->source);
      FUZZ_CHECK (strcmp (a->message, b->message) == 0);
      FUZZ_CHECK (a->guest_time_ns == b->guest_time_ns);
      FUZZ_CHECK (b->time_ns >= 0);
      if (a->source != EVENT_SOURCE_CONSOLE)
        continue;
      size_t len = strlen (a->message);
      FUZZ_CHECK (len > 0);
      FUZZ_CHECK (len <= CAPTURE_LINE_MAX_BYTES + 64);
      FUZZ_CHECK (strpbrk (a->message, "\r\n") == NULL);
    }
  pass_events_free (whole);
  pass_events_free (cut);
  return 0;
}
