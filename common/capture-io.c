/* SPDX-License-Identifier: GPL-2.0-or-later */
/* capture-io.c: JSON Lines captures (write and read) and plain console logs
 * (read), the inputs of --replay.  See capture-io.h. */
#include <config.h>

#include <string.h>

#include <gio/gio.h>

#include "json-util.h"
#include "capture-io.h"
#include "capture.h"
#include "event-line.h"
#include "heap-hint.h"
#include "log-clocks.h"
#include "output.h"
#include "read-input.h"

#define CAPTURE_FORMAT_NAME "bootperf-capture"

static JsonNode *
event_to_json (guint pass, const boot_event *ev)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "pass");
  json_builder_add_int_value (b, pass);
  json_builder_set_member_name (b, "time_ns");
  json_builder_add_int_value (b, ev->time_ns);
  json_builder_set_member_name (b, "source");
  json_builder_add_string_value (b, event_source_name (ev->source));
  const char *msg = ev->message ? ev->message : "";
  if (g_utf8_validate (msg, -1, NULL))
    {
      json_builder_set_member_name (b, "message");
      json_builder_add_string_value (b, msg);
    }
  else
    {
      g_autofree char *b64 = g_base64_encode ((const guchar *)msg, strlen (msg));
      json_builder_set_member_name (b, "message_base64");
      json_builder_add_string_value (b, b64);
    }
  if (ev->guest_time_ns != EVENT_NO_GUEST_TIME)
    {
      json_builder_set_member_name (b, "guest_time_ns");
      json_builder_add_int_value (b, ev->guest_time_ns);
    }
  /* Host arrival is every captured event's clock: said only when not. */
  if (ev->clock != EVENT_CLOCK_HOST)
    {
      json_builder_set_member_name (b, "clock");
      json_builder_add_string_value (b, event_clock_name (ev->clock));
      if (ev->clock != EVENT_CLOCK_NONE)
        {
          json_builder_set_member_name (b, "clock_ns");
          json_builder_add_int_value (b, ev->clock_ns);
        }
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
append_line (GString *out, JsonGenerator *gen, JsonNode *node)
{
  json_generator_set_root (gen, node);
  gsize n;
  g_autofree char *text = json_generator_to_text (gen, &n);
  g_string_append_len (out, text, (gssize)n);
  g_string_append_c (out, '\n');
}

char *
capture_to_jsonl (const GPtrArray *passes, JsonNode *header, gsize *len)
{
  GString *out = g_string_sized_new (1 << 20);
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autoptr (JsonObject) head = header && JSON_NODE_HOLDS_OBJECT (header)
                                    ? json_object_ref (json_node_get_object (header))
                                    : json_object_new ();
  /* The header always says what the file is, whatever the caller passed. */
  g_autoptr (JsonObject) line = json_object_new ();
  json_object_set_string_member (line, "format", CAPTURE_FORMAT_NAME);
  json_object_set_int_member (line, "version", 1);
  json_object_set_int_member (line, "passes", passes->len);
  GList *members = json_object_get_members (head);
  for (GList *l = members; l; l = l->next)
    if (!json_object_has_member (line, l->data))
      json_object_set_member (line, l->data,
                              json_node_copy (json_object_get_member (head, l->data)));
  g_list_free (members);
  g_autoptr (JsonNode) head_node = json_node_init_object (json_node_alloc (), line);
  append_line (out, gen, head_node);

  for (guint p = 0; p < passes->len; p++)
    {
      const pass_events *pe = g_ptr_array_index (passes, p);
      for (guint e = 0; e < pe->events->len; e++)
        {
          g_autoptr (JsonNode) node
              = event_to_json (pe->pass, &g_array_index (pe->events, boot_event, e));
          append_line (out, gen, node);
        }
    }
  *len = out->len;
  return g_string_free (out, FALSE);
}

gboolean
capture_save (const char *path, const GPtrArray *passes, JsonNode *header, GError **error)
{
  gsize len;
  g_autofree char *text = capture_to_jsonl (passes, header, &len);
  return output_write_atomic (path, text, (gssize)len, error);
}

JsonNode *
capture_header_to_json (const capture_header *h)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "config");
  json_builder_add_value (b, h->config ? json_node_copy (h->config)
                                       : json_node_new (JSON_NODE_NULL));
  json_builder_set_member_name (b, "host");
  json_builder_add_value (b, h->host ? json_node_copy (h->host)
                                     : json_node_new (JSON_NODE_NULL));
  /* A saved log replays as the log did: same rules, no mandatory ones. */
  if (h->plain_log)
    {
      json_builder_set_member_name (b, "origin");
      json_builder_add_string_value (b, "console-log");
    }
  if (h->rules_name)
    {
      json_builder_set_member_name (b, "rules");
      json_builder_add_string_value (b, h->rules_name);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

gboolean
capture_save_run (const char *path, const GPtrArray *passes, pass_events *failed_pass,
                  const capture_header *h, GError **error)
{
  /* Borrowed pointers: the caller keeps its passes. */
  g_autoptr (GPtrArray) all = g_ptr_array_sized_new (passes->len + 1);
  for (guint i = 0; i < passes->len; i++)
    g_ptr_array_add (all, g_ptr_array_index (passes, i));
  if (failed_pass)
    g_ptr_array_add (all, failed_pass);
  g_autoptr (JsonNode) header = capture_header_to_json (h);
  return capture_save (path, all, header, error);
}

/* ---- Reading ------------------------------------------------------------ */

static int
compare_passes (gconstpointer a, gconstpointer b)
{
  const pass_events *pa = *(pass_events *const *)a;
  const pass_events *pb = *(pass_events *const *)b;
  return pa->pass < pb->pass ? -1 : pa->pass > pb->pass;
}

static gboolean G_GNUC_PRINTF (4, 5)
    line_error (GError **error, const char *origin, guint line, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s:%u: %s", origin, line,
               msg);
  return FALSE;
}

