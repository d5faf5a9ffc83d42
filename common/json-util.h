/* json-util.h: the few JsonBuilder and JsonGenerator idioms every JSON
 * writer here needs: members whose value may be missing (null), and a
 * document as text ending in a newline. */
#ifndef BOOTPERF_JSON_UTIL_H
#define BOOTPERF_JSON_UTIL_H

#include <json-glib/json-glib.h>

/* A number member; NaN and infinities (no value) become null. */
void json_member_double (JsonBuilder *b, const char *name, double v);
/* A string member; NULL becomes null. */
void json_member_string (JsonBuilder *b, const char *name, const char *v);
void json_member_int (JsonBuilder *b, const char *name, gint64 v);
/* A copy of node, or null when node is NULL. */
void json_member_node (JsonBuilder *b, const char *name, JsonNode *node);

/* Reading a file that may hold anything: the member's value when it exists
 * and has that type, else NULL / FALSE. */
const char *json_object_string (JsonObject *o, const char *name);
gboolean json_object_int (JsonObject *o, const char *name, gint64 *out);

/* The builder's document as text with a final newline; g_free it. */
char *json_builder_to_text (JsonBuilder *b, gboolean pretty, gsize *len);

#endif
