#!/usr/bin/env bash
# libmend exports the C API and nothing else: every defined dynamic symbol
# starts with mend_, and the SONAME is libmend.so.0.
set -euo pipefail
lib=${1:?path to libmend.so}
others=$(nm -D --defined-only "$lib" | awk '{print $NF}' | grep -v '^mend_' || true)
count=$(nm -D --defined-only "$lib" | awk '{print $NF}' | grep -c '^mend_')
soname=$(objdump -p "$lib" | awk '/SONAME/ {print $2}')
status=0
if [ -n "$others" ]; then echo "exported symbols outside the C API:"; echo "$others"; status=1; fi
if [ "$soname" != "libmend.so.0" ]; then echo "SONAME is '$soname', expected libmend.so.0"; status=1; fi
echo "$count mend_* symbols exported; SONAME $soname"
exit $status
