/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz-replay-log.c: the --replay reader of plain serial-console logs
 * (capture-io.c) on arbitrary files, then the rest of boot-analysis's replay
 * path on what it read: the default rules, the analysis, and the four
 * reports.  The text report must hold no control byte a terminal would act
 * on, the JSON and the Chrome trace must be valid UTF-8 JSON and the SVG
 * valid UTF-8. */
#include <config.h>

#include <string.h>

#include "analyse.h"
#include "capture-io.h"
#include "fuzz.h"
#include "report-analysis-json.h"
#include "report-svg.h"
#include "report-timeline.h"
#include "report-trace.h"
#include "rules.h"

static rule_set *default_rules;

/* The document json makes is valid UTF-8 and parses back. */
static void
check_json (JsonNode *json)
{
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  json_generator_set_root (gen, json);
  gsize len;
  g_autofree char *doc = json_generator_to_data (gen, &len);
  FUZZ_CHECK (g_utf8_validate (doc, (gssize)len, NULL));
  g_autoptr (JsonParser) parser = json_parser_new ();
  FUZZ_CHECK (json_parser_load_from_data (parser, doc, (gssize)len, NULL));
  json_node_unref (json);
}

static void
check_reports (const GPtrArray *passes)
{
  if (!default_rules)
    {
      g_autoptr (GError) err = NULL;
      default_rules = rule_set_load_file (BOOTPERF_SRCDATADIR "/activities.rules", &err);
      FUZZ_CHECK (default_rules != NULL);
    }
  g_autoptr (GError) err = NULL;
  boot_analysis *an = boot_analyse (default_rules, passes, FALSE, &err);
  if (!an)
    return;
  GString *text = g_string_new (NULL);
  timeline_options opts = { .colour = FALSE, .top = 10 };
  report_timeline_append (text, an, &opts);
  for (gsize i = 0; i < text->len; i++)
    {
      unsigned char ch = (unsigned char)text->str[i];
      FUZZ_CHECK (ch == '\n' || (ch >= 0x20 && ch != 0x7f));
    }
  g_string_free (text, TRUE);

  check_json (report_analysis_json_build (an, passes, NULL, NULL));
  const report_trace_options lines = { .console_lines = TRUE };
  check_json (report_trace_build (an, passes, default_rules, &lines));

  g_autofree char *svg = report_svg_render (an, NULL);
  FUZZ_CHECK (g_utf8_validate (svg, -1, NULL));
  const report_svg_options folded = { .fold_below_percent = REPORT_SVG_FOLD_PERCENT };
  g_autofree char *svg_folded = report_svg_render (an, &folded);
  FUZZ_CHECK (g_utf8_validate (svg_folded, -1, NULL));
  boot_analysis_free (an);
}

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
  check_reports (passes);
  return 0;
}
