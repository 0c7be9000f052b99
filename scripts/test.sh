#!/usr/bin/env bash
# The full test suite (the README's `npm test`): installs what is missing, then typecheck, lint, build,
# and every vitest project: unit, integration (real ovsdb-server/ovs-vswitchd), interop (FRR, GoBGP,
# os-ken in network namespaces) and e2e (the two-site lab with ping). Extra args go to every vitest run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The peer matrix runs FRR 10.3 and GoBGP 3.36 from a Debian 13 root: build it now when it is missing
# (about a minute, once per machine; /var/cache/evpnctl/trixie-root).
bash scripts/trixie-root.sh >/dev/null

step() { printf '\n== %s\n' "$*"; }
step typecheck; npx tsc -p tsconfig.json --noEmit
step lint;      npx eslint .
step build;     node scripts/build.mjs
# Projects run one after another: the netns-heavy suites must not compete for the 2 cores.
for project in unit integration interop e2e; do
  if compgen -G "test/$project/**/*.test.ts" >/dev/null || find "test/$project" -name '*.test.ts' 2>/dev/null | grep -q .; then
    step "$project tests"
    npx vitest run --project "$project" "$@"
  fi
done
