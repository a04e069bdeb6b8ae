#!/usr/bin/env bash
# Start or stop a throw-away PostgreSQL server for the test suites.
#   postgres.sh start DIR   -> prints the connection URL on stdout
#   postgres.sh stop DIR
#   postgres.sh kill DIR      -> SIGKILL the server and its processes (a crash)
#   postgres.sh restart DIR   -> start it again on its port (crash recovery)
# initdb refuses to run as root, so the cluster belongs to the unprivileged
# 'postgres' user (created by Debian's postgresql package) or to 'nobody'.
set -euo pipefail
cmd=${1:?start|stop}
dir=${2:?directory}
. "$(dirname "$0")/pg-common.sh"
bin=$(pg_bin)

case "$cmd" in
start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && { id postgres >/dev/null 2>&1 && chown postgres "$dir" || chown nobody "$dir"; }
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    as_owner "$bin/initdb" -D "$dir/data" -U mend --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    # MEND_PG_FSYNC=on for the crash tests (a killed server recovers from its WAL).
    echo "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=${MEND_PG_FSYNC:-off} -c recovery_init_sync_method=syncfs" >"$dir/options"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o "$(cat "$dir/options")" start >/dev/null \
        || { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U mend mend_test
    echo "$port" >"$dir/port"
    echo "postgresql://mend@127.0.0.1:$port/mend_test"
    ;;
stop)
    [ -d "$dir/data" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    ;;
kill)
    # The postmaster and every backend, at once, as a power cut would.
    pid=$(head -n 1 "$dir/data/postmaster.pid")
    kids=$(pgrep -P "$pid" || true)
    kill -KILL "$pid" $kids 2>/dev/null || true
    # Until they are reaped: PostgreSQL takes a zombie's pid in postmaster.pid
    # for a live server and would not start.
    for _ in $(seq 600); do
        alive=0
        for p in $pid $kids; do [ -e "/proc/$p" ] && alive=1; done
        [ "$alive" = 0 ] && break
        sleep 0.05
    done
    ;;
restart)
    # pg_ctl -w polls a crashed server's recovery slowly (seconds): poll it here.
    rm -f "$dir/data/postmaster.pid"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "$(cat "$dir/options")" start >/dev/null \
        || { tail -n 20 "$dir/server.log" >&2; exit 1; }
    for _ in $(seq 600); do
        "$bin/pg_isready" -q -U mend -d postgres -h 127.0.0.1 -p "$(cat "$dir/port")" && exit 0
        sleep 0.05
    done
    tail -n 20 "$dir/server.log" >&2
    exit 1
    ;;
*)
    echo "usage: postgres.sh start|stop|kill|restart DIR" >&2
    exit 2
    ;;
esac
