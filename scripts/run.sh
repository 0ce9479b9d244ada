#!/usr/bin/env bash
# Install what is missing, then run Spindel on http://127.0.0.1:3000 with an
# embedded SQLite file (./spindel.db) and demo data. Without SMTP, mail is
# delivered as .eml files into ./mail (invitations, survey links, resets).
#
# On a fresh machine most of the wait is compiling: the build tools
# (cargo-leptos, wasm-bindgen-cli) from source, the server and the browser
# code. The tools build in the background while the server and the browser
# code are compiled with exactly the flags cargo-leptos uses, so that
# `cargo leptos serve` then finds both up to date and only links the site.
set -euo pipefail
cd "$(dirname "$0")/.."

t0=$(date +%s)
step_no=0
step() {
  step_no=$((step_no + 1))
  printf '\n\033[1;34m[run %d/4, %dm%02ds]\033[0m %s\n' "$step_no" $(( ($(date +%s) - t0) / 60 )) $(( ($(date +%s) - t0) % 60 )) "$*"
}

if ! rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
  rustup target add wasm32-unknown-unknown
fi
mkdir -p target
install_log=target/install.log
step "installing what is missing in the background (first time on 2 cores: about 25 minutes, most of it compiling cargo-leptos; log: $install_log)"
scripts/install.sh >"$install_log" 2>&1 &
install_pid=$!
trap 'kill "$install_pid" 2>/dev/null || true' EXIT

# The same arguments, flags and variables as cargo-leptos's debug build of
# this project (scripts/leptos-flags.sh), and its front target directory.
source scripts/leptos-flags.sh
step "compiling the server (first time: about 12 minutes, alongside the tools)"
env "${leptos_server_env[@]}" cargo build --package=server --bin=server --no-default-features
step "compiling the browser code (first time: about 6 minutes, alongside the tools)"
env "${leptos_wasm_env[@]}" cargo build --package=frontend --lib --target-dir=target/front --target=wasm32-unknown-unknown --no-default-features

step "waiting for the build tools"
if ! wait "$install_pid"; then
  trap - EXIT
  echo "installing the tools failed; the end of $install_log:" >&2
  tail -n 40 "$install_log" >&2
  exit 1
fi
trap - EXIT
grep -F '[install]' "$install_log" || true
echo "ready to serve after $(( $(date +%s) - t0 ))s; starting on http://127.0.0.1:3000"

export DATABASE_URL="${DATABASE_URL:-sqlite://spindel.db}"
export SPINDEL_DEMO="${SPINDEL_DEMO:-true}"
if [[ -z "${SPINDEL_SMTP_URL:-}" ]]; then
  export SPINDEL_MAIL_DIR="${SPINDEL_MAIL_DIR:-mail}"
fi
# --split: each page's browser code in a wasm chunk of its own (app/src/pages/lazy.rs).
exec cargo leptos serve --split
