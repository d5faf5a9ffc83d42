/* SPDX-License-Identifier: GPL-2.0-or-later */
/* report-analysis-json.c: boot_analysis -> JSON document (see the header).
 * Times are milliseconds, except raw events which keep their nanoseconds so
 * that nothing is lost; statistics that do not exist (sd of one pass) are
 * null. */
#include <config.h>

#include <math.h>
#include <string.h>

#include "events.h"
#include "output.h"
#include "json-util.h"
#include "model-json.h"
#include "report-analysis-json.h"

/* Messages are raw bytes: JSON needs UTF-8, so others go as base64. */
static void
add_message (JsonBuilder *b, const char *msg)
{
  if (g_utf8_validate (msg, -1, NULL))
    json_member_string (b, "message", msg);
  else
    {
      g_autofree char *b64 = g_base64_encode ((const guchar *)msg, strlen (msg));
      json_member_string (b, "message_base64", b64);
    }
}

static void
add_activity (JsonBuilder *b, const activity *a)
{
  json_builder_begin_object (b);
  json_member_string (b, "name", a->name);
  json_member_string (b, "rule", a->rule);
  json_member_string (b, "parent", a->parent);
  json_builder_set_member_name (b, "depth");
  json_builder_add_int_value (b, a->depth);
  json_member_boolean (b, "long", a->is_long);
  json_member_boolean (b, "flagged", a->flagged);
  json_builder_set_member_name (b, "passes_matched");
  json_builder_add_int_value (b, a->n_matched);
  json_member_int (b, "passes_timed", activity_is_timed (a) ? a->n_timed : 0);
  json_member_int (b, "passes_failed", a->n_failed);
  json_member_string (
      b, "clock", event_clock_name (activity_is_timed (a) ? a->clock : EVENT_CLOCK_NONE));
  json_member_double (b, "start_mean_ms", a->start_mean_ms);
  json_member_double (b, "percent_of_run", a->percent_of_run);
  if (activity_is_timed (a))
    model_json_summary (b, "duration", &a->duration_ms, "ms");
  else
    json_member_node (b, "duration", NULL);
  json_member_double (b, "console_gap_mean_ms", a->gap_mean_ms);
  json_builder_set_member_name (b, "per_pass");
  json_builder_begin_array (b);
  for (guint p = 0; p < a->spans->len; p++)
    {
      const activity_span *s = &g_array_index (a->spans, activity_span, p);
      if (!s->matched)
        {
          json_builder_add_null_value (b);
          continue;
        }
      gboolean timed = s->clock != EVENT_CLOCK_NONE;
      json_builder_begin_object (b);
      json_member_string (b, "clock", event_clock_name (s->clock));
      json_member_double (b, "start_ms", (double)s->start_ns / 1e6);
      json_member_double (b, "end_ms", timed ? (double)s->end_ns / 1e6 : NAN);
      json_member_double (b, "duration_ms",
                          timed ? (double)(s->end_ns - s->start_ns) / 1e6 : NAN);
      json_member_double (b, "console_gap_ms",
                          s->gap_ns >= 0 ? (double)s->gap_ns / 1e6 : NAN);
      json_member_boolean (b, "failed", s->failed);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
add_notes (JsonBuilder *b, const boot_analysis *an)
{
  json_builder_begin_array (b);
  for (guint i = 0; an->notes && i < an->notes->len; i++)
    {
      const analysis_note *n = g_ptr_array_index (an->notes, i);
      json_builder_begin_object (b);
      json_member_int (b, "pass", n->pass);
      json_member_string (b, "kind", n->kind);
      json_member_string (b, "text", n->text);
      json_member_string (b, "clock", event_clock_name (n->clock));
      json_member_double (b, "time_ms",
                          n->clock != EVENT_CLOCK_NONE ? (double)n->time_ns / 1e6 : NAN);
      json_member_boolean (b, "ends_pass", n->ends_pass);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
add_passes (JsonBuilder *b, const GPtrArray *passes)
{
  json_builder_begin_array (b);
  for (guint p = 0; p < passes->len; p++)
    {
      const pass_events *pe = g_ptr_array_index (passes, p);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "pass");
      json_builder_add_int_value (b, pe->pass);
      json_builder_set_member_name (b, "events");
      json_builder_begin_array (b);
      for (guint e = 0; e < pe->events->len; e++)
        {
          const boot_event *ev = &g_array_index (pe->events, boot_event, e);
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "time_ns");
          json_builder_add_int_value (b, ev->time_ns);
          json_member_string (b, "source", event_source_name (ev->source));
          json_member_string (b, "clock", event_clock_name (ev->clock));
          add_message (b, ev->message ? ev->message : "");
          if (ev->guest_time_ns != EVENT_NO_GUEST_TIME)
            {
              json_builder_set_member_name (b, "guest_time_ns");
              json_builder_add_int_value (b, ev->guest_time_ns);
            }
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

JsonNode *
report_analysis_json_build (const boot_analysis *an, const GPtrArray *passes,
                            JsonNode *config, JsonNode *host)
{
  g_autoptr (JsonBuilder) b = model_json_document_new ("boot-analysis");
  json_member_node (b, "config", config);
  json_member_node (b, "host", host);

  json_builder_set_member_name (b, "summary");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "passes");
  json_builder_add_int_value (b, an->n_passes);
  json_member_double (b, "run_mean_ms", an->run_mean_ms);
  json_builder_set_member_name (b, "activities");
  json_builder_add_int_value (b, an->activities->len);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "clocks");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "lines_with_guest_time");
  json_builder_add_int_value (b, an->clocks.n_lines);
  json_member_double (b, "guest_zero_on_host_ms", an->clocks.offset_mean_ms);
  json_member_double (b, "serial_lag_mean_ms", an->clocks.lag_mean_ms);
  json_member_double (b, "serial_lag_max_ms", an->clocks.lag_max_ms);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "activities");
  json_builder_begin_array (b);
  for (guint i = 0; i < an->activities->len; i++)
    add_activity (b, g_ptr_array_index (an->activities, i));
  json_builder_end_array (b);

  json_builder_set_member_name (b, "unmatched");
  json_builder_begin_array (b);
  for (guint i = 0; i < an->unmatched->len; i++)
    {
      const unmatched_rule *u = g_ptr_array_index (an->unmatched, i);
      json_builder_begin_object (b);
      json_member_string (b, "rule", u->rule);
      json_builder_set_member_name (b, "passes");
      json_builder_begin_array (b);
      for (guint k = 0; k < u->passes->len; k++)
        json_builder_add_int_value (b, g_array_index (u->passes, guint, k));
      json_builder_end_array (b);
      json_member_string (b, "note", u->note);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "notes");
  add_notes (b, an);

  json_builder_set_member_name (b, "passes");
  add_passes (b, passes);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

gboolean
report_analysis_json_write (const boot_analysis *an, const GPtrArray *passes,
                            JsonNode *config, JsonNode *host, const char *path,
                            GError **error)
{
  g_autoptr (JsonNode) root = report_analysis_json_build (an, passes, config, host);
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_root (gen, root);
  gsize len;
  g_autofree char *text = json_generator_to_text (gen, &len);
  return output_write_atomic (path, text, (gssize)len, error);
}