/* "clock" (absent: host arrival) and "clock_ns" (required with a clock). */
static gboolean
parse_event_clock (JsonObject *o, const char *origin, guint line, boot_event *ev,
                   GError **error)
{
  ev->clock = EVENT_CLOCK_HOST;
  if (!json_object_has_member (o, "clock"))
    return TRUE;
  const char *clock = json_object_string (o, "clock");
  if (!clock || !event_clock_from_name (clock, &ev->clock)
      || ev->clock == EVENT_CLOCK_KERNEL)
    {
      g_autofree char *shown = clock ? event_message_escape (clock) : NULL;
      return line_error (error, origin, line, "unknown event clock '%s'",
                         shown ? shown : "(not a string)");
    }
  if (ev->clock != EVENT_CLOCK_NONE && ev->clock != EVENT_CLOCK_HOST
      && (!json_object_int (o, "clock_ns", &ev->clock_ns) || ev->clock_ns < 0
          || ev->clock_ns > CAPTURE_TIME_MAX_NS))
    return line_error (error, origin, line,
                       "\"clock_ns\" is not a time from 0 to 31 years");
  return TRUE;
}

static gboolean
parse_event (JsonObject *o, const char *origin, guint line, guint *pass, boot_event *ev,
             GError **error)
{
  static const char *const required[] = { "pass", "time_ns", "source", NULL };
  for (int i = 0; required[i]; i++)
    if (!json_object_has_member (o, required[i]))
      return line_error (error, origin, line, "event has no \"%s\"", required[i]);
  gint64 p;
  if (!json_object_int (o, "pass", &p) || p < 0 || p > G_MAXUINT - 1)
    return line_error (error, origin, line, "\"pass\" is not a pass number");
  *pass = (guint)p;
  const char *source = json_object_string (o, "source");
  if (!source || !event_source_from_name (source, &ev->source))
    {
      g_autofree char *shown = source ? event_message_escape (source) : NULL;
      return line_error (error, origin, line, "unknown event source '%s'",
                         shown ? shown : "(not a string)");
    }
  if (!json_object_int (o, "time_ns", &ev->time_ns))
    return line_error (error, origin, line, "\"time_ns\" is not an integer");
  if (ev->time_ns < -CAPTURE_TIME_MAX_NS || ev->time_ns > CAPTURE_TIME_MAX_NS)
    return line_error (error, origin, line, "\"time_ns\" is more than 31 years");
  ev->guest_time_ns = EVENT_NO_GUEST_TIME;
  if (json_object_has_member (o, "guest_time_ns")
      && (!json_object_int (o, "guest_time_ns", &ev->guest_time_ns)
          || ev->guest_time_ns < 0 || ev->guest_time_ns > CAPTURE_TIME_MAX_NS))
    return line_error (error, origin, line,
                       "\"guest_time_ns\" is not a time from 0 to 31 years");
  if (!parse_event_clock (o, origin, line, ev, error))
    return FALSE;
  if (json_object_has_member (o, "message_base64"))
    {
      const char *b64 = json_object_string (o, "message_base64");
      if (!b64)
        return line_error (error, origin, line, "\"message_base64\" is not a string");
      gsize n;
      guchar *bytes = g_base64_decode (b64, &n);
      ev->message = bytes ? g_strndup ((const char *)bytes, n) : g_strdup ("");
      g_free (bytes);
    }
  else if (json_object_has_member (o, "message"))
    {
      const char *text = json_object_string (o, "message");
      if (!text)
        return line_error (error, origin, line, "\"message\" is not a string");
      ev->message = g_strdup (text);
    }
  else
    ev->message = g_strdup ("");
  return TRUE;
}

