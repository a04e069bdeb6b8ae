#!/usr/bin/env bash
# Smoke run of the benchmark harness at a tiny size (ctest -L bench): it
# asserts that the programs run and emit well-formed result lines with every
# figure, never any timing.
#   smoke.sh BENCH_MEND DIR          bench_mend, python_calls.py, peer.py at size T
#   smoke.sh BENCH_PG DIR URL        bench_pg with a few rows (empties URL's schema)
set -euo pipefail
bench=$1
dir=$2
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$dir"
mkdir -p "$dir"
if [ $# -ge 3 ]; then
    "$bench" "$3" 8 >"$dir/pg.jsonl" 2>"$dir/pg.err" || { cat "$dir/pg.err"; exit 1; }
    python3 "$here/check_results.py" pg "$dir/pg.jsonl"
    exit 0
fi
"$bench" run T "$dir" >"$dir/c.jsonl" 2>"$dir/c.err" || { cat "$dir/c.err"; exit 1; }
python3 "$here/check_results.py" c "$dir/c.jsonl"
python3 "$here/python_calls.py" "$bench" "$dir/bench_mend_T.db" 20 >"$dir/py.jsonl"
python3 "$here/check_results.py" py "$dir/py.jsonl"
python3 "$here/peer.py" run T "$dir" >"$dir/peer.jsonl"
python3 "$here/check_results.py" peer "$dir/peer.jsonl"
