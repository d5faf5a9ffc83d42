# SPDX-License-Identifier: GPL-2.0-or-later
bin_PROGRAMS += boot-analysis/boot-analysis
boot_analysis_boot_analysis_SOURCES = boot-analysis/boot-analysis.c \
	boot-analysis/analysis-options.c boot-analysis/analysis-options.h
boot_analysis_boot_analysis_LDADD = $(BOOTPERF_LIBS)