/* The `launch` trace that starts every pass. */
static gboolean
is_launch (const boot_event *ev)
{
  return ev->source == EVENT_SOURCE_TRACE && strcmp (ev->message, "launch") == 0;
}

/* Into its pass (events of one pass come together: the last is kept), or
 * NULL with error past the limits: too many passes, a second launch in a
 * pass.  ev->message may be borrowed: the caller owns it either way. */
static pass_events *
add_event (GPtrArray *passes, GHashTable *by_pass, GHashTable *launched,
           pass_events **last, guint pass, const boot_event *ev, const char *origin,
           guint line, GError **error)
{
  pass_events *pe = *last;
  if (!pe || pe->pass != pass)
    pe = g_hash_table_lookup (by_pass, GUINT_TO_POINTER (pass + 1));
  if (!pe && passes->len == CAPTURE_REPLAY_MAX_PASSES)
    {
      line_error (error, origin, line, "more than %d passes", CAPTURE_REPLAY_MAX_PASSES);
      return NULL;
    }
  if (is_launch (ev) && !g_hash_table_add (launched, GUINT_TO_POINTER (pass + 1)))
    {
      line_error (error, origin, line,
                  "a second launch in pass %u: replay joined captures one at a time",
                  pass);
      return NULL;
    }
  if (!pe)
    {
      /* Room for as many events as the pass before had: passes of one
       * capture are alike, and growing by doubling copies them again. */
      pe = pass_events_new_sized (pass, *last ? (*last)->events->len : 0);
      g_ptr_array_add (passes, pe);
      g_hash_table_insert (by_pass, GUINT_TO_POINTER (pass + 1), pe);
    }
  *last = pe;
  g_array_append_vals (pe->events, ev, 1);
  return pe;
}

/* A line the fast reader takes, straight into its pass with its message in
 * the capture's text (every pass shares it).  FALSE with *declined: it is
 * json-glib's to read; FALSE otherwise: error is set. */
static gboolean
read_event_line (GPtrArray *passes, GHashTable *by_pass, GHashTable *launched,
                 pass_events **last, text_arena *text, const char *line, const char *stop,
                 const char *origin, guint line_no, gboolean *declined, GError **error)
{
  guint pass;
  boot_event ev;
  size_t len = (size_t)(stop - line), msg_len;
  char *msg = text_arena_reserve (text, len + 1);
  *declined = !event_line_parse (line, len, &pass, &ev, msg, &msg_len);
  if (*declined)
    return FALSE;
  ev.message = msg;
  ev.in_arena = TRUE;
  pass_events *pe
      = add_event (passes, by_pass, launched, last, pass, &ev, origin, line_no, error);
  if (!pe)
    return FALSE;
  text_arena_commit (pass_events_text (pe, text), msg_len + 1);
  return TRUE;
}

