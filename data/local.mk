# SPDX-License-Identifier: GPL-2.0-or-later
# Default activity rules for boot-analysis, installed under $(pkgdatadir).
dist_pkgdata_DATA += data/activities.rules
dist_pkgdata_DATA += data/direct-kernel.rules data/paper-experiments.conf
