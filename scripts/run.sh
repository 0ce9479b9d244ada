#!/usr/bin/env bash
# Install what is missing, then run Spindel on http://127.0.0.1:3000 with an
# embedded SQLite file (./spindel.db) and demo data.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
export DATABASE_URL="${DATABASE_URL:-sqlite://spindel.db}"
export SPINDEL_DEMO="${SPINDEL_DEMO:-true}"
# --split: each page's browser code in a wasm chunk of its own (app/src/pages/lazy.rs).
exec cargo leptos serve --split
