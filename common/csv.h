/* SPDX-License-Identifier: GPL-2.0-or-later */
/* csv.h: one CSV field, quoted as RFC 4180 says (only when it must be). */
#ifndef BOOTPERF_CSV_H
#define BOOTPERF_CSV_H

#include <glib.h>

/* Append v (NULL: an empty field) to out. */
void csv_append_field (GString *out, const char *v);

#endif
