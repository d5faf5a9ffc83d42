/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rules.c: the activity rules engine (see rules.h for the file format).
 *
 * Loading checks everything a rules file can get wrong and says where: file,
 * line, rule, and pcre2's own message.  Matching walks a pass's events once;
 * for each event it tries only the rules of that event's source, skips single
 * rules that already began, and tries end regexes only while an instance is
 * open.  Ends are tried before begins, so one line can end an activity and
 * begin the next (`supermin: internal insmod`). */
#include <config.h>

#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "events.h"
#include "log-clocks.h"
#include "output.h"
#include "printk-time.h"
#include "rules.h"

typedef struct
{
  char *literal;  /* text, when group < 0 */
  int group;      /* begin capture group number */
  char *fallback; /* ${group:-fallback}, or NULL */
} template_part;

/* What an anchored regex needs as the subject's first byte, so that most
 * lines are turned away without calling pcre2 at all. */
typedef struct
{
  gboolean active;
  guint8 first[256];
} prefilter;

typedef struct
{
  char *name; /* the group name */
  event_source begin_source, end_source;
  pcre2_code *begin, *end; /* end may be NULL: the next event of end_source */
  pcre2_code *fail;        /* may be NULL */
  pcre2_code *fallback;    /* end-fallback=, may be NULL */
  prefilter begin_pf, end_pf, fail_pf, fallback_pf;
  gboolean begin_jit, end_jit, fail_jit, fallback_jit;
  int usecs_group;    /* end's (?<usecs>...), or -1 */
  char *missing;      /* what its absence means, or NULL */
  GArray *name_parts; /* template_part; NULL: the name is the group name */
  gboolean repeat, is_long, mandatory;
  GArray *key_begin_groups; /* int: groups named in both begin and end */
  GArray *key_end_groups;
  GArray *key_fail_groups; /* the same names in fail */
} rule;

/* The rules worth trying on a line of one source, by the line's first
 * byte: those whose prefilters let that byte through, in file order. */
typedef struct
{
  guint first[257]; /* rules of byte b: rule[first[b]] .. rule[first[b + 1] - 1] */
  GArray *rule;     /* guint rule indices */
} byte_dispatch;

struct rule_set
{
  char *origin;
  GPtrArray *rules;                        /* rule* */
  GArray *begin_rules[EVENT_SOURCE_COUNT]; /* guint rule indices */
  GArray *end_rules[EVENT_SOURCE_COUNT];
  byte_dispatch begins_by_byte[EVENT_SOURCE_COUNT];
  byte_dispatch ends_by_byte[EVENT_SOURCE_COUNT];
  uint32_t max_pairs;          /* ovector size for match data */
  pcre2_match_context *limits; /* RULES_MATCH_LIMIT, RULES_DEPTH_LIMIT */
};

static void
template_part_clear (template_part *t)
{
  g_free (t->literal);
  g_free (t->fallback);
}

static void
rule_free (rule *r)
{
  g_free (r->name);
  pcre2_code_free (r->begin);
  pcre2_code_free (r->end);
  pcre2_code_free (r->fail);
  pcre2_code_free (r->fallback);
  g_free (r->missing);
  if (r->name_parts)
    g_array_unref (r->name_parts);
  g_array_unref (r->key_begin_groups);
  g_array_unref (r->key_end_groups);
  g_array_unref (r->key_fail_groups);
  g_free (r);
}

void
rule_set_free (rule_set *rs)
{
  if (!rs)
    return;
  g_free (rs->origin);
  g_ptr_array_unref (rs->rules);
  pcre2_match_context_free (rs->limits);
  for (int s = 0; s < EVENT_SOURCE_COUNT; s++)
    {
      g_array_unref (rs->begin_rules[s]);
      g_array_unref (rs->end_rules[s]);
      g_clear_pointer (&rs->begins_by_byte[s].rule, g_array_unref);
      g_clear_pointer (&rs->ends_by_byte[s].rule, g_array_unref);
    }
  g_free (rs);
}

guint
rule_set_count (const rule_set *rs)
{
  return rs->rules->len;
}

const char *
rule_set_origin (const rule_set *rs)
{
  return rs->origin;
}

static const rule *
rule_at (const rule_set *rs, guint i)
{
  return g_ptr_array_index (rs->rules, i);
}

const char *
rule_name (const rule_set *rs, guint i)
{
  return rule_at (rs, i)->name;
}

gboolean
rule_is_long (const rule_set *rs, guint i)
{
  return rule_at (rs, i)->is_long;
}

gboolean
rule_is_mandatory (const rule_set *rs, guint i)
{
  return rule_at (rs, i)->mandatory;
}

