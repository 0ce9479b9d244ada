#!/usr/bin/env bash
# Build the release site: the server (target/release/server) and the hydrate
# wasm split per page (target/site/pkg), as deployed, benchmarked
# (bench/run.sh) and tested end to end (scripts/test.sh).
#
# The server is built on the default (stable) toolchain. The wasm is built on
# the nightly toolchain when one is installed, with three options that only
# nightly accepts and that cut what every page downloads (main module
# 374 KB -> 324 KB gzip; docs/benchmarks.md, "Wasm size"):
#   -Zlocation-detail=none      a panic carries no file, line or column
#   -Zfmt-debug=none            `{:?}` prints nothing (in the browser only panic
#                               and log messages use it; the app never shows it)
#   -Cpanic=immediate-abort     with -Zbuild-std: the standard library rebuilt
#                               without panic messages (a panic stops the wasm
#                               either way, as `panic = "abort"` did before)
# Without nightly, or with SPINDEL_WASM_STABLE=1, the wasm is built on stable:
# the same app with a bigger download (a warning says so).
# Usage: scripts/build-release.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

log() { printf '\033[1m[build-release]\033[0m %s\n' "$*" >&2; }

scripts/install.sh
export PATH="$root/tools/node_modules/.bin:$PATH"   # binaryen's wasm-opt

# The server and the wasm build at the same time (cargo-leptos builds the wasm
# in its own target directory, target/front, so neither waits for the other's
# lock): the wasm's single-unit LTO and the server's last crates are long
# serial steps, and each fills the core the other leaves idle.
server_log=$(mktemp)
log "server (release, $(cargo --version)), in the background (log: $server_log)"
cargo leptos build --release --split --server-only >"$server_log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true' EXIT

nightly=0
if [[ "${SPINDEL_WASM_STABLE:-}" != 1 ]] && cargo +nightly --version >/dev/null 2>&1; then
  if rustup component list --toolchain nightly --installed 2>/dev/null | grep -q '^rust-src'; then
    nightly=1
  elif rustup component add rust-src --toolchain nightly >&2; then
    nightly=1
  fi
fi

if [[ $nightly -eq 1 ]]; then
  log "hydrate wasm (release, $(cargo +nightly --version), size options)"
  RUSTUP_TOOLCHAIN=nightly \
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zlocation-detail=none -Zfmt-debug=none -Zunstable-options -Cpanic=immediate-abort" \
    cargo leptos build --release --split --frontend-only --lib-cargo-args=-Zbuild-std=std,panic_abort
else
  log "WARNING: no nightly toolchain with rust-src: building the wasm on stable; it is about 50 KB gzip larger (rustup toolchain install nightly)"
  cargo leptos build --release --split --frontend-only
fi
log "waiting for the server build"
if ! wait "$server_pid"; then
  trap - EXIT
  log "the server build failed; the end of its log ($server_log):"
  tail -n 60 "$server_log" >&2
  exit 1
fi
trap - EXIT
tail -n 3 "$server_log" >&2
rm -f "$server_log"
log "done: ${CARGO_TARGET_DIR:-target}/release/server serves ${LEPTOS_SITE_ROOT:-target/site}"
