#!/usr/bin/env bash
# Smoke test of the real desktop window. Starts parley_server on a free port with a fresh
# database, registers alice, bob and carol with the CLI and has them write to bob, then runs
# parley_gui under Xvfb with a script that signs bob in, opens alice's conversation, reads her
# unread messages, answers, and saves a screenshot. Passes when the script succeeded (it waits
# for the texts in the view-model), alice sees the answer through the CLI, bob's messages from
# alice are read, and the screenshot is not blank. Everything it starts is stopped on exit.
#
# Usage: gui_smoke_test.sh PARLEY_SERVER PARLEY_CLI PARLEY_GUI GUI_PNG_CHECK
# PARLEY_SCREENSHOT_OUT=FILE keeps the screenshot (docs/gui-screenshot.png is made this way).
set -euo pipefail

if (($# != 4)); then
  echo "usage: $0 PARLEY_SERVER PARLEY_CLI PARLEY_GUI GUI_PNG_CHECK" >&2
  exit 2
fi
server_bin=$1
cli=$2
gui=$3
png_check=$4

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# A missing Xvfb is a failure, never a skip.
command -v xvfb-run >/dev/null ||
  fail "xvfb-run is not installed (scripts/install-deps.sh installs xvfb and xauth)"

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [[ -n $server_pid ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "smoke: starting parley_server with a fresh database"
"$server_bin" --listen 127.0.0.1:0 --binary_listen "" --json_listen "" --db "$work/parley.db" --log_level warning \
  >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's/^parley_server listening on port \([0-9]*\).*$/\1/p' "$work/server.out")
  [[ -n $port ]] && break
  kill -0 "$server_pid" 2>/dev/null || fail "parley_server exited: $(cat "$work/server.err")"
  sleep 0.1
done
[[ -n $port ]] || fail "parley_server did not report its port"
address=127.0.0.1:$port

as() {
  local who=$1
  shift
  "$cli" --server "$address" --session "$work/$who.session" "$@"
}

echo "smoke: registering alice, bob and carol and writing to bob with the CLI"
for who in alice bob carol; do echo "pw-$who" | as "$who" register "$who" >/dev/null; done
as alice send bob "Hi Bob! Are we still on for lunch tomorrow?" >/dev/null
as bob send alice "Yes! Where do you want to go?" >/dev/null
as alice send bob "The new place on Rue Cler. Dmitri says Привет, Eleni says Γειά σου!" >/dev/null
as alice send bob "Grüße from Zoë too: ça va?" >/dev/null
as carol send bob "The slides for Monday are ready." >/dev/null

reply="Perfect, see you all at 12:30 ✓"
cat >"$work/script" <<EOF
connect $address
login bob pw-bob
open alice
read 10
wait_for lunch tomorrow
wait_for Γειά σου
wait_for ça va?
send $reply
wait_live
screenshot $work/window.png
quit
EOF

echo "smoke: running parley_gui under Xvfb"
if ! timeout 120 xvfb-run -a -s '-screen 0 1280x800x24' \
  "$gui" --server "$address" --script "$work/script" >"$work/gui.out" 2>"$work/gui.err"; then
  cat "$work/gui.out" "$work/gui.err" >&2
  fail "parley_gui's script did not complete"
fi
cat "$work/gui.out"

echo "smoke: checking what the server holds"
as alice history bob | grep -qF "bob -> alice: $reply" ||
  fail "alice does not see the reply sent from the window"
as bob conversations | grep -q "^alice: 0 unread of 5;" ||
  fail "alice's messages were not marked read: $(as bob conversations)"
as bob conversations | grep -q "^carol: 1 unread of 1;" ||
  fail "carol's message should still be unread: $(as bob conversations)"

echo "smoke: checking the screenshot"
[[ -s $work/window.png ]] || fail "no screenshot was written"
"$png_check" "$work/window.png" || fail "the screenshot is blank"
if [[ -n ${PARLEY_SCREENSHOT_OUT:-} ]]; then
  cp "$work/window.png" "$PARLEY_SCREENSHOT_OUT"
  echo "smoke: kept the screenshot as $PARLEY_SCREENSHOT_OUT"
fi
echo "smoke: PASS"
