#!/usr/bin/env bash
# libmend exports the C API and nothing else: every defined dynamic symbol
# starts with mend_ and carries the default version MEND_0 (mend_open@@MEND_0,
# from src/capi/mend.map), MEND_0 is the only version node, and the SONAME is
# libmend.so.0.
set -euo pipefail
lib=${1:?path to libmend.so}
node=MEND_0
# "name@@VERSION" for each defined dynamic symbol; the version node itself is
# an absolute symbol named after it, left out.
syms=$(nm -D --defined-only --with-symbol-versions "$lib" | awk '{print $NF}' |
    grep -v "^${node}\(@@${node}\)\?\$" || true)
others=$(printf '%s\n' "$syms" | grep -v '^mend_' || true)
unversioned=$(printf '%s\n' "$syms" | grep '^mend_' | grep -v "@@${node}\$" || true)
count=$(printf '%s\n' "$syms" | grep -c "^mend_[A-Za-z0-9_]*@@${node}\$" || true)
nodes=$(readelf -V -W "$lib" |
    awk '/Version definition/ {d=1} /Version needs/ {d=0} d && /Name:/ {print $NF}' |
    grep -v '^libmend' || true)
soname=$(objdump -p "$lib" | awk '/SONAME/ {print $2}')
status=0
if [ -n "$others" ]; then
    echo "exported symbols outside the C API:"; echo "$others"; status=1
fi
if [ -n "$unversioned" ]; then
    echo "mend_ symbols without the default version @@${node}:"; echo "$unversioned"; status=1
fi
if [ "$count" -eq 0 ]; then echo "no mend_*@@${node} symbol at all"; status=1; fi
if [ "$nodes" != "$node" ]; then
    echo "version nodes defined: '$nodes', expected only $node"; status=1
fi
if [ "$soname" != "libmend.so.0" ]; then
    echo "SONAME is '$soname', expected libmend.so.0"; status=1
fi
echo "$count mend_* symbols exported, all @@${node}; SONAME $soname"
exit $status
