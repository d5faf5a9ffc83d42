/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz.h: what the fuzz targets of tests/fuzz share.  Each target defines
 * LLVMFuzzerTestOneInput; built with --enable-fuzzing it is a libFuzzer
 * program, otherwise fuzz-standalone.c runs it over the files it is given
 * (the seed corpora and the reproducers of fixed bugs, in `make check`). */
#ifndef BOOTPERF_FUZZ_H
#define BOOTPERF_FUZZ_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <glib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Under libFuzzer a target runs millions of times; under the standalone
 * driver (make check) once an input, with room for slower checks. */
#ifdef BOOTPERF_LIBFUZZER
#define FUZZ_THOROUGH 0
#else
#define FUZZ_THOROUGH 1
#endif

/* An invariant of the code under test: its failure is a finding. */
#define FUZZ_CHECK(cond)                                                                 \
  do                                                                                     \
    {                                                                                    \
      if (!(cond))                                                                       \
        {                                                                                \
          fprintf (stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);      \
          abort ();                                                                      \
        }                                                                                \
    }                                                                                    \
  while (0)

static inline void
fuzz_abort_on_trap (int sig)
{
  (void)sig;
  abort ();
}

/* GLib criticals and warnings mean the code misused an API on this input:
 * findings too, as under G_DEBUG=fatal-criticals in the test suite.  GLib
 * stops on them with a breakpoint trap, which libFuzzer does not catch: turn
 * it into abort(), which it does (and saves the input). */
static inline void
fuzz_init (void)
{
  static gboolean done;
  if (!done)
    {
      g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
      signal (SIGTRAP, fuzz_abort_on_trap);
      done = TRUE;
    }
}

#endif
