#!/usr/bin/env bash
# Proves that scripts/abi.sh check bites. A tiny library (probe.c) exporting
# calls that take mend_client_fields is built against copies of the public
# headers; its ABI built from the headers as they are is the baseline. Then:
#   control (the same headers)                      must pass
#   a field appended at the struct's end            must pass (structs grow at their end)
#   mend_client_fields.phone removed                must FAIL
#   a field inserted in the middle of the struct    must FAIL
#   a field retyped (phone an int)                  must FAIL
#   a function removed (mend_client_archive)        must FAIL
#   a parameter retyped (its id an int)             must FAIL
# Usage: abi_check_bites.sh SOURCE_DIR [CC]
set -euo pipefail
src=${1:?source dir}
cc=${2:-cc}
check="$src/scripts/abi.sh"
t=$(mktemp -d /tmp/mend-abi-bites.XXXXXX)
trap 'rm -rf "$t"' EXIT

# variant NAME [SED-SCRIPT-ON-client.h] [CFLAGS...]: headers copy + probe library.
variant() {
    local name=$1 edit=$2
    shift 2
    mkdir -p "$t/$name"
    cp -r "$src/include/mend" "$t/$name/mend"
    if [ -n "$edit" ]; then
        sed -i "$edit" "$t/$name/mend/client.h"
        # The edit must have changed the header, or the case proves nothing.
        ! cmp -s "$src/include/mend/client.h" "$t/$name/mend/client.h" ||
            { echo "FAIL: the edit for $name changed nothing" >&2; exit 1; }
    fi
    "$cc" -std=c99 -g -O0 -fPIC -shared -Wl,-soname,libprobe.so.0 -I"$t/$name" "$@" \
          -o "$t/$name/libprobe.so.0" "$src/tests/abi/probe.c"
}
expect() {  # expect pass|fail NAME
    local want=$1 name=$2 got=pass
    "$check" check "$t/$name/libprobe.so.0" "$t/baseline.abi" "$t/$name/mend" \
        >"$t/$name.log" 2>&1 || got=fail
    if [ "$got" != "$want" ]; then
        cat "$t/$name.log" >&2
        echo "FAIL: $name: the check should $want, it did $got" >&2
        exit 1
    fi
    echo "ok: $name: the check ${want}ed"
}

variant baseline ""
"$check" dump "$t/baseline/libprobe.so.0" "$t/baseline.abi" "$t/baseline/mend" >/dev/null
grep -q "name='phone'" "$t/baseline.abi" || { echo "FAIL: baseline lacks phone" >&2; exit 1; }

variant control ""
variant appended 's|^    const char\* phone;$|    const char* phone;\n    const char* added_at_end;|'
variant phone_removed '/^    const char\* phone;$/d'
variant inserted_middle 's|^    const char\* email;$|    const char* inserted;\n    const char* email;|'
variant phone_retyped 's|^    const char\* phone;$|    int phone;|'
variant function_removed "" -DPROBE_DROP_ARCHIVE
variant parameter_retyped 's|mend_client_archive(mend_db\* db, int64_t id)|mend_client_archive(mend_db* db, int id)|' \
    -DPROBE_ID_T=int

expect pass control
expect pass appended
expect fail phone_removed
expect fail inserted_middle
expect fail phone_retyped
expect fail function_removed
expect fail parameter_retyped
grep -q "phone" "$t/phone_removed.log" ||
    { echo "FAIL: the report of phone_removed does not name the field" >&2; exit 1; }
echo "abi_check_bites: the ABI check passes the compatible and fails the breaking changes"
