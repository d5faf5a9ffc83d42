/* SPDX-License-Identifier: GPL-2.0-or-later */
/* measure.c: one benchmark run of one commit, and the samples it gave.
 *
 * --kind qemu and kernel run boot-benchmark with --json; --kind custom runs
 * the user's command through /bin/sh; either runs in the commit's artifact
 * directory (artifacts.c), never in the build tree, which has moved on.  Either way the
 * samples come from, in order of preference: the JSON file named by
 * $BOOTPERF_JSON (boot-benchmark's schema, passes[].wall_ms where status is
 * "ok"), lines "sample: 123.4ms" in the output, or boot-benchmark's
 * "Result: 123.4ms ±1.2ms" line (one sample for the whole run). */

#define PCRE2_CODE_UNIT_WIDTH 8

#include <config.h>

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>
#include <pcre2.h>

#include <glib/gstdio.h>

#include "json-util.h"
#include "range.h"

/* The default --bench-timeout: per pass, and for starting and writing. */
#define RANGE_BENCH_PASS_S 300
#define RANGE_BENCH_SLACK_S 60

gboolean
range_sample_is_plausible (double ms)
{
  return ms >= RANGE_SAMPLE_MIN_MS && ms <= RANGE_SAMPLE_MAX_MS;
}

gboolean
range_samples_from_json (const char *json, gsize len, GArray *samples_ms, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) parse_error = NULL;
  if (!json_parser_load_checked (parser, json, (gssize)len, &parse_error))
    {
      g_set_error (error, RANGE_ERROR, RANGE_ERROR_NO_SAMPLES, "invalid JSON: %s",
                   parse_error->message);
      return FALSE;
    }
  JsonNode *root = json_parser_get_root (parser);
  JsonNode *passes = root && JSON_NODE_HOLDS_OBJECT (root)
                         ? json_object_get_member (json_node_get_object (root), "passes")
                         : NULL;
  if (!passes || !JSON_NODE_HOLDS_ARRAY (passes))
    {
      g_set_error (error, RANGE_ERROR, RANGE_ERROR_NO_SAMPLES,
                   "JSON has no \"passes\" array");
      return FALSE;
    }
  JsonArray *a = json_node_get_array (passes);
  guint had = samples_ms->len;
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonNode *n = json_array_get_element (a, i);
      if (!JSON_NODE_HOLDS_OBJECT (n))
        continue;
      JsonObject *p = json_node_get_object (n);
      JsonNode *status = json_object_get_member (p, "status");
      JsonNode *wall = json_object_get_member (p, "wall_ms");
      if (!status || !JSON_NODE_HOLDS_VALUE (status)
          || json_node_get_value_type (status) != G_TYPE_STRING
          || strcmp (json_node_get_string (status), "ok") != 0)
        continue;
      if (!wall || !JSON_NODE_HOLDS_VALUE (wall)
          || (json_node_get_value_type (wall) != G_TYPE_DOUBLE
              && json_node_get_value_type (wall) != G_TYPE_INT64))
        continue;
      double v = json_node_get_double (wall);
      if (!range_sample_is_plausible (v))
        {
          g_set_error (error, RANGE_ERROR, RANGE_ERROR_NO_SAMPLES,
                       "pass %u: wall_ms %g is not a duration (%g to %g ms)", i + 1, v,
                       RANGE_SAMPLE_MIN_MS, RANGE_SAMPLE_MAX_MS);
          g_array_set_size (samples_ms, had);
          return FALSE;
        }
      g_array_append_val (samples_ms, v);
    }
  return TRUE;
}

