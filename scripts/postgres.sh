#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 server for tests and prints its URL on stdout.
#   scripts/postgres.sh start DIR PORT   -> postgres://postgres@127.0.0.1:PORT/postgres
#   scripts/postgres.sh stop DIR
# Installs Debian's postgresql when it is missing. PostgreSQL refuses to run as
# root, so the server runs as the `postgres` user the package creates.
set -euo pipefail
cmd=${1:?start|stop}
dir=${2:?data directory}

bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$d" ] && echo "$d"
}

case "$cmd" in
start)
  port=${3:?port}
  if [ -z "$(bindir)" ]; then
    echo "postgres.sh: installing Debian's postgresql" >&2
    bash "$(dirname "$0")/apt-install.sh" postgresql >&2
  fi
  bin=$(bindir) || { echo "postgres.sh: PostgreSQL server binaries not found after install" >&2; exit 1; }
  as_pg=()
  if [ "$(id -u)" = 0 ]; then as_pg=(runuser -u postgres --); fi
  rm -rf "$dir"
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
  "${as_pg[@]}" "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync >&2
  "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >&2
  echo "postgres://postgres@127.0.0.1:$port/postgres"
  ;;
stop)
  bin=$(bindir) || exit 0
  as_pg=()
  if [ "$(id -u)" = 0 ]; then as_pg=(runuser -u postgres --); fi
  [ -d "$dir/data" ] && "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
  rm -rf "$dir"
  ;;
*)
  echo "usage: $0 start DIR PORT | stop DIR" >&2
  exit 2
  ;;
esac