gboolean
rule_is_repeated (const rule_set *rs, guint i)
{
  return rule_at (rs, i)->repeat;
}

const char *
rule_missing_note (const rule_set *rs, guint i)
{
  return rule_at (rs, i)->missing;
}

/* ---- Loading ---------------------------------------------------------- */

static const char *const known_keys[] = {
  "source", "begin-source", "end-source", "begin",     "end",     "end-fallback", "fail",
  "name",   "repeat",       "long",       "mandatory", "missing", "description",  NULL,
};

/* The 1-based line of key in group (or of the group header when key is
 * NULL), so that errors found after GKeyFile parsed the text can point at it. */
static int
find_line (const char *data, const char *group, const char *key)
{
  g_auto (GStrv) lines = g_strsplit (data, "\n", -1);
  gboolean in_group = FALSE;
  for (int i = 0; lines[i]; i++)
    {
      const char *l = lines[i];
      while (g_ascii_isspace (*l))
        l++;
      if (*l == '[')
        {
          const char *close = strrchr (l, ']');
          in_group = close && (size_t)(close - l - 1) == strlen (group)
                     && strncmp (l + 1, group, strlen (group)) == 0;
          if (in_group && !key)
            return i + 1;
          continue;
        }
      if (!in_group || !key || *l == '#')
        continue;
      const char *eq = strchr (l, '=');
      if (!eq)
        continue;
      const char *end = eq;
      while (end > l && g_ascii_isspace (end[-1]))
        end--;
      if ((size_t)(end - l) == strlen (key) && strncmp (l, key, strlen (key)) == 0)
        return i + 1;
    }
  return 0;
}

/* Rule names reach terminals, JSON and SVG: a rules file must be printable
 * UTF-8 text (tabs allowed, and the "\r" of a CRLF line end when the line
 * has its "\n"). */
static gboolean
is_printable_text (const char *line, gboolean ends_with_newline)
{
  if (!g_utf8_validate (line, -1, NULL))
    return FALSE;
  for (const char *p = line; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean line_end = c == '\r' && p[1] == '\0' && ends_with_newline;
      if ((c < 0x20 && c != '\t' && !line_end) || (c >= 0x7f && c < 0xa0))
        return FALSE;
    }
  return TRUE;
}

/* GKeyFile does not say on which line it choked: check the line syntax first. */
static gboolean
check_syntax (const char *data, const char *origin, GError **error)
{
  g_auto (GStrv) lines = g_strsplit (data, "\n", -1);
  g_autoptr (GHashTable) groups
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* The current rule's keys: GKeyFile would keep the last of two silently. */
  g_autoptr (GHashTable) keys
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean seen_group = FALSE;
  for (int i = 0; lines[i]; i++)
    {
      g_autofree char *l = g_strstrip (g_strdup (lines[i]));
      g_autofree char *problem_text = NULL;
      const char *problem = NULL;
      if (!is_printable_text (lines[i], lines[i + 1] != NULL))
        {
          /* Not quoted: the line itself is what must not reach a terminal. */
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_PARSE,
                       "%s:%d: not UTF-8 text, or a control character", origin, i + 1);
          return FALSE;
        }
      if (*l == '\0' || *l == '#')
        continue;
      if (*l == '[')
        {
          size_t n = strlen (l);
          if (n < 3 || l[n - 1] != ']')
            problem = "a group header must look like [name]";
          else if (g_ascii_isspace (l[1]) || g_ascii_isspace (l[n - 2]))
            problem = "no spaces inside a group header's brackets: write [name]";
          else
            {
              char *name = g_strndup (l + 1, n - 2);
              if (!g_hash_table_add (groups, name))
                problem = "this rule is defined twice";
              g_hash_table_remove_all (keys);
              seen_group = TRUE;
            }
        }
      else if (!strchr (l, '='))
        problem = "expected [rule], key=value or # comment";
      else if (!seen_group)
        problem = "key=value before the first [rule]";
      else
        {
          char *key = g_strstrip (g_strndup (l, (gsize)(strchr (l, '=') - l)));
          gpointer first = g_hash_table_lookup (keys, key);
          if (first)
            problem = problem_text
                = g_strdup_printf ("key '%s' given twice in one rule (first at line %d)",
                                   key, GPOINTER_TO_INT (first));
          g_hash_table_insert (keys, key, GINT_TO_POINTER (i + 1));
        }
      if (problem)
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_PARSE, "%s:%d: %s: '%s'",
                       origin, i + 1, problem, l);
          return FALSE;
        }
    }
  return TRUE;
}

typedef struct
{
  const char *origin;
  const char *data;
  GKeyFile *kf;
  const char *group;
} load_ctx;

