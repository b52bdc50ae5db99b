#!/usr/bin/env bash
# One command from a fresh Debian 12 clone to a running Parley server: installs what is
# missing, builds the server and the CLI, and starts the server on 127.0.0.1:50051 with the
# SQLite file ./parley.db. Extra arguments go to parley_server (see --help).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/install-deps.sh"
PARLEY_BUILD_TESTS=OFF "$root/scripts/build.sh" parley_server parley
build_dir=${PARLEY_BUILD_DIR:-$root/build}

echo "run-server: starting $build_dir/parley_server (Ctrl-C stops it cleanly)"
echo "run-server: try it with: $build_dir/parley register alice"
exec "$build_dir/parley_server" --listen 127.0.0.1:50051 --db "$root/parley.db" "$@"
