# SPDX-License-Identifier: GPL-2.0-or-later
# The tiny init and its initrd (boot-benchmark --kernel without --initrd).
# The init is built with its own flags, never the user's CFLAGS: it has no
# libc, so sanitizers, profiling or stack protectors cannot be in it.
TINY_INIT_CFLAGS = -std=gnu11 -Wall -Wextra -Werror -Os -ffreestanding -fno-pie -no-pie \
	-fno-stack-protector -fno-asynchronous-unwind-tables -fno-unwind-tables \
	-nostdlib -static -s -Wl,--build-id=none -Wl,-z,norelro -Wl,-n
AM_CPPFLAGS += -DBOOTPERF_TINY_INIT_BUILDDIR='"$(abs_top_builddir)/tiny-init"'

noinst_PROGRAMS += tiny-init/mkcpio
tiny_init_mkcpio_SOURCES = tiny-init/mkcpio.c
tiny_init_mkcpio_LDADD = $(BOOTPERF_LIBS)

tiny-init/tiny-init: $(top_srcdir)/tiny-init/tiny-init.c
	$(AM_V_CC)$(MKDIR_P) tiny-init && $(CC) $(TINY_INIT_CFLAGS) -o $@ $(top_srcdir)/tiny-init/tiny-init.c
tiny-init/tiny-init.cpio: tiny-init/tiny-init tiny-init/mkcpio$(EXEEXT)
	$(AM_V_GEN)tiny-init/mkcpio$(EXEEXT) $@ tiny-init/tiny-init

pkgdata_DATA = tiny-init/tiny-init.cpio
EXTRA_DIST += tiny-init/tiny-init.c
CLEANFILES += tiny-init/tiny-init tiny-init/tiny-init.cpio
