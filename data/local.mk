# Default activity rules for boot-analysis, installed under $(pkgdatadir).
dist_pkgdata_DATA += data/activities.rules
