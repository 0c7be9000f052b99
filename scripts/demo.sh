#!/usr/bin/env bash
# `npm run demo`: installs what is missing (scripts/setup.sh), builds bin/evpnctl, then runs the demo
# program (src/demo/main.ts): the two-site EVPN-VXLAN lab, site Y driven by evpnctl, ping, PASS/FAIL.
# Arguments go to the program: `--keep`, `down [RUN_ID]`, `ping RUN_ID HOST TARGET`, `--help`.
set -euo pipefail
cd "$(dirname "$0")/.."
t0=$(date +%s%N)
case "${1:-}" in
  down|ping|help|--help|-h) ;;  # no setup or build needed to tear down, ping or ask for help
  *)
    bash scripts/setup.sh
    node scripts/build.mjs
    printf 'demo.sh: setup and build took %s ms\n' "$(( ($(date +%s%N) - t0) / 1000000 ))"
    ;;
esac
exec node --import tsx src/demo/main.ts "$@"
