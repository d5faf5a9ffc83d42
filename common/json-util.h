/* SPDX-License-Identifier: GPL-2.0-or-later */
/* json-util.h: the few json-glib idioms every JSON reader and writer here
 * needs: members whose value may be missing (null), numbers and strings
 * json-glib writes validly, a document as text ending in a newline, and
 * parsing text that may hold anything without letting json-glib crash on it
 * or misread it. */
#ifndef BOOTPERF_JSON_UTIL_H
#define BOOTPERF_JSON_UTIL_H

#include <json-glib/json-glib.h>

/* The deepest nesting of arrays and objects a document read here may have.
 * json-glib's parser recurses once a level: 100,000 '[' overflow the stack.
 * Every document the tools write nests at most 5 levels. */
#define JSON_MAX_DEPTH 64

/* A number; NaN and infinities (no value) become null.  json-glib writes
 * some doubles as "1e-300.0" or "9e+20.0", not JSON: those are written as
 * the next double toward zero (a change in the 17th digit), which it writes
 * with a '.'. */
void json_add_double (JsonBuilder *b, double v);
/* The same as a member. */
void json_member_double (JsonBuilder *b, const char *name, double v);
/* A string member; NULL becomes null. */
void json_member_string (JsonBuilder *b, const char *name, const char *v);
void json_member_int (JsonBuilder *b, const char *name, gint64 v);
void json_member_boolean (JsonBuilder *b, const char *name, gboolean v);
/* A copy of node, or null when node is NULL. */
void json_member_node (JsonBuilder *b, const char *name, JsonNode *node);

/* Reading a file that may hold anything: the member's value when it exists
 * and has that type, else NULL / FALSE. */
const char *json_object_string (JsonObject *o, const char *name);
gboolean json_object_int (JsonObject *o, const char *name, gint64 *out);

/* json_parser_load_from_data, after refusing what json-glib cannot take:
 * nesting deeper than JSON_MAX_DEPTH (a stack overflow) and integers outside
 * int64 (read as -1).  On failure, error (JSON_PARSER_ERROR) says which. */
gboolean json_parser_load_checked (JsonParser *parser, const char *text, gssize len,
                                   GError **error);

/* The generator's document as text; g_free it.  json-glib 1.6 writes the
 * control character U+001F raw inside strings (it escapes the 31 others),
 * which no JSON reader but json-glib takes: it comes out as \u001f.  Every
 * JSON document and line the tools write goes through here. */
char *json_generator_to_text (JsonGenerator *gen, gsize *len);

/* The builder's document as text with a final newline; g_free it. */
char *json_builder_to_text (JsonBuilder *b, gboolean pretty, gsize *len);

#endif
