#!/usr/bin/env bash
# Prove that .ci/run needs nothing a bare Debian 12 lacks: debootstrap a minimal bookworm, clone
# this repository's committed HEAD into it, and run .ci/run there as CI would (root, CI=true,
# no stdin, an empty environment). Needs root, debootstrap and ~6 GB; see README-offline.md.
#   packaging/ci_in_chroot.sh /var/tmp/ci-root             # the whole CI run
#   packaging/ci_in_chroot.sh /var/tmp/ci-root -- bash -c 'cd /root/supervisor && …'
# The root must not exist yet (a clean machine each time) unless KEEP_ROOT=1.
set -euo pipefail

root=${1:?usage: ci_in_chroot.sh ROOT_DIR [-- COMMAND…]}
shift
[ "${1:-}" = "--" ] && shift
repo=$(cd "$(dirname "$0")/.." && pwd)
mirror=$(grep -rhoE '(URIs:|deb) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null \
  | grep -oE 'https?://[^ ]+' | head -n1 || true)
mirror=${mirror:-http://deb.debian.org/debian}

if [ -e "$root" ] && [ "${KEEP_ROOT:-}" != 1 ]; then
  echo "$root exists: remove it for a clean machine (or KEEP_ROOT=1 to reuse it)" >&2
  exit 2
fi
if [ ! -e "$root/etc/debian_version" ]; then
  echo "== debootstrap --variant=minbase bookworm $root ($mirror)"
  debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root.debootstrap.log" 2>&1 \
    || { tail -n 30 "$root.debootstrap.log"; exit 1; }
  # Only Debian's own mirror and its security updates, as on a fresh machine.
  printf 'deb %s bookworm main\ndeb %s bookworm-updates main\ndeb http://deb.debian.org/debian-security bookworm-security main\n' \
    "$mirror" "$mirror" >"$root/etc/apt/sources.list"
fi
cp /etc/resolv.conf "$root/etc/resolv.conf"
rm -rf "$root/root/supervisor"
echo "== fresh clone of $(git -C "$repo" rev-parse --short HEAD) into $root/root/supervisor"
git clone -q "$repo" "$root/root/supervisor"

mounted=()
mount_into() { mount "$@"; mounted+=("${*: -1}"); }
cleanup() {
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[i]}" || true; done
}
trap cleanup EXIT
# The root as a mount point of its own, private: inside, `unshare --mount` (the smoke test's
# bare root) can then make its mounts private as on a real machine.
mount_into --bind "$root" "$root"
mount --make-private "$root"
mount_into -t proc proc "$root/proc"
mount_into -t sysfs sys "$root/sys"
mount_into --bind /dev "$root/dev"
mount_into -t devpts devpts "$root/dev/pts"
mount_into -t tmpfs tmpfs "$root/dev/shm"

# Behind a TLS-inspecting proxy pip needs that proxy's certificate authority: a PIP_CERT
# bundle given to this script goes in beside Debian's own (which .ci/run installs).
extra_env=()
if [ -n "${PIP_CERT:-}" ] && [ -f "$PIP_CERT" ]; then
  cp "$PIP_CERT" "$root/usr/local/share/pip-cert.pem"
  extra_env=(PIP_CERT=/usr/local/share/pip-cert.pem)
fi

command=("$@")
[ ${#command[@]} -gt 0 ] || command=(bash /root/supervisor/.ci/run)
echo "== in the chroot: ${command[*]}"
started=$(date +%s)
chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  HOME=/root LANG=C.UTF-8 CI=true "${extra_env[@]}" "${command[@]}" </dev/null
echo "== chroot run finished in $(($(date +%s) - started)) s"