static gboolean G_GNUC_PRINTF (4, 5)
    fail_at (const load_ctx *ctx, const char *key, GError **error, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
               "%s:%d: rule '%s': %s", ctx->origin,
               find_line (ctx->data, ctx->group, key), ctx->group, msg);
  return FALSE;
}

static gboolean
read_bool (const load_ctx *ctx, const char *key, gboolean *out, GError **error)
{
  *out = FALSE;
  if (!g_key_file_has_key (ctx->kf, ctx->group, key, NULL))
    return TRUE;
  g_autofree char *v = g_key_file_get_value (ctx->kf, ctx->group, key, NULL);
  if (g_strcmp0 (v, "true") == 0)
    *out = TRUE;
  else if (g_strcmp0 (v, "false") != 0)
    return fail_at (ctx, key, error, "%s must be true or false, not '%s'", key, v);
  return TRUE;
}

static gboolean
read_source (const load_ctx *ctx, const char *key, event_source fallback,
             event_source *out, GError **error)
{
  *out = fallback;
  if (!g_key_file_has_key (ctx->kf, ctx->group, key, NULL))
    return TRUE;
  g_autofree char *v = g_key_file_get_value (ctx->kf, ctx->group, key, NULL);
  if (!event_source_from_name (v, out))
    return fail_at (ctx, key, error,
                    "unknown %s '%s' (use console, library, trace, launch-done, close "
                    "or subprocess-quit)",
                    key, v);
  return TRUE;
}

static void
build_prefilter (const pcre2_code *re, prefilter *pf)
{
  memset (pf, 0, sizeof *pf);
  uint32_t options = 0, type = 0, unit = 0;
  const uint8_t *bitmap = NULL;
  pcre2_pattern_info (re, PCRE2_INFO_ALLOPTIONS, &options);
  if (!(options & PCRE2_ANCHORED))
    return;
  pcre2_pattern_info (re, PCRE2_INFO_FIRSTCODETYPE, &type);
  if (type == 1)
    {
      pcre2_pattern_info (re, PCRE2_INFO_FIRSTCODEUNIT, &unit);
      if (unit > 255)
        return;
      /* Either case: the pattern may be caseless. */
      /* cppcheck's gtk.cfg wrongly limits these to 0..255: they take a gchar. */
      /* cppcheck-suppress invalidFunctionArg */
      pf->first[g_ascii_tolower ((char)unit) & 0xff] = 1;
      /* cppcheck-suppress invalidFunctionArg */
      pf->first[g_ascii_toupper ((char)unit) & 0xff] = 1;
      pf->active = TRUE;
      return;
    }
  pcre2_pattern_info (re, PCRE2_INFO_FIRSTBITMAP, &bitmap);
  if (!bitmap)
    return;
  for (int c = 0; c < 256; c++)
    pf->first[c] = (bitmap[c / 8] >> (c % 8)) & 1;
  pf->active = TRUE;
}

