/* cache.c: per-commit results kept in the work directory, so that a rerun
 * (after Ctrl-C, a crash, or with other options for the comparison) reuses
 * every build verdict and sample already measured.
 *
 * One JSON file per commit under cache/<config-key>/, rewritten atomically
 * after each build and each benchmark run: a reader sees the old file or the
 * new one, never half of one.  The reader trusts nothing: a file that fails
 * any check is reported as corrupt and the caller measures afresh. */

#include <config.h>

#include <errno.h>
#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "json-util.h"
#include "output.h"
#include "range.h"

#define CACHE_FORMAT "bootperf-range-cache"
#define CACHE_VERSION 1

char *
range_cache_path (const range_session *s, const range_commit *c)
{
  g_autofree char *name = g_strdup_printf ("%s.json", c->sha);
  return g_build_filename (s->cache_dir, name, NULL);
}

static gboolean
corrupt (GError **error, const char *path, const char *why)
{
  g_set_error (error, RANGE_ERROR, RANGE_ERROR_CACHE_CORRUPT,
               "cache file %s is corrupt: %s", path, why);
  return FALSE;
}

gboolean
range_cache_load (const char *path, const char *config_key, range_commit *c,
                  GError **error)
{
  g_autofree char *text = NULL;
  gsize len;
  GError *read_error = NULL;
  if (!g_file_get_contents (path, &text, &len, &read_error))
    {
      g_propagate_error (error, read_error);
      return FALSE;
    }

  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) parse_error = NULL;
  if (len == 0)
    return corrupt (error, path, "empty file");
  if (!json_parser_load_checked (parser, text, (gssize)len, &parse_error))
    return corrupt (error, path, parse_error->message);
  JsonNode *root = json_parser_get_root (parser);
  if (!root || !JSON_NODE_HOLDS_OBJECT (root))
    return corrupt (error, path, "not a JSON object");
  JsonObject *o = json_node_get_object (root);

  const char *format = json_object_string (o, "format");
  gint64 version;
  if (!format || strcmp (format, CACHE_FORMAT) != 0)
    return corrupt (error, path, "not a " CACHE_FORMAT " file");
  if (!json_object_int (o, "version", &version) || version != CACHE_VERSION)
    return corrupt (error, path, "unsupported version");
  const char *commit = json_object_string (o, "commit");
  if (!commit || strcmp (commit, c->sha) != 0)
    return corrupt (error, path, "it is for another commit");
  const char *key = json_object_string (o, "config_key");
  if (!key || strcmp (key, config_key) != 0)
    return corrupt (error, path, "it is for another configuration");

  const char *build = json_object_string (o, "build");
  build_state state;
  if (build && strcmp (build, "ok") == 0)
    state = BUILD_OK;
  else if (build && strcmp (build, "failed") == 0)
    state = BUILD_FAILED;
  else
    return corrupt (error, path, "'build' is not \"ok\" or \"failed\"");
  gint64 build_exit, runs;
  if (!json_object_int (o, "build_exit", &build_exit) || build_exit < -1 || build_exit > 255)
    return corrupt (error, path, "'build_exit' is not an exit status");
  if (!json_object_int (o, "runs", &runs) || runs < 0 || runs > G_MAXINT)
    return corrupt (error, path, "'runs' is not a count");
  JsonNode *log = json_object_get_member (o, "build_log");
  if (!log || !(JSON_NODE_HOLDS_NULL (log) || json_object_string (o, "build_log")))
    return corrupt (error, path, "'build_log' is not a path or null");

  JsonNode *samples = json_object_get_member (o, "samples_ms");
  if (!samples || !JSON_NODE_HOLDS_ARRAY (samples))
    return corrupt (error, path, "'samples_ms' is not an array");
  JsonArray *a = json_node_get_array (samples);
  g_autoptr (GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonNode *n = json_array_get_element (a, i);
      GType t = JSON_NODE_HOLDS_VALUE (n) ? json_node_get_value_type (n) : G_TYPE_INVALID;
      if (t != G_TYPE_DOUBLE && t != G_TYPE_INT64)
        return corrupt (error, path, "a sample is not a number");
      double v = json_node_get_double (n);
      if (!range_sample_is_plausible (v))
        return corrupt (error, path, "a sample is not a duration (1 ns to 1e10 ms)");
      g_array_append_val (values, v);
    }
  if (state == BUILD_FAILED && values->len > 0)
    return corrupt (error, path, "samples for a commit that did not build");

  /* Every check passed: only now touch c. */
  c->build = state;
  c->build_exit = (int)build_exit;
  g_free (c->build_log);
  c->build_log
      = JSON_NODE_HOLDS_NULL (log) ? NULL : g_strdup (json_node_get_string (log));
  c->runs = (guint)runs;
  g_array_set_size (c->samples_ms, 0);
  g_array_append_vals (c->samples_ms, values->data, values->len);
  return TRUE;
}

gboolean
range_cache_store (const char *path, const char *config_key, const range_commit *c,
                   GError **error)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, CACHE_FORMAT);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, CACHE_VERSION);
  json_builder_set_member_name (b, "commit");
  json_builder_add_string_value (b, c->sha);
  json_builder_set_member_name (b, "subject");
  json_builder_add_string_value (b, c->subject);
  json_builder_set_member_name (b, "config_key");
  json_builder_add_string_value (b, config_key);
  json_builder_set_member_name (b, "build");
  json_builder_add_string_value (b, c->build == BUILD_FAILED ? "failed" : "ok");
  json_builder_set_member_name (b, "build_exit");
  json_builder_add_int_value (b, c->build_exit);
  json_builder_set_member_name (b, "build_log");
  if (c->build_log)
    json_builder_add_string_value (b, c->build_log);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "runs");
  json_builder_add_int_value (b, c->runs);
  json_builder_set_member_name (b, "samples_ms");
  json_builder_begin_array (b);
  for (guint i = 0; i < c->samples_ms->len; i++)
    json_add_double (b, g_array_index (c->samples_ms, double, i));
  json_builder_end_array (b);
  json_builder_end_object (b);

  gsize len;
  g_autofree char *text = json_builder_to_text (b, TRUE, &len);
  return output_write_atomic (path, text, (gssize)len, error);
}
