/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test-json-util.c: unit tests of the input and output guards of
 * common/json-util.c and common/read-input.c: numbers and strings are
 * always written as valid JSON, JSON that would crash or fool json-glib is
 * refused before it is parsed, and files from outside are read whole (every
 * gzip member) up to a bound, beyond which there is one error naming the
 * file. */

#include <config.h>

#include <math.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "json-util.h"
#include "read-input.h"

static char *tmpdir;

static char *
doubles_as_json (const double *v, guint n)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    json_add_double (b, v[i]);
  json_builder_end_array (b);
  return json_builder_to_text (b, FALSE, NULL);
}

/* json-glib wrote 9e20 as "9e+20.0" and 1e308 as "1e+308.0". */
static void
test_numbers_valid (void)
{
  const double v[] = { 1.5, 1e16, 9e20, -1e308, 1e-300, 2e-5, 5e-324, NAN, -INFINITY };
  g_autofree char *text = doubles_as_json (v, G_N_ELEMENTS (v));
  g_assert_cmpstr (text, ==,
                   "[1.5,10000000000000000.0,8.9999999999999987e+20,"
                   "-9.9999999999999981e+307,9.9999999999999986e-301,"
                   "2.0000000000000002e-05,4.9406564584124654e-324,null,null]\n");
  /* Each reads back within a part in 10^15 of what was written. */
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
  JsonArray *a = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < 7; i++)
    g_assert_cmpfloat_with_epsilon (json_array_get_double_element (a, i) / v[i], 1.0,
                                    1e-15);
}

/* json-glib 1.6 wrote U+001F raw inside a string (found by fuzzing a console
 * line holding it): every control character must come out escaped, in
 * documents and in pretty ones, and read back as it was. */
static void
test_control_characters_escaped (void)
{
  char all[32];
  for (int i = 1; i < 32; i++)
    all[i - 1] = (char)i;
  all[31] = '\0';
  for (int pretty = 0; pretty <= 1; pretty++)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      json_builder_begin_object (b);
      json_member_string (b, "text", all);
      json_builder_end_object (b);
      gsize len;
      g_autofree char *text = json_builder_to_text (b, pretty, &len);
      for (gsize i = 0; i + 1 < len; i++)
        if (!pretty || text[i] != '\n')
          g_assert_cmpint ((unsigned char)text[i], >=, 0x20);
      g_assert_nonnull (strstr (text, "\\u001f"));
      g_autoptr (JsonParser) parser = json_parser_new ();
      g_assert_true (json_parser_load_from_data (parser, text, (gssize)len, NULL));
      JsonObject *o = json_node_get_object (json_parser_get_root (parser));
      g_assert_cmpstr (json_object_get_string_member (o, "text"), ==, all);
    }
}

static gboolean
parses (const char *text, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  return json_parser_load_checked (parser, text, -1, error);
}

static char *
nested (int depth)
{
  g_autofree char *open = g_strnfill (depth, '[');
  g_autofree char *close = g_strnfill (depth, ']');
  return g_strconcat (open, close, NULL);
}

static void
test_depth (void)
{
  g_autofree char *deepest = nested (JSON_MAX_DEPTH);
  g_autofree char *deeper = nested (JSON_MAX_DEPTH + 1);
  g_autofree char *huge = g_strnfill (100000, '[');
  g_assert_true (parses (deepest, NULL));
  g_autoptr (GError) error = NULL;
  g_assert_false (parses (deeper, &error));
  g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "nested deeper than 64"));
  g_clear_error (&error);
  g_assert_false (parses (huge, &error));
  g_assert_nonnull (strstr (error->message, "nested deeper than 64"));
  /* Brackets in strings, and escaped quotes, are text. */
  g_autofree char *in_string = g_strconcat ("{\"a\\\"[\":\"", huge, "\"}", NULL);
  g_assert_true (parses (in_string, NULL));
}

/* json-glib read 99999999999999999999999 as -1, and 1e400 as inf, which
 * its writer then wrote back as the invalid "inf" (found by fuzzing). */
static void
test_integers (void)
{
  const char *fit[] = { "[9223372036854775807]", "[-9223372036854775808]", "[0, -0, 7]",
                        "[1e300, 99999999999999999999999.5, 1E+30, -1e-400]" };
  for (guint i = 0; i < G_N_ELEMENTS (fit); i++)
    g_assert_true (parses (fit[i], NULL));
  const char *beyond[] = { "[9223372036854775808]", "[-9223372036854775809]",
                           "{\"t\":99999999999999999999999}", "[1e400]",
                           "[-1.5e309]", "{\"l\":[2.E60546875]}" };
  for (guint i = 0; i < G_N_ELEMENTS (beyond); i++)
    {
      g_autoptr (GError) error = NULL;
      g_assert_false (parses (beyond[i], &error));
      g_assert_nonnull (strstr (error->message, "out of range"));
    }
}

/* json-glib's scanner read "\767" as the octal byte 0xf7 and a lone
 * "\ud800" as a half pair, strings that were then written back as text
 * that is not UTF-8 and could not be read again (found by fuzzing the
 * range tool's cache). */
