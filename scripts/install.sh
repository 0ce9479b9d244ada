#!/usr/bin/env bash
# Install what Spindel needs to build, run and test, skipping what is present.
# Usage: scripts/install.sh [--test]
#   (default)  wasm target, cargo-leptos, wasm-bindgen-cli, npm packages, ECharts asset
#   --test     also Chromium and PostgreSQL (Debian packages), and cargo-fuzz
# Only crates.io, npm and Debian packages are used: nothing downloads a binary.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[[ "${1:-}" == "--test" ]] && want_test=1

log() { printf '\033[1m[install]\033[0m %s\n' "$*"; }

need_apt_update=1
apt_install() {
  if ! command -v apt-get >/dev/null; then
    echo "apt-get not found: please install $* yourself" >&2
    exit 1
  fi
  local sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  if [[ $need_apt_update -eq 1 ]]; then
    $sudo apt-get update -qq
    need_apt_update=0
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

if ! rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The build tools come from crates.io as source. Their own release profiles ask
# for fat LTO in one codegen unit (cargo-leptos: most of its ~16 minutes on 2
# cores); they run only at build time, so they are built without LTO and in
# parallel codegen units instead. cargo-leptos and wasm-bindgen-cli build side
# by side (each in its own temporary target directory), which fills the cores
# that one build's serial steps leave idle. docs/testing.md, "Build times".
tool_env=(env CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16)
tool_pids=()
tool_logs=()
tool_install() {   # NAME LOG ARGS...: `cargo install ARGS` in the background
  local name=$1 logf=$2; shift 2
  log "installing $name in the background (log: $logf)"
  "${tool_env[@]}" cargo install "$@" >"$logf" 2>&1 &
  tool_pids+=($!)
  tool_logs+=("$logf")
}
tool_wait() {
  local i rc=0
  for i in "${!tool_pids[@]}"; do
    if ! wait "${tool_pids[$i]}"; then
      echo "installing a build tool failed; the end of ${tool_logs[$i]}:" >&2
      tail -n 40 "${tool_logs[$i]}" >&2
      rc=1
    fi
  done
  tool_pids=()
  tool_logs=()
  return $rc
}
tool_t0=$(date +%s)
logdir=$(mktemp -d)

# cargo-leptos 0.3.10 (0.3.11 needs a newer rustc); no_downloads: never fetch binaries.
if ! cargo leptos --version 2>/dev/null | grep -q '0\.3\.10'; then
  tool_install "cargo-leptos 0.3.10 (about 20 minutes on 2 cores beside other builds)" "$logdir/cargo-leptos.log" \
    cargo-leptos --version 0.3.10 --locked --features no_downloads
fi

# Must equal the wasm-bindgen version pinned in Cargo.toml. Not --locked: its
# lock file pins a crate version that the registry no longer serves. Without
# default features: no TLS stack (aws-lc's C sources), which only its test
# runner's downloads would use.
if ! wasm-bindgen --version 2>/dev/null | grep -q '0\.2\.130'; then
  tool_install "wasm-bindgen-cli 0.2.130" "$logdir/wasm-bindgen-cli.log" \
    wasm-bindgen-cli --version 0.2.130 --no-default-features
fi

# scripts/fuzz.sh (fuzz/) runs it on the nightly toolchain.
if [[ $want_test -eq 1 ]] && ! cargo fuzz --version >/dev/null 2>&1; then
  tool_install "cargo-fuzz" "$logdir/cargo-fuzz.log" cargo-fuzz --locked
fi

# The linker the native builds use when present (.cargo/config.toml,
# scripts/link-gcc.sh); without it they link with the system linker.
if ! command -v mold >/dev/null && command -v apt-get >/dev/null; then
  log "installing mold (Debian package: a faster linker)"
  apt_install mold || log "mold could not be installed: linking with the system linker"
fi

# npm packages: ECharts (served by the app), Playwright + axe-core (tests),
# binaryen's wasm-opt (release builds; Debian's binaryen 108 breaks hydration).
if [[ ! -d end2end/node_modules/@playwright/test || end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]]; then
  log "installing npm packages (end2end)"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

if [[ ! -x tools/node_modules/.bin/wasm-opt || tools/package-lock.json -nt tools/node_modules/.package-lock.json ]]; then
  log "installing npm packages (tools: binaryen's wasm-opt for release builds)"
  (cd tools && npm ci --no-audit --no-fund --loglevel=error)
fi

mkdir -p public/vendor
if ! cmp -s end2end/node_modules/echarts/dist/echarts.min.js public/vendor/echarts.min.js; then
  cp end2end/node_modules/echarts/dist/echarts.min.js public/vendor/echarts.min.js
  cp end2end/node_modules/echarts/LICENSE public/vendor/echarts.LICENSE.txt
fi

if [[ $want_test -eq 1 ]]; then
  if ! command -v chromium >/dev/null; then
    log "installing Chromium (Debian package)"
    apt_install chromium
  fi
  if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    log "installing PostgreSQL (Debian package)"
    apt_install postgresql
  fi
  if ! command -v psql >/dev/null; then
    log "installing the PostgreSQL client (Debian package)"
    apt_install postgresql-client
  fi
fi
if [[ ${#tool_pids[@]} -gt 0 ]]; then
  log "waiting for the build tools"
  tool_wait
  log "build tools installed in $(( $(date +%s) - tool_t0 ))s"
fi
rm -rf "$logdir"
log "all tools present"
