// The one check both fuzz targets run on arbitrary bytes: decoded as a
// connection would (in the read sizes the input picks, and in one read) with
// a codec, nothing crashes, leaks or breaks a Decode contract, the outcomes
// do not depend on how the bytes were split, and every frame that decodes
// re-encodes to bytes that decode to the same frame.
//
// An input is one byte that picks the read sizes, then the bytes of the
// stream (tests/fuzz/README.md).
#ifndef PARLEY_TESTS_FUZZ_CODEC_FUZZER_H_
#define PARLEY_TESTS_FUZZ_CODEC_FUZZER_H_

#include <cstddef>
#include <cstdint>

#include "wire/codec.h"

namespace parley::wire::fuzz {

// Silences protobuf's log (every invalid UTF-8 string would print a line).
void QuietProtobuf();

// Runs the check on `data`; aborts with a description on a failure.
void FuzzCodec(const Codec& codec, const uint8_t* data, size_t size);

}  // namespace parley::wire::fuzz

#endif  // PARLEY_TESTS_FUZZ_CODEC_FUZZER_H_
