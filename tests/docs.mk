# SPDX-License-Identifier: GPL-2.0-or-later
# Tests of the man pages, the bash completion and `make install`.
TESTS += tests/test-man-pages.sh
EXTRA_DIST += tests/test-man-pages.sh
TESTS += tests/test-bash-completion.sh
EXTRA_DIST += tests/test-bash-completion.sh
# make install DESTDIR=... and make uninstall, checked from inside the suite.
TESTS += tests/test-install.sh
EXTRA_DIST += tests/test-install.sh
AM_TESTS_ENVIRONMENT += MAKE='$(MAKE)' bindir='$(bindir)' mandir='$(mandir)' \
	datadir='$(datadir)' pkgdatadir='$(pkgdatadir)' \
	bashcompletiondir='$(bashcompletiondir)'; \
	export MAKE bindir mandir datadir pkgdatadir bashcompletiondir;
