/* SPDX-License-Identifier: GPL-2.0-or-later */
/* analyse.h: from the events of every pass and a rule set to the analysed
 * boot of activity.h: activities per pass, statistics across passes, nesting,
 * unmatched rules, and the host clock against the guest's printk clock. */
#ifndef BOOTPERF_ANALYSE_H
#define BOOTPERF_ANALYSE_H

#include <glib.h>
#include "activity.h"
#include "events.h"
#include "rules.h"

/* passes: pass_events*.  With enforce_mandatory, a mandatory rule that does
 * not match in some pass is an error naming the rule and the pass; otherwise
 * it is only listed in an->unmatched (used for plain console logs, which need
 * not come from a libguestfs appliance). */
boot_analysis *boot_analyse (const rule_set *rs, const GPtrArray *passes,
                             gboolean enforce_mandatory, GError **error);

#endif
