# Sourced by the shell tests that run a real parley_server: start_server starts one on a fresh
# SQLite file in $tmp on free loopback ports and sets server_pid and port (gRPC's); stop_server
# ends it. The caller sets tmp and removes it.

# start_server PATH/TO/parley_server [EXTRA FLAGS...]
start_server() {
  local bin=$1
  shift
  "$bin" --listen 127.0.0.1:0 --binary_listen "" --json_listen "" --db "$tmp/parley.db" "$@" \
    >"$tmp/server.out" 2>"$tmp/server.log" &
  server_pid=$!
  port=
  for _ in $(seq 100); do
    port=$(sed -n 's/^parley_server listening on port \([0-9][0-9]*\).*$/\1/p' "$tmp/server.out")
    [[ -n $port ]] && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "the server did not start:" >&2
  cat "$tmp/server.log" >&2
  return 1
}

stop_server() {
  if [[ -n ${server_pid:-} ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=
  fi
}
