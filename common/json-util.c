/* SPDX-License-Identifier: GPL-2.0-or-later */
/* json-util.c: see json-util.h. */
#include <config.h>

#include <math.h>
#include <string.h>

#include "json-util.h"

/* json-glib writes a double as g_ascii_dtostr does (the shortest text
 * that reads back the same) and appends ".0" when that has no '.': after an
 * exponent ("1e-300.0", "9e+20.0") that is not JSON. */
static gboolean
glib_writes_invalid_number (double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_ascii_dtostr (buf, sizeof buf, v);
  return !strchr (buf, '.') && strpbrk (buf, "eE");
}

void
json_add_double (JsonBuilder *b, double v)
{
  if (!isfinite (v))
    {
      json_builder_add_null_value (b);
      return;
    }
  /* The neighbour toward zero (one part in 10^16 away) needs more than one
   * digit, so it is written with a '.'. */
  while (glib_writes_invalid_number (v))
    v = nextafter (v, 0.0);
  json_builder_add_double_value (b, v);
}

void
json_member_double (JsonBuilder *b, const char *name, double v)
{
  json_builder_set_member_name (b, name);
  json_add_double (b, v);
}

void
json_member_string (JsonBuilder *b, const char *name, const char *v)
{
  json_builder_set_member_name (b, name);
  if (v)
    json_builder_add_string_value (b, v);
  else
    json_builder_add_null_value (b);
}

void
json_member_int (JsonBuilder *b, const char *name, gint64 v)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, v);
}

void
json_member_boolean (JsonBuilder *b, const char *name, gboolean v)
{
  json_builder_set_member_name (b, name);
  json_builder_add_boolean_value (b, v);
}

void
json_member_node (JsonBuilder *b, const char *name, JsonNode *node)
{
  json_builder_set_member_name (b, name);
  if (node)
    json_builder_add_value (b, json_node_copy (node));
  else
    json_builder_add_null_value (b);
}

