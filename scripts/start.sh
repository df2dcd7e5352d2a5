#!/usr/bin/env bash
# The README's first line: install, build, and run Corral on http://localhost:${PORT:-8080}
# with the embedded store in ${CORRAL_DATA_DIR:-.corral-data} and the demo data center.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
npm run build
exec node apps/bff/dist/main.js
