#!/usr/bin/env bash
# The README's second line: every test. Installs Debian's chromium and postgresql
# when missing, the npm dependencies as locked, builds, then runs lint and types,
# the unit suite, the store suite (PGlite and a real PostgreSQL server) and e2e in
# Chromium, the host suite on a real libvirtd + QEMU and glusterd (installed and
# started by scripts/libvirt.sh and scripts/gluster.sh). Prints one closing line:
# "tests: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
set -e
bash scripts/apt-install.sh chromium postgresql fonts-dejavu-core
bash scripts/ensure-deps.sh
npm run build
set +e

mkdir -p test-results
status=0
run() { echo "== $*"; "$@" || status=1; }

run npm run lint
run npm run typecheck
run npx vitest run --project unit --reporter=default --reporter=json --outputFile.json=test-results/unit.json
run npx vitest run --project store --reporter=default --reporter=json --outputFile.json=test-results/store.json
# glusterd for the host suite and e2e (the host suite's setup installs it when missing).
if command -v glusterd >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then bash scripts/gluster.sh start || status=1; fi
run npx vitest run --project host --reporter=default --reporter=json --outputFile.json=test-results/host.json
CI=${CI:-true} CORRAL_SKIP_BUILD=1 run bash scripts/test-e2e.sh

node scripts/summarize-tests.mjs test-results/unit.json test-results/store.json test-results/host.json test-results/e2e.json || status=1
exit $status
