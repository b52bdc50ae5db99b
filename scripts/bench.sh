#!/usr/bin/env bash
# Runs Parley's benchmarks (bench/README.md explains them). Builds the release server and the
# load generator, then, for each scenario, starts a fresh server on a temporary database, runs
# the scenario against it and stops it. Writes CSV, JSON, Markdown, PNG plots (gnuplot) and a
# description of the machine into bench/results/.
#
#   bash scripts/bench.sh            the full run (about four minutes on two cores)
#   bash scripts/bench.sh --smoke    a tiny run (a few hundred messages) that checks
#                                    exactly-once delivery and storage; ctest runs it
#   bash scripts/bench.sh --cluster  the server configurations side by side, in one run: SQLite
#                                    on one instance, PostgreSQL on one, PostgreSQL on two
#                                    (live delivery across instances); scaling (k = 10, 40, 100,
#                                    300) and sustained sends, over gRPC unless --protocols says
#                                    otherwise; results in bench/results/cluster/ (about
#                                    four minutes); with --smoke, a tiny run of the same
#
# Options:
#   --out DIR          where results go (default bench/results, bench/results/cluster for
#                      --cluster, bench/results/<store>-<instances> for another --store or
#                      --instances; a temporary directory, removed afterwards, for --smoke)
#   --scenarios LIST   comma-separated subset of efficiency,scaling,sustained,subscribers,
#                      signout (sustained includes the no-op floor, measured in the same run,
#                      except with --cluster: the floor does not touch the store; signout, a
#                      logout across instances, runs only where there are several)
#   --protocols LIST   comma-separated subset of grpc,binary,json (default: all three; grpc
#                      with --cluster); each scenario runs once per protocol, against the same
#                      server build, one after another, and the results are compared in
#                      comparison.md
#   --store S          sqlite (default: a file per server) or postgres: a throw-away
#                      PostgreSQL (scripts/pg-dev.sh) started for the run and stopped at its end,
#                      a fresh schema of it per scenario
#   --instances N      server instances on that one database (default 1; more needs postgres):
#                      the bench spreads its connections and accounts over them
#   --server PATH      a built parley_server, and
#   --bench PATH       a built parley_bench: with both, nothing is built
#   --workers N        the servers' --workers (default: the server's own default)
#   --                 everything after goes to parley_bench as extra flags
#
# Exit status: non-zero when a correctness check failed (a message lost, repeated, misrouted
# or not stored) or a step could not run. Missed performance targets are reported, not fatal.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
smoke=0
cluster=0
out=""
scenarios=""
protocols=""
store=""
instances=""
server_bin=""
bench_bin=""
workers=""
extra=()
while (($# > 0)); do
  case "$1" in
    --smoke) smoke=1 ;;
    --cluster) cluster=1 ;;
    --out) out=$2; shift ;;
    --scenarios) scenarios=$2; shift ;;
    --protocols) protocols=$2; shift ;;
    --store) store=$2; shift ;;
    --instances) instances=$2; shift ;;
    --server) server_bin=$2; shift ;;
    --bench) bench_bin=$2; shift ;;
    --workers) workers=$2; shift ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

# A configuration is <store>-<instances>; a cluster run compares three.
if ((cluster)); then
  if [[ -n $store || -n $instances ]]; then
    echo "bench: --cluster runs its own configurations; drop --store and --instances" >&2
    exit 2
  fi
  configs=(sqlite-1 postgres-1 postgres-2)
  scenarios=${scenarios:-scaling,sustained,signout}
  protocols=${protocols:-grpc}
else
  store=${store:-sqlite}
  instances=${instances:-1}
  case $store in
    sqlite|postgres) ;;
    *) echo "bench: --store must be sqlite or postgres" >&2; exit 2 ;;
  esac
  if ! [[ $instances =~ ^[1-9][0-9]*$ ]]; then
    echo "bench: --instances must be a positive number" >&2
    exit 2
  fi
  if ((instances > 1)) && [[ $store != postgres ]]; then
    echo "bench: several instances share one database: --instances $instances needs --store postgres" >&2
    exit 2
  fi
  configs=("$store-$instances")
  scenarios=${scenarios:-efficiency,scaling,sustained,subscribers}
  protocols=${protocols:-grpc,binary,json}
