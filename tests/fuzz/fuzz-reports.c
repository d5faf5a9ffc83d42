/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz-reports.c: see fuzz-reports.h. */
#include <config.h>

#include <string.h>

#include "analyse.h"
#include "fuzz-reports.h"
#include "fuzz.h"
#include "report-analysis-json.h"
#include "report-svg.h"
#include "report-timeline.h"
#include "report-trace.h"
#include "rules.h"

/* No number of doc ends in ".0" after an exponent ("1e+308.0"), which
 * json-glib itself would read back. */
static gboolean
numbers_are_json (const char *doc, gsize len)
{
  gboolean in_string = FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (in_string)
        {
          if (doc[i] == '\\')
            i++;
          else if (doc[i] == '"')
            in_string = FALSE;
          continue;
        }
      if (doc[i] == '"')
        in_string = TRUE;
      else if ((doc[i] == 'e' || doc[i] == 'E') && i > 0 && g_ascii_isdigit (doc[i - 1]))
        {
          gsize j = i + 1;
          if (j < len && (doc[j] == '+' || doc[j] == '-'))
            j++;
          while (j < len && g_ascii_isdigit (doc[j]))
            j++;
          if (j < len && doc[j] == '.')
            return FALSE;
        }
    }
  return TRUE;
}

/* The document json makes is valid UTF-8 JSON and parses back. */
static void
check_json (JsonNode *json)
{
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  json_generator_set_root (gen, json);
  gsize len;
  g_autofree char *doc = json_generator_to_data (gen, &len);
  FUZZ_CHECK (g_utf8_validate (doc, (gssize)len, NULL));
  FUZZ_CHECK (numbers_are_json (doc, len));
  g_autoptr (JsonParser) parser = json_parser_new ();
  FUZZ_CHECK (json_parser_load_from_data (parser, doc, (gssize)len, NULL));
  json_node_unref (json);
}

static void
check_timeline (const boot_analysis *an)
{
  GString *text = g_string_new (NULL);
  timeline_options opts = { .colour = FALSE, .top = 10 };
  report_timeline_append (text, an, &opts);
  for (gsize i = 0; i < text->len; i++)
    {
      unsigned char ch = (unsigned char)text->str[i];
      FUZZ_CHECK (ch == '\n' || (ch >= 0x20 && ch != 0x7f));
    }
  g_string_free (text, TRUE);
}

void
fuzz_check_reports (const GPtrArray *passes, gboolean enforce_mandatory)
{
  static rule_set *default_rules;
  if (!default_rules)
    {
      g_autoptr (GError) err = NULL;
      default_rules = rule_set_load_file (BOOTPERF_SRCDATADIR "/activities.rules", &err);
      FUZZ_CHECK (default_rules != NULL);
    }
  g_autoptr (GError) err = NULL;
  boot_analysis *an = boot_analyse (default_rules, passes, enforce_mandatory, &err);
  if (!an)
    {
      FUZZ_CHECK (err != NULL && err->message[0] != '\0');
      return;
    }
  check_timeline (an);
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