static void
test_escapes (void)
{
  const char *valid[] = { "[\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\"]", "[\"\\u00e9\\u0041\"]",
                          "[\"\\ud83d\\ude00\"]", "[\"a\\\\\"]" };
  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr (GError) error = NULL;
      if (!parses (valid[i], &error))
        g_error ("%s: %s", valid[i], error->message);
    }
  const char *invalid[] = { "[\"\\767\"]", "[\"\\x41\"]", "[\"\\ud800\"]",
                            "[\"\\ud800x\\udc00\"]", "[\"\\udc00\"]", "[\"\\u12\"]",
                            "[\"\\ud800\\u0041\"]", "[\"\\" };
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr (GError) error = NULL;
      g_assert_false (parses (invalid[i], &error));
      g_assert_nonnull (strstr (error->message, "invalid escape"));
    }
}

static GBytes *
gzip_bytes (const char *data, gsize len)
{
  g_autoptr (GZlibCompressor) z
      = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9);
  gsize cap = len + 1024, n_read = 0, n_written = 0;
  char *out = g_malloc (cap);
  GConverterResult r
      = g_converter_convert (G_CONVERTER (z), data, len, out, cap,
                             G_CONVERTER_INPUT_AT_END, &n_read, &n_written, NULL);
  g_assert_cmpint (r, ==, G_CONVERTER_FINISHED);
  return g_bytes_new_take (out, n_written);
}

static char *
write_file (const char *name, const void *data, gsize len)
{
  char *path = g_build_filename (tmpdir, name, NULL);
  g_assert_true (g_file_set_contents (path, data, (gssize)len, NULL));
  return path;
}

static void
assert_reads (const char *path, gsize max, const char *expected)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autoptr (GError) error = NULL;
  gboolean ok = read_input_file (path, max, &data, &len, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpuint (len, ==, strlen (expected));
  g_assert_cmpstr (data, ==, expected);
}

static void
assert_refused (const char *path, gsize max, const char *why)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autoptr (GError) error = NULL;
  g_assert_false (read_input_file (path, max, &data, &len, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, why));
  g_assert_null (data);
}

static void
test_read_plain_and_gzip (void)
{
  g_autofree char *plain = write_file ("plain", "one\ntwo\n", 8);
  assert_reads (plain, 8, "one\ntwo\n");
  assert_refused (plain, 7, "too big");

  g_autoptr (GBytes) a = gzip_bytes ("first\n", 6);
  g_autoptr (GBytes) b = gzip_bytes ("second\n", 7);
  g_autofree char *one
      = write_file ("one.gz", g_bytes_get_data (a, NULL), g_bytes_get_size (a));
  assert_reads (one, 6, "first\n");
  /* `cat a.gz b.gz`: zcat reads both members, and so must we. */
  GByteArray *ab = g_byte_array_new ();
  g_byte_array_append (ab, g_bytes_get_data (a, NULL), g_bytes_get_size (a));
  g_byte_array_append (ab, g_bytes_get_data (b, NULL), g_bytes_get_size (b));
  g_autofree char *two = write_file ("two.gz", ab->data, ab->len);
  assert_reads (two, 13, "first\nsecond\n");
  assert_refused (two, 12, "too big");
  g_byte_array_append (ab, (const guint8 *)"junk", 4);
  g_autofree char *junk = write_file ("junk.gz", ab->data, ab->len);
  assert_refused (junk, 100, "not gzip");
  g_autofree char *cut = write_file ("cut.gz", ab->data, g_bytes_get_size (a) - 5);
  assert_refused (cut, 100, "cannot decompress");
  g_byte_array_unref (ab);
  g_autofree char *absent = g_build_filename (tmpdir, "absent", NULL);
  assert_refused (absent, 100, "No such file");
}

/* A small file that decompresses to far more than the bound stops at the
 * bound, with an error, instead of filling memory (8 GiB of newlines in
 * 37 MB of gzip aborted in GLib's allocator). */
static void
test_read_bomb (void)
{
  gsize n = 16 << 20;
  g_autofree char *newlines = g_malloc (n);
  memset (newlines, '\n', n);
  g_autoptr (GBytes) z = gzip_bytes (newlines, n);
  g_assert_cmpuint (g_bytes_get_size (z), <, n / 500);
  g_autofree char *path
      = write_file ("bomb.gz", g_bytes_get_data (z, NULL), g_bytes_get_size (z));
  assert_refused (path, 1 << 20, "more than 1 MiB");
  g_unlink (path);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("test-json-util-XXXXXX", NULL);
  g_test_add_func ("/json/numbers-valid", test_numbers_valid);
  g_test_add_func ("/json/control-characters-escaped", test_control_characters_escaped);
  g_test_add_func ("/json/depth", test_depth);
  g_test_add_func ("/json/integers", test_integers);
  g_test_add_func ("/json/escapes", test_escapes);
  g_test_add_func ("/read-input/plain-and-gzip", test_read_plain_and_gzip);
  g_test_add_func ("/read-input/bomb", test_read_bomb);
  int r = g_test_run ();
  const char *names[] = { "plain", "one.gz", "two.gz", "junk.gz", "cut.gz" };
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *p = g_build_filename (tmpdir, names[i], NULL);
      g_unlink (p);
    }
  g_rmdir (tmpdir);
  return r;
}
