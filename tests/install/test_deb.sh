#!/usr/bin/env bash
# The Debian packages (CPack) of a build tree:
#   libmend0     libmend.so.0.X.Y and libmend.so.0, stripped, with shlibs and
#                Depends on the system libraries it links (SOCI, libpq, ...);
#   libmend-dev  headers, libmend.so, the CMake package, mend.pc; Depends libmend0 (= X);
#   mend         /usr/bin/mend; Depends libmend0 (= X);
#   libmend0-dbgsym  libmend's DWARF under /usr/lib/debug/.build-id/; Depends libmend0 (= X).
# apt-get resolves installing all three from the files (a simulation: a test
# does not change the machine's /usr), and the packages' files, unpacked into
# a temporary root, work: bin/mend --version and ehr_host.c built with pkg-config.
# Usage: test_deb.sh BUILD_DIR SOURCE_DIR VERSION
set -euo pipefail
build=${1:?build dir} src=${2:?source dir} version=${3:?version}
major=${version%%.*}
work=$(mktemp -d /tmp/mend-deb.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
unset LD_LIBRARY_PATH PKG_CONFIG_PATH PKG_CONFIG_LIBDIR

(cd "$work" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/out") >"$work/cpack.log" 2>&1 \
    || { cat "$work/cpack.log"; fail "cpack -G DEB"; }
deb() {  # PACKAGE: the path of its .deb
    local f
    f=$(find "$work/out" -maxdepth 1 -name "${1}_${version}*.deb" | head -1)
    [ -n "$f" ] || { ls "$work/out" >&2; fail "no ${1}_${version}*.deb"; }
    echo "$f"
}
rt=$(deb "libmend$major") dev=$(deb libmend-dev) cli=$(deb mend)

has() {  # DEB PATH...: the package holds these paths
    local d=$1 p; shift
    for p in "$@"; do dpkg-deb -c "$d" | awk '{print $6}' | grep -qx "\./$p" \
        || fail "$(basename "$d") lacks /$p"; done
}
lacks() {
    local d=$1 p; shift
    for p in "$@"; do ! dpkg-deb -c "$d" | awk '{print $6}' | grep -qx "\./$p" \
        || fail "$(basename "$d") should not hold /$p"; done
}
has "$rt" "usr/lib/libmend.so.$version" "usr/lib/libmend.so.$major"
lacks "$rt" usr/lib/libmend.so usr/bin/mend usr/include/mend/mend.h
has "$dev" usr/include/mend/mend.h usr/lib/libmend.so usr/lib/cmake/mend/mendConfig.cmake \
    usr/lib/cmake/mend/mendConfigVersion.cmake usr/lib/cmake/mend/mendTargets.cmake usr/lib/pkgconfig/mend.pc
lacks "$dev" "usr/lib/libmend.so.$version" usr/bin/mend
has "$cli" usr/bin/mend
lacks "$cli" "usr/lib/libmend.so.$version"

dpkg-deb -f "$rt" Depends | grep -q "libsoci" || fail "libmend$major does not depend on SOCI: $(dpkg-deb -f "$rt" Depends)"
for d in "$dev" "$cli"; do
    dpkg-deb -f "$d" Depends | grep -qF "libmend$major (= $version)" \
        || fail "$(basename "$d") does not depend on libmend$major (= $version): $(dpkg-deb -f "$d" Depends)"
done
dpkg-deb -I "$rt" shlibs | grep -qx "libmend $major libmend$major (= $version)" || fail "libmend$major has no shlibs"
echo "ok: libmend$major, libmend-dev and mend hold their files and depend as they should"

# apt-get resolves the installation of the three files (nothing is installed).
apt-get install --simulate -o Debug::NoLocking=1 "$rt" "$dev" "$cli" >"$work/apt.log" 2>&1 \
    || { cat "$work/apt.log"; fail "apt-get install --simulate of the packages"; }
for p in "libmend$major" libmend-dev mend; do
    grep -q "^Inst $p " "$work/apt.log" || { cat "$work/apt.log"; fail "apt-get would not install $p"; }
done
echo "ok: apt-get install --simulate ./libmend$major ./libmend-dev ./mend resolves"

# The packages' files work, unpacked into a temporary root.
root=$work/root
for d in "$rt" "$dev" "$cli"; do dpkg-deb -x "$d" "$root"; done
file -L "$root/usr/lib/libmend.so.$major" | grep -q ", stripped" || fail "libmend.so.$major is not stripped"
file "$root/usr/bin/mend" | grep -q ", stripped" || fail "bin/mend is not stripped"
# libmend's debug information is its own package, named by the build id of
# the stripped library it belongs to, and depends on exactly that libmend.
dbg=$(deb "libmend$major-dbgsym")
dpkg-deb -f "$dbg" Depends | grep -qF "libmend$major (= $version)" \
    || fail "libmend$major-dbgsym does not depend on libmend$major (= $version)"
id=$(readelf -n "$root/usr/lib/libmend.so.$major" | sed -n 's/.*Build ID: \([0-9a-f]*\).*/\1/p')
[ -n "$id" ] || fail "libmend.so.$major has no build id"
dpkg-deb -x "$dbg" "$work/dbg"
readelf -S "$work/dbg/usr/lib/debug/.build-id/${id:0:2}/${id:2}.debug" | grep -qF .debug_info \
    || { dpkg-deb -c "$dbg" >&2; fail "libmend$major-dbgsym has no debug file for build id $id"; }
echo "ok: libmend$major-dbgsym holds the DWARF of the stripped libmend.so.$major"
out=$("$root/usr/bin/mend" --version) || fail "usr/bin/mend --version exited non-zero"
[ "$out" = "mend $version" ] || fail "usr/bin/mend --version said '$out'"
cp "$src/examples/ehr_host.c" "$work/"
export PKG_CONFIG_PATH=$root/usr/lib/pkgconfig
# shellcheck disable=SC2046
cc -std=c99 -Wall -Wextra -Wpedantic -Werror "$work/ehr_host.c" -o "$work/ehr_host" \
    $(pkg-config --cflags --libs mend) || fail "cc with the package's mend.pc"
out=$(LD_LIBRARY_PATH=$root/usr/lib "$work/ehr_host" "$work/host.db") || fail "ehr_host exited non-zero: $out"
grep -qxF "2 cases on this clinician's caseload" <<<"$out" || fail "ehr_host said: $out"
echo "ok: the unpacked packages run mend --version and build and run ehr_host"
