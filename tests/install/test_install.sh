#!/usr/bin/env bash
# Installs mend from a build tree into a temporary prefix and uses it as a
# vendor would, out of the source tree:
#   - the layout: public headers, libmend.so -> libmend.so.0 -> libmend.so.0.X.Y,
#     the SONAME, the CLI's $ORIGIN-relative RUNPATH, mendConfig.cmake and mend.pc;
#   - P/bin/mend --version runs from the prefix with no LD_LIBRARY_PATH;
#   - examples/ehr_host.c, copied out of the tree, builds twice against the
#     prefix (a CMake project with find_package(mend) and mend::mend, and cc
#     with pkg-config) and both binaries run against the installed library.
# Usage: test_install.sh BUILD_DIR SOURCE_DIR VERSION LIBDIR BINDIR INCLUDEDIR
set -euo pipefail
build=${1:?build dir} src=${2:?source dir} version=${3:?version}
libdir=${4:?libdir} bindir=${5:?bindir} incdir=${6:?includedir}
major=${version%%.*}

work=$(mktemp -d /tmp/mend-install.XXXXXX)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
fail() { echo "FAIL: $*" >&2; exit 1; }
unset LD_LIBRARY_PATH PKG_CONFIG_PATH PKG_CONFIG_LIBDIR CMAKE_PREFIX_PATH

cmake --install "$build" --prefix "$prefix" >"$work/install.log" || { cat "$work/install.log"; fail "cmake --install"; }

