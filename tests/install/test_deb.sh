#!/usr/bin/env bash
# The Debian packages (CPack) of a build tree:
#   libmend0     libmend.so.0.X.Y and libmend.so.0, stripped, with shlibs and
#                Depends on the system libraries it links (SOCI, libpq, ...);
#   libmend-dev  headers, libmend.so, the CMake package, mend.pc; Depends libmend0 (= X);
#   mend         /usr/bin/mend; Depends libmend0 (= X);
#   libmend0-dbgsym  libmend's DWARF under /usr/lib/debug/.build-id/; Depends libmend0 (= X).
# apt-get resolves installing all three from the files (--simulate), and the
# packages' files, unpacked into a temporary root, work: bin/mend --version and
# ehr_host.c built with pkg-config.
# Then, as root, they are installed for real with `apt-get install ./...deb`:
# /usr/bin/mend, pkg-config, ehr_host.c built against /usr with pkg-config and
# with find_package(mend), and a copy of the Python package outside the
# checkout finding /usr/lib/libmend.so.0 through the system loader; then
# `apt-get purge` removes them and their files are checked gone (also on
# failure: trap). Not root: the test fails, unless MEND_DEB_SIMULATE=1 says to
# stop after the simulation. ctest runs it RUN_SERIAL: nothing else of this
# suite loads a system libmend meanwhile.
# Usage: test_deb.sh BUILD_DIR SOURCE_DIR VERSION
set -euo pipefail
build=${1:?build dir} src=${2:?source dir} version=${3:?version}
major=${version%%.*}
work=$(mktemp -d /tmp/mend-deb.XXXXXX)
packages=()  # installed by this test: purged on exit, whatever happens
purge() {
    ((${#packages[@]})) || return 0
    timeout 300 apt-get purge -y -qq -o DPkg::Lock::Timeout=120 "${packages[@]}" >"$work/purge.log" 2>&1 ||
        { cat "$work/purge.log" >&2; echo "FAIL: apt-get purge ${packages[*]}" >&2; return 1; }
    packages=()
}
trap 'purge; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
unset LD_LIBRARY_PATH PKG_CONFIG_PATH PKG_CONFIG_LIBDIR MEND_LIBRARY PYTHONPATH
if [ "$(id -u)" != 0 ] && [ "${MEND_DEB_SIMULATE:-}" != 1 ]; then
    fail "test_deb.sh installs the .deb packages for real and needs root (uid $(id -u));" \
        "set MEND_DEB_SIMULATE=1 to only simulate the installation"
fi

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

# ---- The real installation (root only). ------------------------------------
if [ "$(id -u)" != 0 ]; then
    echo "MEND_DEB_SIMULATE=1: not installing the packages for real (not root)"
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
for p in "libmend$major" libmend-dev mend; do
    ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        fail "$p is already installed on this machine; this test installs and purges its own"
done
gone=(/usr/bin/mend "/usr/lib/libmend.so.$major" "/usr/lib/libmend.so.$version" /usr/lib/libmend.so
      /usr/include/mend /usr/lib/pkgconfig/mend.pc /usr/lib/cmake/mend)
for f in "${gone[@]}"; do [ ! -e "$f" ] || fail "$f exists before the installation"; done

cp "$rt" "$dev" "$cli" "$work/"  # apt-get wants ./paths to .deb files
packages=("libmend$major" libmend-dev mend)
(cd "$work" && timeout 300 apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=120 \
    "./$(basename "$rt")" "./$(basename "$dev")" "./$(basename "$cli")") >"$work/apt-install.log" 2>&1 ||
    { cat "$work/apt-install.log"; fail "apt-get install ./libmend*.deb"; }
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status} ${Version}' "$p" | grep -qx "install ok installed $version" ||
        fail "$p is not installed at $version: $(dpkg-query -W -f='${Status} ${Version}' "$p")"
done
echo "ok: apt-get install ./libmend$major ./libmend-dev ./mend installed them"

out=$(/usr/bin/mend --version) || fail "/usr/bin/mend --version exited non-zero"
[ "$out" = "mend $version" ] || fail "/usr/bin/mend --version said '$out'"
# EXE loads /usr/lib's libmend (the CLI by its RUNPATH $ORIGIN/../lib, hosts by the loader).
loads_usr_lib() {
    local got
    got=$(ldd "$1" | awk -v so="libmend.so.$major" '$1 == so {print $3}')
    [ -n "$got" ] && [ "$(realpath "$got")" = "/usr/lib/libmend.so.$version" ] ||
        fail "$1 does not load /usr/lib/libmend.so.$version: $(ldd "$1")"
}
loads_usr_lib /usr/bin/mend
/usr/bin/mend init --db "$work/sys.db" --admin "Dr. Root" >/dev/null || fail "/usr/bin/mend init"
out=$(/usr/bin/mend info --db "$work/typo.db" 2>&1) && fail "mend info on a missing file succeeded"
grep -qF "no mend database at $work/typo.db" <<<"$out" || fail "mend info on a missing file said: $out"
[ ! -e "$work/typo.db" ] || fail "mend info created $work/typo.db"
[ "$(pkg-config --modversion mend)" = "$version" ] || fail "pkg-config --modversion mend: $(pkg-config --modversion mend)"

# ehr_host.c against /usr: pkg-config, and find_package(mend) out of tree.
# shellcheck disable=SC2046
cc -std=c99 -Wall -Wextra -Wpedantic -Werror "$work/ehr_host.c" -o "$work/ehr_host_pc" \
    $(pkg-config --cflags --libs mend) || fail "cc ehr_host.c with /usr's mend.pc"
mkdir -p "$work/host"
cp "$src/examples/ehr_host.c" "$work/host/"
cat >"$work/host/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.16)
project(ehr_host_from_deb C)
find_package(mend 0.1 REQUIRED)
add_executable(ehr_host ehr_host.c)
target_link_libraries(ehr_host PRIVATE mend::mend)
CMAKE
cmake -S "$work/host" -B "$work/host/build" >"$work/host.log" 2>&1 ||
    { cat "$work/host.log"; fail "find_package(mend) against /usr"; }
grep -q "mend_DIR:PATH=/usr/lib/cmake/mend" "$work/host/build/CMakeCache.txt" ||
    fail "find_package(mend) did not find /usr/lib/cmake/mend: $(grep mend_DIR "$work/host/build/CMakeCache.txt")"
cmake --build "$work/host/build" >>"$work/host.log" 2>&1 || { cat "$work/host.log"; fail "building ehr_host"; }
for exe in "$work/ehr_host_pc" "$work/host/build/ehr_host"; do
    loads_usr_lib "$exe"
    rm -f "$work/host-run.db"
    out=$("$exe" "$work/host-run.db") || fail "$exe exited non-zero: $out"
    grep -qxF "2 cases on this clinician's caseload" <<<"$out" || fail "$exe said: $out"
done
echo "ok: /usr/bin/mend, pkg-config and find_package(mend) from the installed packages"

# Python: a copy of the package outside the checkout finds the system library.
mkdir -p "$work/py"
cp -r "$src/bindings/python/mend" "$work/py/"
rm -rf "$work/py/mend/__pycache__" "$work/py/mend/"libmend.so*
out=$(cd "$work" && PYTHONPATH="$work/py" timeout 120 /usr/bin/python3 -c '
import mend, os, tempfile
loaded = [l.split()[-1] for l in open("/proc/self/maps") if "libmend.so" in l][0]
with mend.open(os.path.join(tempfile.mkdtemp(), "p.db"), create=True) as db:
    print(mend.__version__, os.path.realpath(loaded), db.init_practice("P", display_name="Dr. A"))
') || fail "python3 -c 'import mend' with the installed library: $out"
[ "$out" = "$version /usr/lib/libmend.so.$version 1" ] || fail "python3 import mend said: $out"
echo "ok: python3 -c 'import mend' (a copy outside the checkout) loads /usr/lib/libmend.so.$version"

purge || fail "apt-get purge"
for p in "libmend$major" libmend-dev mend; do
    ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        fail "$p is still installed"
done
for f in "${gone[@]}"; do [ ! -e "$f" ] || fail "$f is left after apt-get purge"; done
echo "ok: apt-get purge removed the packages and their files"
