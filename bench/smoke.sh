#!/usr/bin/env bash
# Smoke run of the benchmark harness at a tiny size (ctest bench_smoke): it
# asserts that bench_mend and the Python scripts run and emit well-formed
# result lines with every figure, never any timing.
set -euo pipefail
bench=$1
dir=$2
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$dir"
mkdir -p "$dir"
"$bench" run T "$dir" >"$dir/c.jsonl" 2>"$dir/c.err" || { cat "$dir/c.err"; exit 1; }
python3 "$here/check_results.py" c "$dir/c.jsonl"
python3 "$here/python_calls.py" "$bench" "$dir/bench_mend_T.db" 20 >"$dir/py.jsonl"
python3 "$here/check_results.py" py "$dir/py.jsonl"
python3 "$here/peer.py" run T "$dir" >"$dir/peer.jsonl"
python3 "$here/check_results.py" peer "$dir/peer.jsonl"
