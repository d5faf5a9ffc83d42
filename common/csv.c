/* SPDX-License-Identifier: GPL-2.0-or-later */
/* csv.c: see csv.h. */
#include <config.h>

#include <string.h>

#include "csv.h"

void
csv_append_field (GString *out, const char *v)
{
  if (!v)
    return;
  if (!strpbrk (v, ",\"\r\n"))
    {
      g_string_append (out, v);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *c = v; *c; c++)
    {
      if (*c == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *c);
    }
  g_string_append_c (out, '"');
}
