#!/usr/bin/env bash
# Release installs are stripped and the debug information installs apart:
#   - `cmake --install --strip` lays out a library with no .debug_info that
#     still exports the C API, and a plain install lays out no debug file;
#   - `cmake --install --component debug` lays out
#     lib/debug/.build-id/NN/REST.debug named by that library's build id,
#     holding the DWARF of the C API (mend_open among its names).
# Usage: test_strip.sh BUILD_DIR VERSION LIBDIR
set -euo pipefail
build=${1:?build dir} version=${2:?version} libdir=${3:?libdir}
work=$(mktemp -d /tmp/mend-strip.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$work/p" --strip >/dev/null
lib=$work/p/$libdir/libmend.so.$version
[ -f "$lib" ] || fail "no $libdir/libmend.so.$version"
readelf -S "$lib" | grep -F .debug_info >/dev/null && fail "the --strip install kept .debug_info"
nm -D --defined-only "$lib" | grep -w mend_open >/dev/null || fail "the stripped library lost mend_open"
[ ! -e "$work/p/lib/debug" ] || fail "a plain install laid out lib/debug"

cmake --install "$build" --prefix "$work/p" --component debug >/dev/null
id=$(readelf -n "$lib" | sed -n 's/.*Build ID: \([0-9a-f]*\).*/\1/p')
[ -n "$id" ] || fail "the library has no build id"
dbg=$work/p/lib/debug/.build-id/${id:0:2}/${id:2}.debug
[ -f "$dbg" ] || { find "$work/p/lib/debug" >&2 || true; fail "no debug file for build id $id"; }
[ "$(find "$work/p/lib/debug" -type f | wc -l)" = 1 ] || fail "more than one debug file installed"
[ "$(readelf -n "$dbg" | sed -n 's/.*Build ID: \([0-9a-f]*\).*/\1/p')" = "$id" ] ||
    fail "the debug file's build id is not the library's"
readelf -S "$dbg" | grep -F .debug_info >/dev/null || fail "the debug file has no .debug_info"
readelf --debug-dump=info "$dbg" 2>/dev/null | grep -w "mend_open" >/dev/null ||
    fail "the debug file does not describe mend_open"
echo "stripped: $(stat -c %s "$lib") bytes; debug information apart: $(stat -c %s "$dbg") bytes"
