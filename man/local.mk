# SPDX-License-Identifier: GPL-2.0-or-later
# Man pages: written in POD (man/*.pod), made into man pages by pod2man at
# build time with the installed data directory filled in, installed by
# `make install`.  tests/test-man-pages.sh checks them against --help.
MAN_PODS = \
	man/boot-benchmark.pod \
	man/boot-analysis.pod \
	man/boot-benchmark-range.pod \
	man/bootperf-rules.pod
man1_MANS = man/boot-benchmark.1 man/boot-analysis.1 man/boot-benchmark-range.1
man5_MANS = man/bootperf-rules.5
EXTRA_DIST += $(MAN_PODS)
CLEANFILES += $(man1_MANS) $(man5_MANS)

# pod2man stamps each page with its POD file's date, so a rebuild gives the
# same page.
POD2MAN_ARGS = --center="bootperf" --release="bootperf $(PACKAGE_VERSION)" \
	--errors=die --utf8
pod_to_man = $(MKDIR_P) man && \
	sed -e 's|@pkgdatadir[@]|$(pkgdatadir)|g' $< | \
	$(POD2MAN) $(POD2MAN_ARGS) --date="$$(date -u -r $< +%Y-%m-%d)"

SUFFIXES += .pod .1 .5
.pod.1:
	$(AM_V_GEN)$(pod_to_man) --section=1 \
	  --name="$$(basename $@ .1 | tr a-z A-Z)" >$@.tmp && mv -f $@.tmp $@
.pod.5:
	$(AM_V_GEN)$(pod_to_man) --section=5 \
	  --name="$$(basename $@ .5 | tr a-z A-Z)" >$@.tmp && mv -f $@.tmp $@
