#!/usr/bin/env bash
# Start / stop a throw-away PostgreSQL cluster on loopback for the tests.
# Usage: scripts/pg.sh start DIR PORT   (prints the admin URL)
#        PG_FSYNC=on scripts/pg.sh start DIR PORT   (durable commits, for benchmarks;
#        the tests run with fsync=off)
#        scripts/pg.sh resume DIR PORT  (start an existing cluster again, data kept)
#        scripts/pg.sh stop DIR
set -euo pipefail
cmd=$1 dir=$(realpath -m "$2")  # absolute: the socket directory (-k) must not be relative
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_pg() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case $cmd in
  start)
    port=$3
    rm -rf "$dir"; mkdir -p "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$dir"
    as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -c listen_addresses=127.0.0.1 -k $dir -c fsync=${PG_FSYNC:-off} -c max_connections=200" start >/dev/null
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  resume)
    # Start an existing cluster again, keeping its data.
    port=$3
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -c listen_addresses=127.0.0.1 -k $dir -c fsync=${PG_FSYNC:-off} -c max_connections=200" start >/dev/null
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    [[ -d "$dir/data" ]] && as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    ;;
  *) echo "usage: $0 start DIR PORT | resume DIR PORT | stop DIR" >&2; exit 2 ;;
esac
