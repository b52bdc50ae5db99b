#!/usr/bin/env bash
# Builds the socket codecs' libFuzzer targets (tests/fuzz/) with clang-14, AddressSanitizer and
# UBSan in build-fuzz/ (a build of its own: the normal build is untouched), then runs each one
# from the seed corpus in tests/fuzz/corpus/ for --seconds N (default 30) or --runs N inputs.
# Fails on any crash, leak, sanitizer report or failed check. New inputs the fuzzer finds go to
# build-fuzz/corpus/, never into the committed seeds.
# --max-len N caps the inputs libFuzzer makes (its default is 4096 bytes).
#   bash scripts/fuzz.sh [--seconds N | --runs N] [--max-len N] [binary|json ...]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${PARLEY_FUZZ_BUILD_DIR:-$root/build-fuzz}
jobs=${PARLEY_JOBS:-$(nproc)}
limit=(-max_total_time=30)
max_len=()
codecs=()
while (($# > 0)); do
  case $1 in
    --seconds) limit=(-max_total_time="$2"); shift 2 ;;
    --runs) limit=(-runs="$2"); shift 2 ;;
    --max-len) max_len=(-max_len="$2"); shift 2 ;;
    binary | json) codecs+=("$1"); shift ;;
    *) echo "usage: $0 [--seconds N | --runs N] [--max-len N] [binary|json ...]" >&2; exit 2 ;;
  esac
done
((${#codecs[@]} > 0)) || codecs=(binary json)

echo "fuzz: configuring in $build_dir (clang-14, ASan, UBSan)"
CC=clang-14 CXX=clang++-14 cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DPARLEY_FUZZ=ON >/dev/null
targets=()
for codec in "${codecs[@]}"; do targets+=(--target "${codec}_codec_fuzz"); done
echo "fuzz: building ${codecs[*]} with $jobs jobs"
cmake --build "$build_dir" -j "$jobs" "${targets[@]}"

for codec in "${codecs[@]}"; do
  corpus=$build_dir/corpus/$codec
  mkdir -p "$corpus"
  echo "fuzz: running ${codec}_codec_fuzz (${limit[*]} ${max_len[*]})"
  # The first directory collects what the run finds; the seeds are only read.
  (cd "$build_dir" &&
    "$build_dir/tests/fuzz/${codec}_codec_fuzz" "${limit[@]}" ${max_len[@]+"${max_len[@]}"} -timeout=10 -print_final_stats=1 \
      "$corpus" "$root/tests/fuzz/corpus/$codec")
done
echo "fuzz: no crash, leak or failed check"
