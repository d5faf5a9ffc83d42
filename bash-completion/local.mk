# SPDX-License-Identifier: GPL-2.0-or-later
# Bash completion: one script for the three tools, installed under each
# tool's name where bash-completion looks them up (configure's
# --with-bash-completion-dir, by default bash-completion's completionsdir
# under this prefix).
BASH_COMPLETIONS = \
	bash-completion/boot-benchmark \
	bash-completion/boot-analysis \
	bash-completion/boot-benchmark-range
bashcompletion_DATA = $(BASH_COMPLETIONS)
EXTRA_DIST += bash-completion/bootperf.bash
CLEANFILES += $(BASH_COMPLETIONS)
$(BASH_COMPLETIONS): bash-completion/bootperf.bash
	$(AM_V_GEN)$(MKDIR_P) bash-completion && cp $(top_srcdir)/bash-completion/bootperf.bash $@
