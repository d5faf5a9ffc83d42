/* SPDX-License-Identifier: GPL-2.0-or-later */
/* replay.h: what boot-analysis --replay reads, and with which rules.
 *
 * A saved capture (JSON Lines) replays with the rules its header names, or
 * by what it holds; a plain console log is given the appliance's rules when
 * it shows libguestfs, supermin or guestfsd lines, data/direct-kernel.rules
 * otherwise; --rules overrides both.  A plain log (or a capture saved from
 * one) need not hold every mandatory activity.  With a ready regex, each
 * pass gets the `ready` trace direct-kernel.rules ends userspace with, at
 * the first console line that matches. */
#ifndef BOOTPERF_REPLAY_H
#define BOOTPERF_REPLAY_H

#include <glib.h>
#include <json-glib/json-glib.h>
#include "rules.h"

typedef struct
{
  const char *path;
  const char *rules_path; /* --rules, or NULL: picked as above */
  const char *ready;      /* --ready regex, or NULL */
} replay_options;

typedef struct
{
  GPtrArray *passes; /* pass_events* */
  JsonNode *config;  /* from a capture's header, or NULL */
  JsonNode *host;
  rule_set *rules;
  gboolean plain_log; /* a console log, or a capture saved from one */
  char *rules_name;   /* the shipped rules' file name, or NULL with --rules */
  char *description;  /* "console log, its own clocks; rules X (why)" */
} replay_input;

/* Errors name the file (or the regex: G_REGEX_ERROR for a bad --ready). */
gboolean replay_load (const replay_options *o, replay_input *out, GError **error);
void replay_input_clear (replay_input *in);

/* The shipped rules file called name: installed, else the source tree's. */
char *rules_shipped_path (const char *name);

#endif
