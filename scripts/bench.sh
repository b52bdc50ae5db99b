#!/usr/bin/env bash
# Runs Parley's benchmarks (bench/README.md explains them). Builds the release server and the
# load generator, then, for each scenario, starts a fresh server on a temporary database, runs
# the scenario against it and stops it. Writes CSV, JSON, Markdown, PNG plots (gnuplot) and a
# description of the machine into bench/results/.
#
#   bash scripts/bench.sh            the full run (about four minutes on two cores)
#   bash scripts/bench.sh --smoke    a tiny run (a few hundred messages) that checks
#                                    exactly-once delivery and storage; ctest runs it
#
# Options:
#   --out DIR          where results go (default bench/results; a temporary directory, removed
#                      afterwards, for --smoke)
#   --scenarios LIST   comma-separated subset of efficiency,scaling,sustained,subscribers
#                      (sustained includes the no-op floor, measured in the same run)
#   --protocols LIST   comma-separated subset of grpc,binary,json (default: all three); each
#                      scenario runs once per protocol, against the same server build, one
#                      after another, and the results are compared in comparison.md
#   --server PATH      a built parley_server, and
#   --bench PATH       a built parley_bench: with both, nothing is built
#   --workers N        the server's --workers (default: the server's own default)
#   --                 everything after goes to parley_bench as extra flags
#
# Exit status: non-zero when a correctness check failed (a message lost, repeated, misrouted
# or not stored) or a step could not run. Missed performance targets are reported, not fatal.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
smoke=0
out=""
scenarios="efficiency,scaling,sustained,subscribers"
protocols="grpc,binary,json"
server_bin=""
bench_bin=""
workers=""
extra=()
while (($# > 0)); do
  case "$1" in
    --smoke) smoke=1 ;;
    --out) out=$2; shift ;;
    --scenarios) scenarios=$2; shift ;;
    --protocols) protocols=$2; shift ;;
    --server) server_bin=$2; shift ;;
    --bench) bench_bin=$2; shift ;;
    --workers) workers=$2; shift ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

if [[ -z $server_bin || -z $bench_bin ]]; then
  echo "bench: building parley_server and parley_bench (Release)"
  PARLEY_JOBS=${PARLEY_JOBS:-2} "$root/scripts/build.sh" parley_server parley_bench
  build_dir=${PARLEY_BUILD_DIR:-$root/build}
  server_bin=$build_dir/parley_server
  bench_bin=$build_dir/bench/parley_bench
fi
for bin in "$server_bin" "$bench_bin"; do
  [[ -x $bin ]] || { echo "bench: $bin is not an executable" >&2; exit 2; }
done

# Every connection and stream is a file descriptor, in the bench and in the server.
ulimit -n "$(ulimit -Hn)"

scratch=$(mktemp -d "${TMPDIR:-/tmp}/parley-bench.XXXXXX")
server_pid=""
cleanup() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT

if [[ -z $out ]]; then
  if ((smoke)); then out=$scratch/results; else out=$root/bench/results; fi
fi
mkdir -p "$out"
IFS=',' read -r -a wanted <<<"$scenarios"
IFS=',' read -r -a protocol_list <<<"$protocols"
for protocol in "${protocol_list[@]}"; do
  case $protocol in
    grpc|binary|json) ;;
    *) echo "bench: unknown protocol $protocol (grpc, binary or json)" >&2; exit 2 ;;
  esac
