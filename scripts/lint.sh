#!/usr/bin/env bash
# Checks formatting (clang-format, Google style) and runs clang-tidy over the project's C++
# sources, using the compile commands of build/. Exits non-zero on any finding.
# With --fix, reformats the files instead of only checking them.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
mapfile -t files < <(git ls-files '*.cc' '*.h')

if [[ ${1:-} == --fix ]]; then
  echo "lint: formatting ${#files[@]} files"
  clang-format -i "${files[@]}"
  exit 0
fi

echo "lint: clang-format check of ${#files[@]} files"
clang-format --dry-run --Werror "${files[@]}"

build_dir=${PARLEY_BUILD_DIR:-$root/build}
if [[ ! -f $build_dir/compile_commands.json ]]; then
  echo "lint: no $build_dir/compile_commands.json; run scripts/build.sh first" >&2
  exit 1
fi
# The fuzz targets are built only in scripts/fuzz.sh's clang build, so they are checked with
# its compile commands.
mapfile -t sources < <(git ls-files '*.cc' ':!tests/fuzz/')
echo "lint: clang-tidy on ${#sources[@]} files (slow: every file includes gRPC)"
# clang 14 does not announce C++20 coroutines to libstdc++ 12 (__cpp_impl_coroutine), so Asio's
# coroutine API would be missing from its view of the socket edge; g++ compiles it as C++20.
# RapidJSON 1.1's member iterators declare comparisons that C++20 finds ambiguous when reversed
# (clang warns, g++ does not); that is the library's header, not Parley's code.
tidy_args=(--quiet --extra-arg=-D__cpp_impl_coroutine=201902L
  --extra-arg=-DASIO_HAS_CO_AWAIT=1 --extra-arg=-DASIO_HAS_STD_COROUTINE=1
  --extra-arg=-Wno-ambiguous-reversed-operator)
# Findings are judged from the log: clang-tidy's exit status is not (it also fails on findings,
# and a pipeline's status would hide them).
printf '%s\n' "${sources[@]}" |
  xargs -P "$(nproc)" -n 4 clang-tidy -p "$build_dir" "${tidy_args[@]}" 2>/dev/null \
    >/tmp/parley-tidy.log || true
fuzz_dir=${PARLEY_FUZZ_BUILD_DIR:-$root/build-fuzz}
mapfile -t fuzz_sources < <(git ls-files 'tests/fuzz/*.cc')
if [[ -f $fuzz_dir/compile_commands.json ]]; then
  echo "lint: clang-tidy on ${#fuzz_sources[@]} fuzz files"
  clang-tidy -p "$fuzz_dir" "${tidy_args[@]}" "${fuzz_sources[@]}" 2>/dev/null \
    >>/tmp/parley-tidy.log || true
else
  echo "lint: no $fuzz_dir/compile_commands.json (run scripts/fuzz.sh): fuzz files not checked"
fi
status=0
if grep -E 'warning:|error:' /tmp/parley-tidy.log; then status=1; fi
echo "lint: done (full output in /tmp/parley-tidy.log)"
exit $status