GPtrArray *
capture_parse_jsonl (const char *data, gsize len, const char *origin, JsonNode **header,
                     GError **error)
{
  g_autoptr (GPtrArray) passes
      = g_ptr_array_new_with_free_func ((GDestroyNotify)pass_events_free);
  g_autoptr (GHashTable) by_pass = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr (GHashTable) launched = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (JsonNode) head = NULL;
  /* Messages are a part of their lines: the file's size bounds them. */
  g_autoptr (text_arena) text = text_arena_new_sized (len / 2);
  pass_events *last = NULL;
  const char *p = data, *end = data + len;
  for (guint line = 1; p < end; line++)
    {
      gboolean declined;
      const char *nl = memchr (p, '\n', (size_t)(end - p));
      const char *stop = nl ? nl : end;
      const char *q = p;
      while (q < stop && g_ascii_isspace (*q))
        q++;
      if (q == stop || *q == '\0')
        {
          p = stop + 1;
          continue;
        }
      if ((gsize)(stop - p) > CAPTURE_REPLAY_MAX_LINE_BYTES)
        {
          line_error (error, origin, line, "line longer than %" G_GSIZE_FORMAT " KiB",
                      CAPTURE_REPLAY_MAX_LINE_BYTES >> 10);
          return NULL;
        }
      if (read_event_line (passes, by_pass, launched, &last, text, p, stop, origin, line,
                           &declined, error))
        {
          p = stop + 1;
          continue;
        }
      if (!declined)
        return NULL;
      g_autoptr (GError) err = NULL;
      if (!json_parser_load_checked (parser, p, stop - p, &err))
        {
          line_error (error, origin, line, "not JSON: %s", err->message);
          return NULL;
        }
      JsonNode *root = json_parser_get_root (parser);
      if (!root || !JSON_NODE_HOLDS_OBJECT (root))
        {
          line_error (error, origin, line, "expected a JSON object");
          return NULL;
        }
      JsonObject *o = json_node_get_object (root);
      if (json_object_has_member (o, "format"))
        {
          const char *format = json_object_string (o, "format");
          if (g_strcmp0 (format, CAPTURE_FORMAT_NAME) != 0)
            {
              line_error (error, origin, line, "not a bootperf capture (format '%s')",
                          format ? format : "?");
              return NULL;
            }
          if (head || passes->len > 0)
            {
              /* `cat a.jsonl b.jsonl` would merge pass 0 of a and of b. */
              line_error (error, origin, line,
                          "a second capture starts here: replay joined captures one "
                          "at a time");
              return NULL;
            }
          head = json_node_copy (root);
        }
      else
        {
          guint pass = 0;
          boot_event ev = { 0 };
          if (!parse_event (o, origin, line, &pass, &ev, error))
            return NULL;
          if (!add_event (passes, by_pass, launched, &last, pass, &ev, origin, line,
                          error))
            {
              boot_event_clear (&ev);
              return NULL;
            }
        }
      p = stop + 1;
    }
  if (passes->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: no events in capture",
                   origin);
      return NULL;
    }
  g_ptr_array_sort (passes, compare_passes);
  if (header)
    *header = g_steal_pointer (&head);
  return g_steal_pointer (&passes);
}

/* Times and clocks come later, from log_clocks_assign. */
static void
add_plain_event (pass_events *pe, event_source source, const char *text, size_t len)
{
  /* A line is cut as capture.c cuts a live console's. */
  char *message = len <= CAPTURE_LINE_MAX_BYTES
                      ? g_strndup (text, len)
                      : g_strdup_printf ("%.*s" CAPTURE_CUT_NOTE, CAPTURE_LINE_MAX_BYTES,
                                         text, len - CAPTURE_LINE_MAX_BYTES);
  boot_event ev
      = { .guest_time_ns = EVENT_NO_GUEST_TIME, .source = source, .message = message };
  g_array_append_val (pe->events, ev);
}

static void
finish_plain_pass (pass_events *pe)
{
  add_plain_event (pe, EVENT_SOURCE_CLOSE, "", 0);
}

