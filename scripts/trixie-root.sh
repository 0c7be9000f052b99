#!/usr/bin/env bash
# Builds the Debian 13 (trixie) root that the peer matrix runs FRR 10.3 and GoBGP 3.36 from
# (/work/shared/modern-peers.txt has the recipe and why each step is there). Bookworm ships only
# FRR 8.4 and GoBGP 3.10; the chroot gives the newer peers without touching the host's /etc/apt.
#
#   bash scripts/trixie-root.sh            build the root when missing, print its path
#   EVPNCTL_TRIXIE_ROOT=/path bash ...     build it elsewhere (the tests read the same variable)
#   EVPNCTL_TRIXIE_PACKAGES="a b" ...      install these too (opt-in, with a root of its own: the OVN 25.03
#                                          floor benchmark, bench/ovn-floor.ts, uses ovn-central ovn-host
#                                          openvswitch-switch in /var/cache/evpnctl/trixie-ovn-root)
#
# The root lives at /var/cache/evpnctl/trixie-root (about 330 MB). It counts as built only when
# .evpnctl-complete exists in it: that marker is written last, so an interrupted build is thrown
# away and redone. A lock (flock) keeps parallel callers (test files, CI) from building twice.
# Needs root and the debootstrap package; only the Debian mirror is reached.
set -euo pipefail

ROOT=${EVPNCTL_TRIXIE_ROOT:-/var/cache/evpnctl/trixie-root}
MIRROR=${EVPNCTL_TRIXIE_MIRROR:-http://deb.debian.org/debian}
EXTRA=${EVPNCTL_TRIXIE_PACKAGES:-}
if [[ ! $EXTRA =~ ^[a-z0-9.+\ -]*$ ]]; then
  echo "trixie-root: EVPNCTL_TRIXIE_PACKAGES must be Debian package names separated by spaces, got '$EXTRA'" >&2
  exit 1
fi
MARKER="$ROOT/.evpnctl-complete"
LOCK="$ROOT.lock"

if [[ -f $MARKER ]]; then
  echo "$ROOT"
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "trixie-root: $ROOT is not built and building it needs root" >&2
  exit 1
fi
command -v debootstrap >/dev/null || {
  echo "trixie-root: debootstrap is missing (bash scripts/setup.sh installs it)" >&2
  exit 1
}

mkdir -p "$(dirname "$ROOT")"
exec 9>"$LOCK"
flock 9
# Another caller may have finished the build while this one waited for the lock.
if [[ -f $MARKER ]]; then
  echo "$ROOT"
  exit 0
fi

started=$SECONDS
echo "trixie-root: building $ROOT (debootstrap trixie + frr, gobgpd${EXTRA:+, $EXTRA}; about a minute)" >&2
# A root without the marker is a half-built one: start over rather than patch it.
if [[ -e $ROOT ]]; then
  # Nothing may still be mounted inside (a build killed mid-way leaves only its private mounts,
  # which died with its mount namespace); refuse rather than delete through a live mount.
  if grep -q " $ROOT/" /proc/self/mounts; then
    echo "trixie-root: $ROOT has mounts under it; unmount them first" >&2
    exit 1
  fi
  rm -rf "$ROOT"
fi

log="$ROOT.build.log"
if ! debootstrap --variant=minbase trixie "$ROOT" "$MIRROR" >"$log" 2>&1; then
  echo "trixie-root: debootstrap failed; last lines of $log:" >&2
  tail -n 20 "$log" >&2
  exit 1
fi
# minbase has no /etc/hosts: gobgpd would resolve "localhost" through DNS, which fails in a netns.
printf '127.0.0.1 localhost\n::1 localhost\n' >"$ROOT/etc/hosts"
# Package post-install scripts must not try to start services inside the chroot.
printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d"
chmod 755 "$ROOT/usr/sbin/policy-rc.d"
if ! unshare -m --propagation private sh -c "mount -t proc proc '$ROOT/proc' && chroot '$ROOT' \
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
    sh -c 'apt-get update && apt-get install -y --no-install-recommends frr gobgpd iproute2 $EXTRA && apt-get clean'" \
    >>"$log" 2>&1; then
  echo "trixie-root: apt-get in the chroot failed; last lines of $log:" >&2
  tail -n 20 "$log" >&2
  exit 1
fi
for bin in /usr/lib/frr/mgmtd /usr/lib/frr/zebra /usr/lib/frr/bgpd /usr/bin/vtysh /usr/bin/gobgpd /usr/bin/gobgp; do
  [[ -x $ROOT$bin ]] || { echo "trixie-root: $bin missing after the install" >&2; exit 1; }
done
# shellcheck disable=SC2086 # EXTRA is a list of package names, split on purpose
chroot "$ROOT" dpkg-query -W frr gobgpd $EXTRA >"$MARKER"
echo "trixie-root: built in $((SECONDS - started)) s: $(tr '\n' ' ' <"$MARKER")" >&2
echo "$ROOT"
