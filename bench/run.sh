#!/usr/bin/env bash
# Runs the benchmarks at one size (S, M or L; default M) and rewrites
# bench/RESULTS.md. Builds in Release into build-bench/. See bench/README.md.
set -euo pipefail
exec python3 "$(dirname "$0")/run.py" "$@"
