#!/usr/bin/env bash
# Runs a libFuzzer harness of tests/fuzz.
#   run.sh replay HARNESS DIR...             every file of the DIRs once (seeds, regressions)
#   run.sh fuzz HARNESS SEEDS SECONDS [DICT] fuzz for SECONDS from a copy of SEEDS
# The fuzz mode never writes to SEEDS: it fuzzes a temporary copy. It prints
# libFuzzer's final statistics and "fuzz-figures: NAME runs=N corpus=A->B";
# a crash, leak, sanitizer report or timeout exits non-zero, the input kept
# under $MEND_FUZZ_ARTIFACTS (default: the current directory) and shown as hex.
set -euo pipefail
mode=$1 harness=$2
shift 2
name=$(basename "$harness")
case $mode in
replay)
    files=()
    for d in "$@"; do
        [ -d "$d" ] || continue
        while IFS= read -r -d '' f; do files+=("$f"); done < <(find "$d" -type f -print0 | sort -z)
    done
    if ((${#files[@]} == 0)); then
        echo "$name: nothing to replay" >&2
        exit 1
    fi
    log=$(mktemp)
    trap 'rm -f "$log"' EXIT
    set +e
    "$harness" -rss_limit_mb=4096 -timeout=60 "${files[@]}" >"$log" 2>&1
    rc=$?
    set -e
    if [ "$rc" != 0 ]; then
        tail -n 80 "$log"
        echo "$name: a replayed input failed (rc=$rc)" >&2
        exit 1
    fi
    echo "fuzz-replay: $name inputs=${#files[@]} ok"
    ;;
fuzz)
    seeds=$1 seconds=$2 dict=${3:-}
    work=$(mktemp -d "${TMPDIR:-/tmp}/mend-fuzz-$name.XXXXXX")
    trap 'rm -rf "$work"' EXIT
    mkdir "$work/corpus"
    cp "$seeds"/* "$work/corpus/"
    before=$(find "$work/corpus" -type f | wc -l)
    artifacts=${MEND_FUZZ_ARTIFACTS:-$PWD}
    mkdir -p "$artifacts"
    args=(-max_total_time="$seconds" -timeout=25 -rss_limit_mb=4096 -max_len=16384
          -print_final_stats=1 -artifact_prefix="$artifacts/$name-")
    [ -n "$dict" ] && args+=(-dict="$dict")
    set +e
    "$harness" "${args[@]}" "$work/corpus" >"$work/log" 2>&1
    rc=$?
    set -e
    after=$(find "$work/corpus" -type f | wc -l)
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -1)
    grep -E "^(stat::|#[0-9]+ +DONE|INFO: seed corpus|api_sequence: )" "$work/log" || true
    echo "fuzz-figures: $name runs=${runs:-?} corpus=$before->$after seconds=$seconds rc=$rc"
    if [ "$rc" != 0 ]; then
        tail -n 60 "$work/log"
        for a in "$artifacts/$name-"*; do
            [ -f "$a" ] || continue
            echo "kept: $a"
            od -An -c "$a" | head -20
        done
        exit 1
    fi
    ;;
*)
    echo "usage: run.sh replay|fuzz HARNESS ..." >&2
    exit 2
    ;;
esac