static gboolean
read_regex (const load_ctx *ctx, const char *key, pcre2_code **out, gboolean *jit,
            prefilter *pf, GError **error)
{
  *out = NULL;
  *jit = FALSE;
  memset (pf, 0, sizeof *pf);
  if (!g_key_file_has_key (ctx->kf, ctx->group, key, NULL))
    return TRUE;
  g_autofree char *pattern = g_key_file_get_value (ctx->kf, ctx->group, key, NULL);
  int code;
  PCRE2_SIZE offset;
  pcre2_code *re = pcre2_compile ((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, 0, &code,
                                  &offset, NULL);
  if (!re)
    {
      PCRE2_UCHAR msg[256];
      pcre2_get_error_message (code, msg, sizeof msg);
      return fail_at (ctx, key, error, "%s regex at offset %zu: %s", key, (size_t)offset,
                      (const char *)msg);
    }
  /* Without JIT support pcre2_match still works, only slower.  Valgrind
   * cannot follow JIT code (it reports its wide reads), hence the switch
   * that scripts/ci-hardening sets for memcheck. */
  *jit = !g_getenv ("BOOTPERF_NO_PCRE2_JIT")
         && pcre2_jit_compile (re, PCRE2_JIT_COMPLETE) == 0;
  build_prefilter (re, pf);
  *out = re;
  return TRUE;
}

static gboolean
parse_name_template (const load_ctx *ctx, rule *r, const char *tmpl, GError **error)
{
  r->name_parts = g_array_new (FALSE, TRUE, sizeof (template_part));
  g_array_set_clear_func (r->name_parts, (GDestroyNotify)template_part_clear);
  const char *p = tmpl;
  while (*p)
    {
      const char *ref = strstr (p, "${");
      if (ref != p)
        {
          size_t n = ref ? (size_t)(ref - p) : strlen (p);
          template_part t = { .literal = g_strndup (p, n), .group = -1 };
          g_array_append_val (r->name_parts, t);
          p += n;
          continue;
        }
      const char *close = strchr (ref, '}');
      if (!close)
        return fail_at (ctx, "name", error, "unterminated ${ in name '%s'", tmpl);
      g_autofree char *inner = g_strndup (ref + 2, (size_t)(close - ref - 2));
      char *fallback = strstr (inner, ":-");
      if (fallback)
        {
          *fallback = '\0';
          fallback += 2;
        }
      int group = pcre2_substring_number_from_name (r->begin, (PCRE2_SPTR)inner);
      if (group <= 0)
        return fail_at (ctx, "name", error,
                        "name refers to ${%s}, but begin has no group (?<%s>...)", inner,
                        inner);
      template_part t = { .group = group, .fallback = g_strdup (fallback) };
      g_array_append_val (r->name_parts, t);
      p = close + 1;
    }
  return TRUE;
}

/* Groups named in both regexes decide which open instance an end (or a
 * fail) closes; fail must name them all. */
static gboolean
find_key_groups (const load_ctx *ctx, rule *r, GError **error)
{
  uint32_t count = 0, entry_size = 0;
  PCRE2_SPTR table = NULL;
  if (!r->end)
    return TRUE;
  pcre2_pattern_info (r->end, PCRE2_INFO_NAMECOUNT, &count);
  pcre2_pattern_info (r->end, PCRE2_INFO_NAMEENTRYSIZE, &entry_size);
  pcre2_pattern_info (r->end, PCRE2_INFO_NAMETABLE, &table);
  for (uint32_t i = 0; i < count; i++)
    {
      PCRE2_SPTR entry = table + (size_t)i * entry_size;
      int end_group = (entry[0] << 8) | entry[1];
      int begin_group = pcre2_substring_number_from_name (r->begin, entry + 2);
      if (begin_group <= 0)
        continue;
      g_array_append_val (r->key_begin_groups, begin_group);
      g_array_append_val (r->key_end_groups, end_group);
      if (!r->fail)
        continue;
      int fail_group = pcre2_substring_number_from_name (r->fail, entry + 2);
      if (fail_group <= 0)
        return fail_at (ctx, "fail", error,
                        "fail has no group (?<%s>...), which begin and end share",
                        (const char *)(entry + 2));
      g_array_append_val (r->key_fail_groups, fail_group);
    }
  return TRUE;
}

static uint32_t
capture_pairs (const pcre2_code *re)
{
  uint32_t n = 0;
  if (re)
    pcre2_pattern_info (re, PCRE2_INFO_CAPTURECOUNT, &n);
  return n + 1;
}

static rule *
load_rule (const load_ctx *ctx, GError **error)
{
  g_auto (GStrv) keys = g_key_file_get_keys (ctx->kf, ctx->group, NULL, NULL);
  for (int i = 0; keys && keys[i]; i++)
    if (!g_strv_contains (known_keys, keys[i]))
      {
        fail_at (ctx, keys[i], error,
                 "unknown key '%s' (known: source, begin-source, end-source, begin, "
                 "end, end-fallback, fail, name, repeat, long, mandatory, missing, "
                 "description)",
                 keys[i]);
        return NULL;
      }

  rule *r = g_new0 (rule, 1);
  r->name = g_strdup (ctx->group);
  r->key_begin_groups = g_array_new (FALSE, FALSE, sizeof (int));
  r->key_end_groups = g_array_new (FALSE, FALSE, sizeof (int));
  r->key_fail_groups = g_array_new (FALSE, FALSE, sizeof (int));
  event_source source;
  g_autofree char *tmpl = g_key_file_get_value (ctx->kf, ctx->group, "name", NULL);
  if (!read_source (ctx, "source", EVENT_SOURCE_CONSOLE, &source, error)
      || !read_source (ctx, "begin-source", source, &r->begin_source, error)
      || !read_source (ctx, "end-source", source, &r->end_source, error)
      || !read_bool (ctx, "repeat", &r->repeat, error)
      || !read_bool (ctx, "long", &r->is_long, error)
      || !read_bool (ctx, "mandatory", &r->mandatory, error))
    goto fail;
  if (!g_key_file_has_key (ctx->kf, ctx->group, "begin", NULL))
    {
      fail_at (ctx, NULL, error, "no begin= regex");
      goto fail;
    }
  if (!read_regex (ctx, "begin", &r->begin, &r->begin_jit, &r->begin_pf, error)
      || !read_regex (ctx, "end", &r->end, &r->end_jit, &r->end_pf, error)
      || !read_regex (ctx, "fail", &r->fail, &r->fail_jit, &r->fail_pf, error)
      || !read_regex (ctx, "end-fallback", &r->fallback, &r->fallback_jit,
                      &r->fallback_pf, error))
    goto fail;
  r->usecs_group
      = r->end ? pcre2_substring_number_from_name (r->end, (PCRE2_SPTR) "usecs") : -1;
  if (r->usecs_group <= 0)
    r->usecs_group = -1;
  r->missing = g_key_file_get_value (ctx->kf, ctx->group, "missing", NULL);
  if (tmpl && !parse_name_template (ctx, r, tmpl, error))
    goto fail;
  if (!find_key_groups (ctx, r, error))
    goto fail;
  return r;

fail:
  rule_free (r);
  return NULL;
}

static gboolean
passes_prefilter (const prefilter *pf, guint byte)
{
  return !pf->active || pf->first[byte];
}

static gboolean
begin_may_match (const rule *r, guint byte)
{
  return passes_prefilter (&r->begin_pf, byte);
}

/* An end without a regex takes any line; otherwise one of end=, fail= or
 * end-fallback= must let the byte through. */
static gboolean
end_may_match (const rule *r, guint byte)
{
  return !r->end || passes_prefilter (&r->end_pf, byte)
         || (r->fail && passes_prefilter (&r->fail_pf, byte))
         || (r->fallback && passes_prefilter (&r->fallback_pf, byte));
}

static void
build_dispatch (const rule_set *rs, const GArray *rules,
                gboolean (*may_match) (const rule *, guint), byte_dispatch *out)
{
  out->rule = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint byte = 0; byte < 256; byte++)
    {
      out->first[byte] = out->rule->len;
      for (guint i = 0; i < rules->len; i++)
        {
          guint ri = g_array_index (rules, guint, i);
          if (may_match (rule_at (rs, ri), byte))
            g_array_append_val (out->rule, ri);
        }
    }
  out->first[256] = out->rule->len;
}

