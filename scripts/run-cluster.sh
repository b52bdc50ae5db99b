#!/usr/bin/env bash
# Parley as a cluster on one box, for trying it: a throw-away PostgreSQL (scripts/pg-dev.sh) and
# three parley_server instances on it, each with its own loopback ports for gRPC, the binary
# protocol and JSON. A message sent through any instance reaches streams on all of them. Ctrl-C
# stops the instances and PostgreSQL and removes its data.
#
#   run-cluster.sh [N]   N instances (default 3); instance i (1..N) listens on
#                        127.0.0.1:5i051 (gRPC), 5i052 (binary) and 5i053 (JSON)
#
# Set PARLEY_CLUSTER_BASE_PORT to move the ports (default 50000: instance i uses base+1000*i+51..53).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
count=${1:-3}
base=${PARLEY_CLUSTER_BASE_PORT:-50000}
if ! [[ $count =~ ^[1-9]$ ]]; then
  echo "run-cluster: N must be 1 to 9" >&2
  exit 2
fi

build_dir=${PARLEY_BUILD_DIR:-$root/build}
if [[ ${PARLEY_CLUSTER_INSIDE_PG:-} != 1 ]]; then
  "$root/scripts/install-deps.sh"
  if [[ -f $build_dir/CMakeCache.txt ]]; then
    # An existing build keeps its configuration (tests, -Werror): only these targets are made.
    cmake --build "$build_dir" -j "$(nproc)" --target parley_server parley
  else
    PARLEY_BUILD_TESTS=OFF "$root/scripts/build.sh" parley_server parley
  fi
  # pg-dev.sh stops and removes PostgreSQL when this script (run inside it) ends.
  exec env PARLEY_CLUSTER_INSIDE_PG=1 "$root/scripts/pg-dev.sh" run -- "${BASH_SOURCE[0]}" "$@"
fi

server=$build_dir/parley_server
cli=$build_dir/parley
pids=()
stop_all() {
  trap - INT TERM EXIT
  echo "run-cluster: stopping ${#pids[@]} instances"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for ((i = 1; i <= count; i++)); do
  port=$((base + 1000 * i))
  # A session of its own, so that Ctrl-C reaches this script alone and it stops the instances.
  setsid "$server" --db "$PARLEY_TEST_PG_URL" \
    --listen "127.0.0.1:$((port + 51))" --binary_listen "127.0.0.1:$((port + 52))" \
    --json_listen "127.0.0.1:$((port + 53))" >"/dev/null" 2> >(sed "s/^/[instance $i] /" >&2) &
  pids+=($!)
done

echo "run-cluster: PostgreSQL at $PARLEY_TEST_PG_URL"
for ((i = 1; i <= count; i++)); do
  port=$((base + 1000 * i))
  echo "run-cluster: instance $i: gRPC 127.0.0.1:$((port + 51)), binary $((port + 52)), JSON $((port + 53))"
done
first=$((base + 1051))
last=$((base + 1000 * count + 51))
cat <<EOT
run-cluster: try it, one terminal per line (each account keeps its session in its own file):
  $cli --session /tmp/alice.session --server 127.0.0.1:$first register alice
  $cli --session /tmp/bob.session --server 127.0.0.1:$last register bob
  $cli --session /tmp/bob.session watch     # bob's live stream, on instance $count
  $cli --session /tmp/alice.session send bob hello from instance 1
run-cluster: Ctrl-C stops everything
EOT
wait -n "${pids[@]}" || true
echo "run-cluster: an instance exited; stopping the rest" >&2
exit 1