fi

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
server_pids=()
bench_pid=""
pg_dir=""
cleanup() {
  if [[ -n $bench_pid ]]; then
    kill -TERM "$bench_pid" 2>/dev/null || true
    wait "$bench_pid" 2>/dev/null || true
  fi
  for pid in "${server_pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [[ -n $pg_dir ]]; then "$root/scripts/pg-dev.sh" stop "$pg_dir" || true; fi
  rm -rf "$scratch"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ -z $out ]]; then
  if ((smoke)); then
    out=$scratch/results
  elif ((cluster)); then
    out=$root/bench/results/cluster
  elif [[ ${configs[0]} == sqlite-1 ]]; then
    out=$root/bench/results
  else
    out=$root/bench/results/${configs[0]}
  fi
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

# Where a configuration's results go: the results directory itself, or a directory of its own
# in a cluster run.
config_dir() {
  if ((cluster)); then echo "$out/$1"; else echo "$out"; fi
}

# The results directories hold the latest run only: a directory per protocol, and the
# comparison and the summary of all of them at the top.
result_dirs=("$out")
if ((cluster)); then
  for config in "${configs[@]}"; do result_dirs+=("$out/$config"); done
fi
for dir in "${result_dirs[@]}"; do
  for sub in "$dir" "$dir"/grpc "$dir"/binary "$dir"/json; do
    rm -f "$sub"/*.csv "$sub"/*.json "$sub"/*.md "$sub"/*.tsv "$sub"/*.png "$sub"/machine.txt
  done
  rmdir "$dir"/grpc "$dir"/binary "$dir"/json 2>/dev/null || true
done

# PostgreSQL, when a configuration needs it: one for the whole run, a fresh schema per scenario.
pg_bin=${PARLEY_PG_BIN:-/usr/lib/postgresql/15/bin}
pg_url=""
if [[ " ${configs[*]}" == *" postgres-"* ]]; then
  pg_lines=$("$root/scripts/pg-dev.sh" start)
  eval "$pg_lines"
  pg_dir=$PARLEY_PG_DIR
  pg_url=$PARLEY_TEST_PG_URL
fi

# Runs SQL on the run's PostgreSQL: as role parley (which owns the database), or with --super as
# the superuser. Quietly: DROP ... CASCADE lists every table it drops.
export PGOPTIONS="-c client_min_messages=warning"
pg_sql() {
  if [[ $1 == --super ]]; then
    shift
    "$pg_bin/psql" -q -X -v ON_ERROR_STOP=1 -h "$pg_dir" -p "$(cat "$pg_dir/port")" \
      -U postgres -d parley -c "$1" >/dev/null
  else
    "$pg_bin/psql" -q -X -v ON_ERROR_STOP=1 "$pg_url" -c "$1" >/dev/null
  fi
}

# Starts fresh servers on a new database: $1 names the run, $2 is the configuration. Sets
# server_pids, database_pid and port[grpc|binary|json] (comma-separated, one per instance).
declare -A port
database_pid=""
schema=""
start_servers() {
  local tag=$1 config=$2
  local config_store=${config%-*} count=${config##*-}
  local db
  if [[ $config_store == postgres ]]; then
    schema=bench_${tag//[^a-zA-Z0-9]/_}
    pg_sql "DROP SCHEMA IF EXISTS $schema CASCADE; CREATE SCHEMA $schema"
    db="$pg_url?options=-csearch_path%3D$schema"
    database_pid=$(head -1 "$pg_dir/data/postmaster.pid")
  else
    mkdir -p "$scratch/server-$tag"
    db=$scratch/server-$tag/parley.db
    database_pid=""
  fi
  port=([grpc]="" [binary]="" [json]="")
  server_pids=()
  local i
  for ((i = 1; i <= count; i++)); do
    local dir=$scratch/server-$tag/$i
    mkdir -p "$dir"
    local args=(--listen 127.0.0.1:0 --db "$db" --log_level warning)
    # Socket listeners only when measured, so that --protocols grpc also runs a server from
    # before the socket protocols existed (an old build, for a before-and-after pair); several
    # instances must not all take the default ports, so they get none.
    if [[ ,$protocols, == *,binary,* || ,$protocols, == *,json,* ]]; then
      args+=(--binary_listen 127.0.0.1:0 --json_listen 127.0.0.1:0)
    elif ((count > 1)); then
      args+=(--binary_listen= --json_listen=)
    fi
    [[ -n $workers ]] && args+=(--workers "$workers")
    # One after another: the first migrates the fresh database.
    "$server_bin" "${args[@]}" >"$dir/stdout" 2>"$dir/server.log" &
    server_pids+=($!)
    local line="" p g b j
    for _ in $(seq 1 200); do
      line=$(sed -n 's/^parley_server listening on port \([0-9]*\)\( (binary \([0-9]*\), json \([0-9]*\))\)\{0,1\}.*$/\1 \3 \4/p' "$dir/stdout")
      [[ -n $line ]] && break
      kill -0 "${server_pids[-1]}" 2>/dev/null || break
      sleep 0.05
    done
    if [[ -z $line ]]; then
      echo "bench: server instance $i did not start; its log:" >&2
      cat "$dir/server.log" >&2
      exit 1
    fi
    read -r g b j <<<"$line"
    for p in grpc binary json; do port[$p]+=${port[$p]:+,}; done
    port[grpc]+=127.0.0.1:$g
    port[binary]+=127.0.0.1:$b
    port[json]+=127.0.0.1:$j
  done
}

# Stops the servers, drops their database and waits for the disk: the hundreds of megabytes a
# scaling run leaves dirty in the page cache would otherwise be written back during the next
# scenario (seen: in three full runs the no-op floor, which runs after the scaling scenario,
# missed p99 <= 5 ms at 1,500-5,000 calls/s; with this, 24,000/s). PostgreSQL's own dirty
# buffers go first (a checkpoint), for the same reason.
stop_servers() {
  local pid
  for pid in "${server_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${server_pids[@]}"; do wait "$pid" || true; done
  server_pids=()
  if [[ -n $schema ]]; then
    pg_sql "DROP SCHEMA $schema CASCADE"
    pg_sql --super "CHECKPOINT"
    schema=""
  else
    rm -f "$scratch/server-$1/parley.db"*
  fi
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
    if [[ -n $pg_url ]]; then
      echo "postgresql: $("$pg_bin/postgres" --version | sed 's/^postgres (PostgreSQL) //') on this machine (scripts/pg-dev.sh: fsync and full_page_writes off)"
    fi
    echo "commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(
      [[ -n $(git -C "$root" status --porcelain -- . ':!bench/results' 2>/dev/null) ]] &&
        echo " (with uncommitted changes)")"
    echo "server: $server_bin${workers:+ --workers $workers}"
    echo "configurations: ${configs[*]} (store-instances)"
    echo "mode: $( ((smoke)) && echo smoke || echo full)$( ((cluster)) && echo ", cluster")"
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

# What the cluster run measures: its scaling ks, its ladder of paced send rates (2,000/s, where
# the cross-instance latency target is stated, among them) in steps of 5 s, and the p99 a step
# must keep to be held, the target's 20 ms. The bench's --smoke sizes stand when --smoke is
# given.
p99_limit_ms=5
cluster_flags=()
if ((cluster)); then
  p99_limit_ms=20
  cluster_flags=(--p99_limit_ms "$p99_limit_ms")
  ((smoke)) || cluster_flags+=(--scaling_k "10,40,100,300" --step_seconds 5
    --rates "500,1000,2000,3000,4000,6000,8000")
fi

status=0
n=0
runs=0
for scenario in "${wanted[@]}"; do
  for config in "${configs[@]}"; do
    [[ $scenario == signout && $config == *-1 ]] || runs=$((runs + ${#protocol_list[@]}))
  done
done
started=$(date +%s)
# Scenario by scenario, each configuration and protocol in turn, so that drift in the machine's
# load spreads over all of them instead of landing on one.
for scenario in "${wanted[@]}"; do
  case $scenario in
    efficiency|scaling|subscribers|signout) flags=(--scenarios "$scenario") ;;
    sustained|floor)
      if ((cluster)); then flags=(--scenarios sustained); else flags=(--scenarios "sustained,floor"); fi
      ;;
    *) echo "bench: unknown scenario $scenario" >&2; exit 2 ;;
  esac
  for config in "${configs[@]}"; do
    # A sign-out crosses instances only where there are several.
    [[ $scenario == signout && $config == *-1 ]] && continue
    for protocol in "${protocol_list[@]}"; do
      n=$((n + 1))
      tag=$scenario-$config-$protocol
      echo "bench: [$n/$runs] $scenario over $protocol, $config, on fresh servers ($(($(date +%s) - started)) s so far)"
      start_servers "$tag" "$config"
      result_dir=$(config_dir "$config")/$protocol
      mkdir -p "$result_dir"
      run_flags=("${flags[@]}" "${cluster_flags[@]}")
      ((smoke)) && run_flags+=(--smoke)
      [[ -n $database_pid ]] && run_flags+=(--database_pid "$database_pid")
      # In the background and waited for, so that a signal to this script stops it at once and
      # the cleanup can end the bench too.
      "$bench_bin" --protocol "$protocol" --address "${port[$protocol]}" \
        --server_pid "$(IFS=,; echo "${server_pids[*]}")" --out "$result_dir" \
        "${run_flags[@]}" "${extra[@]}" &
      bench_pid=$!
      bench_status=0
      wait "$bench_pid" || bench_status=$?
      bench_pid=""
      if ((bench_status != 0)); then
        echo "bench: $scenario over $protocol, $config, FAILED a check (server log: $(tail -q -n 3 "$scratch/server-$tag"/*/server.log | tr '\n' ' '))" >&2
        status=1
      fi
      stop_servers "$tag"
    done
  done