static void
build_dispatches (rule_set *rs)
{
  for (int s = 0; s < EVENT_SOURCE_COUNT; s++)
    {
      build_dispatch (rs, rs->begin_rules[s], begin_may_match, &rs->begins_by_byte[s]);
      build_dispatch (rs, rs->end_rules[s], end_may_match, &rs->ends_by_byte[s]);
    }
}

rule_set *
rule_set_load_data (const char *data, gsize len, const char *origin, GError **error)
{
  g_autofree char *text = g_strndup (data, len);
  if (!check_syntax (text, origin, error))
    return NULL;
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GError) err = NULL;
  if (!g_key_file_load_from_data (kf, text, (gsize)-1, G_KEY_FILE_NONE, &err))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_PARSE, "%s: %s", origin,
                   err->message);
      return NULL;
    }
  rule_set *rs = g_new0 (rule_set, 1);
  rs->origin = g_strdup (origin);
  rs->limits = pcre2_match_context_create (NULL);
  pcre2_set_match_limit (rs->limits, RULES_MATCH_LIMIT);
  pcre2_set_depth_limit (rs->limits, RULES_DEPTH_LIMIT);
  rs->rules = g_ptr_array_new_with_free_func ((GDestroyNotify)rule_free);
  for (int s = 0; s < EVENT_SOURCE_COUNT; s++)
    {
      rs->begin_rules[s] = g_array_new (FALSE, FALSE, sizeof (guint));
      rs->end_rules[s] = g_array_new (FALSE, FALSE, sizeof (guint));
    }
  g_auto (GStrv) groups = g_key_file_get_groups (kf, NULL);
  for (int i = 0; groups[i]; i++)
    {
      load_ctx ctx = { .origin = origin, .data = text, .kf = kf, .group = groups[i] };
      rule *r = load_rule (&ctx, error);
      if (!r)
        {
          rule_set_free (rs);
          return NULL;
        }
      guint index = rs->rules->len;
      g_ptr_array_add (rs->rules, r);
      g_array_append_val (rs->begin_rules[r->begin_source], index);
      g_array_append_val (rs->end_rules[r->end_source], index);
      rs->max_pairs
          = MAX (rs->max_pairs,
                 MAX (MAX (capture_pairs (r->begin), capture_pairs (r->end)),
                      MAX (capture_pairs (r->fail), capture_pairs (r->fallback))));
    }
  if (rs->rules->len == 0)
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_PARSE,
                   "%s: no rules in this file", origin);
      rule_set_free (rs);
      return NULL;
    }
  build_dispatches (rs);
  return rs;
}

