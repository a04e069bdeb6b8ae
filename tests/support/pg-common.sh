# Sourced by postgres.sh, pg-pair.sh and pgbouncer.sh: where Debian's
# PostgreSQL server programs are (pg_bin), and as_owner CMD, which runs CMD
# as the unprivileged user that owns the test clusters (initdb refuses root):
# 'postgres' (made by Debian's postgresql package), else 'nobody'.
pg_bin() {
    local bin
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -x "$bin/initdb" ] || { echo "$(basename "$0"): no PostgreSQL server found (apt-get install postgresql)" >&2; return 1; }
    echo "$bin"
}

as_owner() {
    if [ "$(id -u)" = 0 ]; then
        local user=postgres
        id "$user" >/dev/null 2>&1 || user=nobody
        runuser -u "$user" -- "$@"
    else
        "$@"
    fi
}
