#!/usr/bin/env bash
# One command: build in release mode, load the demo dataset at a given scale
# into SQLite and PostgreSQL, measure, and print a table (see bench/README.md).
# Usage: bench/run.sh [--orgs N] [--years Y] [--submissions N] [--clients C] [--only sqlite|postgres]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

orgs=1000 years=5 submissions=25600 clients=64 only=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --orgs) orgs=$2; shift 2 ;;
    --years) years=$2; shift 2 ;;
    --submissions) submissions=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    -h|--help) sed -n 2,5p "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

log() { printf '\033[1m[bench]\033[0m %s\n' "$*" >&2; }
work="$root/bench/work"
mkdir -p "$work"

scripts/install.sh --test
log "building in release mode (server, hydrate wasm, bench driver)"
scripts/build-release.sh
cargo build --release -p bench
server="$root/target/release/server"
driver="$root/target/release/spindel-bench"
common=(--server "$server" --work-dir "$work" --submissions "$submissions" --clients "$clients")
results=()

if [[ -z "$only" || "$only" == sqlite ]]; then
  demo="$work/demo-${orgs}x${years}.db"
  if [[ ! -f "$demo" ]]; then
    log "generating the SQLite demo (${orgs} organisations × ${years} years)"
    rm -f "$demo.tmp"*
    /usr/bin/time -f "demo: %e s, peak RSS %M KB" env DATABASE_URL="sqlite://$demo.tmp" RUST_LOG=warn \
      "$server" demo --orgs "$orgs" --years "$years" --seed 42 >"$work/demo-sqlite.log"
    mv "$demo.tmp" "$demo"; rm -f "$demo.tmp"*
  fi
  log "demo database: $(du -h "$demo" | cut -f1)"
  rm -f "$work/run.db"*
  cp "$demo" "$work/run.db"
  "$driver" run "${common[@]}" --database-url "sqlite://$work/run.db" --label SQLite --out "$work/sqlite.json"
  results+=("$work/sqlite.json")
fi

if [[ -z "$only" || "$only" == postgres ]]; then
  pg_dir="$work/pg" pg_port="${SPINDEL_BENCH_PG_PORT:-55450}"
  admin_url="postgres://postgres@127.0.0.1:$pg_port/postgres"
  trap 'scripts/pg.sh stop "$pg_dir"' EXIT
  # Durable commits (fsync on), like SQLite's synchronous=FULL.
  if [[ -d "$pg_dir/data" ]]; then
    scripts/pg.sh stop "$pg_dir"
    PG_FSYNC=on scripts/pg.sh resume "$pg_dir" "$pg_port" >/dev/null
  else
    PG_FSYNC=on scripts/pg.sh start "$pg_dir" "$pg_port" >/dev/null
  fi
  demo_db="spindel_demo_${orgs}x${years}"
  if [[ -z $(psql "$admin_url" -Atc "SELECT 1 FROM pg_database WHERE datname = '$demo_db'") ]]; then
    log "generating the PostgreSQL demo (${orgs} organisations × ${years} years)"
    psql "$admin_url" -qc "CREATE DATABASE ${demo_db}_tmp"
    /usr/bin/time -f "demo: %e s, peak RSS %M KB" env DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/${demo_db}_tmp" RUST_LOG=warn \
      "$server" demo --orgs "$orgs" --years "$years" --seed 42 >"$work/demo-postgres.log"
    psql "$admin_url" -qc "ALTER DATABASE ${demo_db}_tmp RENAME TO $demo_db"
  fi
  psql "$admin_url" -qc "DROP DATABASE IF EXISTS spindel_run" -c "CREATE DATABASE spindel_run TEMPLATE $demo_db"
  "$driver" run "${common[@]}" --database-url "postgres://postgres@127.0.0.1:$pg_port/spindel_run" \
    --label PostgreSQL --out "$work/postgres.json"
  results+=("$work/postgres.json")
fi

echo
echo "Spindel benchmark, $(date -u +%Y-%m-%d), $(nproc) cores, $(uname -sr)"
"$driver" table "${results[@]}" --pkg-dir "$root/target/site/pkg"
