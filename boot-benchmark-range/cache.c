/* SPDX-License-Identifier: GPL-2.0-or-later */
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
/* Version 2 adds run_list: which comparison round each run's samples
 * belong to.  A version 1 file still gives its build result and samples,
 * but those samples pair with nothing and are measured again. */
#define CACHE_VERSION 2

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

static gboolean
is_commit_id (const char *s)
{
  size_t n = strspn (s, "0123456789abcdef");
  return s[n] == '\0' && n >= 4 && n <= 64;
}

/* One run_list entry: {"run", "against", "round", "load", "n"} and,
 * optionally, "partner_run" and "confirming"; its n
 * samples are the next ones of samples_ms.  NULL, or why it is wrong. */
static const char *
read_run (JsonNode *node, const GArray *values, guint *used, GPtrArray *runs)
{
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return "a run is not an object";
  JsonObject *o = json_node_get_object (node);
  gint64 run, round, n;
  if (!json_object_int (o, "run", &run) || run < 1 || run > G_MAXINT)
    return "a run's number is not a count";
  if (!json_object_int (o, "round", &round) || round < 0 || round > G_MAXINT)
    return "a run's round is not a count";
  if (!json_object_int (o, "n", &n) || n < 0 || n > (gint64)(values->len - *used))
    return "a run's sample count does not match samples_ms";
  JsonNode *against = json_object_get_member (o, "against");
  const char *other = json_object_string (o, "against");
  if (!against || !(JSON_NODE_HOLDS_NULL (against) || (other && is_commit_id (other))))
    return "a run's 'against' is not a commit id or null";
  JsonNode *load = json_object_get_member (o, "load");
  double load_value = NAN;
  if (load && JSON_NODE_HOLDS_VALUE (load)
      && (json_node_get_value_type (load) == G_TYPE_DOUBLE
          || json_node_get_value_type (load) == G_TYPE_INT64))
    load_value = json_node_get_double (load);
  else if (!load || !JSON_NODE_HOLDS_NULL (load))
    return "a run's load is not a number or null";
  if (!isnan (load_value) && !(isfinite (load_value) && load_value >= 0))
    return "a run's load is not a load average";
  /* Since the runs kept their time: absent in older files. */
  gint64 time = 0;
  JsonNode *t = json_object_get_member (o, "time");
  if (t && !JSON_NODE_HOLDS_NULL (t) && (!json_object_int (o, "time", &time) || time < 0))
    return "a run's time is not a Unix time";
  /* Newer files only: the other side's run that opened the round (a run of
   * another comparison, measured just before), and a confirmation's mark. */
  gint64 partner = 0;
  if (json_object_has_member (o, "partner_run")
      && (!json_object_int (o, "partner_run", &partner) || partner < 0
          || partner > G_MAXINT))
    return "a run's partner_run is not a run number";
  JsonNode *confirming = json_object_get_member (o, "confirming");
  if (confirming
      && !(JSON_NODE_HOLDS_VALUE (confirming)
           && json_node_get_value_type (confirming) == G_TYPE_BOOLEAN))
    return "a run's 'confirming' is not true or false";
  range_run *r = range_run_new ((guint)run, other, (guint)round, load_value, time);
  r->partner_run = (guint)partner;
  r->confirming = confirming && json_node_get_boolean (confirming);
  g_array_append_vals (r->samples_ms, &g_array_index (values, double, *used), (guint)n);
  *used += (guint)n;
  g_ptr_array_add (runs, r);
  return NULL;
}

