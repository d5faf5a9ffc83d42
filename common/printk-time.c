/* SPDX-License-Identifier: GPL-2.0-or-later */
/* printk-time.c: the guest kernel's printk time at the start of a console
 * line (see printk-time.h). */
#include <config.h>

#include "printk-time.h"

/* Length of a terminal escape sequence at s (raw ESC, or "\x1b" as text), or 0. */
static size_t
escape_length (const char *s)
{
  size_t i;
  if (s[0] == '\033')
    i = 1;
  else if (s[0] == '\\' && s[1] == 'x' && s[2] == '1' && (s[3] == 'b' || s[3] == 'B'))
    i = 4;
  else
    return 0;
  if (s[i] == '[')
    {
      /* CSI: parameter and intermediate bytes, then one final byte. */
      i++;
      while (s[i] >= 0x20 && s[i] <= 0x3f)
        i++;
      return s[i] >= 0x40 && s[i] <= 0x7e ? i + 1 : i;
    }
  return s[i] != '\0' ? i + 1 : i;
}

gboolean
printk_time_parse (const char *line, int64_t *guest_ns, const char **body)
{
  const char *p = line;
  for (size_t n; (n = escape_length (p)) > 0;)
    p += n;
  if (body)
    *body = p;
  if (*p != '[')
    return FALSE;
  /* A serial console can drop bytes ("[    267710]"): such a stamp still
   * ends at its ']' for the body, but gives no time. */
  const char *stamp_end = p + 1;
  while (*stamp_end == ' ' || *stamp_end == '.' || g_ascii_isdigit (*stamp_end))
    stamp_end++;
  if (*stamp_end == ']' && body)
    *body = stamp_end[1] == ' ' ? stamp_end + 2 : stamp_end + 1;
  const char *q = p + 1;
  while (*q == ' ')
    q++;
  int64_t seconds = 0;
  int digits = 0;
  /* At most 9 digits of seconds (31 years): more would overflow int64_t ns. */
  for (; *q >= '0' && *q <= '9' && digits < 9; q++, digits++)
    seconds = seconds * 10 + (*q - '0');
  if (digits == 0 || *q != '.')
    return FALSE;
  q++;
  int64_t fraction_ns = 0;
  int frac_digits = 0;
  for (; *q >= '0' && *q <= '9'; q++, frac_digits++)
    if (frac_digits < 9)
      fraction_ns = fraction_ns * 10 + (*q - '0');
  if (frac_digits == 0 || *q != ']')
    return FALSE;
  for (int k = frac_digits; k < 9; k++)
    fraction_ns *= 10;
  q++;
  if (*q == ' ')
    q++;
  if (guest_ns)
    *guest_ns = seconds * INT64_C (1000000000) + fraction_ns;
  if (body)
    *body = q;
  return TRUE;
}
