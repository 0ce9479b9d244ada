#!/usr/bin/env bash
# Install what is missing (also Chromium and PostgreSQL), then run every test:
# format and lint checks, unit tests, integration tests on SQLite and on
# PostgreSQL, end-to-end tests in headless Chromium, then the reliability tests
# (crash, faults, load) on the release server and the fuzz targets; the
# end-to-end tests run twice, on the debug build and on the release build. Prints stage timings.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

declare -a stage_names=() stage_secs=()
t_start=$(date +%s)
stage() {
  local name=$1; shift
  local t0; t0=$(date +%s)
  printf '\n\033[1;34m==> %s\033[0m\n' "$name"
  "$@"
  local dt=$(( $(date +%s) - t0 ))
  stage_names+=("$name"); stage_secs+=("$dt")
  printf '\033[1;34m<== %s: %ss\033[0m\n' "$name" "$dt"
}
summary() {
  printf '\n%-44s %8s\n' "stage" "seconds"
  for i in "${!stage_names[@]}"; do printf '%-44s %8s\n' "${stage_names[$i]}" "${stage_secs[$i]}"; done
  printf '%-44s %8s\n' "total" "$(( $(date +%s) - t_start ))"
}

# A clean CI build gains nothing from incremental artefacts; they cost disk.
if [[ "${CI:-}" == "true" ]]; then export CARGO_INCREMENTAL=0; fi

pg_dir="$root/.pgtest"
pg_port="${SPINDEL_TEST_PG_PORT:-55432}"
cleanup() {
  scripts/pg.sh stop "$pg_dir" || true
}
trap 'cleanup; summary' EXIT

stage "install tools" scripts/install.sh --test
stage "cargo fmt --check" cargo fmt --all -- --check
stage "clippy (ssr + tests)" cargo clippy -p app -p server --features app/ssr,server/reliability --all-targets -- -D warnings
stage "clippy (hydrate, wasm)" cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings
stage "clippy (workspace, all targets)" cargo clippy --all-targets -- -D warnings
stage "unit tests (app)" cargo test -p app --features ssr
# Integration tests run one at a time: each starts its own server in its own
# tokio runtime, and a rare stall of a server-rendered page was seen when
# dozens ran side by side (see docs/testing.md).
stage "unit + integration tests (server, SQLite)" env SPINDEL_TEST_BACKEND=sqlite cargo test -p server -- --test-threads=1

start_pg() {
  SPINDEL_TEST_PG_URL=$(scripts/pg.sh start "$pg_dir" "$pg_port")
  export SPINDEL_TEST_PG_URL
  echo "PostgreSQL on $SPINDEL_TEST_PG_URL"
}
stage "start PostgreSQL" start_pg
stage "integration tests (server, PostgreSQL)" env SPINDEL_TEST_BACKEND=postgres cargo test -p server --tests -- --test-threads=1

# The server settings of both end-to-end runs, for a database in directory $1:
# a smaller demo than `scripts/run.sh` loads (faster start), whose accounts go
# to a file the specs read, and mail delivered into a directory the specs read.
e2e_server_env() {
  e2e_env=("DATABASE_URL=sqlite://$1/e2e.db" SPINDEL_DEMO=true SPINDEL_DEMO_ORGS=40 SPINDEL_DEMO_YEARS=3
    "SPINDEL_DEMO_CREDENTIALS=$1/demo-accounts.json" "SPINDEL_MAIL_DIR=$1/mail" RUST_LOG=warn)
}
e2e() {
  local dir; dir=$(mktemp -d)
  e2e_server_env "$dir"
  env "${e2e_env[@]}" cargo leptos end-to-end --split
}
stage "end-to-end (Chromium)" e2e

# The release site as deployed (scripts/build-release.sh: the server, and the
# wasm built for size), then the same specs against it: the size options must
# not change what the app does.
stage "release build (server + wasm)" scripts/build-release.sh
e2e_release() {
  local dir; dir=$(mktemp -d)
  local bind="${SPINDEL_BIND:-127.0.0.1:3000}"
  local log="$dir/server.log"
  e2e_server_env "$dir"
  env "${e2e_env[@]}" SPINDEL_BIND="$bind" LEPTOS_SITE_ROOT=target/site \
    "$root/target/release/server" >"$log" 2>&1 &
  local pid=$!
  local rc=0
  # The specs read the demo accounts, and one runs the server's create-operator
  # sub-command on the same database.
  (cd end2end && DATABASE_URL="sqlite://$dir/e2e.db" SPINDEL_DEMO_CREDENTIALS="$dir/demo-accounts.json" \
    SPINDEL_MAIL_DIR="$dir/mail" \
    SPINDEL_SERVER_BIN="$root/target/release/server" BASE_URL="${BASE_URL:-http://$bind}" \
    npx playwright test) || rc=$?
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [[ $rc -ne 0 ]]; then
    echo "release server log ($log):" >&2
    tail -n 50 "$log" >&2
  fi
  return $rc
}
stage "end-to-end, release build (Chromium)" e2e_release

# Issue 8: the release server under crash (kill -9), SIGTERM, fault (locked
# SQLite file, PostgreSQL stopped, full disk) and 60 s load tests.
stage "reliability: crash, faults, load (release server)" env SPINDEL_SERVER_BIN="$root/target/release/server" \
  cargo test -p server --features reliability --test reliability -- --test-threads=1 --nocapture
stage "fuzz (60 s per target)" scripts/fuzz.sh 60
