#!/usr/bin/env bash
# What the real CLI prints against a real server where the answer is empty or paged: `read` and
# `history` with nothing to show say so in plain words, and the "more" hint of `users` keeps the
# --page_size the user gave.
#
# Usage: run_cli_output_test.sh PATH/TO/parley_server PATH/TO/parley
set -euo pipefail

if (($# != 2)); then
  echo "usage: $0 PATH/TO/parley_server PATH/TO/parley" >&2
  exit 2
fi
server_bin=$1
cli_bin=$2
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

"$server_bin" --listen 127.0.0.1:0 --binary_listen "" --json_listen "" --db "$tmp/parley.db" \
  >"$tmp/server.out" 2>"$tmp/server.log" &
server_pid=$!
port=
for _ in $(seq 100); do
  port=$(sed -n 's/^parley_server listening on port \([0-9][0-9]*\).*$/\1/p' "$tmp/server.out")
  [[ -n $port ]] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/server.log" >&2; exit 1; }
  sleep 0.1
done
[[ -n $port ]] || { echo "cli output test: the server did not start" >&2; exit 1; }
as() {
  local name=$1
  shift
  "$cli_bin" --server "127.0.0.1:$port" --session "$tmp/$name.session" "$@"
}
for name in alice bob carol; do
  echo "pw-$name" | as "$name" register "$name" >/dev/null
done

failed=0
# expect PATTERN COMMAND...: the command succeeds and prints PATTERN (grep -E) on stdout.
expect() {
  local pattern=$1 output
  shift
  if ! output=$("$@"); then
    echo "cli output test: FAILED: '$*' failed" >&2
    failed=1
  elif ! grep -Eq -- "$pattern" <<<"$output"; then
    echo "cli output test: FAILED: '$*' did not print /$pattern/:"$'\n'"$output" >&2
    failed=1
  else
    echo "cli output test: '$*' -> /$pattern/"
  fi
}
expect '^No unread messages\.$' as alice read
expect '^No unread messages from bob\.$' as alice read --from bob
expect '^No messages with bob\.$' as alice history bob
expect "^more: parley users '\*' --page_size 1 --page_token [A-Za-z0-9_=-]+$" \
  as alice users --page_size 1
as bob send alice "one" >/dev/null
as bob send alice "two" >/dev/null
expect "^older: parley history bob --page_size 1 --page_token [A-Za-z0-9_=-]+$" \
  as alice history bob --page_size 1
exit "$failed"
