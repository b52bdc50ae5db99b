#!/usr/bin/env bash
# A throw-away PostgreSQL 15 for development and tests, from Debian's postgresql-15 binaries and
# never as a system service: initdb into a fresh directory under /var/tmp, a unix socket in that
# directory and a free loopback port, trust authentication (local use only), and a role and a
# database named parley.
#
#   pg-dev.sh run -- CMD...   start one, run CMD with PARLEY_TEST_PG_URL set, then stop it and
#                             remove its directory (also on failure or Ctrl-C); exits with CMD's
#                             status
#   pg-dev.sh start           start one and leave it running; prints the shell lines that set
#                             PARLEY_TEST_PG_URL and PARLEY_PG_DIR: eval "$(scripts/pg-dev.sh start)"
#   pg-dev.sh stop [DIR]      stop the one in DIR (default $PARLEY_PG_DIR) and remove DIR
#   pg-dev.sh down DIR        stop the one in DIR and keep its data (an outage, for tests)
#   pg-dev.sh up DIR          start the one in DIR again, on the port it had
#
# PostgreSQL refuses to run as root, so as root the server runs as the postgres user the package
# creates; as anyone else, as that user. The data is thrown away, so the server skips fsync.
set -euo pipefail

pg_bin=${PARLEY_PG_BIN:-/usr/lib/postgresql/15/bin}
state_prefix=/var/tmp/parley-pg.

say() { echo "pg-dev: $*" >&2; }

usage() {
  sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# Runs a command as the user the server runs as.
as_server_user() {
  if [[ $(id -u) -eq 0 ]]; then
    # From /, which that user can always enter (the caller's directory may be closed to it).
    (cd / && setpriv --reuid=postgres --regid=postgres --init-groups --reset-env -- "$@")
  else
    "$@"
  fi
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Starts a server in a new directory; sets dir and port.
start_server() {
  if [[ ! -x $pg_bin/initdb ]]; then
    say "no PostgreSQL binaries in $pg_bin (install postgresql-15: scripts/install-deps.sh)"
    exit 1
  fi
  dir=$(mktemp -d "${state_prefix}XXXXXX")
  # The socket lives here, so every local user may reach it; the data dir below stays 0700.
  chmod 0755 "$dir"
  if [[ $(id -u) -eq 0 ]]; then chown postgres:postgres "$dir"; fi
  say "initdb in $dir/data"
  if ! as_server_user "$pg_bin/initdb" -D "$dir/data" -U postgres --auth=trust \
    --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    remove_dir
    exit 1
  fi
  as_server_user tee -a "$dir/data/postgresql.conf" >/dev/null <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
max_connections = 300
fsync = off
full_page_writes = off
EOF
  # A port can be taken between the check and the bind, so a failed start tries another.
  local attempt
  for attempt in 1 2 3 4 5 6 7 8; do
    port=$((20000 + RANDOM % 40000))
    port_in_use "$port" && continue
    if as_server_user "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 30 \
      -o "-p $port" start >/dev/null; then
      create_parley_database
      echo "$port" >"$dir/port"
      say "PostgreSQL 15 up on 127.0.0.1:$port and socket $dir (log: $dir/postgres.log)"
      return
    fi
    say "start on port $port failed (attempt $attempt)"
  done
  tail -n 20 "$dir/postgres.log" >&2 || true
  remove_dir
  exit 1
}

create_parley_database() {
  "$pg_bin/psql" -q -X -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d postgres \
    -c "CREATE ROLE parley LOGIN CREATEROLE" -c "CREATE DATABASE parley OWNER parley" >/dev/null
}

url() { echo "postgresql://parley@127.0.0.1:$port/parley"; }

remove_dir() {
  rm -rf -- "$dir"
}

# Stops the server in $dir if it runs, then removes $dir.
stop_server() {
  case $dir in
    "$state_prefix"*) ;;
    *)
      say "refusing to remove $dir: not a pg-dev.sh directory"
      exit 1
      ;;
  esac
  if [[ -f $dir/data/postmaster.pid ]]; then
    as_server_user "$pg_bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null ||
      say "pg_ctl stop failed in $dir"
  fi
  remove_dir
  say "stopped and removed $dir"
}

command=${1:-}
shift || true
case $command in
  run)
    [[ ${1:-} == -- ]] && shift
    (($# > 0)) || usage
    start_server
    trap stop_server EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    status=0
    PARLEY_TEST_PG_URL=$(url) PARLEY_PG_DIR=$dir "$@" || status=$?
    exit "$status"
    ;;
  start)
    start_server
    echo "export PARLEY_TEST_PG_URL='$(url)'"
    echo "export PARLEY_PG_DIR='$dir'"
    ;;
  down | up)
    dir=${1:-}
    case $dir in
      "$state_prefix"*) ;;
      *)
        say "$command needs the directory start printed"
        exit 2
        ;;
    esac
    if [[ $command == down ]]; then
      as_server_user "$pg_bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null
      say "stopped the server in $dir (its data is kept)"
    else
      as_server_user "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 30 \
        -o "-p $(cat "$dir/port")" start >/dev/null
      say "started the server in $dir again"
    fi
    ;;
  stop)
    dir=${1:-${PARLEY_PG_DIR:-}}
    if [[ -z $dir ]]; then
      say "stop needs the directory start printed, or PARLEY_PG_DIR"
      exit 2
    fi
    stop_server
    ;;
  *) usage ;;
esac
