#!/usr/bin/env bash
# The sanitizer runs of the test command (README "Reliability"):
#
#   scripts/test-sanitizers.sh [PG_URL]
#
# 1. build-asan: clang with AddressSanitizer + UndefinedBehaviorSanitizer
#    (LeakSanitizer on, UBSan without recovery) and libFuzzer's coverage on
#    every target. Runs the unit, report, store_* and capi_* suites on SQLite
#    and (with PG_URL) PostgreSQL, replays every fuzz seed and regression,
#    then fuzzes each harness of tests/fuzz for MEND_FUZZ_SECONDS (30)
#    seconds, two at a time.
# 2. build-tsan: clang with ThreadSanitizer, the library and the programs of
#    the concurrency-labelled tests only; runs those tests.
#
# capi_hostile tries every MEND_HOSTILE_STRIDE-th (default 8) hostile string
# per parameter here (all of them in the plain run). Exits non-zero on any
# failure. Set MEND_SANITIZERS=asan or tsan to run one half only.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
url=${1:-}
which=${MEND_SANITIZERS:-asan,tsan}
jobs=${MEND_JOBS:-2}
cc=$(command -v "${MEND_CLANG:-clang-14}")
cxx=$(command -v "${MEND_CLANGXX:-clang++-14}")
supp=$root/tests/sanitizers
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$root} CCACHE_NOHASHDIR=true
# -O1 and line tables only: readable stacks at a fraction of -O2 -g's build time.
common=(-DCMAKE_BUILD_TYPE=RelWithDebInfo
        "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only"
        "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only"
        -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx"
        -DMEND_BUILD_TESTS=ON -DMEND_BUILD_BENCH=OFF -DMEND_TEST_PG_URL="$url")
export ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:suppressions=$supp/ubsan.supp
export LSAN_OPTIONS=suppressions=$supp/lsan.supp
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:suppressions=$supp/tsan.supp
export MEND_HOSTILE_STRIDE=${MEND_HOSTILE_STRIDE:-8}
export MEND_FUZZ_ARTIFACTS=$root/build-asan/fuzz-artifacts

status=0
started=$(date +%s)
if [[ $which == *asan* ]]; then
    t0=$(date +%s)
    cmake -S "$root" -B "$root/build-asan" "${common[@]}" \
        -DMEND_SANITIZE=address,undefined -DMEND_FUZZ=ON >/dev/null
    cmake --build "$root/build-asan" -j"$jobs" --target mend_sanitizer_tests
    echo "sanitizers: build-asan built in $(( $(date +%s) - t0 )) s"
    t0=$(date +%s)
    # The C/C++ suites and the fuzz replays (not the CLI, Python, bench,
    # install, header or docs tests; exported_symbols and valgrind do not
    # apply to a sanitized library; the SIGKILL loops (label crash) test
    # durability, which the plain run covers, not memory; the hosting tests
    # (failover, PgBouncer) start servers of their own in the plain run).
    ctest --test-dir "$root/build-asan" --output-on-failure -j"$jobs" \
        -L 'unit|store|capi|fuzz_replay' -LE 'header|cli|python|bench|install|docs|abi|crash|hosting' \
        -E '^(exported_symbols|capi_abi_valgrind|report_html_check)$' || status=1
    echo "sanitizers: ASan+UBSan suites ran in $(( $(date +%s) - t0 )) s"
    t0=$(date +%s)
    log=$root/build-asan/fuzz.log
    ctest --test-dir "$root/build-asan" -V -j"$jobs" -L '^fuzz$' >"$log" 2>&1 || {
        status=1
        grep -E "fuzz invariant|ERROR: |SUMMARY: |runtime error|kept: |Failed|\*\*\*" "$log" || true
    }
    grep -hoE "(fuzz-figures|api_sequence): .*" "$log" || true
    grep -E "tests passed" "$log" || true
    echo "sanitizers: fuzzing ran in $(( $(date +%s) - t0 )) s"
fi
if [[ $which == *tsan* ]]; then
    t0=$(date +%s)
    cmake -S "$root" -B "$root/build-tsan" "${common[@]}" -DMEND_SANITIZE=thread >/dev/null
    cmake --build "$root/build-tsan" -j"$jobs" --target mend_concurrency_tests
    echo "sanitizers: build-tsan built in $(( $(date +%s) - t0 )) s"
    t0=$(date +%s)
    ctest --test-dir "$root/build-tsan" --output-on-failure -j"$jobs" -L concurrency || status=1
    echo "sanitizers: TSan concurrency tests ran in $(( $(date +%s) - t0 )) s"
fi
echo "sanitizers: $(( $(date +%s) - started )) s in all, status $status"
exit "$status"
