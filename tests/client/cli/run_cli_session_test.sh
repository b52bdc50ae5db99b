#!/usr/bin/env bash
# What a newcomer meets with the real CLI against a real server:
#   - every word after a send's recipient is the message, flags and numbers included
#     (`send alice see you --yes tomorrow`, `send alice -1`);
#   - the server is remembered across logout and delete-account, so the next login goes where
#     the last one went; $PARLEY_SERVER chooses one when --server is not given;
#   - when the server cannot be reached, the error names the address and protocol it tried.
#
# Usage: run_cli_session_test.sh PATH/TO/parley_server PATH/TO/parley
set -euo pipefail

if (($# != 2)); then
  echo "usage: $0 PATH/TO/parley_server PATH/TO/parley" >&2
  exit 2
fi
server_bin=$1
cli_bin=$2
tmp=$(mktemp -d)
source "$(dirname "${BASH_SOURCE[0]}")/../../support/server.bash"
trap 'stop_server; rm -rf "$tmp"' EXIT
start_server "$server_bin"
server=127.0.0.1:$port

failed=0
fail() {
  echo "cli session test: FAILED: $*" >&2
  failed=1
}
# A CLI run with no --server: only the session file or $PARLEY_SERVER can say where to go.
as() {
  local name=$1
  shift
  "$cli_bin" --session "$tmp/$name.session" "$@"
}

echo "pw-alice" | "$cli_bin" --server "$server" --session "$tmp/alice.session" register alice \
  >/dev/null || fail "register alice with --server"
PARLEY_SERVER=$server as bob register bob <<<"pw-bob" >/dev/null ||
  fail "register bob with \$PARLEY_SERVER"

as bob send alice see you --yes tomorrow >/dev/null || fail "send with a flag-like word"
as bob send alice -1 >/dev/null || fail "send a negative number"
read_out=$(as alice read -n 10) || fail "alice read"
grep -q 'bob -> alice: see you --yes tomorrow$' <<<"$read_out" ||
  fail "the words after the recipient were not the message: $read_out"
grep -q 'bob -> alice: -1$' <<<"$read_out" || fail "'-1' was not the message: $read_out"

# Logged out, bob's next login goes to the same server without being told.
as bob logout >/dev/null || fail "bob logout"
as bob login bob <<<"pw-bob" >/dev/null || fail "login after logout did not find the server"
# And after deleting the account, registering again too.
as bob --yes delete-account >/dev/null || fail "bob delete-account"
as bob register bob <<<"pw-bob2" >/dev/null || fail "register after delete-account did not find the server"

# Nobody listens on this port: the error says where the CLI tried.
closed=127.0.0.1:1
if err=$("$cli_bin" --server "$closed" --session "$tmp/nobody.session" register carol \
  <<<"pw" 2>&1 >/dev/null); then
  fail "a command against $closed succeeded"
elif ! grep -q "cannot reach the Parley server at $closed over grpc" <<<"$err"; then
  fail "the error did not name $closed: $err"
fi

((failed == 0)) && echo "cli session test: passed"
exit "$failed"
