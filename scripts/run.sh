#!/usr/bin/env bash
# Install what is missing, then run Spindel on http://127.0.0.1:3000 with an
# embedded SQLite file (./spindel.db) and demo data. Without SMTP, mail is
# delivered as .eml files into ./mail (invitations, survey links, resets).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
export DATABASE_URL="${DATABASE_URL:-sqlite://spindel.db}"
export SPINDEL_DEMO="${SPINDEL_DEMO:-true}"
if [[ -z "${SPINDEL_SMTP_URL:-}" ]]; then
  export SPINDEL_MAIL_DIR="${SPINDEL_MAIL_DIR:-mail}"
fi
# --split: each page's browser code in a wasm chunk of its own (app/src/pages/lazy.rs).
exec cargo leptos serve --split