rule_set *
rule_set_load_file (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  gsize len;
  g_autoptr (GError) err = NULL;
  if (!g_file_get_contents (path, &data, &len, &err))
    {
      g_set_error (error, G_FILE_ERROR, err->code, "cannot read rules file: %s",
                   err->message);
      return NULL;
    }
  return rule_set_load_data (data, len, path, error);
}

/* ---- Matching --------------------------------------------------------- */

typedef struct
{
  gboolean begun;          /* single rules: never begin twice */
  GArray *open;            /* guint match indices, rules without key groups */
  GHashTable *open_by_key; /* key (in keys) -> match index + 1; rules with key groups */
} rule_state;

typedef struct
{
  const rule_set *rs;
  rule_state *states;
  GArray *matches;
  pcre2_match_data *md;
  GString *scratch;
  GStringChunk *keys;   /* the open instances' keys, for the pass */
  const GArray *events; /* the pass's boot_event */
  guint rule, event;    /* being matched */
  int gave_up;          /* pcre2's first error other than no match, or 0 */
  guint gave_up_rule, gave_up_event;
} matcher;

static void
rule_match_clear (rule_match *m)
{
  g_free (m->name);
}

static void
append_capture (GString *out, const char *subject, const PCRE2_SIZE *ov, int group,
                const char *fallback)
{
  if (ov[2 * group] == PCRE2_UNSET)
    {
      if (fallback)
        g_string_append (out, fallback);
      return;
    }
  /* Console text in a name: the guest chooses it, and names reach terminals,
   * JSON and SVG.  Plain printable ASCII (nearly every name) goes as it is. */
  const char *text = subject + ov[2 * group];
  size_t len = ov[2 * group + 1] - ov[2 * group], i = 0;
  while (i < len && text[i] >= 0x20 && text[i] < 0x7f)
    i++;
  if (i == len)
    g_string_append_len (out, text, (gssize)len);
  else
    output_append_printable (out, text, len);
}

/* The values of the key groups, joined by a byte that cannot be in a line. */
static const char *
build_key (matcher *m, const char *subject, const GArray *groups)
{
  const PCRE2_SIZE *ov = pcre2_get_ovector_pointer (m->md);
  g_string_truncate (m->scratch, 0);
  for (guint i = 0; i < groups->len; i++)
    {
      if (i)
        g_string_append_c (m->scratch, '\n');
      append_capture (m->scratch, subject, ov, g_array_index (groups, int, i), NULL);
    }
  return m->scratch->str;
}

static gboolean
try_match (matcher *m, const pcre2_code *re, gboolean jit, const prefilter *pf,
           const char *subject, size_t len)
{
  if (pf->active && !pf->first[(guint8)subject[0]])
    return FALSE;
  int rc
      = jit ? pcre2_jit_match (re, (PCRE2_SPTR)subject, len, 0, 0, m->md, m->rs->limits)
            : pcre2_match (re, (PCRE2_SPTR)subject, len, 0, 0, m->md, m->rs->limits);
  if (rc < 0 && rc != PCRE2_ERROR_NOMATCH && m->gave_up == 0)
    {
      /* Not "no match": a limit stopped it.  Said at the end of the pass. */
      m->gave_up = rc;
      m->gave_up_rule = m->rule;
      m->gave_up_event = m->event;
    }
  return rc >= 0;
}

/* The error for the first match pcre2 gave up on. */
static void
report_gave_up (const matcher *m, guint pass, GError **error)
{
  PCRE2_UCHAR msg[256];
  pcre2_get_error_message (m->gave_up, msg, sizeof msg);
  const boot_event *ev = &g_array_index (m->events, boot_event, m->gave_up_event);
  g_autofree char *shown = event_message_escape (ev->message ? ev->message : "");
  if (g_utf8_strlen (shown, -1) > 60)
    strcpy (g_utf8_offset_to_pointer (shown, 57), "...");
  g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
               "rule '%s' (%s): pcre2 gave up on pass %u's %s line \"%s\" (%s): "
               "simplify the regex",
               rule_name (m->rs, m->gave_up_rule), m->rs->origin, pass,
               event_source_name (ev->source), shown, (const char *)msg);
}

/* The kernel's own duration from the end's (?<usecs>...), or -1. */
static int64_t
reported_ns (matcher *m, const rule *r, const char *subject)
{
  if (r->usecs_group < 0)
    return -1;
  const PCRE2_SIZE *ov = pcre2_get_ovector_pointer (m->md);
  PCRE2_SIZE from = ov[2 * r->usecs_group], to = ov[2 * r->usecs_group + 1];
  if (from == PCRE2_UNSET || to <= from || to - from > 15)
    return -1;
  int64_t us = 0;
  for (PCRE2_SIZE i = from; i < to; i++)
    {
      if (!g_ascii_isdigit (subject[i]))
        return -1;
      us = us * 10 + (subject[i] - '0');
    }
  return us * 1000;
}

