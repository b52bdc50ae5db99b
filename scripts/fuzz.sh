#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/) with clang-14, AddressSanitizer and UBSan in
# build-fuzz/ (a build of its own: the normal build is untouched), then runs each one from its
# seed corpus in tests/fuzz/corpus/. Targets: the socket codecs (binary, json) and the text
# parsers a client reaches (scram, wildcard, page_token, text_rules).
# --seconds N gives each codec N seconds and each text parser a third of that (at least 5 s), so
# the default 30 s runs all six in about 100 s; --runs N gives each target N inputs.
# Fails on any crash, leak, sanitizer report or failed check. New inputs the fuzzer finds go to
# build-fuzz/corpus/, never into the committed seeds.
# --max-len N caps the inputs libFuzzer makes (its default is 4096 bytes).
#   bash scripts/fuzz.sh [--seconds N | --runs N] [--max-len N] [TARGET ...]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${PARLEY_FUZZ_BUILD_DIR:-$root/build-fuzz}
jobs=${PARLEY_JOBS:-$(nproc)}
seconds=30
runs=
max_len=()
names=()
usage="usage: $0 [--seconds N | --runs N] [--max-len N] [binary|json|scram|wildcard|page_token|text_rules ...]"
while (($# > 0)); do
  case $1 in
    --seconds) seconds=$2; runs=; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --max-len) max_len=(-max_len="$2"); shift 2 ;;
    binary | json | scram | wildcard | page_token | text_rules) names+=("$1"); shift ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
done
((${#names[@]} > 0)) || names=(binary json scram wildcard page_token text_rules)

# The executable of a target name.
executable() {
  case $1 in
    binary | json) echo "$1_codec_fuzz" ;;
    *) echo "$1_fuzz" ;;
  esac
}
# libFuzzer's limit for a target name.
limit() {
  if [[ -n $runs ]]; then
    echo "-runs=$runs"
  else
    case $1 in
      binary | json) echo "-max_total_time=$seconds" ;;
      *) echo "-max_total_time=$((seconds / 3 > 5 ? seconds / 3 : 5))" ;;
    esac
  fi
}

echo "fuzz: configuring in $build_dir (clang-14, ASan, UBSan)"
CC=clang-14 CXX=clang++-14 cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DPARLEY_FUZZ=ON >/dev/null
targets=()
for name in "${names[@]}"; do targets+=(--target "$(executable "$name")"); done
echo "fuzz: building ${names[*]} with $jobs jobs"
cmake --build "$build_dir" -j "$jobs" "${targets[@]}"

for name in "${names[@]}"; do
  corpus=$build_dir/corpus/$name
  mkdir -p "$corpus"
  echo "fuzz: running $(executable "$name") ($(limit "$name") ${max_len[*]})"
  # The first directory collects what the run finds; the seeds are only read.
  (cd "$build_dir" &&
    "$build_dir/tests/fuzz/$(executable "$name")" "$(limit "$name")" ${max_len[@]+"${max_len[@]}"} \
      -timeout=10 -print_final_stats=1 "$corpus" "$root/tests/fuzz/corpus/$name")
done
echo "fuzz: no crash, leak or failed check"