# ---- layout ---------------------------------------------------------------
for h in "$src"/include/mend/*.h; do
    cmp -s "$h" "$prefix/$incdir/mend/$(basename "$h")" || fail "header $(basename "$h") not installed as is"
done
lib=$prefix/$libdir
[ -f "$lib/libmend.so.$version" ] || fail "no $libdir/libmend.so.$version"
[ ! -L "$lib/libmend.so.$version" ] || fail "$libdir/libmend.so.$version is a link, not the library"
[ "$(readlink "$lib/libmend.so.$major")" = "libmend.so.$version" ] || fail "libmend.so.$major is not a link to libmend.so.$version"
[ "$(readlink "$lib/libmend.so")" = "libmend.so.$major" ] || fail "libmend.so is not a link to libmend.so.$major"
readelf -d "$lib/libmend.so.$version" | grep -q "(SONAME).*\[libmend.so.$major\]" || fail "SONAME is not libmend.so.$major"
rel=$(realpath -m --relative-to="/$bindir" "/$libdir")
readelf -d "$prefix/$bindir/mend" | grep -E "\((RUNPATH|RPATH)\)" | grep -qF "[\$ORIGIN/$rel]" \
    || { readelf -d "$prefix/$bindir/mend" | grep -E "R(UN)?PATH" >&2 || true; fail "bin/mend has no RUNPATH \$ORIGIN/$rel"; }
for f in mendConfig.cmake mendConfigVersion.cmake mendTargets.cmake; do
    [ -f "$lib/cmake/mend/$f" ] || fail "no $libdir/cmake/mend/$f"
done
[ -f "$lib/pkgconfig/mend.pc" ] || fail "no $libdir/pkgconfig/mend.pc"

# The library a binary loads must be the prefix's, not the build tree's.
loads_prefix_lib() {
    local resolved
    resolved=$(env "$@" | awk '$1 == "libmend.so.'"$major"'" {print $3}')
    [ -n "$resolved" ] && [ "$(realpath "$resolved")" = "$(realpath "$lib/libmend.so.$version")" ]
}

# ---- the CLI from the prefix ------------------------------------------------
out=$("$prefix/$bindir/mend" --version) || fail "$bindir/mend --version exited non-zero"
[ "$out" = "mend $version" ] || fail "mend --version said '$out', expected $version"
loads_prefix_lib ldd "$prefix/$bindir/mend" || fail "bin/mend does not load $libdir/libmend.so.$major"
echo "ok: $bindir/mend --version: $out"

# ---- the host, out of the tree ------------------------------------------------
mkdir -p "$work/host"
cp "$src/examples/ehr_host.c" "$work/host/"
check_host_output() {  # NAME OUTPUT
    grep -qxF "mend $version (header $version)" <<<"$2" || fail "$1: no version line in: $2"
    grep -q "^intake committed: couple " <<<"$2" || fail "$1: no intake in: $2"
    grep -qxF "2 cases on this clinician's caseload" <<<"$2" || fail "$1: no caseload in: $2"
}

# 1. CMake: find_package(mend) and mend::mend, only the prefix searched.
cat >"$work/host/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.16)
project(ehr_host C)
find_package(mend 0.1 REQUIRED)
message(STATUS "mend ${mend_VERSION} from ${mend_DIR}")
add_executable(ehr_host ehr_host.c)
target_link_libraries(ehr_host PRIVATE mend::mend)
target_compile_options(ehr_host PRIVATE -Wall -Wextra -Wpedantic -Werror)
CMAKE
cmake -S "$work/host" -B "$work/host/build-cmake" -DCMAKE_PREFIX_PATH="$prefix" \
    -DCMAKE_FIND_USE_CMAKE_SYSTEM_PATH=OFF -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF \
    >"$work/cmake.log" 2>&1 || { cat "$work/cmake.log"; fail "find_package(mend 0.1) did not configure"; }
grep -qF -- "-- mend $version from $lib/cmake/mend" "$work/cmake.log" \
    || { cat "$work/cmake.log"; fail "find_package(mend) did not find the prefix's package"; }
cmake --build "$work/host/build-cmake" >"$work/build.log" 2>&1 || { cat "$work/build.log"; fail "CMake build of ehr_host"; }
out=$(env -u LD_LIBRARY_PATH "$work/host/build-cmake/ehr_host" "$work/cmake-host.db") \
    || fail "ehr_host (CMake) exited non-zero: $out"
check_host_output "ehr_host (CMake)" "$out"
loads_prefix_lib -u LD_LIBRARY_PATH ldd "$work/host/build-cmake/ehr_host" \
    || fail "ehr_host (CMake) does not load $libdir/libmend.so.$major"
echo "ok: find_package(mend 0.1) + mend::mend, ehr_host ran"

# The version file accepts the same major version (an older minor included)
# and nothing else.
find_version() {  # VERSION: configures a project asking for find_package(mend VERSION)
    mkdir -p "$work/v$1"
    printf 'cmake_minimum_required(VERSION 3.16)\nproject(v NONE)\nfind_package(mend %s REQUIRED)\n' \
        "$1" >"$work/v$1/CMakeLists.txt"
    cmake -S "$work/v$1" -B "$work/v$1/build" -DCMAKE_PREFIX_PATH="$prefix" \
        -DCMAKE_FIND_USE_CMAKE_SYSTEM_PATH=OFF -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF >"$work/v$1.log" 2>&1
}
find_version "$major.0" || { cat "$work/v$major.0.log"; fail "find_package(mend $major.0) refused mend $version"; }
if find_version "$((major + 1))"; then fail "find_package(mend $((major + 1))) accepted mend $version"; fi
echo "ok: find_package(mend $major.0) accepts mend $version, find_package(mend $((major + 1))) refuses it"

# 2. pkg-config: cc with pkg-config --cflags --libs mend.
export PKG_CONFIG_PATH=$lib/pkgconfig
[ "$(pkg-config --modversion mend)" = "$version" ] || fail "pkg-config --modversion mend is not $version"
pcdir=$(pkg-config --variable=pcfiledir mend)
[ "$(realpath "$pcdir")" = "$(realpath "$lib/pkgconfig")" ] || fail "pkg-config found mend.pc in $pcdir, not the prefix"
# shellcheck disable=SC2046
cc -std=c99 -Wall -Wextra -Wpedantic -Werror "$work/host/ehr_host.c" -o "$work/host/ehr_host-pc" \
    $(pkg-config --cflags --libs mend) || fail "cc with pkg-config --cflags --libs mend"
out=$(LD_LIBRARY_PATH=$lib "$work/host/ehr_host-pc" "$work/pc-host.db") \
    || fail "ehr_host (pkg-config) exited non-zero: $out"
check_host_output "ehr_host (pkg-config)" "$out"
loads_prefix_lib LD_LIBRARY_PATH="$lib" ldd "$work/host/ehr_host-pc" \
    || fail "ehr_host (pkg-config) does not load $libdir/libmend.so.$major"
echo "ok: pkg-config --cflags --libs mend, ehr_host ran"
