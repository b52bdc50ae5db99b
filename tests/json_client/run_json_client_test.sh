#!/usr/bin/env bash
# Runs json_client_test.mjs (a Node.js client of the JSON protocol that uses no Parley code and
# no npm package, with its own SCRAM-SHA-256) against a fresh Parley server:
#   1. starts parley_server with its JSON listener on a free loopback port and a database in a
#      temporary directory,
#   2. reads the ports from its "parley_server listening on port N (binary B, json J)" line,
#   3. runs the test with PARLEY_JSON_ADDR set.
# The server is stopped and the temporary directory removed on exit, whatever happens. The exit
# code is the test's (non-zero also when the setup fails).
#
# Usage: run_json_client_test.sh PATH/TO/parley_server
# Environment: NODE, the node binary to use (default: node from PATH).
set -euo pipefail

if (($# != 1)); then
  echo "usage: $0 PATH/TO/parley_server" >&2
  exit 2
fi
server_bin=$1
node_bin=${NODE:-node}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

tmp=$(mktemp -d)
server_pid=
cleanup() {
  local status=$?
  if [[ -n $server_pid ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if ((status != 0)) && [[ -s $tmp/server.log ]]; then
    echo "--- last lines of the server log ---" >&2
    tail -n 20 "$tmp/server.log" >&2
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
# Turn signals into a normal exit so that the EXIT trap above runs for them too.
trap 'exit 130' INT
trap 'exit 143' TERM

echo "json client test: starting $server_bin"
"$server_bin" --listen 127.0.0.1:0 --binary_listen "" --json_listen 127.0.0.1:0 \
  --db "$tmp/p.db" >"$tmp/server.out" 2>"$tmp/server.log" &
server_pid=$!

json_port=
for _ in $(seq 100); do
  json_port=$(sed -n 's/^parley_server listening on port [0-9]* (binary [0-9]*, json \([0-9][0-9]*\))$/\1/p' \
    "$tmp/server.out")
  [[ -n $json_port ]] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "json client test: parley_server exited before it was listening" >&2
    exit 1
  fi
  sleep 0.1
done
if [[ -z $json_port || $json_port == 0 ]]; then
  echo "json client test: parley_server did not report a JSON port within 10 s" >&2
  exit 1
fi
echo "json client test: JSON protocol on 127.0.0.1:$json_port"

echo "json client test: running json_client_test.mjs with $("$node_bin" --version)"
PARLEY_JSON_ADDR=127.0.0.1:$json_port "$node_bin" "$here/json_client_test.mjs"
