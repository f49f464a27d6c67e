#!/usr/bin/env bash
# A throw-away PostgreSQL 15 cluster for the storage tests (tests/server/storage-contract.test.ts,
# tests/server/postgres-server.test.ts); same approach as scripts/bench-geo-peers.sh, but without
# PostGIS and with small memory settings (the tests share a small machine).
#   scripts/test-postgres.sh start <dir> <port>   initdb (trust auth, 127.0.0.1 only) into <dir>, start it
#   scripts/test-postgres.sh stop  <dir>          stop it (the caller deletes <dir>)
# The cluster runs as the Debian user `postgres` when called as root (initdb refuses root).
# Exit code 3: PostgreSQL 15 is not installed (scripts/system-deps.sh installs it).
set -euo pipefail
BIN=/usr/lib/postgresql/15/bin
cmd=${1:?start|stop}; dir=${2:?Verzeichnis}
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$cmd" in
  start)
    port=${3:?Port}
    [ -x "$BIN/initdb" ] || { echo "PostgreSQL 15 ist nicht installiert ($BIN/initdb fehlt); bash scripts/system-deps.sh installiert es (Debian-Paket postgresql-15)" >&2; exit 3; }
    mkdir -p "$dir"; chmod 777 "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; fi
    as_pg "$BIN/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
      || { echo "initdb ist fehlgeschlagen:" >&2; tail -5 "$dir/initdb.log" >&2; exit 4; }
    # fsync off: a test cluster is thrown away; durability is not what these tests measure.
    as_pg "$BIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 30 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c shared_buffers=16MB -c max_connections=60 -c fsync=off -c full_page_writes=off" start >/dev/null \
      || { echo "PostgreSQL startet nicht:" >&2; tail -5 "$dir/log" >&2; exit 4; }
    ;;
  stop)
    as_pg "$BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    ;;
  *) echo "unbekannt: $cmd (start|stop)" >&2; exit 2 ;;
esac
