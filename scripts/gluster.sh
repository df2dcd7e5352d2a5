#!/usr/bin/env bash
# glusterd on this machine, for the gluster driver's tests and Gluster volumes on the
# local host.
#   scripts/gluster.sh start   install glusterfs-server (if missing) and start glusterd
#   scripts/gluster.sh stop    stop the glusterd this script would start
#   scripts/gluster.sh status  exit 0 when `gluster pool list` answers
# Idempotent; prints nothing on stdout, errors on stderr. With systemd glusterd is its
# business; without it (containers, CI) we run it ourselves, with a pid file. Bricks and
# self-heal daemons are glusterd's children in spirit only: stopping glusterd leaves
# running volumes' brick processes alone, as systemd's unit does.
set -euo pipefail
here=$(dirname "$0")
PIDFILE=/run/glusterd.pid

answering() { timeout 10 gluster --mode=script pool list >/dev/null 2>&1; }

start() {
  bash "$here/apt-install.sh" glusterfs-server >&2
  answering && return 0
  if [ -d /run/systemd/system ]; then
    systemctl start glusterd.service >&2
  else
    # glusterd logs under /var/log/glusterfs and refuses to start without it.
    mkdir -p /var/log/glusterfs /var/lib/glusterd
    glusterd -p "$PIDFILE"
  fi
  for _ in $(seq 1 60); do
    answering && return 0
    sleep 0.5
  done
  echo "gluster.sh: glusterd does not answer (gluster pool list) after 30 s" >&2
  gluster --mode=script pool list >&2 || true
  return 1
}

stop() {
  if [ -d /run/systemd/system ]; then
    systemctl stop glusterd.service >&2 || true
    return 0
  fi
  if [ -s "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    kill "$(cat "$PIDFILE")"
  fi
  return 0
}

case "${1:-}" in
start) start ;;
stop) stop ;;
status) answering ;;
*)
  echo "usage: $0 start|stop|status" >&2
  exit 2
  ;;
esac
