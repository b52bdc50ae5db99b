#!/usr/bin/env bash
# One command from a fresh Debian 12 clone to a passing test suite: installs what is missing,
# builds everything, and runs every test (unit, store, end-to-end, reflection) with ctest, inside
# a throw-away PostgreSQL (scripts/pg-dev.sh) so that the PostgreSQL store's tests always run.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/install-deps.sh"
PARLEY_BUILD_TESTS=ON "$root/scripts/build.sh"
build_dir=${PARLEY_BUILD_DIR:-$root/build}

echo "test: running the suite"
cd "$build_dir"
"$root/scripts/pg-dev.sh" run -- \
  ctest --output-on-failure -j "${PARLEY_JOBS:-$(nproc)}" --timeout 300
