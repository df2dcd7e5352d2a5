#!/usr/bin/env bash
# The README's first line: install, build, and run Corral on http://localhost:${PORT:-8080}
# with the embedded store in ${CORRAL_DATA_DIR:-.corral-data} and the demo data center.
# When libvirt is installed here, its daemons are started and this machine joins the
# demo as a real host (scripts/libvirt.sh installs libvirt for those who want it); when
# glusterfs-server is installed, glusterd is started too (scripts/gluster.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
npm run build
if command -v libvirtd >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  bash scripts/libvirt.sh start || echo "corral: libvirtd did not start; continuing without the local host" >&2
fi
# Gluster volumes on this machine need glusterd; only when glusterfs-server is installed.
if dpkg-query -W -f='${Status}' glusterfs-server 2>/dev/null | grep -q 'install ok installed' && [ "$(id -u)" = 0 ]; then
  bash scripts/gluster.sh start || echo "corral: glusterd did not start; Gluster volumes on this machine will not answer" >&2
fi
exec node apps/bff/dist/main.js
