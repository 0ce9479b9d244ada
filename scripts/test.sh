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
#
# With stage names as arguments it runs only those (and what they need: the
# debug server binary for the end-to-end stages, PostgreSQL for the -pg ones,
# the release build for the release ones), e.g. `scripts/test.sh unit` or
# `scripts/test.sh it-sqlite e2e-sqlite`. `scripts/test.sh --help` lists them.
# Without arguments it runs every stage: that is the test command.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

all_stages=(lint unit it-sqlite it-pg e2e-sqlite e2e-pg fuzz e2e-release reliability)
usage() {
  cat <<'USAGE'
usage: scripts/test.sh [STAGE...]

Without a stage: every stage below, in this order (the test command; CI runs it).
  lint         cargo fmt --check; clippy, once for the server side (app, server,
               bench, with their tests) and once for the browser's wasm
  unit         unit tests of app and server
  it-sqlite    integration tests (server/tests/it) on SQLite
  it-pg        the same on a throw-away PostgreSQL cluster (127.0.0.1:55432,
               SPINDEL_TEST_PG_PORT to move it)
  e2e-sqlite   end-to-end specs (Playwright, headless Chromium), debug build, SQLite
  e2e-pg       the same on PostgreSQL
  fuzz         the fuzz targets, 60 s each (nightly)
  e2e-release  the end-to-end specs on the release build (scripts/build-release.sh)
  reliability  crash, fault and load tests on the release server
Groups: it = it-sqlite it-pg; e2e = e2e-sqlite e2e-pg; release = e2e-release reliability.
Each run installs what is missing first (scripts/install.sh --test).
USAGE
}
declare -A selected=()
for arg in "$@"; do
  case "$arg" in
    -h|--help) usage; exit 0 ;;
    it) selected[it-sqlite]=1; selected[it-pg]=1 ;;
    e2e) selected[e2e-sqlite]=1; selected[e2e-pg]=1 ;;
    release) selected[e2e-release]=1; selected[reliability]=1 ;;
    *)
      if [[ " ${all_stages[*]} " == *" $arg "* ]]; then selected[$arg]=1
      else echo "scripts/test.sh: unknown stage '$arg'" >&2; usage >&2; exit 2; fi ;;
  esac
done
if [[ $# -eq 0 ]]; then for s in "${all_stages[@]}"; do selected[$s]=1; done; fi
# Whether stage $1 was asked for.
want() { [[ -n "${selected[$1]:-}" ]]; }

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

# What cargo-leptos gives the server build, for the native test builds; and
# one package selection for all of them, so that features unify the same way
# in every stage (the server's dev-dependencies, such as reqwest, enable
# features of hyper, under axum and Leptos) and nothing is compiled twice.
source scripts/leptos-flags.sh
test_env=("${leptos_server_env[@]}")
test_pkgs=(-p app -p server --features app/ssr)

stage "install tools" scripts/install.sh --test
if want lint; then
  stage "cargo fmt --check" cargo fmt --all -- --check
  # One pass per configuration the code is built in: the server side (with the
  # test targets and the benchmark driver) and the browser's wasm. The server
  # pass uses the test builds' flags, so the build scripts and proc macros it
  # compiles are the ones the test stages reuse.
  stage "clippy (server: app, server, bench, tests)" env "${test_env[@]}" \
    cargo clippy -p app -p server -p bench --features app/ssr,server/reliability --all-targets -- -D warnings
  stage "clippy (browser: hydrate, wasm)" cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings
fi
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
if want e2e-release || want reliability; then
  stage "start release build (background)" start_release_build
fi

if want unit; then
  stage "unit tests (app, server)" env "${test_env[@]}" cargo test "${test_pkgs[@]}" --lib --bins
fi
if want it-sqlite; then
  stage "integration tests (server, SQLite)" env "${test_env[@]}" SPINDEL_TEST_BACKEND=sqlite cargo test "${test_pkgs[@]}" --test it -- --test-threads=1
fi

start_pg() {
  SPINDEL_TEST_PG_URL=$(scripts/pg.sh start "$pg_dir" "$pg_port")
  export SPINDEL_TEST_PG_URL
  echo "PostgreSQL on $SPINDEL_TEST_PG_URL"
}
if want it-pg || want e2e-pg; then
  stage "start PostgreSQL" start_pg
fi
if want it-pg; then
  stage "integration tests (server, PostgreSQL)" env "${test_env[@]}" SPINDEL_TEST_BACKEND=postgres cargo test "${test_pkgs[@]}" --test it -- --test-threads=1
fi

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
if want e2e-sqlite || want e2e-pg; then
  # The integration stages build target/debug/server as a side effect; without
  # them, the same build (the test features, so nothing else recompiles).
  if ! want it-sqlite && ! want it-pg; then
    stage "debug server" env "${test_env[@]}" cargo test "${test_pkgs[@]}" --test it --no-run
  fi
  stage "debug site (wasm, split)" cargo leptos build --split --frontend-only
fi
if want e2e-sqlite; then
  stage "end-to-end, debug build (Chromium)" e2e_against "$root/target/debug/server" "$root/target/site"
fi
# The same specs with the server on PostgreSQL (a fresh database in the
# cluster the integration tests used).
e2e_postgres() {
  local url="${SPINDEL_TEST_PG_URL%/*}/spindel_e2e"
  psql -q "$SPINDEL_TEST_PG_URL" -c "DROP DATABASE IF EXISTS spindel_e2e" -c "CREATE DATABASE spindel_e2e"
  e2e_against "$root/target/debug/server" "$root/target/site" "$url"
}
if want e2e-pg; then
  stage "end-to-end, debug build, PostgreSQL (Chromium)" e2e_postgres
fi

if want fuzz; then
  stage "fuzz (60 s per target)" scripts/fuzz.sh 60
fi

# The size options of the release build must not change what the app does.
wait_release_build() {
  local rc=0
  wait "$release_pid" || rc=$?
  release_pid=""
  echo "release build: exit $rc after $(( $(date +%s) - release_t0 ))s in the background (log $rel_dir/build.log)"
  if [[ $rc -ne 0 ]]; then tail -n 80 "$rel_dir/build.log" >&2; fi
  return $rc
}
if want e2e-release || want reliability; then
  stage "release build (wait for the background build)" wait_release_build
fi
if want e2e-release; then
  stage "end-to-end, release build (Chromium)" e2e_against "$rel_dir/release/server" "$rel_dir/site"
fi

# Issue 8: the release server under crash (kill -9), SIGTERM, fault (locked
# SQLite file, PostgreSQL stopped, full disk) and 60 s load tests.
if want reliability; then
  stage "reliability: crash, faults, load (release server)" env "${test_env[@]}" SPINDEL_SERVER_BIN="$rel_dir/release/server" \
    cargo test "${test_pkgs[@]}" --features server/reliability --test reliability -- --test-threads=1 --nocapture
fi
