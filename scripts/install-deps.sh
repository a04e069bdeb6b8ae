#!/usr/bin/env bash
# Installs the Debian 12 packages mend builds and tests with, if any is missing.
# Needs root for apt-get; a machine that has them all needs nothing.
set -euo pipefail
packages=(
    build-essential cmake pkg-config ccache file
    libsoci-dev libfmt-dev libboost-dev nlohmann-json3-dev libsodium-dev
    libhowardhinnant-date-dev tzdata
    libsqlite3-dev sqlite3 libpq-dev
    catch2 postgresql postgresql-client pgbouncer
    python3 python3-pytest python3-setuptools python3-pip python3-jsonschema
    abigail-tools doxygen
    clang-14 libclang-rt-14-dev
)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "installing: ${missing[*]}" >&2
    if [ "$(id -u)" != 0 ]; then
        echo "install-deps.sh: run as root (or install these packages) first" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