const char *
json_object_string (JsonObject *o, const char *name)
{
  JsonNode *n = json_object_get_member (o, name);
  if (!n || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

gboolean
json_object_int (JsonObject *o, const char *name, gint64 *out)
{
  JsonNode *n = json_object_get_member (o, name);
  if (!n || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (n);
  return TRUE;
}

/* Whether the integer literal of n digits at digits (no sign, no leading
 * zeros) fits int64_t; negative allows one more. */
static gboolean
integer_fits (const char *digits, size_t n, gboolean negative)
{
  static const char max[] = "9223372036854775807", min[] = "9223372036854775808";
  if (n != sizeof max - 1)
    return n < sizeof max - 1;
  return memcmp (digits, negative ? min : max, n) <= 0;
}

/* Past the number at p (its sign, digits, fraction, exponent); *bad when it
 * is an integer outside int64_t or a number beyond double's range (json-glib
 * would read it as inf, which no JSON writer can write back). */
static const char *
skip_number (const char *p, const char *end, gboolean *bad)
{
  const char *start = p;
  gboolean negative = *p == '-';
  if (negative)
    p++;
  while (p < end && *p == '0' && p + 1 < end && g_ascii_isdigit (p[1]))
    p++;
  const char *digits = p;
  while (p < end && g_ascii_isdigit (*p))
    p++;
  size_t n = (size_t)(p - digits);
  if (p < end && (*p == '.' || *p == 'e' || *p == 'E'))
    {
      while (p < end && (g_ascii_isalnum (*p) || *p == '.' || *p == '+' || *p == '-'))
        p++;
      g_autofree char *literal = g_strndup (start, (gsize)(p - start));
      *bad = !isfinite (g_ascii_strtod (literal, NULL));
      return p;
    }
  *bad = n > 0 && !integer_fits (digits, n, negative);
  return p;
}

/* The code unit of the \uXXXX at p (just past the 'u'), or -1. */
static long
hex4 (const char *p, const char *end)
{
  if (end - p < 4)
    return -1;
  long v = 0;
  for (int i = 0; i < 4; i++)
    {
      if (!g_ascii_isxdigit (p[i]))
        return -1;
      v = v * 16 + g_ascii_xdigit_value (p[i]);
    }
  return v;
}

/* How many bytes after the backslash at p a valid escape takes, or 0.
 * RFC 8259's escapes only (json-glib's scanner would also read \7 as an
 * octal byte), and a surrogate only as half of a pair: either would come
 * back out as text that is not UTF-8. */
static size_t
escape_length (const char *p, const char *end)
{
  if (p + 1 >= end || !p[1] || !strchr ("\"\\/bfnrtu", p[1]))
    return 0;
  if (p[1] != 'u')
    return 1;
  long unit = hex4 (p + 2, end);
  if (unit < 0 || (unit >= 0xdc00 && unit <= 0xdfff))
    return 0;
  if (unit < 0xd800 || unit > 0xdbff)
    return 5;
  if (end - p < 12 || p[6] != '\\' || p[7] != 'u')
    return 0;
  long low = hex4 (p + 8, end);
  return low >= 0xdc00 && low <= 0xdfff ? 11 : 0;
}

static gboolean
check_json_text (const char *text, size_t len, GError **error)
{
  const char *p = text, *end = text + len;
  int depth = 0;
  while (p < end)
    {
      char ch = *p;
      if (ch == '"')
        {
          for (p++; p < end && *p != '"'; p++)
            if (*p == '\\')
              {
                size_t skip = escape_length (p, end);
                if (skip == 0)
                  {
                    g_set_error (error, JSON_PARSER_ERROR,
                                 JSON_PARSER_ERROR_INVALID_DATA,
                                 "invalid escape \\%c in a string",
                                 p + 1 < end && g_ascii_isprint (p[1]) ? p[1] : '?');
                    return FALSE;
                  }
                p += skip;
              }
          p++;
        }
      else if (ch == '[' || ch == '{')
        {
          if (++depth > JSON_MAX_DEPTH)
            {
              g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                           "arrays and objects nested deeper than %d levels",
                           JSON_MAX_DEPTH);
              return FALSE;
            }
          p++;
        }
      else if (ch == ']' || ch == '}')
        {
          depth--;
          p++;
        }
      else if (ch == '-' || g_ascii_isdigit (ch))
        {
          gboolean bad = FALSE;
          const char *start = p;
          p = skip_number (p, end, &bad);
          if (bad)
            {
              g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                           "number %.*s%s out of range", (int)MIN (p - start, 24), start,
                           p - start > 24 ? "..." : "");
              return FALSE;
            }
        }
      else if (g_ascii_isalpha (ch))
        while (p < end && g_ascii_isalnum (*p))
          p++;
      else
        p++;
    }
  return TRUE;
}

gboolean
json_parser_load_checked (JsonParser *parser, const char *text, gssize len,
                          GError **error)
{
  size_t n = len < 0 ? strlen (text) : (size_t)len;
  return check_json_text (text, n, error)
         && json_parser_load_from_data (parser, text, (gssize)n, error);
}

char *
json_generator_to_text (JsonGenerator *gen, gsize *len)
{
  gsize n;
  char *text = json_generator_to_data (gen, &n);
  gsize raw = 0;
  for (gsize i = 0; i < n; i++)
    raw += text[i] == '\x1f';
  if (raw > 0)
    {
      /* Outside strings json-glib writes no control character at all. */
      char *out = g_malloc (n + 5 * raw + 1);
      gsize o = 0;
      for (gsize i = 0; i < n; i++)
        if (text[i] == '\x1f')
          {
            memcpy (out + o, "\\u001f", 6);
            o += 6;
          }
        else
          out[o++] = text[i];
      out[o] = '\0';
      g_free (text);
      text = out;
      n = o;
    }
  if (len)
    *len = n;
  return text;
}

char *
json_builder_to_text (JsonBuilder *b, gboolean pretty, gsize *len)
{
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, pretty);
  gsize n;
  g_autofree char *text = json_generator_to_text (gen, &n);
  char *out = g_malloc (n + 2);
  memcpy (out, text, n);
  out[n] = '\n';
  out[n + 1] = '\0';
  if (len)
    *len = n + 1;
  return out;
}
