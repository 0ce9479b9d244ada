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

# cargo-leptos 0.3.10 (0.3.11 needs a newer rustc); no_downloads: never fetch binaries.
if ! cargo leptos --version 2>/dev/null | grep -q '0\.3\.10'; then
  log "installing cargo-leptos 0.3.10 (takes ~16 minutes the first time)"
  cargo install cargo-leptos --version 0.3.10 --locked --features no_downloads
fi

# Must equal the wasm-bindgen version pinned in Cargo.toml. Not --locked: its
# lock file pins a crate version that the registry no longer serves.
if ! wasm-bindgen --version 2>/dev/null | grep -q '0\.2\.130'; then
  log "installing wasm-bindgen-cli 0.2.130"
  cargo install wasm-bindgen-cli --version 0.2.130
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
  # scripts/fuzz.sh (fuzz/) runs it on the nightly toolchain.
  if ! cargo fuzz --version >/dev/null 2>&1; then
    log "installing cargo-fuzz"
    cargo install cargo-fuzz --locked
  fi
fi
log "all tools present"
