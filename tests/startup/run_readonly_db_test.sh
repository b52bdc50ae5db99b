#!/usr/bin/env bash
# A server that can read its SQLite file but not write it refuses to start and names the file,
# rather than answering health checks as SERVING while every send and sign-in fails.
#   1. starts parley_server once on a fresh database and stops it, so the file is a real one,
#   2. makes the file read-only to the user the server runs as next (as root, whom permissions do
#      not stop, that user is `nobody`; otherwise the current user, with the file made 0444),
#   3. starts the server again and expects it to exit non-zero with a message naming the file.
#
# Usage: run_readonly_db_test.sh PATH/TO/parley_server
set -euo pipefail

if (($# != 1)); then
  echo "usage: $0 PATH/TO/parley_server" >&2
  exit 2
fi
server_bin=$1
# Under /var/tmp, not $TMPDIR: /tmp is mode 0700 on some machines, and `nobody` (below) must reach
# the directory.
tmp=$(mktemp -d /var/tmp/parley-readonly.XXXXXX)
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
flags=(--listen 127.0.0.1:0 --binary_listen "" --json_listen "" --db "$db")

"$server_bin" "${flags[@]}" >"$tmp/first.out" 2>"$tmp/first.log" &
server_pid=$!
for _ in $(seq 100); do
  grep -q '^parley_server listening on port' "$tmp/first.out" && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "readonly test: the first server exited before it was listening:" >&2
    cat "$tmp/first.log" >&2
    exit 1
  fi
  sleep 0.1
done
kill -TERM "$server_pid"
wait "$server_pid" || true
server_pid=
[[ -s $db ]] || { echo "readonly test: the first server left no database" >&2; exit 1; }

# The directory stays writable (the server may create its lock file there); the file does not.
run_as=()
if [[ $(id -u) -eq 0 ]]; then
  chmod 1777 "$tmp"
  chmod 0644 "$db"
  run_as=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
else
  chmod 0444 "$db"
fi

status=0
timeout 20 "${run_as[@]}" "$server_bin" "${flags[@]}" >"$tmp/second.out" 2>"$tmp/second.log" ||
  status=$?
if ((status == 0 || status == 124)); then
  echo "readonly test: the server started on a database it cannot write (exit $status)" >&2
  cat "$tmp/second.out" "$tmp/second.log" >&2
  exit 1
fi
if ! grep -q "cannot write the database $db" "$tmp/second.log"; then
  echo "readonly test: the server exited ($status) without naming the read-only file:" >&2
  cat "$tmp/second.log" >&2
  exit 1
fi
if grep -q '^parley_server listening' "$tmp/second.out"; then
  echo "readonly test: the server said it was listening before it gave up" >&2
  exit 1
fi
echo "readonly test: refused as expected: $(grep -m1 'cannot write' "$tmp/second.log")"
