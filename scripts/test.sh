#!/usr/bin/env bash
# Install what is missing (also Chromium and PostgreSQL), then run every test:
# format and lint checks, unit tests, integration tests on SQLite and on
# PostgreSQL, end-to-end tests in headless Chromium, the fuzz targets, then the
# reliability tests (crash, faults, load) on the release server; the
# end-to-end tests run twice, on the debug build and on the release build.
# Prints stage timings.
#
# Build time is most of the run on 2 cores (docs/testing.md, "Build times"):
# - the test builds use the flags cargo-leptos gives the site's server
#   (--cfg erase_components, LEPTOS_OUTPUT_NAME), so the server binary that
#   `cargo test` builds is the debug end-to-end server: no second debug build;
# - the release build runs in the background from the first test stage on, at
#   the lowest CPU and I/O priority, in a target directory of its own, and uses
#   the cores the single-threaded test runs leave idle.
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
release_pid=""
cleanup() {
  if [[ -n "$release_pid" ]]; then kill -- "-$release_pid" 2>/dev/null || true; fi
  scripts/pg.sh stop "$pg_dir" || true
}
trap 'cleanup; summary' EXIT

stage "install tools" scripts/install.sh --test
stage "cargo fmt --check" cargo fmt --all -- --check
stage "clippy (ssr + tests)" cargo clippy -p app -p server --features app/ssr,server/reliability --all-targets -- -D warnings
stage "clippy (hydrate, wasm)" cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings
stage "clippy (workspace, all targets)" cargo clippy --all-targets -- -D warnings
# The release site as deployed (scripts/build-release.sh: the server, and the
# wasm built for size) in its own target directory, so that it neither waits
# for nor blocks the test builds' lock on target/; its log is kept in it.
rel_dir="$root/target/ci-release"
mkdir -p "$rel_dir"
start_release_build() {
  set -m
  ( exec nice -n 19 ionice -c 3 env CARGO_TARGET_DIR="$rel_dir" LEPTOS_SITE_ROOT="$rel_dir/site" \
      scripts/build-release.sh ) >"$rel_dir/build.log" 2>&1 &
  release_pid=$!
  set +m
  release_t0=$(date +%s)
  echo "release build started in the background (pid $release_pid, log $rel_dir/build.log)"
}
stage "start release build (background)" start_release_build

# What cargo-leptos gives the server build, for the native test builds; and
# one package selection for all of them, so that features unify the same way
# in every stage (the server's dev-dependencies, such as reqwest, enable
# features of hyper, under axum and Leptos) and nothing is compiled twice.
source scripts/leptos-flags.sh
test_env=("${leptos_server_env[@]}")
test_pkgs=(-p app -p server --features app/ssr)
stage "unit tests (app, server)" env "${test_env[@]}" cargo test "${test_pkgs[@]}" --lib --bins
stage "integration tests (server, SQLite)" env "${test_env[@]}" SPINDEL_TEST_BACKEND=sqlite cargo test "${test_pkgs[@]}" --test it -- --test-threads=1

start_pg() {
  SPINDEL_TEST_PG_URL=$(scripts/pg.sh start "$pg_dir" "$pg_port")
  export SPINDEL_TEST_PG_URL
  echo "PostgreSQL on $SPINDEL_TEST_PG_URL"
}
stage "start PostgreSQL" start_pg
stage "integration tests (server, PostgreSQL)" env "${test_env[@]}" SPINDEL_TEST_BACKEND=postgres cargo test "${test_pkgs[@]}" --test it -- --test-threads=1

# The server settings of the end-to-end runs, for database URL $2 and files in
# directory $1: a smaller demo than `scripts/run.sh` loads (faster start), whose
# accounts go to a file the specs read, and mail delivered into a directory the
# specs read.
e2e_server_env() {
  e2e_env=("DATABASE_URL=$2" SPINDEL_DEMO=true SPINDEL_DEMO_ORGS=40 SPINDEL_DEMO_YEARS=3
    "SPINDEL_DEMO_CREDENTIALS=$1/demo-accounts.json" "SPINDEL_MAIL_DIR=$1/mail" RUST_LOG=warn)
}
# The Playwright specs against server binary $1 serving site directory $2, on a
# fresh SQLite file, or on PostgreSQL database URL $3 when given.
e2e_against() {
  local bin=$1 site=$2
  local dir; dir=$(mktemp -d)
  local db="${3:-sqlite://$dir/e2e.db}"
  local bind="${SPINDEL_BIND:-127.0.0.1:3000}"
  local log="$dir/server.log"
  e2e_server_env "$dir" "$db"
  env "${e2e_env[@]}" SPINDEL_BIND="$bind" LEPTOS_SITE_ROOT="$site" "$bin" >"$log" 2>&1 &
  local pid=$!
  local rc=0
  # The specs read the demo accounts, and one runs the server's create-operator
  # sub-command on the same database.
  (cd end2end && DATABASE_URL="$db" SPINDEL_DEMO_CREDENTIALS="$dir/demo-accounts.json" \
    SPINDEL_MAIL_DIR="$dir/mail" \
    SPINDEL_SERVER_BIN="$bin" BASE_URL="${BASE_URL:-http://$bind}" \
    npx playwright test) || rc=$?
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [[ $rc -ne 0 ]]; then
    echo "server log ($log):" >&2
    tail -n 50 "$log" >&2
  fi
  return $rc
}

# The debug site: the hydrate wasm split per page (as `scripts/run.sh` serves
# it), the style and the assets. The debug server is the binary the test stages
# built (target/debug/server), with the same flags as cargo-leptos's.
stage "debug site (wasm, split)" cargo leptos build --split --frontend-only
stage "end-to-end, debug build (Chromium)" e2e_against "$root/target/debug/server" "$root/target/site"
# The same specs with the server on PostgreSQL (a fresh database in the
# cluster the integration tests used).
e2e_postgres() {
  local url="${SPINDEL_TEST_PG_URL%/*}/spindel_e2e"
  psql -q "$SPINDEL_TEST_PG_URL" -c "DROP DATABASE IF EXISTS spindel_e2e" -c "CREATE DATABASE spindel_e2e"
  e2e_against "$root/target/debug/server" "$root/target/site" "$url"
}
stage "end-to-end, debug build, PostgreSQL (Chromium)" e2e_postgres

stage "fuzz (60 s per target)" scripts/fuzz.sh 60

# The size options of the release build must not change what the app does.
wait_release_build() {
  local rc=0
  wait "$release_pid" || rc=$?
  release_pid=""
  echo "release build: exit $rc after $(( $(date +%s) - release_t0 ))s in the background (log $rel_dir/build.log)"
  if [[ $rc -ne 0 ]]; then tail -n 80 "$rel_dir/build.log" >&2; fi
  return $rc
}
stage "release build (wait for the background build)" wait_release_build
stage "end-to-end, release build (Chromium)" e2e_against "$rel_dir/release/server" "$rel_dir/site"

# Issue 8: the release server under crash (kill -9), SIGTERM, fault (locked
# SQLite file, PostgreSQL stopped, full disk) and 60 s load tests.
stage "reliability: crash, faults, load (release server)" env "${test_env[@]}" SPINDEL_SERVER_BIN="$rel_dir/release/server" \
  cargo test "${test_pkgs[@]}" --features server/reliability --test reliability -- --test-threads=1 --nocapture
