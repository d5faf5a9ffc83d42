/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz-printk-time.c: the guest's printk time stamp parser and the escaping
 * of messages for people (capture.c) on arbitrary lines. */
#include <config.h>

#include <string.h>

#include "events.h"
#include "fuzz.h"
#include "printk-time.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  fuzz_init ();
  /* A console message is a C string: up to the first NUL. */
  char *line = g_strndup ((const char *)data, size);
  size_t len = strlen (line);
  int64_t ns = EVENT_NO_GUEST_TIME;
  const char *body = NULL;
  gboolean has_time = printk_time_parse (line, &ns, &body);
  FUZZ_CHECK (body >= line && body <= line + len);
  if (has_time)
    FUZZ_CHECK (ns >= 0);
  int64_t again = EVENT_NO_GUEST_TIME;
  FUZZ_CHECK (printk_time_parse (line, &again, NULL) == has_time);
  FUZZ_CHECK (again == ns);

  char *shown = event_message_escape (line);
  for (const unsigned char *p = (const unsigned char *)shown; *p; p++)
    FUZZ_CHECK (*p >= 0x20 && *p != 0x7f);
  g_free (shown);
  g_free (line);
  return 0;
}