GPtrArray *
capture_parse_console_log (const char *data, gsize len, const char *origin,
                           GError **error)
{
  static const char lib_prefix[] = "libguestfs: ";
  static const char trace_prefix[] = "libguestfs: trace: ";
  g_autoptr (GPtrArray) passes
      = g_ptr_array_new_with_free_func ((GDestroyNotify)pass_events_free);
  /* Keep the lines before the first `launch`: a log may have none. */
  pass_events *pe = pass_events_new (0);
  gboolean launched = FALSE;
  const char *p = data, *end = data + len;
  for (guint line_no = 1; p < end; line_no++)
    {
      const char *stop = p;
      while (stop < end && *stop != '\n' && *stop != '\r' && *stop != '\0')
        stop++;
      size_t n = (size_t)(stop - p);
      const char *next = stop;
      if (next < end && *next == '\r' && next + 1 < end && next[1] == '\n')
        next += 2;
      else if (next < end)
        next++;
      if (n == 0)
        {
          p = next;
          continue;
        }
      event_source source = EVENT_SOURCE_CONSOLE;
      const char *text = p;
      if (n >= sizeof trace_prefix - 1
          && memcmp (p, trace_prefix, sizeof trace_prefix - 1) == 0)
        {
          source = EVENT_SOURCE_TRACE;
          text = p + sizeof trace_prefix - 1;
        }
      else if (n >= sizeof lib_prefix - 1
               && memcmp (p, lib_prefix, sizeof lib_prefix - 1) == 0)
        {
          source = EVENT_SOURCE_LIBRARY;
          text = p + sizeof lib_prefix - 1;
        }
      size_t text_len = n - (size_t)(text - p);
      if (source == EVENT_SOURCE_TRACE && text_len == 6
          && memcmp (text, "launch", 6) == 0)
        {
          /* A new boot: what came before it is a previous pass, or preamble. */
          if (launched && passes->len + 1 == CAPTURE_REPLAY_MAX_PASSES)
            {
              pass_events_free (pe);
              line_error (error, origin, line_no, "more than %d passes",
                          CAPTURE_REPLAY_MAX_PASSES);
              return NULL;
            }
          if (launched)
            {
              finish_plain_pass (pe);
              g_ptr_array_add (passes, pe);
              pe = pass_events_new (passes->len);
            }
          else
            g_array_set_size (pe->events, 0);
          launched = TRUE;
        }
      add_plain_event (pe, source, text, text_len);
      p = next;
    }
  if (pe->events->len == 0)
    {
      pass_events_free (pe);
      if (passes->len == 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s: no lines in console log", origin);
          return NULL;
        }
    }
  else
    {
      finish_plain_pass (pe);
      g_ptr_array_add (passes, pe);
    }
  return log_clocks_assign (g_steal_pointer (&passes));
}

/* A file that is not gzip is mapped, not copied: a capture of 100 passes is
 * tens of megabytes, and reading it through read() costs as much as
 * parsing it.  NULL when it is gzip, empty or cannot be mapped (no error:
 * it is read instead), or over max_bytes (error). */
static GMappedFile *
map_plain_file (const char *path, gsize max_bytes, GError **error)
{
  GMappedFile *map = g_mapped_file_new (path, FALSE, NULL);
  if (!map)
    return NULL;
  const guchar *p = (const guchar *)g_mapped_file_get_contents (map);
  gsize n = g_mapped_file_get_length (map);
  gboolean gzip = n >= 2 && p && p[0] == 0x1f && p[1] == 0x8b;
  if (n > max_bytes && !gzip)
    read_input_too_big (error, path, max_bytes);
  if (n == 0 || n > max_bytes || !p || gzip)
    {
      g_mapped_file_unref (map);
      return NULL;
    }
  return map;
}

static GPtrArray *
parse_capture (const char *data, gsize len, const char *path, capture_format *format,
               JsonNode **header, GError **error)
{
  while (len > 0 && data[len - 1] == '\0')
    len--;
  /* What is made of the input (events, matches, spans) is less than its size. */
  heap_expect_bulk (len);
  const char *p = data;
  while (p < data + len && g_ascii_isspace (*p))
    p++;
  if (p < data + len && *p == '{')
    {
      *format = CAPTURE_FORMAT_JSONL;
      return capture_parse_jsonl (data, len, path, header, error);
    }
  *format = CAPTURE_FORMAT_CONSOLE_LOG;
  return capture_parse_console_log (data, len, path, error);
}

GPtrArray *
capture_load (const char *path, capture_format *format, JsonNode **header, GError **error)
{
  g_autofree char *data = NULL;
  gsize len;
  if (header)
    *header = NULL;
  g_autoptr (GError) too_big = NULL;
  g_autoptr (GMappedFile) map = map_plain_file (path, CAPTURE_REPLAY_MAX_BYTES, &too_big);
  if (map)
    return parse_capture (g_mapped_file_get_contents (map),
                          g_mapped_file_get_length (map), path, format, header, error);
  if (too_big)
    {
      g_propagate_error (error, g_steal_pointer (&too_big));
      return NULL;
    }
  if (!read_input_file (path, CAPTURE_REPLAY_MAX_READ_BYTES, &data, &len, error))
    return NULL;
  return parse_capture (data, len, path, format, header, error);
}
