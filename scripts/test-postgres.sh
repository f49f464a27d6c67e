#!/usr/bin/env bash
# A throw-away PostgreSQL 15 cluster for the storage tests (tests/server/storage-contract.test.ts,
# tests/server/postgres-server.test.ts) and the server benchmark (bench/server.ts); same approach as
# scripts/bench-geo-peers.sh, but without PostGIS and with small memory settings (the tests share a
# small machine).
#   scripts/test-postgres.sh start  <dir> <port> [test|bench]  initdb (trust auth, 127.0.0.1 only) into <dir>, start it
#   scripts/test-postgres.sh stop   <dir>                      stop it, keep <dir> (the caller deletes it, or resumes)
#   scripts/test-postgres.sh resume <dir>                      start a stopped cluster again (same dir, same port)
# Modes: `test` (default) runs with fsync=off – a test cluster is thrown away, durability is not
# what the tests check. `bench` keeps PostgreSQL's durable defaults (fsync=on, synchronous_commit=on,
# full_page_writes=on): every acknowledged commit is flushed to disk, like SQLite's synchronous=FULL.
# The settings are written into the cluster's postgresql.conf, so `resume` starts it the same way.
# The cluster runs as the Debian user `postgres` when called as root (initdb refuses root).
# Exit code 3: PostgreSQL 15 is not installed (scripts/system-deps.sh installs it).
set -euo pipefail
BIN=/usr/lib/postgresql/15/bin
cmd=${1:?start|stop|resume}; dir=${2:?Verzeichnis}
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
run() {
  as_pg "$BIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 30 start >/dev/null \
    || { echo "PostgreSQL startet nicht:" >&2; tail -5 "$dir/log" >&2; exit 4; }
}
case "$cmd" in
  start)
    port=${3:?Port}; mode=${4:-test}
    [ -x "$BIN/initdb" ] || { echo "PostgreSQL 15 ist nicht installiert ($BIN/initdb fehlt); bash scripts/system-deps.sh installiert es (Debian-Paket postgresql-15)" >&2; exit 3; }
    mkdir -p "$dir"; chmod 777 "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; fi
    as_pg "$BIN/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
      || { echo "initdb ist fehlgeschlagen:" >&2; tail -5 "$dir/initdb.log" >&2; exit 4; }
    {
      echo "port = $port"
      echo "listen_addresses = '127.0.0.1'"
      echo "unix_socket_directories = '$dir'"
      echo "max_connections = 60"
      case "$mode" in
        test) echo "shared_buffers = 16MB"; echo "fsync = off"; echo "full_page_writes = off" ;;
        bench) echo "shared_buffers = 128MB"; echo "fsync = on"; echo "synchronous_commit = on"; echo "full_page_writes = on" ;;
        *) echo "unbekannter Modus: $mode (test|bench)" >&2; exit 2 ;;
      esac
    } | as_pg tee -a "$dir/data/postgresql.conf" >/dev/null
    run
    ;;
  resume)
    run
    ;;
  stop)
    as_pg "$BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    ;;
  *) echo "unbekannt: $cmd (start|stop|resume)" >&2; exit 2 ;;
esac
