#!/usr/bin/env bash
# Quick start, command 1: install what is missing, build, and run the main job:
# a demo practice in an embedded SQLite file.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" -DMEND_BUILD_TESTS=OFF
"$root/build/mend" demo --db "${MEND_DEMO_DB:-$root/mend-demo.db}" --force