static const char *
read_run_list (JsonObject *o, const GArray *values, GPtrArray *runs)
{
  JsonNode *list = json_object_get_member (o, "run_list");
  if (!list || !JSON_NODE_HOLDS_ARRAY (list))
    return "'run_list' is not an array";
  JsonArray *a = json_node_get_array (list);
  /* Samples from before version 2 pair with nothing and come first. */
  guint total = 0;
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonNode *e = json_array_get_element (a, i);
      gint64 n;
      if (JSON_NODE_HOLDS_OBJECT (e)
          && json_object_int (json_node_get_object (e), "n", &n) && n >= 0
          && n <= G_MAXINT)
        total += (guint)n;
    }
  if (total > values->len)
    return "the runs hold more samples than samples_ms";
  guint used = values->len - total;
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      const char *why = read_run (json_array_get_element (a, i), values, &used, runs);
      if (why)
        return why;
    }
  return NULL;
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
  if (!json_object_int (o, "version", &version) || version < 1 || version > CACHE_VERSION)
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
  if (!json_object_int (o, "build_exit", &build_exit) || build_exit < -1
      || build_exit > 255)
    return corrupt (error, path, "'build_exit' is not an exit status");
  if (!json_object_int (o, "runs", &runs) || runs < 0 || runs > G_MAXINT)
    return corrupt (error, path, "'runs' is not a count");
  JsonNode *log = json_object_get_member (o, "build_log");
  if (!log || !(JSON_NODE_HOLDS_NULL (log) || json_object_string (o, "build_log")))
    return corrupt (error, path, "'build_log' is not a path or null");
  /* Optional, newer: why a build failed, and how long it took. */
  const char *reason = json_object_string (o, "build_reason");
  if (json_object_has_member (o, "build_reason") && !reason
      && !JSON_NODE_HOLDS_NULL (json_object_get_member (o, "build_reason")))
    return corrupt (error, path, "'build_reason' is not a string or null");
  double build_s = NAN;
  JsonNode *took = json_object_get_member (o, "build_seconds");
  if (took && JSON_NODE_HOLDS_VALUE (took)
      && (json_node_get_value_type (took) == G_TYPE_DOUBLE
          || json_node_get_value_type (took) == G_TYPE_INT64))
    build_s = json_node_get_double (took);
  else if (took && !JSON_NODE_HOLDS_NULL (took))
    return corrupt (error, path, "'build_seconds' is not a number or null");
  if (!isnan (build_s) && !(isfinite (build_s) && build_s >= 0))
    return corrupt (error, path, "'build_seconds' is not a duration");

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
  g_autoptr (GPtrArray) run_list
      = g_ptr_array_new_with_free_func ((GDestroyNotify)range_run_free);
  const char *why = version >= 2 ? read_run_list (o, values, run_list) : NULL;
  if (why)
    return corrupt (error, path, why);

  /* Every check passed: only now touch c. */
  c->build = state;
  c->build_exit = (int)build_exit;
  g_free (c->build_log);
  c->build_log
      = JSON_NODE_HOLDS_NULL (log) ? NULL : g_strdup (json_node_get_string (log));
  g_free (c->build_reason);
  c->build_reason = g_strdup (reason);
  c->build_s = build_s;
  c->runs = (guint)runs;
  g_array_set_size (c->samples_ms, 0);
  g_array_append_vals (c->samples_ms, values->data, values->len);
  g_ptr_array_set_size (c->run_list, 0);
  g_ptr_array_extend_and_steal (c->run_list, g_steal_pointer (&run_list));
  return TRUE;
}

void
range_run_list_json (JsonBuilder *b, const char *member, const GPtrArray *runs,
                     gboolean with_samples)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint i = 0; i < runs->len; i++)
    {
      const range_run *r = g_ptr_array_index (runs, i);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "run");
      json_builder_add_int_value (b, r->run);
      json_member_string (b, "against", r->against);
      json_builder_set_member_name (b, "round");
      json_builder_add_int_value (b, r->round);
      json_member_double (b, "load", r->load);
      if (r->time > 0)
        json_member_int (b, "time", r->time);
      else
        json_member_string (b, "time", NULL);
      if (r->partner_run > 0)
        json_member_int (b, "partner_run", r->partner_run);
      if (r->confirming)
        json_member_boolean (b, "confirming", TRUE);
      if (with_samples)
        {
          json_builder_set_member_name (b, "samples_ms");
          json_builder_begin_array (b);
          for (guint k = 0; k < r->samples_ms->len; k++)
            json_add_double (b, g_array_index (r->samples_ms, double, k));
          json_builder_end_array (b);
        }
      else
        {
          json_builder_set_member_name (b, "n");
          json_builder_add_int_value (b, r->samples_ms->len);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
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
  json_member_string (b, "build_reason", c->build_reason);
  json_member_double (b, "build_seconds", c->build_s);
  range_run_list_json (b, "run_list", c->run_list, FALSE);
  json_builder_end_object (b);

  gsize len;
  g_autofree char *text = json_builder_to_text (b, TRUE, &len);
  return output_write_atomic (path, text, (gssize)len, error);
}
