// Checks shared by the codec tests: encoding a frame and decoding it back,
// decoding bytes as a connection would, and a client's table of calls in
// flight (for JSON replies, which do not name their method).
#ifndef PARLEY_TESTS_WIRE_CODEC_CHECKS_H_
#define PARLEY_TESTS_WIRE_CODEC_CHECKS_H_

#include <catch2/catch.hpp>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "wire/codec.h"
#include "wire/frame.h"

namespace Catch {
template <>
struct StringMaker<parley::wire::DecodeResult::Kind> {
  static std::string convert(parley::wire::DecodeResult::Kind kind);
};
template <>
struct StringMaker<parley::wire::FrameKind> {
  static std::string convert(parley::wire::FrameKind kind);
};
}  // namespace Catch

namespace parley::wire::testing {

// A client's calls in flight: id to method.
class FixedCalls final : public CallMethods {
 public:
  void Add(uint64_t id, const MethodInfo* method) { calls_[id] = method; }
  // CallMethods.
  const MethodInfo* MethodOf(uint64_t id) const override;

 private:
  std::map<uint64_t, const MethodInfo*> calls_;
};

// Encodes `frame`, requires the bytes to decode (in one piece) to one frame
// that uses all of them and means the same as `frame`, and returns the
// encoding.
std::string RequireRoundTrip(const Codec& codec, Frame& frame,
                             const CallMethods* calls = nullptr);

// Decodes the front of `bytes` as a server does (no calls in flight).
DecodeResult DecodeFront(const Codec& codec, std::string_view bytes,
                         Frame* frame = nullptr);

// A frame of `kind` for call `id` carrying `message` (borrowed).
Frame MakeFrame(FrameKind kind, uint64_t id, const MethodInfo* method,
                const google::protobuf::Message* message);

}  // namespace parley::wire::testing

#endif  // PARLEY_TESTS_WIRE_CODEC_CHECKS_H_