done

echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/machine.txt"

# Writes one configuration's results.json (everything), targets.tsv and summary.md, and its
# protocols' comparison and plots, in $1.
report() {
  local dir=$1 title=$2 protocol part line sep
  # The protocols side by side (comparison.md, comparison_*.csv and the comparison targets).
  if ((${#protocol_list[@]} > 1)); then
    "$bench_bin" --compare "$dir" --protocols "$protocols" ||
      { echo "bench: the comparison could not be written" >&2; status=1; }
  fi

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
      for part in efficiency scaling sustained subscribers signout; do
        if [[ -f $dir/$protocol/$part.json ]]; then
          printf '%s\n    "%s": %s' "$sep" "$part" "$(cat "$dir/$protocol/$part.json")"
          sep=","
        fi
      done
      printf '\n  }'
    done
    printf '\n}\n'
  } >"$dir/results.json"

  # Every target, each named with its protocol.
  {
    printf 'target\tgoal\tfigure\tmet\n'
    if [[ -f $dir/comparison.targets.tsv ]]; then cat "$dir/comparison.targets.tsv"; fi
    for protocol in "${protocol_list[@]}"; do
      cat "$dir/$protocol"/*.targets.tsv 2>/dev/null | sed "s/^/$protocol: /" || true
    done
  } >"$dir/targets.tsv"

  {
    echo "# $title"
    echo
    echo '```'
    cat "$out/machine.txt"
    echo '```'
    echo
    echo "## Targets"
    echo
    echo "| target | goal | this run | met |"
    echo "|---|---|---|---|"
    tail -n +2 "$dir/targets.tsv" | awk -F'\t' '{printf "| %s | %s | %s | %s |\n", $1, $2, $3, $4}'
    echo
    if [[ -f $dir/comparison.md ]]; then cat "$dir/comparison.md"; fi
    for protocol in "${protocol_list[@]}"; do
      echo
      echo "# Over $protocol"
      echo
      for part in efficiency scaling sustained subscribers signout; do
        if [[ -f $dir/$protocol/$part.md ]]; then cat "$dir/$protocol/$part.md"; fi
      done
    done
  } >"$dir/summary.md"

  if ((!smoke)); then
    if command -v gnuplot >/dev/null; then
      echo "bench: plotting"
      for protocol in "${protocol_list[@]}"; do
        "$root/bench/plots.sh" "$dir/$protocol" || { echo "bench: plotting failed" >&2; status=1; }
      done
      if [[ -f $dir/comparison_scaling.csv ]]; then
        "$root/bench/plots.sh" "$dir" || { echo "bench: plotting failed" >&2; status=1; }
      fi
    else
      echo "bench: gnuplot is missing (scripts/install-deps.sh installs it); no plots" >&2
    fi
  fi
}

if ((cluster)); then
  compared=()
  for config in "${configs[@]}"; do
    report "$out/$config" "Parley benchmark results: $config (store-instances)"
    for protocol in "${protocol_list[@]}"; do compared+=("$config/$protocol"); done
  done
  # The configurations side by side, and every configuration's targets in one table.
  "$bench_bin" --compare_configs "$out" --configs "$(IFS=,; echo "${compared[*]}")" \
    --p99_limit_ms "$p99_limit_ms" ||
    { echo "bench: the comparison of configurations could not be written" >&2; status=1; }
  {
    printf 'target\tgoal\tfigure\tmet\n'
    for config in "${configs[@]}"; do
      tail -n +2 "$out/$config/targets.tsv" | sed "s/^/$config, /"
    done
  } >"$out/targets.tsv"
  {
    echo "# Parley benchmark results: the server configurations side by side"
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
    echo
    echo "Each configuration's own tables: $(for config in "${configs[@]}"; do printf '%s/summary.md ' "$config"; done)"
  } >"$out/summary.md"
else
  report "$out" "Parley benchmark results"
fi

echo "bench: done in $(($(date +%s) - started)) s; results in $out"
if ((smoke)); then
  [[ $status -eq 0 ]] && echo "bench: smoke run passed: every message delivered exactly once and stored"
fi
exit $status
