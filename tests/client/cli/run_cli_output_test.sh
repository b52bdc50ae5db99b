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
source "$(dirname "${BASH_SOURCE[0]}")/../../support/server.bash"
trap 'stop_server; rm -rf "$tmp"' EXIT
start_server "$server_bin"
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
