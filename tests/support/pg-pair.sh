#!/usr/bin/env bash
# A PostgreSQL primary and a synchronous standby on loopback, for the failover
# tests (issue 16). Each node is a postgres.sh server directory (DIR/a, DIR/b:
# data/, port, options, server.log), so postgres.sh kill|restart|stop work on
# a node too.
#   pg-pair.sh start DIR     -> initdb a primary (fsync on, wal_level=replica,
#                               synchronous_standby_names='*', synchronous_commit=on),
#                               pg_basebackup -R a standby on another port, start
#                               both; prints the multi-host URL (read-write target)
#   pg-pair.sh failover DIR  -> SIGKILL the primary and all its processes, promote
#                               the standby, wait until it is a primary, rebuild the
#                               old primary as its synchronous standby (pg_basebackup)
#                               and start it; prints the seconds each step took
#   pg-pair.sh restart DIR   -> SIGKILL the primary and start it again in place
#                               (crash recovery; no failover)
#   pg-pair.sh freeze DIR    -> SIGSTOP the primary's postmaster and SIGKILL its
#                               client backends: connections in use are lost, and a
#                               new one is accepted by the kernel but never answered
#                               (an unresponsive server: connect_timeout applies)
#   pg-pair.sh thaw DIR      -> SIGCONT it; it restarts after its lost backends
#                               (crash recovery) and gets its standby back
#   pg-pair.sh primary DIR   -> prints the primary's node directory
#   pg-pair.sh stop DIR
set -euo pipefail
cmd=${1:?start|failover|restart|freeze|thaw|primary|stop}
dir=${2:?directory}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/pg-common.sh"
bin=$(pg_bin)

# SQL on a node (its directory), one value out.
sql() {
    "$bin/psql" -X -q -t -A -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$(cat "$1/port")" -U mend -d postgres -c "$2"
}

# Until the primary (node dir $1) has a synchronous standby streaming to it.
wait_sync() {
    for _ in $(seq 600); do
        [ "$(sql "$1" "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming' AND sync_state = 'sync'" 2>/dev/null)" = 1 ] && return 0
        sleep 0.05
    done
    echo "pg-pair.sh: no synchronous standby streaming to $1" >&2
    tail -n 20 "$1/server.log" >&2
    return 1
}

# Makes node dir $2 a fresh standby of the primary node dir $1 and starts it.
make_standby() {
    local primary=$1 node=$2
    # The old copy is moved aside and deleted in the background: deleting
    # files on a disk mounted with `discard` can take seconds.
    if [ -d "$node/data" ]; then
        mv "$node/data" "$node/old.$(date +%s%N)"
        (as_owner rm -rf "$node"/old.* &) >/dev/null 2>&1
    fi
    mkdir -p "$node"
    [ "$(id -u)" = 0 ] && chown "$(stat -c %U "$primary/data")" "$node"
    # --no-sync: the copied files reach the disk at the kernel's pace (the
    # tests kill servers, never the machine); the WAL the standby receives
    # afterwards it flushes before it acknowledges a commit (fsync on).
    as_owner "$bin/pg_basebackup" -h 127.0.0.1 -p "$(cat "$primary/port")" -U mend -D "$node/data" \
        -R -X stream --checkpoint=fast --no-sync >"$node/basebackup.log" 2>&1 \
        || { cat "$node/basebackup.log" >&2; return 1; }
    # postgres.sh restart starts it on its port (its options file) and polls it.
    bash "$here/postgres.sh" restart "$node"
    wait_sync "$primary"
}

primary() { echo "$dir/$(cat "$dir/primary")"; }
standby() { [ "$(cat "$dir/primary")" = a ] && echo "$dir/b" || echo "$dir/a"; }

now() { date +%s%N; }
since() { echo $((($(date +%s%N) - $1) / 10000000)) | sed -E "s/(..)$/.\1/; s/^\./0./"; }

case "$cmd" in
start)
    [ -e "$dir" ] && { echo "pg-pair.sh: $dir exists" >&2; exit 1; }
    mkdir -p "$dir"
    # The primary: postgres.sh's server with fsync on (a killed primary's
    # commits must be on disk), then the settings both nodes share, written
    # before the standby is copied from it.
    MEND_PG_FSYNC=on bash "$here/postgres.sh" start "$dir/a" >/dev/null
    sql "$dir/a" "ALTER SYSTEM SET synchronous_standby_names = '*'" >/dev/null
    sql "$dir/a" "ALTER SYSTEM SET synchronous_commit = on" >/dev/null
    sql "$dir/a" "ALTER SYSTEM SET wal_level = replica" >/dev/null
    # A standby whose primary went away retries at once, not after 5 s.
    sql "$dir/a" "ALTER SYSTEM SET wal_retrieve_retry_interval = '100ms'" >/dev/null
    sql "$dir/a" "ALTER SYSTEM SET wal_receiver_status_interval = '1s'" >/dev/null
    echo a >"$dir/primary"
    # The standby's port and options: the primary's, on another port.
    mkdir -p "$dir/b"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    echo "$port" >"$dir/b/port"
    sed -e "s|-p [0-9]* -k [^ ]*|-p $port -k $dir/b|" "$dir/a/options" >"$dir/b/options"
    # Nothing commits until the standby is there (every commit would wait).
    sql "$dir/a" "SELECT pg_reload_conf()" >/dev/null
    make_standby "$dir/a" "$dir/b"
    echo "postgresql://mend@127.0.0.1:$(cat "$dir/a/port"),127.0.0.1:$(cat "$dir/b/port")/mend_test?target_session_attrs=read-write"
    ;;