done
# The results directory holds the latest run only: a directory per protocol, and the comparison
# and the summary of all of them at the top.
for dir in "$out" "$out"/grpc "$out"/binary "$out"/json; do
  rm -f "$dir"/*.csv "$dir"/*.json "$dir"/*.md "$dir"/*.tsv "$dir"/*.png "$dir"/machine.txt
done
rmdir "$out"/grpc "$out"/binary "$out"/json 2>/dev/null || true

# Starts a fresh server on a new database; sets server_pid and port[grpc|binary|json].
declare -A port
start_server() {
  local dir=$scratch/server-$1
  mkdir -p "$dir"
  local args=(--listen 127.0.0.1:0 --db "$dir/parley.db" --log_level warning)
  # Socket listeners only when measured, so that --protocols grpc also runs a server from
  # before the socket protocols existed (an old build, for a before-and-after pair).
  [[ ,$protocols, == *,binary,* || ,$protocols, == *,json,* ]] &&
    args+=(--binary_listen 127.0.0.1:0 --json_listen 127.0.0.1:0)
  [[ -n $workers ]] && args+=(--workers "$workers")
  "$server_bin" "${args[@]}" >"$dir/stdout" 2>"$dir/server.log" &
  server_pid=$!
  local line=""
  for _ in $(seq 1 200); do
    line=$(sed -n 's/^parley_server listening on port \([0-9]*\)\( (binary \([0-9]*\), json \([0-9]*\))\)\{0,1\}.*$/\1 \3 \4/p' "$dir/stdout")
    if [[ -n $line ]]; then
      read -r 'port[grpc]' 'port[binary]' 'port[json]' <<<"$line"
      return 0
    fi
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.05
  done
  echo "bench: the server did not start; its log:" >&2
  cat "$dir/server.log" >&2
  exit 1
}

# Stops the server, drops its database and waits for the disk: the hundreds of megabytes a
# scaling run leaves dirty in the page cache would otherwise be written back during the next
# scenario (seen: in three full runs the no-op floor, which runs after the scaling scenario,
# missed p99 <= 5 ms at 1,500-5,000 calls/s; with this, 24,000/s).
stop_server() {
  kill -TERM "$server_pid"
  wait "$server_pid" || true
  server_pid=""
  rm -f "$scratch/server-$1/parley.db"*
  sync
}

# Writes what the results were measured on.
describe_machine() {
  {
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "nproc: $(nproc)"
    echo "cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
    echo "kernel: $(uname -srm)"
    echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
    echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "grpc: $(dpkg-query -W -f='${Version}' libgrpc++-dev 2>/dev/null || echo unknown)"
    echo "sqlite: $(dpkg-query -W -f='${Version}' libsqlite3-dev 2>/dev/null || echo unknown)"
    echo "commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(
      [[ -n $(git -C "$root" status --porcelain -- . ':!bench/results' 2>/dev/null) ]] &&
        echo " (with uncommitted changes)")"
    echo "server: $server_bin${workers:+ --workers $workers}"
    echo "mode: $( ((smoke)) && echo smoke || echo full)"
  } >"$out/machine.txt"
}

json_string() {
  local s=${1//\\/\\\\}
  s=${s//\"/\\\"}
  printf '"%s"' "$s"
}

describe_machine
if awk '{exit !($1 > 1.5)}' /proc/loadavg; then
  echo "bench: note: load average is $(cut -d' ' -f1 /proc/loadavg) before the run; other work on" \
    "this machine will show in the results (machine.txt records it)"
fi
status=0
n=0
runs=$((${#wanted[@]} * ${#protocol_list[@]}))
started=$(date +%s)
# Scenario by scenario, each protocol in turn, so that drift in the machine's load spreads over
# all protocols instead of landing on one.
for scenario in "${wanted[@]}"; do
  case $scenario in
    efficiency|scaling|subscribers) flags=(--scenarios "$scenario") ;;
    sustained|floor) flags=(--scenarios sustained,floor) ;;
    *) echo "bench: unknown scenario $scenario" >&2; exit 2 ;;
  esac
  for protocol in "${protocol_list[@]}"; do
    n=$((n + 1))
    echo "bench: [$n/$runs] $scenario over $protocol, on a fresh server ($(($(date +%s) - started)) s so far)"
    start_server "$scenario-$protocol"
    mkdir -p "$out/$protocol"
    smoke_flag=()
    ((smoke)) && smoke_flag=(--smoke)
    if ! "$bench_bin" --protocol "$protocol" --address "127.0.0.1:${port[$protocol]}" \
        --server_pid "$server_pid" --out "$out/$protocol" "${flags[@]}" "${smoke_flag[@]}" \
        "${extra[@]}"; then
      echo "bench: $scenario over $protocol FAILED a check (server log: $(tail -3 "$scratch/server-$scenario-$protocol/server.log" | tr '\n' ' '))" >&2
      status=1
    fi
    stop_server "$scenario-$protocol"
  done
done

echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/machine.txt"

# The protocols side by side (comparison.md, comparison_*.csv and the comparison targets).
if ((${#protocol_list[@]} > 1)); then
  "$bench_bin" --compare "$out" --protocols "$protocols" ||
    { echo "bench: the comparison could not be written" >&2; status=1; }
fi

# One JSON document with everything, one table of the targets, one Markdown summary.
{
  echo "{"
  printf '  "machine": {'
  sep=""
  while IFS= read -r line; do
    printf '%s\n    %s: %s' "$sep" "$(json_string "${line%%: *}")" "$(json_string "${line#*: }")"
    sep=","
  done <"$out/machine.txt"
  printf '\n  }'
  for protocol in "${protocol_list[@]}"; do
    printf ',\n  "%s": {' "$protocol"
    sep=""
    for part in efficiency scaling sustained subscribers; do
      if [[ -f $out/$protocol/$part.json ]]; then
        printf '%s\n    "%s": %s' "$sep" "$part" "$(cat "$out/$protocol/$part.json")"
        sep=","
      fi
    done
    printf '\n  }'
  done
  printf '\n}\n'
} >"$out/results.json"

# Every target, each named with its protocol.
{
  printf 'target\tgoal\tfigure\tmet\n'
  if [[ -f $out/comparison.targets.tsv ]]; then cat "$out/comparison.targets.tsv"; fi
  for protocol in "${protocol_list[@]}"; do
    cat "$out/$protocol"/*.targets.tsv 2>/dev/null | sed "s/^/$protocol: /" || true
  done
} >"$out/targets.tsv"

{
  echo "# Parley benchmark results"
  echo
  echo '```'
  cat "$out/machine.txt"
  echo '```'
  echo
  echo "## Targets"
  echo
  echo "| target | goal | this run | met |"
  echo "|---|---|---|---|"
  tail -n +2 "$out/targets.tsv" | awk -F'\t' '{printf "| %s | %s | %s | %s |\n", $1, $2, $3, $4}'
  echo
  if [[ -f $out/comparison.md ]]; then cat "$out/comparison.md"; fi
  for protocol in "${protocol_list[@]}"; do
    echo
    echo "# Over $protocol"
    echo
    for part in efficiency scaling sustained subscribers; do
      if [[ -f $out/$protocol/$part.md ]]; then cat "$out/$protocol/$part.md"; fi
    done
  done
} >"$out/summary.md"

if ((!smoke)); then
  if command -v gnuplot >/dev/null; then
    echo "bench: plotting"
    for protocol in "${protocol_list[@]}"; do
      "$root/bench/plots.sh" "$out/$protocol" || { echo "bench: plotting failed" >&2; status=1; }
    done
    if [[ -f $out/comparison_scaling.csv ]]; then
      "$root/bench/plots.sh" "$out" || { echo "bench: plotting failed" >&2; status=1; }
    fi
  else
    echo "bench: gnuplot is missing (scripts/install-deps.sh installs it); no plots" >&2
  fi
fi

echo "bench: done in $(($(date +%s) - started)) s; results in $out"
if ((smoke)); then
  [[ $status -eq 0 ]] && echo "bench: smoke run passed: every message delivered exactly once and stored"
fi
exit $status
