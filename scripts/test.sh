#!/usr/bin/env bash
# The full test suite (the README's `npm test`): installs what is missing, then typecheck, lint, build,
# and every vitest project: unit, integration (real ovsdb-server/ovs-vswitchd), interop (FRR, GoBGP,
# os-ken in network namespaces) and e2e (the two-site lab with ping), with soak (the 10-minute HA soak,
# a light lab that mostly waits) in the background from interop on. Extra args go to every vitest run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The peer matrix runs FRR 10.3 and GoBGP 3.36 from a Debian 13 root: build it now when it is missing
# (about a minute, once per machine; /var/cache/evpnctl/trixie-root).
bash scripts/trixie-root.sh >/dev/null

step() { printf '\n== %s\n' "$*"; }

# The soak project runs in its own session (setsid: its PID is its process group), output to a file.
soak_pid=''
soak_log=''
soak_run_file=''
start_soak() {
  soak_log=$(mktemp -t evpnctl-soak.XXXXXX.log)
  soak_run_file=$(mktemp -t evpnctl-soak-run.XXXXXX)
  step "soak tests: started in the background, output in $soak_log"
  EVPNCTL_SOAK_RUN_ID_FILE=$soak_run_file setsid npx vitest run --project soak "$@" >"$soak_log" 2>&1 &
  soak_pid=$!
}
# On any exit before the soak was waited for (a failed step, Ctrl-C): stop its process group, which runs
# no afterAll then, so tear its lab run down from the manifest by the id the test wrote.
stop_soak() {
  [[ -n $soak_pid ]] || return 0
  printf '\n== stopping the background soak tests (process group %s)\n' "$soak_pid"
  kill -TERM -- "-$soak_pid" 2>/dev/null || true
  wait "$soak_pid" 2>/dev/null || true
  soak_pid=''
  if [[ -s $soak_run_file ]]; then npx tsx src/lab/cli.ts down "$(cat "$soak_run_file")" || true; fi
  rm -f "$soak_run_file"
  cat "$soak_log"
}
trap stop_soak EXIT
finish_soak() {
  step "soak tests (background since interop): waiting"
  local status=0
  wait "$soak_pid" || status=$?
  soak_pid=''
  rm -f "$soak_run_file"
  cat "$soak_log"
  if (( status != 0 )); then
    printf 'soak tests failed (exit %s); output kept in %s\n' "$status" "$soak_log"
    exit "$status"
  fi
  rm -f "$soak_log"
}
step typecheck; npx tsc -p tsconfig.json --noEmit
step lint;      npx eslint .
step build;     node scripts/build.mjs
# Projects run one after another: the netns-heavy suites must not compete for the 2 cores (only the soak,
# which mostly waits, runs beside interop and e2e).
for project in unit integration interop e2e; do
  if [[ $project == interop ]]; then start_soak "$@"; fi
  if compgen -G "test/$project/**/*.test.ts" >/dev/null || find "test/$project" -name '*.test.ts' 2>/dev/null | grep -q .; then
    step "$project tests"
    npx vitest run --project "$project" "$@"
  fi
done
finish_soak
