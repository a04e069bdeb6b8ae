#!/usr/bin/env bash
# PgBouncer (Debian's pgbouncer) in transaction pooling mode in front of a
# test server, for the pooler runs (issue 16).
#   pgbouncer.sh start DIR PG_URL -> runs pgbouncer as the unprivileged user on a
#                                    free loopback port; prints the URL through it
#                                    (same user and database as PG_URL)
#   pgbouncer.sh stop DIR
#   pgbouncer.sh run PG_URL COMMAND [ARG...]
#                                 -> starts one in a new temporary directory, runs
#                                    COMMAND with each @URL@ in its arguments replaced
#                                    by the URL through it and MEND_TEST_PG_POOLING=1
#                                    (the test suites' pooling switch), prints what
#                                    PgBouncer carried, stops it; COMMAND's status
# PG_URL is postgresql://USER@HOST:PORT/DB (postgres.sh prints one). Clients
# behind it must not keep session state or server-side prepared statements
# between transactions: mend's MEND_OPEN_TRANSACTION_POOLING.
set -euo pipefail
cmd=${1:?start|stop}
dir=${2:?directory}
bouncer=$(command -v pgbouncer || echo /usr/sbin/pgbouncer)
. "$(dirname "$0")/pg-common.sh"

case "$cmd" in
start)
    url=${3:?PG_URL}
    [ -x "$bouncer" ] || { echo "pgbouncer.sh: no pgbouncer found (apt-get install pgbouncer)" >&2; exit 1; }
    re='^postgres(ql)?://([^@/]+)@([^:/]+):([0-9]+)/([^?]+)'
    [[ $url =~ $re ]] || { echo "pgbouncer.sh: expected postgresql://USER@HOST:PORT/DB" >&2; exit 2; }
    user=${BASH_REMATCH[2]} host=${BASH_REMATCH[3]} port=${BASH_REMATCH[4]} db=${BASH_REMATCH[5]}
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && { id postgres >/dev/null 2>&1 && chown postgres "$dir" || chown nobody "$dir"; }
    listen=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    echo "\"$user\" \"\"" >"$dir/userlist.txt"
    cat >"$dir/pgbouncer.ini" <<EOF
[databases]
$db = host=$host port=$port dbname=$db user=$user

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $listen
unix_socket_dir =
auth_type = trust
auth_file = $dir/userlist.txt
admin_users = $user
pool_mode = transaction
max_client_conn = 500
default_pool_size = 20
max_db_connections = 40
server_reset_query =
server_check_delay = 0
; libpq sends these at connect; PgBouncer tracks the others itself
ignore_startup_parameters = extra_float_digits,options
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
EOF
    as_owner "$bouncer" -d "$dir/pgbouncer.ini" || { tail -n 20 "$dir/pgbouncer.log" >&2; exit 1; }
    for _ in $(seq 200); do
        python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.2)' "$listen" 2>/dev/null && break
        sleep 0.05
    done
    echo "$listen" >"$dir/port"
    echo "postgresql://$user@127.0.0.1:$listen/$db"
    ;;
run)
    url=$dir
    shift 2
    [ $# -gt 0 ] || { echo "pgbouncer.sh run: no command" >&2; exit 2; }
    tmp=$(mktemp -d /tmp/mend-pgbouncer.XXXXXX)
    rmdir "$tmp"
    through=$(bash "$0" start "$tmp" "$url")
    trap 'bash "$0" stop "$tmp"; rm -rf "$tmp"' EXIT
    args=()
    for a in "$@"; do args+=("${a//@URL@/$through}"); done
    echo "through PgBouncer (transaction pooling): $through" >&2
    status=0
    MEND_TEST_PG_POOLING=1 "${args[@]}" || status=$?
    # What went through it (SHOW STATS: database, total_xact_count, total_query_count, ...).
    admin=$(sed -n 's/^"\([^"]*\)".*/\1/p' "$tmp/userlist.txt")
    psql -X -q -A -t -F ' ' -h 127.0.0.1 -p "$(cat "$tmp/port")" -U "$admin" -d pgbouncer -c "SHOW STATS" 2>/dev/null |
        awk '$1 != "pgbouncer" { xacts += $2; queries += $3 }
             END { printf "PgBouncer carried %d transactions, %d queries\n", xacts, queries }' >&2 || true
    exit "$status"
    ;;
stop)
    if [ -f "$dir/pgbouncer.pid" ]; then
        pid=$(cat "$dir/pgbouncer.pid")
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 100); do
            [ -e "/proc/$pid" ] || break
            sleep 0.05
        done
    fi
    ;;
*)
    echo "usage: pgbouncer.sh start DIR PG_URL | stop DIR" >&2
    exit 2
    ;;
esac