static void
close_instance (matcher *m, guint index, guint event, int64_t time_ns, int64_t reported,
                gboolean failed)
{
  rule_match *rm = &g_array_index (m->matches, rule_match, index);
  rm->ended = TRUE;
  rm->end_ns = time_ns;
  rm->end_event = event;
  rm->reported_ns = reported;
  rm->failed = failed;
}

/* An end (or, with failed, a fail) line: close the instance it names, or
 * every open one when the rule has no key groups. */
static void
close_matching (matcher *m, guint ri, guint event, const char *subject, gboolean failed)
{
  const rule *r = rule_at (m->rs, ri);
  rule_state *st = &m->states[ri];
  const boot_event *ev = &g_array_index (m->events, boot_event, event);
  int64_t reported = failed ? -1 : reported_ns (m, r, subject);
  if (r->key_end_groups->len > 0)
    {
      const char *key
          = build_key (m, subject, failed ? r->key_fail_groups : r->key_end_groups);
      gpointer value;
      if (g_hash_table_lookup_extended (st->open_by_key, key, NULL, &value))
        {
          close_instance (m, GPOINTER_TO_UINT (value) - 1, event, ev->time_ns, reported,
                          failed);
          g_hash_table_remove (st->open_by_key, key);
        }
      return;
    }
  for (guint i = 0; i < st->open->len; i++)
    close_instance (m, g_array_index (st->open, guint, i), event, ev->time_ns, reported,
                    failed);
  g_array_set_size (st->open, 0);
}

static void
try_ends (matcher *m, guint ri, guint event, const char *subject, size_t len)
{
  const rule *r = rule_at (m->rs, ri);
  rule_state *st = &m->states[ri];
  m->rule = ri;
  gboolean keyed = r->key_end_groups->len > 0;
  if (keyed ? g_hash_table_size (st->open_by_key) == 0 : st->open->len == 0)
    return;
  if (r->fail && try_match (m, r->fail, r->fail_jit, &r->fail_pf, subject, len))
    close_matching (m, ri, event, subject, TRUE);
  else if (!r->end || try_match (m, r->end, r->end_jit, &r->end_pf, subject, len))
    close_matching (m, ri, event, subject, FALSE);
  else if (!keyed && r->fallback
           && try_match (m, r->fallback, r->fallback_jit, &r->fallback_pf, subject, len))
    for (guint i = 0; i < st->open->len; i++)
      g_array_index (m->matches, rule_match, g_array_index (st->open, guint, i))
          .fallback_end
          = event + 1;
}

/* Instances end= never closed end at their last end-fallback= line. */
static void
close_at_fallbacks (matcher *m)
{
  for (guint i = 0; i < m->matches->len; i++)
    {
      rule_match *rm = &g_array_index (m->matches, rule_match, i);
      if (rm->ended || rm->fallback_end == 0)
        continue;
      guint event = rm->fallback_end - 1;
      close_instance (m, i, event, g_array_index (m->events, boot_event, event).time_ns,
                      -1, FALSE);
    }
}

static void
try_begin (matcher *m, guint ri, guint event, const char *subject, size_t len)
{
  const rule *r = rule_at (m->rs, ri);
  rule_state *st = &m->states[ri];
  m->rule = ri;
  if (st->begun && !r->repeat)
    return;
  if (!try_match (m, r->begin, r->begin_jit, &r->begin_pf, subject, len))
    return;
  st->begun = TRUE;

  const PCRE2_SIZE *ov = pcre2_get_ovector_pointer (m->md);
  rule_match rm = { .rule = ri,
                    .start_ns = g_array_index (m->events, boot_event, event).time_ns,
                    .begin_event = event,
                    .reported_ns = -1 };
  if (r->name_parts)
    {
      GString *name = g_string_truncate (m->scratch, 0);
      for (guint i = 0; i < r->name_parts->len; i++)
        {
          const template_part *t = &g_array_index (r->name_parts, template_part, i);
          if (t->group < 0)
            g_string_append (name, t->literal);
          else
            append_capture (name, subject, ov, t->group, t->fallback);
        }
      rm.name = g_strndup (name->str, name->len);
    }
  else
    rm.name = g_strdup (r->name);
  guint index = m->matches->len;
  g_array_append_val (m->matches, rm);

  if (r->key_begin_groups->len > 0)
    {
      const char *key = build_key (m, subject, r->key_begin_groups);
      /* A begin whose twin never ended is abandoned: it stays unended.  Keys
       * live as long as the pass's matching: the table does not free them. */
      g_hash_table_insert (st->open_by_key,
                           g_string_chunk_insert_len (m->keys, key, m->scratch->len),
                           GUINT_TO_POINTER (index + 1));
    }
  else
    g_array_append_val (st->open, index);
  /* rm.name is owned by m->matches (g_array_append_val copies rm). */
  /* cppcheck-suppress memleak */
}

