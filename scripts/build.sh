#!/usr/bin/env bash
# Configures and builds Parley (Release) into build/. Extra arguments are build targets;
# without any, everything is built. Set PARLEY_BUILD_TESTS=OFF to skip the tests, and
# PARLEY_WERROR=ON to treat compiler warnings as errors (CI does).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${PARLEY_BUILD_DIR:-$root/build}
jobs=${PARLEY_JOBS:-$(nproc)}

echo "build: configuring in $build_dir"
cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release \
  -DPARLEY_BUILD_TESTS="${PARLEY_BUILD_TESTS:-ON}" \
  -DPARLEY_WERROR="${PARLEY_WERROR:-OFF}" >/dev/null

if (($# > 0)); then
  targets=()
  for t in "$@"; do targets+=(--target "$t"); done
  echo "build: building $* with $jobs jobs"
  cmake --build "$build_dir" -j "$jobs" "${targets[@]}"
else
  echo "build: building everything with $jobs jobs"
  cmake --build "$build_dir" -j "$jobs"
fi
