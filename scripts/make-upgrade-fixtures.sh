#!/usr/bin/env bash
# Writes tests/fixtures/upgrade/vN.db.xz (+ vN.expected.json.xz, vN.key when keyed)
# for each earlier schema version N, with the mend CLI of the last commit on
# main's first-parent history whose newest migration is vN.
#   scripts/make-upgrade-fixtures.sh [N ...]     (default: every version below the latest)
# Each old commit is checked out in a temporary detached worktree under
# $MEND_OLD_TREES (default /work/mend-old-trees), only its CLI is built
# (RelWithDebInfo, ccache, -j2), and tests/fixtures/upgrade/write-fixture.py
# writes the database and records what the old CLI reported. The worktree is
# removed after, unless MEND_KEEP_OLD_TREES=1 (a kept build is reused).
# The fixture's expected file names the commit it came from.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/tests/fixtures/upgrade
trees=${MEND_OLD_TREES:-/work/mend-old-trees}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-/work} CCACHE_NOHASHDIR=true
mkdir -p "$out" "$trees"

# The newest migration a commit's library has (0 before the first one).
version_at() {
    git -C "$root" show "$1:src/store/migrations.cpp" 2>/dev/null |
        grep -oE 'Migration v[0-9]+\{' | grep -oE '[0-9]+' | sort -n | tail -1 || true
}

latest=$(version_at HEAD)
# Last first-parent commit of main at each schema version.
declare -A last
for c in $(git -C "$root" rev-list --first-parent --reverse main); do
    v=$(version_at "$c")
    [ -n "$v" ] && last[$v]=$c
done

versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=($(seq 1 $((latest - 1))))
for v in "${versions[@]}"; do
    c=${last[$v]:-}
    if [ -z "$c" ]; then
        echo "v$v: no commit on main has it as its newest migration; skipped" >&2
        continue
    fi
    tree=$trees/v$v
    echo "v$v: commit $c" >&2
    if [ ! -x "$tree/build/mend" ]; then
        git -C "$root" worktree remove --force "$tree" 2>/dev/null || rm -rf "$tree"
        git -C "$root" worktree add --detach "$tree" "$c" >/dev/null
        cmake -S "$tree" -B "$tree/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
            -DMEND_BUILD_TESTS=OFF -DMEND_BUILD_BENCH=OFF \
            -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >/dev/null
        cmake --build "$tree/build" -j2 --target mend_cli >"$trees/v$v.build.log" 2>&1
    fi
    python3 "$out/write-fixture.py" --mend "$tree/build/mend" --version "$v" --commit "$c" \
        --out "$out"
    if [ "${MEND_KEEP_OLD_TREES:-0}" != 1 ]; then
        git -C "$root" worktree remove --force "$tree"
        rm -f "$trees/v$v.build.log"
    fi
done
