// libFuzzer target: arbitrary bytes through the JSON codec
// (src/wire/json_codec.h), as codec_fuzzer.h describes. Run by
// scripts/fuzz.sh.
#include <cstddef>
#include <cstdint>

#include "fuzz/codec_fuzzer.h"
#include "wire/json_codec.h"

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  parley::wire::fuzz::QuietProtobuf();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const parley::wire::JsonCodec codec;
  parley::wire::fuzz::FuzzCodec(codec, data, size);
  return 0;
}
