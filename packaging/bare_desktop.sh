#!/usr/bin/env bash
# A bare Debian 12 root file system with only the X11 client basics a Linux desktop always has
# (README: 系统要求), for running the bundle's GUI where nothing Qt-specific is installed.
# packaging/smoke_test.py --bare-root DIR starts the bundled GUI inside it (chroot) on a display
# of the host. Needs root and debootstrap; takes 2–3 minutes and ~500 MB (Mesa is most of it).
#   packaging/bare_desktop.sh /var/tmp/bare-desktop       # made once, then reused
set -euo pipefail

target=${1:?usage: bare_desktop.sh TARGET_DIR}
# What the bundle leaves to the desktop: Qt cannot draw without them, every X11 desktop has
# them, and copies from the build machine would clash with the desktop's own configuration.
# Keep in step with README.md (系统要求) and _HOST_LIBRARIES in packaging/bundle_config.py.
BASE_PACKAGES=libegl1,libgl1,libx11-6,libx11-xcb1,libxkbcommon0,libdbus-1-3,libfontconfig1,libfreetype6,libglib2.0-0

if [ -f "$target/.bare-desktop-ready" ] && [ "$(cat "$target/.bare-desktop-ready")" = "$BASE_PACKAGES" ]; then
  echo "bare desktop root: $target (reused)"
  exit 0
fi
# The machine's own Debian mirror (sources.list or deb822 .sources), else the default one.
mirror=$(grep -rhoE '(URIs:|deb) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null \
  | grep -oE 'https?://[^ ]+' | head -n1 || true)
mirror=${mirror:-http://deb.debian.org/debian}
rm -rf "$target"
echo "bare desktop root: debootstrap bookworm from $mirror into $target"
debootstrap --variant=minbase --include="$BASE_PACKAGES" bookworm "$target" "$mirror" >"$target.log" 2>&1 \
  || { tail -n 30 "$target.log"; exit 1; }
echo "$BASE_PACKAGES" >"$target/.bare-desktop-ready"
