/* SPDX-License-Identifier: GPL-2.0-or-later */
/* read-input.c: see read-input.h. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>

#include "read-input.h"

gboolean
read_input_too_big (GError **error, const char *path, gsize max_bytes)
{
  if (max_bytes >= 1 << 20 && max_bytes % (1 << 20) == 0)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 "%s: more than %" G_GSIZE_FORMAT " MiB: too big to read", path,
                 max_bytes >> 20);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 "%s: more than %" G_GSIZE_FORMAT " bytes: too big to read", path,
                 max_bytes);
  return FALSE;
}

static gboolean
read_raw (const char *path, gsize max_bytes, GByteArray *out, GError **error)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      int e = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (e), "cannot read %s: %s",
                   path, g_strerror (e));
      return FALSE;
    }
  guint8 buf[1 << 16];
  for (;;)
    {
      ssize_t n = read (fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int e = errno;
          close (fd);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (e), "cannot read %s: %s",
                       path, g_strerror (e));
          return FALSE;
        }
      if (n == 0)
        break;
      if (out->len + (gsize)n > max_bytes)
        {
          close (fd);
          return read_input_too_big (error, path, max_bytes);
        }
      g_byte_array_append (out, buf, (guint)n);
    }
  close (fd);
  return TRUE;
}

static gboolean
is_gzip (const guint8 *p, gsize len)
{
  return len >= 2 && p[0] == 0x1f && p[1] == 0x8b;
}

/* Every member, one after the other, as zcat does. */
static gboolean
gunzip (const GByteArray *in, gsize max_bytes, GByteArray *out, const char *path,
        GError **error)
{
  g_autoptr (GZlibDecompressor) dec
      = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  guint8 buf[1 << 16];
  gsize pos = 0;
  GConverterResult r = G_CONVERTER_CONVERTED;
  while (pos < in->len || r == G_CONVERTER_CONVERTED)
    {
      gsize n_read = 0, n_written = 0;
      g_autoptr (GError) err = NULL;
      r = g_converter_convert (G_CONVERTER (dec), in->data + pos, in->len - pos, buf,
                               sizeof buf, G_CONVERTER_INPUT_AT_END, &n_read, &n_written,
                               &err);
      if (r == G_CONVERTER_ERROR)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "%s: cannot decompress gzip data: %s", path, err->message);
          return FALSE;
        }
      pos += n_read;
      if (out->len + n_written > max_bytes)
        return read_input_too_big (error, path, max_bytes);
      g_byte_array_append (out, buf, (guint)n_written);
      if (r == G_CONVERTER_FINISHED && pos < in->len)
        {
          if (!is_gzip (in->data + pos, in->len - pos))
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           "%s: data that is not gzip after byte %" G_GSIZE_FORMAT, path,
                           pos);
              return FALSE;
            }
          g_converter_reset (G_CONVERTER (dec));
          r = G_CONVERTER_CONVERTED;
        }
      if (r == G_CONVERTER_CONVERTED && n_read == 0 && n_written == 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "%s: cannot decompress gzip data: it is cut short", path);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
read_input_file (const char *path, gsize max_bytes, char **data, gsize *len,
                 GError **error)
{
  g_autoptr (GByteArray) text = g_byte_array_new ();
  /* Room for gzip's headers and its worst case (stored blocks) too. */
  gsize raw_max = max_bytes + max_bytes / 1024 + 4096;
  if (!read_raw (path, raw_max, text, error))
    return FALSE;
  if (!is_gzip (text->data, text->len) && text->len > max_bytes)
    return read_input_too_big (error, path, max_bytes);
  if (is_gzip (text->data, text->len))
    {
      g_autoptr (GByteArray) raw = g_steal_pointer (&text);
      text = g_byte_array_new ();
      if (!gunzip (raw, max_bytes, text, path, error))
        return FALSE;
    }
  *len = text->len;
  g_byte_array_append (text, (const guint8 *)"", 1);
  *data = (char *)g_byte_array_free (g_steal_pointer (&text), FALSE);
  return TRUE;
}
