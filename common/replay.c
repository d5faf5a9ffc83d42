/* SPDX-License-Identifier: GPL-2.0-or-later */
/* replay.c: loading what --replay reads and picking its rules (replay.h). */
#include <config.h>

#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "boot-marks.h"
#include "capture-io.h"
#include "events.h"
#include "json-util.h"
#include "printk-time.h"
#include "replay.h"

#define APPLIANCE_RULES "activities.rules"
#define DIRECT_RULES "direct-kernel.rules"

char *
rules_shipped_path (const char *name)
{
  char *path = g_build_filename (BOOTPERF_DATADIR, name, NULL);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return path;
  g_free (path);
  return g_build_filename (BOOTPERF_SRCDATADIR, name, NULL);
}

void
replay_input_clear (replay_input *in)
{
  g_clear_pointer (&in->passes, g_ptr_array_unref);
  g_clear_pointer (&in->config, json_node_unref);
  g_clear_pointer (&in->host, json_node_unref);
  g_clear_pointer (&in->rules, rule_set_free);
  g_clear_pointer (&in->rules_name, g_free);
  g_clear_pointer (&in->description, g_free);
}

/* libguestfs's own lines, supermin's or the daemon's: the appliance. */
static gboolean
shows_appliance (const GPtrArray *passes)
{
  for (guint p = 0; p < passes->len; p++)
    {
      const pass_events *pe = g_ptr_array_index (passes, p);
      for (guint e = 0; e < pe->events->len; e++)
        {
          const boot_event *ev = &g_array_index (pe->events, boot_event, e);
          const char *body;
          if (ev->source == EVENT_SOURCE_LIBRARY)
            return TRUE;
          if (ev->source != EVENT_SOURCE_CONSOLE)
            continue;
          printk_time_parse (ev->message, NULL, &body);
          if (g_str_has_prefix (body, "supermin: ")
              || g_str_has_prefix (body, "guestfsd"))
            return TRUE;
        }
    }
  return FALSE;
}

static JsonNode *
header_member (JsonNode *header, const char *name)
{
  if (!header || !JSON_NODE_HOLDS_OBJECT (header))
    return NULL;
  JsonObject *o = json_node_get_object (header);
  if (!json_object_has_member (o, name))
    return NULL;
  return json_node_copy (json_object_get_member (o, name));
}

/* The shipped rules for this input, and why. */
static const char *
pick_rules (const replay_input *in, JsonNode *header, const char **why)
{
  const char *named = header && JSON_NODE_HOLDS_OBJECT (header)
                          ? json_object_string (json_node_get_object (header), "rules")
                          : NULL;
  if (g_strcmp0 (named, APPLIANCE_RULES) == 0 || g_strcmp0 (named, DIRECT_RULES) == 0)
    {
      *why = "named by the capture";
      return named;
    }
  if (!in->plain_log)
    {
      gboolean direct
          = in->config && JSON_NODE_HOLDS_OBJECT (in->config)
            && json_object_has_member (json_node_get_object (in->config), "direct")
            && !json_object_get_null_member (json_node_get_object (in->config), "direct");
      *why = direct ? "a capture of a direct kernel boot" : "a capture of the appliance";
      return direct ? DIRECT_RULES : APPLIANCE_RULES;
    }
  if (shows_appliance (in->passes))
    {
      *why = "libguestfs, supermin or guestfsd lines seen";
      return APPLIANCE_RULES;
    }
  *why = "no libguestfs, supermin or guestfsd line";
  return DIRECT_RULES;
}

static gboolean
load_rules (const replay_options *o, replay_input *in, JsonNode *header, GError **error)
{
  const char *why = "given with --rules";
  g_autofree char *path = NULL;
  if (o->rules_path)
    path = g_strdup (o->rules_path);
  else
    {
      in->rules_name = g_strdup (pick_rules (in, header, &why));
      path = rules_shipped_path (in->rules_name);
    }
  in->rules = rule_set_load_file (path, error);
  if (!in->rules)
    return FALSE;
  in->description = g_strdup_printf (
      "%s; rules %s (%s)",
      in->plain_log ? "console log, each line timed by its own clock" : "capture", path,
      why);
  return TRUE;
}

static gboolean
mark_ready (const char *regex, GPtrArray *passes, GError **error)
{
  int code;
  PCRE2_SIZE offset;
  pcre2_code *re
      = pcre2_compile ((PCRE2_SPTR)regex, PCRE2_ZERO_TERMINATED, 0, &code, &offset, NULL);
  if (!re)
    {
      PCRE2_UCHAR msg[256];
      pcre2_get_error_message (code, msg, sizeof msg);
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--ready regex at offset %zu: %s", (size_t)offset, (const char *)msg);
      return FALSE;
    }
  for (guint p = 0; p < passes->len; p++)
    {
      boot_marks unused;
      boot_marks_from_events (g_ptr_array_index (passes, p), re, &unused);
    }
  pcre2_code_free (re);
  return TRUE;
}

gboolean
replay_load (const replay_options *o, replay_input *out, GError **error)
{
  memset (out, 0, sizeof *out);
  capture_format format;
  g_autoptr (JsonNode) header = NULL;
  out->passes = capture_load (o->path, &format, &header, error);
  if (!out->passes)
    return FALSE;
  out->config = header_member (header, "config");
  out->host = header_member (header, "host");
  const char *origin = header && JSON_NODE_HOLDS_OBJECT (header)
                           ? json_object_string (json_node_get_object (header), "origin")
                           : NULL;
  out->plain_log
      = format == CAPTURE_FORMAT_CONSOLE_LOG || g_strcmp0 (origin, "console-log") == 0;
  if ((o->ready && !mark_ready (o->ready, out->passes, error))
      || !load_rules (o, out, header, error))
    {
      replay_input_clear (out);
      return FALSE;
    }
  return TRUE;
}
