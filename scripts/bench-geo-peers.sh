#!/usr/bin/env bash
# Peers for the geo benchmark (bench/geo.ts): a throw-away PostgreSQL 15 + PostGIS cluster.
#   scripts/bench-geo-peers.sh start <dir> <port>   initdb (trust, local only) into <dir> and start it
#   scripts/bench-geo-peers.sh stop  <dir>          stop it (the caller deletes <dir>)
# The cluster runs as the Debian user `postgres` (initdb refuses root); it listens on 127.0.0.1 only.
set -euo pipefail
BIN=/usr/lib/postgresql/15/bin
cmd=${1:?start|stop}; dir=${2:?Verzeichnis}
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$cmd" in
  start)
    port=${3:?Port}
    [ -x "$BIN/initdb" ] || { echo "PostgreSQL 15 ist nicht installiert ($BIN/initdb fehlt)" >&2; exit 3; }
    [ -f /usr/share/postgresql/15/extension/postgis.control ] || { echo "PostGIS für PostgreSQL 15 ist nicht installiert" >&2; exit 3; }
    mkdir -p "$dir"; chmod 777 "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    as_pg "$BIN/initdb" -D "$dir/data" -A trust -U postgres >/dev/null
    as_pg "$BIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c shared_buffers=512MB -c work_mem=256MB -c max_parallel_workers_per_gather=2 -c fsync=off -c synchronous_commit=off" start >/dev/null
    ;;
  stop)
    as_pg "$BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    ;;
  *) echo "unbekannt: $cmd" >&2; exit 2 ;;
esac
