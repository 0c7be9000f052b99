#!/usr/bin/env bash
# Installs what evpnctl's demo and tests need on Debian, only what is missing:
# the apt packages (OVS, OVN, FRR, GoBGP, os-ken, capture tools, debootstrap) and the npm dependencies.
# The Debian 13 root of the peer matrix (FRR 10.3, GoBGP 3.36) is scripts/trixie-root.sh's business:
# scripts/test.sh and .ci/run build it, the demo does not need it.
# Safe to run again; needs root only when an apt package is missing. Never starts host services.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  openvswitch-switch ovn-central ovn-host frr gobgpd python3-os-ken
  iproute2 ethtool tcpdump tshark prometheus procps jq bash debootstrap util-linux
  systemd man-db groff-base zsh
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if ((${#missing[@]} > 0)); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup: missing apt packages: ${missing[*]}; run as root (or: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
  echo "setup: installing apt packages: ${missing[*]}"
  # Keep package post-install scripts from starting OVS/OVN/FRR on the host: the lab and tests run
  # their own isolated instances. Only add the policy if none exists, and only remove our own.
  made_policy=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    made_policy=1
  fi
  trap '[[ $made_policy -eq 1 ]] && rm -f /usr/sbin/policy-rc.d' EXIT
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "setup: apt packages installed"
fi

# npm dependencies: install when node_modules is missing or older than the lock file.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