/* Names repeated within the pass become name, name:1, name:2, ...  The
 * table's keys are the first holders' names, which keep them. */
static void
number_repeated_names (GArray *matches)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < matches->len; i++)
    {
      rule_match *rm = &g_array_index (matches, rule_match, i);
      gpointer first_name, count;
      if (!g_hash_table_lookup_extended (seen, rm->name, &first_name, &count))
        {
          g_hash_table_insert (seen, rm->name, GUINT_TO_POINTER (0));
          continue;
        }
      guint n = GPOINTER_TO_UINT (count) + 1;
      g_hash_table_insert (seen, first_name, GUINT_TO_POINTER (n));
      char *numbered = g_strdup_printf ("%s:%u", rm->name, n);
      g_free (rm->name);
      rm->name = numbered;
    }
}

static void
matcher_init (matcher *m, const rule_set *rs, const pass_events *pass)
{
  *m = (matcher){
    .rs = rs,
    .states = g_new0 (rule_state, rs->rules->len),
    .matches = g_array_new (FALSE, TRUE, sizeof (rule_match)),
    .md = pcre2_match_data_create (rs->max_pairs, NULL),
    .scratch = g_string_sized_new (128),
    .keys = g_string_chunk_new (4096),
    .events = pass->events,
  };
  g_array_set_clear_func (m->matches, (GDestroyNotify)rule_match_clear);
  for (guint i = 0; i < rs->rules->len; i++)
    {
      if (rule_at (rs, i)->key_end_groups->len > 0)
        m->states[i].open_by_key = g_hash_table_new (g_str_hash, g_str_equal);
      else
        m->states[i].open = g_array_new (FALSE, FALSE, sizeof (guint));
    }
}

static void
matcher_clear (matcher *m)
{
  for (guint i = 0; i < m->rs->rules->len; i++)
    {
      g_clear_pointer (&m->states[i].open, g_array_unref);
      g_clear_pointer (&m->states[i].open_by_key, g_hash_table_unref);
    }
  g_free (m->states);
  pcre2_match_data_free (m->md);
  g_string_free (m->scratch, TRUE);
  g_string_chunk_free (m->keys);
}

/* The text the rules see: console lines without their printk time and
 * leading escapes; libguestfs stamps its messages and, up to 1.38 or so,
 * qemu's command line on the console. */
static const char *
rules_subject (const boot_event *ev)
{
  const char *subject = ev->message ? ev->message : "";
  if (ev->source == EVENT_SOURCE_CONSOLE)
    printk_time_parse (subject, NULL, &subject);
  if (ev->source == EVENT_SOURCE_CONSOLE || ev->source == EVENT_SOURCE_LIBRARY)
    libguestfs_stamp_parse (subject, NULL, &subject);
  return subject;
}

GArray *
rules_match_pass (const rule_set *rs, const pass_events *pass, GError **error)
{
  matcher m;
  matcher_init (&m, rs, pass);
  for (guint e = 0; e < pass->events->len && m.gave_up == 0; e++)
    {
      const boot_event *ev = &g_array_index (pass->events, boot_event, e);
      if ((unsigned)ev->source >= EVENT_SOURCE_COUNT)
        continue;
      const byte_dispatch *ends = &rs->ends_by_byte[ev->source];
      const byte_dispatch *begins = &rs->begins_by_byte[ev->source];
      if (ends->rule->len == 0 && begins->rule->len == 0)
        continue;
      const char *subject = rules_subject (ev);
      guint8 first = (guint8)subject[0];
      if (ends->first[first] == ends->first[first + 1]
          && begins->first[first] == begins->first[first + 1])
        continue;
      size_t len = strlen (subject);
      m.event = e;
      for (guint i = ends->first[first]; i < ends->first[first + 1]; i++)
        try_ends (&m, g_array_index (ends->rule, guint, i), e, subject, len);
      for (guint i = begins->first[first]; i < begins->first[first + 1]; i++)
        try_begin (&m, g_array_index (begins->rule, guint, i), e, subject, len);
    }
  matcher_clear (&m);
  if (m.gave_up != 0)
    {
      report_gave_up (&m, pass->pass, error);
      g_array_unref (m.matches);
      return NULL;
    }
  close_at_fallbacks (&m);
  number_repeated_names (m.matches);
  return m.matches;
}
