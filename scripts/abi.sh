#!/usr/bin/env bash
# The ABI baseline of libmend's public C surface (libabigail, Debian's
# abigail-tools). See abi/README.md for the policy.
#
#   scripts/abi.sh dump  [LIB] [BASELINE] [HEADERS]   write the baseline
#   scripts/abi.sh check [LIB] [BASELINE] [HEADERS]   compare LIB with it
#
# LIB defaults to build/libmend.so.0 (built RelWithDebInfo, so it has DWARF),
# BASELINE to abi/libmend.abi, HEADERS to include/mend (the headers LIB was
# built from). Only types defined in HEADERS enter the baseline (--headers-dir,
# --drop-private-types): the C++ internals behind the opaque handles never do.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cmd=${1:-}
lib=${2:-$root/build/libmend.so.0}
baseline=${3:-$root/abi/libmend.abi}
headers=${4:-$root/include/mend}
suppressions=$root/abi/suppressions.abignore

usage() { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ -n "$cmd" ] || usage
for tool in abidw abidiff; do
    command -v "$tool" >/dev/null || { echo "abi.sh: $tool missing (apt-get install abigail-tools)" >&2; exit 2; }
done
[ -f "$lib" ] || { echo "abi.sh: no library at $lib (build first: scripts/build.sh)" >&2; exit 2; }
lib=$(readlink -f "$lib")
# Without DWARF only symbol names could be compared, not the structs.
if ! readelf -S "$lib" | grep '\.debug_info' >/dev/null; then
    echo "abi.sh: $lib has no debug info (build RelWithDebInfo or Debug, unstripped)" >&2
    exit 2
fi

case "$cmd" in
dump)
    # No locations, paths or architecture: the baseline changes only when
    # the ABI does, not when a comment moves a line or the build dir moves.
    abidw --headers-dir "$headers" --drop-private-types --drop-undefined-syms \
          --exported-interfaces-only --no-elf-needed \
          --no-show-locs --no-corpus-path --no-comp-dir-path --no-architecture \
          --out-file "$baseline" "$lib"
    echo "abi.sh: wrote $baseline from $lib"
    ;;
check)
    [ -f "$baseline" ] || { echo "abi.sh: no baseline at $baseline" >&2; exit 2; }
    set +e
    # No --headers-dir2 here: the baseline holds no source locations (so it
    # does not churn when a comment moves a line), and libabigail then takes
    # every baseline type for a private one and filters real breaks out
    # (tests/abi/abi_check_bites.sh caught that). The library's side needs no
    # filter: only the exported mend_* calls are compared, and they reach
    # only public types (the handles are opaque).
    abidiff --suppressions "$suppressions" \
            --exported-interfaces-only --fail-no-debug-info \
            --no-added-syms --no-show-locs --no-architecture \
            "$baseline" "$lib"
    status=$?
    set -e
    # abidiff's exit status is a bit set (the layout check below adds 4):
    # 1 ABIDIFF_ERROR, 2 ABIDIFF_USAGE_ERROR, 4 ABIDIFF_ABI_CHANGE,
    # 8 ABIDIFF_ABI_INCOMPATIBLE_CHANGE. Every bit fails:
    #  - 8 is a removed or changed function symbol: old binaries no longer link;
    #  - 4 is any other ABI change. libabigail sets only 4 (not 8) for a
    #    removed, reordered or retyped struct member or a changed parameter,
    #    which break old binaries just as surely, so 4 must fail too. What is
    #    compatible is kept out of 4 before it is counted: added functions
    #    (--no-added-syms) and members appended at a struct's end
    #    (abi/suppressions.abignore);
    #  - 1 and 2 mean the comparison did not run: that is no pass either.
    # libabigail's "inserted at end" suppression also hides a change to a
    # struct's last member that keeps or grows its size (the bites test
    # retypes mend_client_fields.phone). So every public struct's layout is
    # checked here too: the baseline's members, by name, offset and type, must
    # be the first members of the library's struct; only members after them
    # may be new.
    current=$(mktemp /tmp/mend-abi.XXXXXX)
    trap 'rm -f "$current"' EXIT
    abidw --headers-dir "$headers" --drop-private-types --drop-undefined-syms \
          --exported-interfaces-only --no-elf-needed --no-show-locs --no-corpus-path \
          --no-comp-dir-path --no-architecture --out-file "$current" "$lib"
    python3 - "$baseline" "$current" <<'PY' || status=$((status | 4))
import sys
import xml.etree.ElementTree as ET

def structs(path):
    root = ET.parse(path).getroot()
    types = {e.get("id"): e for e in root.iter() if e.get("id")}

    def name(tid, depth=0):
        e = types.get(tid)
        if e is None or depth > 20:
            return "?"
        t = e.tag
        if t in ("type-decl", "typedef-decl", "class-decl", "union-decl", "enum-decl"):
            return e.get("name")
        if t == "pointer-type-def":
            return name(e.get("type-id"), depth + 1) + "*"
        if t == "qualified-type-def":
            q = " ".join(k for k in ("const", "volatile") if e.get(k) == "yes")
            return q + " " + name(e.get("type-id"), depth + 1)
        if t == "array-type-def":
            return name(e.get("type-id"), depth + 1) + "[" + str(e.get("size-in-bits")) + "]"
        return t

    out = {}
    for c in root.iter("class-decl"):
        if c.get("is-declaration-only") == "yes" or not (c.get("name") or "").startswith("mend_"):
            continue
        out[c.get("name")] = [
            (v.get("name"), m.get("layout-offset-in-bits"), name(v.get("type-id")))
            for m in c.findall("data-member") for v in m.findall("var-decl")]
    return out

old, new = structs(sys.argv[1]), structs(sys.argv[2])
bad = 0
for struct, members in sorted(old.items()):
    if struct not in new:
        continue  # a struct no longer reached: abidiff reports the calls that changed
    if new[struct][:len(members)] != members:
        bad += 1
        print("abi.sh: struct %s: members changed (only appending at the end is compatible)"
              % struct, file=sys.stderr)
        print("  baseline: %s\n  library:  %s" % (members, new[struct]), file=sys.stderr)
sys.exit(1 if bad else 0)
PY
    if ((status != 0)); then
        echo "abi.sh: FAIL: $lib breaks the ABI of $baseline (abidiff status $status:" \
             "$( ((status & 8)) && echo incompatible) $( ((status & 4)) && echo change)" \
             "$( ((status & 3)) && echo error))" >&2
        echo "abi.sh: an intentional addition? regenerate: scripts/abi.sh dump (abi/README.md)" >&2
        exit 1
    fi
    echo "abi.sh: $lib keeps the ABI of $baseline"
    ;;
*) usage ;;
esac
