/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz-reports.c: see fuzz-reports.h. */
#include <config.h>

#include <string.h>

#include "analyse.h"
#include "fuzz-reports.h"
#include "fuzz.h"
#include "json-util.h"
#include "report-analysis-json.h"
#include "report-svg.h"
#include "report-timeline.h"
#include "report-trace.h"
#include "rules.h"

/* A check that a document is one JSON value (RFC 8259), without building
 * it: parsing every report back with json-glib took half of each run.  The
 * reports come from json-glib's generator, so what can go wrong is a token
 * (a number written "1e+308.0" or "inf", a raw control byte in a string);
 * the structure is checked all the same. */
typedef struct
{
  const char *p;
  const char *end;
  int depth;
} json_scan;

#define JSON_SCAN_MAX_DEPTH 256

static gboolean scan_value (json_scan *s);

static void
skip_space (json_scan *s)
{
  while (s->p < s->end
         && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
    s->p++;
}

static gboolean
next_is (json_scan *s, char ch)
{
  return s->p < s->end && *s->p == ch;
}

static gboolean
scan_word (json_scan *s, const char *word)
{
  size_t n = strlen (word);
  if ((size_t)(s->end - s->p) < n || memcmp (s->p, word, n) != 0)
    return FALSE;
  s->p += n;
  return TRUE;
}

static gboolean
scan_digits (json_scan *s)
{
  const char *from = s->p;
  while (s->p < s->end && g_ascii_isdigit (*s->p))
    s->p++;
  return s->p > from;
}

static gboolean
scan_number (json_scan *s)
{
  if (next_is (s, '-'))
    s->p++;
  if (next_is (s, '0'))
    s->p++;
  else if (!scan_digits (s))
    return FALSE;
  if (next_is (s, '.'))
    {
      s->p++;
      if (!scan_digits (s))
        return FALSE;
    }
  if (next_is (s, 'e') || next_is (s, 'E'))
    {
      s->p++;
      if (next_is (s, '+') || next_is (s, '-'))
        s->p++;
      if (!scan_digits (s))
        return FALSE;
    }
  return TRUE;
}

static gboolean
scan_escape (json_scan *s)
{
  if (s->p >= s->end)
    return FALSE;
  char ch = *s->p++;
  if (ch != 'u')
    return ch != '\0' && strchr ("\"\\/bfnrt", ch) != NULL;
  for (int i = 0; i < 4; i++, s->p++)
    if (s->p >= s->end || !g_ascii_isxdigit (*s->p))
      return FALSE;
  return TRUE;
}

static gboolean
scan_string (json_scan *s)
{
  s->p++; /* the opening quote */
  while (s->p < s->end)
    {
      unsigned char ch = (unsigned char)*s->p++;
      if (ch == '"')
        return TRUE;
      if (ch < 0x20 || (ch == '\\' && !scan_escape (s)))
        return FALSE;
    }
  return FALSE;
}

/* After '[' or '{': values (or name: value pairs) up to close. */
static gboolean
scan_members (json_scan *s, char close, gboolean named)
{
  if (++s->depth > JSON_SCAN_MAX_DEPTH)
    return FALSE;
  s->p++;
  skip_space (s);
  if (next_is (s, close))
    {
      s->p++;
      s->depth--;
      return TRUE;
    }
  for (;;)
    {
      if (named)
        {
          skip_space (s);
          if (!next_is (s, '"') || !scan_string (s))
            return FALSE;
          skip_space (s);
          if (!next_is (s, ':'))
            return FALSE;
          s->p++;
        }
      if (!scan_value (s))
        return FALSE;
      skip_space (s);
      if (s->p >= s->end)
        return FALSE;
      char ch = *s->p++;
      if (ch == close)
        {
          s->depth--;
          return TRUE;
        }
      if (ch != ',')
        return FALSE;
    }
}

static gboolean
scan_value (json_scan *s)
{
  skip_space (s);
  if (s->p >= s->end)
    return FALSE;
  switch (*s->p)
    {
    case '{':
      return scan_members (s, '}', TRUE);
    case '[':
      return scan_members (s, ']', FALSE);
    case '"':
      return scan_string (s);
    case 't':
      return scan_word (s, "true");
    case 'f':
      return scan_word (s, "false");
    case 'n':
      return scan_word (s, "null");
    default:
      return scan_number (s);
    }
}

gboolean
fuzz_json_is_valid (const char *doc, gsize len)
{
  json_scan s = { .p = doc, .end = doc + len, .depth = 0 };
  if (!scan_value (&s))
    return FALSE;
  skip_space (&s);
  return s.p == s.end;
}

/* The document json makes is valid UTF-8 JSON.  Under the standalone driver
 * (make check) json-glib must read it back too, which keeps the check above
 * honest on every seed and regression input. */
static void
check_json (JsonNode *json)
{
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  json_generator_set_root (gen, json);
  gsize len;
  g_autofree char *doc = json_generator_to_text (gen, &len);
  FUZZ_CHECK (g_utf8_validate (doc, (gssize)len, NULL));
  FUZZ_CHECK (fuzz_json_is_valid (doc, len));
  if (FUZZ_THOROUGH)
    {
      g_autoptr (JsonParser) parser = json_parser_new ();
      FUZZ_CHECK (json_parser_load_from_data (parser, doc, (gssize)len, NULL));
    }
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
