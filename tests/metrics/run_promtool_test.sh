#!/usr/bin/env bash
# The metrics page as Prometheus reads it: a real server with --metrics_listen, a few real CLI
# calls (sign-ins, sends, a failure), then the page fetched over HTTP must pass Prometheus's own
# `promtool check metrics` (format and naming lint) and show the calls.
#
# Usage: run_promtool_test.sh PATH/TO/parley_server PATH/TO/parley PATH/TO/promtool
set -euo pipefail

if (($# != 3)); then
  echo "usage: $0 PATH/TO/parley_server PATH/TO/parley PATH/TO/promtool" >&2
  exit 2
fi
server_bin=$1
cli_bin=$2
promtool=$3
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

"$server_bin" --listen 127.0.0.1:0 --binary_listen 127.0.0.1:0 --json_listen 127.0.0.1:0 \
  --metrics_listen 127.0.0.1:0 --db "$tmp/parley.db" >"$tmp/server.out" 2>"$tmp/server.log" &
server_pid=$!
port=
for _ in $(seq 100); do
  port=$(sed -n 's/^parley_server listening on port \([0-9][0-9]*\).*$/\1/p' "$tmp/server.out")
  [[ -n $port ]] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/server.log" >&2; exit 1; }
  sleep 0.1
done
[[ -n $port ]] || { echo "promtool test: the server did not start" >&2; exit 1; }
metrics_port=$(sed -n 's/^parley_server metrics on port \([0-9][0-9]*\)$/\1/p' "$tmp/server.out")
[[ -n $metrics_port ]] || { echo "promtool test: no metrics port was printed" >&2; exit 1; }

as() {
  local name=$1
  shift
  "$cli_bin" --server "127.0.0.1:$port" --session "$tmp/$name.session" "$@"
}
for name in alice bob; do
  echo "pw-$name" | as "$name" register "$name" >/dev/null
done
as alice send bob "hello" >/dev/null
as alice send nobody "lost" >/dev/null 2>&1 || true

# bash's /dev/tcp keeps the test free of an HTTP client; HTTP/1.0 makes the server close.
exec 3<>"/dev/tcp/127.0.0.1/$metrics_port"
printf 'GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
cat <&3 >"$tmp/response"
exec 3<&-
head -n 1 "$tmp/response" | grep -q ' 200 ' || {
  echo "promtool test: GET /metrics did not answer 200:" >&2
  head -n 5 "$tmp/response" >&2
  exit 1
}
# The body follows the first empty line.
sed '1,/^\r$/d' "$tmp/response" >"$tmp/metrics.txt"

if ! "$promtool" check metrics <"$tmp/metrics.txt" >"$tmp/promtool.out" 2>&1; then
  echo "promtool test: promtool check metrics found problems:" >&2
  cat "$tmp/promtool.out" >&2
  exit 1
fi
expect() {
  grep -qF "$1" "$tmp/metrics.txt" || {
    echo "promtool test: the page lacks: $1" >&2
    exit 1
  }
}
expect 'parley_calls_total{protocol="grpc",method="/chat.v1.MessageService/SendMessage",code="OK"} 1'
expect 'parley_calls_total{protocol="grpc",method="/chat.v1.MessageService/SendMessage",code="NOT_FOUND"} 1'
expect 'parley_messages_stored_total 1'
echo "promtool test: $(grep -c '^[a-z]' "$tmp/metrics.txt") samples, promtool check metrics clean"
