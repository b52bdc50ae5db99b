#!/usr/bin/env bash
# What a newcomer meets first: --help lists the program's own flags with their defaults and exits
# 0, --version exits 0, and a bad flag or argument stops the program with a message naming it.
#
# Usage: run_command_line_test.sh PATH/TO/parley_server PATH/TO/parley
set -euo pipefail

if (($# != 2)); then
  echo "usage: $0 PATH/TO/parley_server PATH/TO/parley" >&2
  exit 2
fi
server=$1
cli=$2
failed=0
fail() {
  echo "command line test: FAILED: $*" >&2
  failed=1
}
# expect_exit CODE PATTERN COMMAND...: the command exits CODE and prints PATTERN (grep -E) on
# stdout or stderr.
expect_exit() {
  local code=$1 pattern=$2 status=0
  shift 2
  local output
  output=$("$@" 2>&1) || status=$?
  if ((status != code)); then
    fail "'$*' exited $status, not $code"
  elif ! grep -Eq -- "$pattern" <<<"$output"; then
    fail "'$*' did not print /$pattern/:"$'\n'"$output"
  else
    echo "command line test: '$*' -> exit $status, /$pattern/"
  fi
}

expect_exit 0 '--db  SQLite database file.*\(default: parley\.db\)' "$server" --help
expect_exit 0 '--listen .*\(default: 127\.0\.0\.1:50051\)' "$server" -h
expect_exit 0 '^parley_server [0-9]+\.[0-9]+\.[0-9]+ \(API chat\.v1\)$' "$server" --version
expect_exit 1 "Unknown command line flag 'no_such_flag'" "$server" --no_such_flag
expect_exit 1 "Illegal value 'many' specified for flag 'workers'" "$server" --workers=many
expect_exit 2 'takes no arguments.*unexpected: stray' "$server" stray
# Values of the right type that the server cannot serve are named, each for itself.
expect_exit 2 '^--io_threads must be between 1 and 64 \(got 0\)$' "$server" --io_threads=0
expect_exit 2 '^--max_message_chars must be between 1 and 16000 \(got 100000\)$' \
  "$server" --max_message_chars=100000
expect_exit 2 '^--min_scram_iterations must be between 4096 and' \
  "$server" --min_scram_iterations=1000
expect_exit 2 '^--max_read_limit must be between 1 and 1000 \(got -5\)$' \
  "$server" --max_read_limit=-5
expect_exit 2 '^--session_ttl must be between 1m and' "$server" --session_ttl=0s
# The flag file docs/deploy/ shows is one the server reads.
expect_exit 0 '^parley_server [0-9]+\.' "$server" \
  --flagfile="$(dirname "${BASH_SOURCE[0]}")/../../docs/deploy/parley.flags" --version

expect_exit 0 'send NAME TEXT' "$cli" --help
expect_exit 0 '--server  server address' "$cli" --help
expect_exit 0 '^parley [0-9]+\.[0-9]+\.[0-9]+ \(API chat\.v1\)$' "$cli" --version
expect_exit 1 "Unknown command line flag 'no_such_flag'" "$cli" --no_such_flag

exit "$failed"