failover)
    old=$(primary)
    new=$(standby)
    t0=$(now)
    bash "$here/postgres.sh" kill "$old"
    as_owner "$bin/pg_ctl" -D "$new/data" -w -t 60 promote >/dev/null
    for _ in $(seq 600); do
        [ "$(sql "$new" "SELECT pg_is_in_recovery()" 2>/dev/null)" = f ] && break
        sleep 0.02
    done
    [ "$(sql "$new" "SELECT pg_is_in_recovery()")" = f ] || { echo "pg-pair.sh: promotion failed" >&2; exit 1; }
    # It follows no one now (and its copy carries no stale primary_conninfo).
    sql "$new" "ALTER SYSTEM RESET primary_conninfo" >/dev/null
    basename "$new" >"$dir/primary"
    promoted=$(since "$t0")
    # Until the old primary is rebuilt as its standby, every commit on the new
    # primary waits (synchronous_commit): no write is reported committed
    # that lives on one server only.
    t1=$(now)
    make_standby "$new" "$old"
    echo "promoted in ${promoted} s, standby rebuilt in $(since "$t1") s"
    ;;
restart)
    node=$(primary)
    bash "$here/postgres.sh" kill "$node"
    bash "$here/postgres.sh" restart "$node"
    wait_sync "$node"
    ;;
freeze)
    node=$(primary)
    pm=$(head -n 1 "$node/data/postmaster.pid")
    kill -STOP "$pm"
    for p in $(pgrep -P "$pm" || true); do
        grep -q mend_test "/proc/$p/cmdline" 2>/dev/null && kill -KILL "$p" 2>/dev/null || true
    done
    ;;
thaw)
    node=$(primary)
    kill -CONT "$(head -n 1 "$node/data/postmaster.pid")"
    for _ in $(seq 600); do
        "$bin/pg_isready" -q -U mend -d postgres -h 127.0.0.1 -p "$(cat "$node/port")" && break
        sleep 0.05
    done
    wait_sync "$node"
    ;;
primary)
    primary
    ;;
stop)
    for node in a b; do
        [ -d "$dir/$node" ] && bash "$here/postgres.sh" stop "$dir/$node"
        rm -rf "$dir/$node"/old.*
    done
    ;;
*)
    echo "usage: pg-pair.sh start|failover|restart|freeze|thaw|primary|stop DIR" >&2
    exit 2
    ;;
esac
