/* SPDX-License-Identifier: GPL-2.0-or-later */
/* interrupt.c: SIGINT, SIGTERM and SIGHUP only set a flag.  Loops poll it to
 * stop between passes; the appliance watchdog polls it to kill qemu at once. */
#include <config.h>

#include <signal.h>
#include <string.h>

#include "interrupt.h"

static volatile sig_atomic_t received_signal;

static void
on_signal (int sig)
{
  received_signal = sig;
}

void
interrupt_install (void)
{
  struct sigaction sa;
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset (&sa.sa_mask);
  sigaction (SIGINT, &sa, NULL);
  sigaction (SIGTERM, &sa, NULL);
  sigaction (SIGHUP, &sa, NULL);
}

gboolean
interrupt_requested (void)
{
  return received_signal != 0;
}

int
interrupt_signal (void)
{
  return received_signal;
}
