#!/usr/bin/env bash
# Quick start, command 2: install what is missing, build, start a throw-away
# PostgreSQL server, and run every test (C API, unit, store suites on SQLite
# and PostgreSQL, Python) under ctest; then the same C/C++ suites under
# AddressSanitizer + UndefinedBehaviorSanitizer, the fuzz harnesses for a
# bounded time and the concurrency tests under ThreadSanitizer
# (scripts/test-sanitizers.sh). The server is stopped on exit.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"

pgdir=$(mktemp -d /tmp/mend-pg.XXXXXX)
cleanup() { "$root/tests/support/postgres.sh" stop "$pgdir"; rm -rf "$pgdir"; }
trap cleanup EXIT
url=$("$root/tests/support/postgres.sh" start "$pgdir")
echo "PostgreSQL test server: $url"

"$root/scripts/build.sh" -DMEND_BUILD_TESTS=ON -DMEND_TEST_PG_URL="$url"
cd "$root/build"
status=0
ctest --output-on-failure -j2 || status=1
"$root/scripts/test-sanitizers.sh" "$url" || status=1
exit "$status"
