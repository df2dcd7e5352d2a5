#!/usr/bin/env bash
# Runs the Playwright suite (or the spec files given) in Debian's Chromium against a
# freshly built BFF on a real PostgreSQL server and the local libvirtd. Installs what
# it needs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/apt-install.sh chromium postgresql fonts-dejavu-core
bash scripts/ensure-deps.sh
# The lifecycle specs create and run VMs on this machine's libvirtd.
bash scripts/libvirt.sh start
# Gluster volumes in the seed flow live on this machine's glusterd (installed when missing).
bash scripts/gluster.sh start
if [ "${CORRAL_SKIP_BUILD:-}" != 1 ]; then npm run build; fi
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
exec npx playwright test -c e2e/playwright.config.ts "$@"
