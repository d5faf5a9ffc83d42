/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz-replay-log.c: the --replay reader of plain serial-console logs
 * (capture-io.c) on arbitrary files, then the rest of boot-analysis's replay
 * path on what it read: the default rules, the analysis, and the four
 * reports.  The text report must hold no control byte a terminal would act
 * on, the JSON and the Chrome trace must be valid UTF-8 JSON and the SVG
 * valid UTF-8. */
#include <config.h>

#include <string.h>

#include "capture-io.h"
#include "fuzz-reports.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  fuzz_init ();
  g_autoptr (GError) err = NULL;
  g_autoptr (GPtrArray) passes
      = capture_parse_console_log ((const char *)data, size, "fuzz.log", &err);
  if (!passes)
    {
      FUZZ_CHECK (err != NULL && err->message[0] != '\0');
      return 0;
    }
  for (guint p = 0; p < passes->len; p++)
    {
      const pass_events *pe = g_ptr_array_index (passes, p);
      FUZZ_CHECK (pe->events->len >= 2);
      int64_t last = 0;
      for (guint e = 0; e < pe->events->len; e++)
        {
          const boot_event *ev = &g_array_index (pe->events, boot_event, e);
          FUZZ_CHECK (ev->time_ns >= last); /* the printk clock never runs back */
          last = ev->time_ns;
        }
    }
  fuzz_check_reports (passes, FALSE);
  return 0;
}
