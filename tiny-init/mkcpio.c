/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mkcpio.c: pack the tiny init into an initrd: a newc cpio archive holding
 * /dev/console (so the kernel can give init a console) and /init.  Written
 * here rather than with cpio(1) because a device node in an archive would
 * otherwise need mknod, that is root, at build time.  Reproducible: every
 * time stamp and owner is 0.
 *
 *   mkcpio OUTPUT INIT-PROGRAM */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "output.h"

static void
add_entry (GString *out, unsigned ino, unsigned mode, const char *name, unsigned rdev_major,
           unsigned rdev_minor, const char *data, size_t len)
{
  size_t namesize = strlen (name) + 1;
  g_string_append_printf (out,
                          "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08zX%08X",
                          ino, mode, 0u, 0u, 1u, 0u, (unsigned)len, 0u, 0u, rdev_major,
                          rdev_minor, namesize, 0u);
  g_string_append_len (out, name, (gssize)namesize);
  while (out->len % 4)
    g_string_append_c (out, '\0');
  g_string_append_len (out, data, (gssize)len);
  while (out->len % 4)
    g_string_append_c (out, '\0');
}

int
main (int argc, char **argv)
{
  if (argc != 3)
    {
      fprintf (stderr, "usage: mkcpio OUTPUT INIT-PROGRAM\n");
      return 2;
    }
  g_autofree char *init = NULL;
  gsize init_len;
  g_autoptr (GError) err = NULL;
  if (!g_file_get_contents (argv[2], &init, &init_len, &err))
    {
      fprintf (stderr, "mkcpio: %s\n", err->message);
      return 1;
    }
  GString *out = g_string_new (NULL);
  add_entry (out, 1, 0040755, ".", 0, 0, "", 0);
  add_entry (out, 2, 0040755, "dev", 0, 0, "", 0);
  add_entry (out, 3, 0020600, "dev/console", 5, 1, "", 0);
  add_entry (out, 4, 0100755, "init", 0, 0, init, init_len);
  add_entry (out, 0, 0, "TRAILER!!!", 0, 0, "", 0);
  /* The kernel reads the archive in 512-byte blocks, as cpio writes it. */
  while (out->len % 512)
    g_string_append_c (out, '\0');
  gboolean ok = output_write_atomic (argv[1], out->str, (gssize)out->len, &err);
  g_string_free (out, TRUE);
  if (!ok)
    {
      fprintf (stderr, "mkcpio: %s\n", err->message);
      return 1;
    }
  return 0;
}
