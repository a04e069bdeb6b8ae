#!/usr/bin/env bash
# small-disk.sh SIZE CMD [ARGS...]: runs CMD ARGS DIR, where DIR is a new tmpfs
# of SIZE (e.g. 4m), for the disk-full tests; unmounts it after. Mounting needs
# root, or else a user namespace (unshare -rm) where the kernel allows one.
set -euo pipefail
size=${1:?size}
shift
if [ "$(id -u)" != 0 ] && [ -z "${MEND_SMALL_DISK_NS:-}" ]; then
    exec env MEND_SMALL_DISK_NS=1 unshare -rm bash "$0" "$size" "$@"
fi
dir=$(mktemp -d /tmp/mend-small-disk.XXXXXX)
cleanup() { umount "$dir" 2>/dev/null || true; rmdir "$dir"; }
trap cleanup EXIT
mount -t tmpfs -o "size=$size" tmpfs "$dir"
"$@" "$dir"
