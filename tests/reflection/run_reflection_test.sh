#!/usr/bin/env bash
# Runs reflection_test.mjs (a third-party Node.js gRPC client that learns the API through server
# reflection alone) against a fresh Parley server:
#   1. starts parley_server on a free loopback port with a database in a temporary directory,
#   2. registers alice and bob with the parley CLI and takes their session tokens,
#   3. installs the test's npm packages if tests/reflection/node_modules is missing,
#   4. runs the test with PARLEY_ADDR, ALICE_TOKEN and BOB_TOKEN set.
# The server is stopped and the temporary directory removed on exit, whatever happens. The exit
# code is the test's (non-zero also when the setup fails).
#
# Usage: run_reflection_test.sh PATH/TO/parley_server PATH/TO/parley
# Environment: NODE, the node binary to use (default: node from PATH).
set -euo pipefail

if (($# != 2)); then
  echo "usage: $0 PATH/TO/parley_server PATH/TO/parley" >&2
  exit 2
fi
server_bin=$1
cli_bin=$2
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

echo "reflection test: starting $server_bin"
"$server_bin" --listen 127.0.0.1:0 --binary_listen "" --json_listen "" --db "$tmp/p.db" --log_level debug >"$tmp/server.out" 2>"$tmp/server.log" &
server_pid=$!

# The server prints "parley_server listening on port N" once it accepts connections.
port=
for _ in $(seq 100); do
  port=$(sed -n 's/^parley_server listening on port \([0-9][0-9]*\).*$/\1/p' "$tmp/server.out")
  [[ -n $port ]] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "reflection test: parley_server exited before it was listening" >&2
    exit 1
  fi
  sleep 0.1
done
if [[ -z $port ]]; then
  echo "reflection test: parley_server did not report its port within 10 s" >&2
  exit 1
fi
addr=127.0.0.1:$port
echo "reflection test: server listening on $addr"

# `register` signs in too; the session file holds server, name and token, one per line.
for name in alice bob; do
  echo "password-of-$name" |
    "$cli_bin" --server "$addr" --session "$tmp/$name.session" register "$name"
done
alice_token=$(sed -n 3p "$tmp/alice.session")
bob_token=$(sed -n 3p "$tmp/bob.session")
if [[ -z $alice_token || -z $bob_token ]]; then
  echo "reflection test: no session token in the CLI's session files" >&2
  exit 1
fi

if [[ ! -d $here/node_modules ]]; then
  echo "reflection test: installing npm packages in $here"
  (cd "$here" && npm install --ignore-scripts --no-audit --no-fund)
fi

echo "reflection test: running reflection_test.mjs with $("$node_bin" --version)"
status=0
PARLEY_ADDR=$addr ALICE_TOKEN=$alice_token BOB_TOKEN=$bob_token \
  "$node_bin" "$here/reflection_test.mjs" || status=$?
# Every reflection call ended normally: a client's end of stream on the
# client-streaming ServerReflectionInfo is not a parse error.
if grep -q 'ServerReflectionInfo code=[^0]' "$tmp/server.log"; then
  echo "reflection test: the server ended reflection calls with an error:" >&2
  grep 'ServerReflectionInfo code=' "$tmp/server.log" >&2
  status=1
fi
# The server logged its calls (at debug), so the check above had lines to look at.
if ! grep -q 'ServerReflectionInfo OK' "$tmp/server.log"; then
  echo "reflection test: the server log shows no finished reflection call" >&2
  status=1
fi
exit "$status"
