#!/usr/bin/env bash
# parley_admin as an operator uses it, with the real programs: a backup of a running server's
# database, a restore refused while the server runs, and after a restart on the restored file the
# message sent before the backup is there and the one sent after it is not.
#
# Usage: run_admin_test.sh PATH/TO/parley_server PATH/TO/parley PATH/TO/parley_admin
set -euo pipefail

if (($# != 3)); then
  echo "usage: $0 PATH/TO/parley_server PATH/TO/parley PATH/TO/parley_admin" >&2
  exit 2
fi
server_bin=$1
cli_bin=$2
admin_bin=$3
tmp=$(mktemp -d)
server_pid=
cleanup() {
  if [[ -n $server_pid ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
db=$tmp/parley.db

start_server() {
  "$server_bin" --listen 127.0.0.1:0 --binary_listen "" --json_listen "" --db "$db" \
    >"$tmp/server.out" 2>>"$tmp/server.log" &
  server_pid=$!
  port=
  for _ in $(seq 100); do
    port=$(sed -n 's/^parley_server listening on port \([0-9][0-9]*\).*$/\1/p' "$tmp/server.out")
    [[ -n $port ]] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/server.log" >&2; exit 1; }
    sleep 0.1
  done
  [[ -n $port ]] || { echo "admin test: the server did not start" >&2; exit 1; }
  addr=127.0.0.1:$port
}
stop_server() {
  kill -TERM "$server_pid"
  wait "$server_pid" || true
  server_pid=
}
as() {
  local name=$1
  shift
  "$cli_bin" --server "$addr" --session "$tmp/$name.session" "$@"
}

start_server
for name in alice bob; do
  echo "pw-$name" | as "$name" register "$name" >/dev/null
done
as alice send bob "before the backup" >/dev/null
"$admin_bin" backup "$db" "$tmp/backup.db"
as alice send bob "after the backup" >/dev/null

status=0
"$admin_bin" restore "$tmp/backup.db" "$db" 2>"$tmp/restore.err" || status=$?
if ((status == 0)) || ! grep -q "in use by another server" "$tmp/restore.err"; then
  echo "admin test: a restore under a running server was not refused (exit $status):" >&2
  cat "$tmp/restore.err" >&2
  exit 1
fi

stop_server
"$admin_bin" restore "$tmp/backup.db" "$db"
start_server
echo "pw-bob" | as bob login bob >/dev/null
as bob read -n 10 >"$tmp/read.out"
if ! grep -q "before the backup" "$tmp/read.out" || grep -q "after the backup" "$tmp/read.out"; then
  echo "admin test: the restored server does not hold exactly the backup's messages:" >&2
  cat "$tmp/read.out" >&2
  exit 1
fi
echo "admin test: backup under a running server, refused restore, restore after stop: all as expected"
