#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# install-deps.sh: the Debian 12 packages bootperf needs to build, test and
# boot the libguestfs appliance (perl has pod2man for the man pages;
# groff-base, man-db, bash-completion and librsvg2-bin serve the tests of
# pages, completions and pictures; meson, ninja-build, distcc and ccache the
# range tool's tests of offline subprojects, distributed and cached builds).  Run as
# root.  The one list, used by the README's setup command and by CI.  With
# --hardening, also the tools of scripts/ci-hardening (clang and libFuzzer,
# valgrind, cppcheck).
set -e
export DEBIAN_FRONTEND=noninteractive
hardening=
[ "${1:-}" = --hardening ] && hardening="clang libclang-rt-14-dev valgrind cppcheck"
apt-get update -q
apt-get install -y -q --no-install-recommends \
  gcc make autoconf automake pkg-config git ca-certificates \
  libguestfs-dev libguestfs-tools qemu-system-x86 linux-image-amd64 supermin \
  libglib2.0-dev libpcre2-dev libjson-glib-dev libgsl-dev \
  jq libxml2-utils procps python3 e2fsprogs \
  perl groff-base man-db bash-completion librsvg2-bin \
  meson ninja-build distcc ccache $hardening