/* All matches of pattern's first group, as doubles, appended to out. */
static guint
collect_matches (const char *pattern, const char *text, GArray *out)
{
  int errcode;
  PCRE2_SIZE erroffset;
  pcre2_code *re = pcre2_compile ((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                                  PCRE2_MULTILINE, &errcode, &erroffset, NULL);
  g_return_val_if_fail (re != NULL, 0);
  pcre2_match_data *md = pcre2_match_data_create_from_pattern (re, NULL);
  PCRE2_SIZE len = strlen (text), start = 0;
  guint found = 0;
  while (start <= len && pcre2_match (re, (PCRE2_SPTR)text, len, start, 0, md, NULL) >= 2)
    {
      PCRE2_SIZE *ov = pcre2_get_ovector_pointer (md);
      g_autofree char *num = g_strndup (text + ov[2], ov[3] - ov[2]);
      double v = g_ascii_strtod (num, NULL);
      if (range_sample_is_plausible (v))
        {
          g_array_append_val (out, v);
          found++;
        }
      start = ov[1] > start ? ov[1] : start + 1;
    }
  pcre2_match_data_free (md);
  pcre2_code_free (re);
  return found;
}

guint
range_samples_from_text (const char *text, GArray *samples_ms)
{
  guint n = collect_matches ("^sample:[ \\t]*([0-9]+(?:\\.[0-9]+)?)[ \\t]*ms[ \\t]*\\r?$",
                             text, samples_ms);
  if (n > 0)
    return n;
  return collect_matches ("^Result: ([0-9]+(?:\\.[0-9]+)?)ms \xc2\xb1[0-9.]+ms", text,
                          samples_ms);
}

static char **
benchmark_argv (const range_session *s, int passes, const char *json_path)
{
  const range_options *o = s->opts;
  GPtrArray *argv = g_ptr_array_new ();
  if (o->kind == RANGE_KIND_CUSTOM)
    {
      g_ptr_array_add (argv, g_strdup ("/bin/sh"));
      g_ptr_array_add (argv, g_strdup ("-c"));
      g_ptr_array_add (argv, g_strdup (o->benchmark_cmd));
      g_ptr_array_add (argv, NULL);
      return (char **)g_ptr_array_free (argv, FALSE);
    }
  g_ptr_array_add (argv, g_strdup (o->boot_benchmark));
  g_ptr_array_add (argv, g_strdup_printf ("--passes=%d", passes));
  g_ptr_array_add (argv, g_strdup_printf ("--warmup=%d", o->warmup));
  g_ptr_array_add (argv, g_strdup_printf ("--json=%s", json_path));
  if (o->memsize_mb > 0)
    g_ptr_array_add (argv, g_strdup_printf ("--memsize=%d", o->memsize_mb));
  if (o->smp > 0)
    g_ptr_array_add (argv, g_strdup_printf ("--smp=%d", o->smp));
  if (o->append)
    g_ptr_array_add (argv, g_strdup_printf ("--append=%s", o->append));
  if (o->accel)
    g_ptr_array_add (argv, g_strdup_printf ("--accel=%s", o->accel));
  if (o->timeout_s > 0)
    g_ptr_array_add (argv, g_strdup_printf ("--timeout=%d", o->timeout_s));
  g_ptr_array_add (argv, NULL);
  return (char **)g_ptr_array_free (argv, FALSE);
}

int
range_bench_timeout_s (const range_options *o, int passes)
{
  if (o->bench_timeout_s >= 0)
    return o->bench_timeout_s;
  int per_pass = o->timeout_s > 0 ? o->timeout_s : RANGE_BENCH_PASS_S;
  gint64 limit = (gint64)(o->warmup + passes) * per_pass + RANGE_BENCH_SLACK_S;
  return (int)MIN (limit, G_MAXINT);
}

gboolean
range_measure (range_session *s, range_commit *c, int passes, GError **error)
{
  guint run = c->runs + 1;
  /* A fresh pair of files: a resumed or uncached run never overwrites the
   * logs of an earlier one. */
  g_autofree char *stem = g_strdup_printf ("bench-%u", run);
  g_autofree char *log_path = range_log_path (s, c, stem, "log");
  g_autofree char *json_path = g_strdup_printf (
      "%.*s.json", (int)(strlen (log_path) - strlen (".log")), log_path);
  g_autofree char *artifacts = range_artifacts_path (s, c);
  g_unlink (json_path);

  g_auto (GStrv) envp = g_get_environ ();
  g_autofree char *passes_str = g_strdup_printf ("%d", passes);
  g_autofree char *warmup_str = g_strdup_printf ("%d", s->opts->warmup);
  g_autofree char *run_str = g_strdup_printf ("%u", run);
  envp = g_environ_unsetenv (envp, "BOOTPERF_WORKTREE");
  envp = g_environ_setenv (envp, "BOOTPERF_COMMIT", c->sha, TRUE);
  envp = g_environ_setenv (envp, "BOOTPERF_PASSES", passes_str, TRUE);
  envp = g_environ_setenv (envp, "BOOTPERF_WARMUP", warmup_str, TRUE);
  envp = g_environ_setenv (envp, "BOOTPERF_RUN", run_str, TRUE);
  envp = g_environ_setenv (envp, "BOOTPERF_JSON", json_path, TRUE);
  envp = range_artifacts_bench_env (s, c, envp, error);
  if (!envp)
    return FALSE;

  g_auto (GStrv) argv = benchmark_argv (s, passes, json_path);
  int status;
  int64_t t0 = g_get_monotonic_time ();
  int timeout_s = range_bench_timeout_s (s->opts, passes);
  if (!range_spawn (argv, artifacts, envp, log_path, timeout_s, &status, error))
    return FALSE;
  s->benchmark_runs++;
  s->work_ns += (g_get_monotonic_time () - t0) * 1000;
  g_free (c->last_bench_log);
  c->last_bench_log = g_strdup (log_path);

  /* Keep what a run measured even if it then failed part-way. */
  g_autoptr (GArray) got = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *json = NULL;
  gsize json_len = 0;
  g_autoptr (GError) json_error = NULL;
  gboolean have_json
      = g_file_get_contents (json_path, &json, &json_len, NULL) && json_len > 0;
  if (have_json)
    range_samples_from_json (json, json_len, got, &json_error);
  if (got->len == 0)
    {
      g_autofree char *text = NULL;
      if (g_file_get_contents (log_path, &text, NULL, NULL))
        range_samples_from_text (text, got);
    }
  if (got->len == 0)
    {
      g_autofree char *why = NULL;
      if (json_error)
        why = g_strdup_printf ("$BOOTPERF_JSON: %s", json_error->message);
      else if (status == RANGE_SPAWN_TIMED_OUT)
        why = g_strdup_printf ("stopped after the --bench-timeout of %d s", timeout_s);
      else if (status != 0)
        why = g_strdup_printf ("exit status %d", status);
      else
        why = g_strdup ("no JSON, no 'sample: Nms' or 'Result: Nms' line");
      g_set_error (error, RANGE_ERROR, RANGE_ERROR_NO_SAMPLES,
                   "benchmark of %s gave no samples (%s); log: %s", c->short_sha, why,
                   log_path);
      return FALSE;
    }
  c->runs = run;
  g_array_append_vals (c->samples_ms, got->data, got->len);
  return TRUE;
}
