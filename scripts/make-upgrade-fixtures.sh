#!/usr/bin/env bash
# Writes tests/fixtures/upgrade/vN.db.xz (+ vN.expected.json.xz, vN.key when keyed)
# for each earlier schema version N, with the mend CLI of the last commit on
# main's first-parent history whose newest migration is vN (of the newest 5,
# the newest that builds; failing those, of the branches merged into main).
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
# First-parent commits of main at each schema version, newest first: the
# newest that builds is taken (a few commits of the history do not build).
declare -A commits
for c in $(git -C "$root" rev-list --first-parent main); do
    v=$(version_at "$c")
    [ -n "$v" ] && commits[$v]="${commits[$v]:-} $c"
done
# A version none of whose first-parent commits builds falls back to the
# commits of the branches merged into main (v6: main's own commits at v6
# use a clock call that only its side branch had).
side_commits() {
    local v=$1 c
    for c in $(git -C "$root" rev-list main); do
        [ "$(version_at "$c")" = "$v" ] && case " ${commits[$v]:-} " in
            *" $c "*) ;;
            *) echo "$c" ;;
        esac
    done
}

# Builds the CLI of commit $2 in worktree $1; non-zero when it does not build.
build_cli() {
    local tree=$1 c=$2 log=$3
    git -C "$root" worktree remove --force "$tree" 2>/dev/null || rm -rf "$tree"
    git -C "$root" worktree add --detach "$tree" "$c" >/dev/null
    cmake -S "$tree" -B "$tree/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DMEND_BUILD_TESTS=OFF \
        -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >"$log" 2>&1 &&
        cmake --build "$tree/build" -j2 --target mend_cli >>"$log" 2>&1
}

versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=($(seq 1 $((latest - 1))))
# Of the commits given, the first whose CLI builds in worktree $2 (printed).
first_that_builds() {
    local v=$1 tree=$2 candidate
    shift 2
    for candidate in "$@"; do
        echo "v$v: commit $candidate" >&2
        if build_cli "$tree" "$candidate" "$trees/v$v.build.log"; then
            echo "$candidate"
            return
        fi
        echo "v$v: commit $candidate does not build ($trees/v$v.build.log)" >&2
    done
}

for v in "${versions[@]}"; do
    candidates=(${commits[$v]:-})
    if [ ${#candidates[@]} -eq 0 ]; then
        echo "v$v: no commit on main has it as its newest migration; skipped" >&2
        continue
    fi
    tree=$trees/v$v
    c=
    if [ -x "$tree/build/mend" ]; then
        c=$(git -C "$tree" rev-parse HEAD)
    else
        c=$(first_that_builds "$v" "$tree" "${candidates[@]:0:5}")
        [ -n "$c" ] || c=$(first_that_builds "$v" "$tree" $(side_commits "$v" | head -5))
        if [ -z "$c" ]; then
            echo "v$v: no commit at v$v builds; skipped" >&2
            continue
        fi
    fi
    python3 "$out/write-fixture.py" --mend "$tree/build/mend" --version "$v" --commit "$c" \
        --out "$out"
    if [ "${MEND_KEEP_OLD_TREES:-0}" != 1 ]; then
        git -C "$root" worktree remove --force "$tree"
        rm -f "$trees/v$v.build.log"
    fi
done
