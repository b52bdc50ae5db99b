// libFuzzer target: arbitrary bytes through the binary codec
// (src/wire/binary_codec.h), as codec_fuzzer.h describes. Run by
// scripts/fuzz.sh.
#include <cstddef>
#include <cstdint>

#include "fuzz/codec_fuzzer.h"
#include "wire/binary_codec.h"

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  parley::wire::fuzz::QuietProtobuf();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const parley::wire::BinaryCodec codec;
  parley::wire::fuzz::FuzzCodec(codec, data, size);
  return 0;
}
