#include "wire/codec_checks.h"

#include "absl/strings/escaping.h"
#include "wire/frame_difference.h"

namespace Catch {

std::string StringMaker<parley::wire::DecodeResult::Kind>::convert(
    parley::wire::DecodeResult::Kind kind) {
  using Kind = parley::wire::DecodeResult::Kind;
  switch (kind) {
    case Kind::kNeedMore:
      return "kNeedMore";
    case Kind::kFrame:
      return "kFrame";
    case Kind::kRejected:
      return "kRejected";
    case Kind::kFatal:
      return "kFatal";
  }
  return "unknown";
}

std::string StringMaker<parley::wire::FrameKind>::convert(
    parley::wire::FrameKind kind) {
  return std::to_string(static_cast<int>(kind));
}

}  // namespace Catch

namespace parley::wire::testing {

const MethodInfo* FixedCalls::MethodOf(uint64_t id) const {
  auto it = calls_.find(id);
  return it == calls_.end() ? nullptr : it->second;
}

std::string RequireRoundTrip(const Codec& codec, Frame& frame,
                             const CallMethods* calls) {
  std::string bytes;
  codec.Encode(frame, &bytes);
  INFO(codec.name() << " encoding: " << absl::CEscape(bytes));
  Frame decoded;
  const DecodeResult result = codec.Decode(bytes, &decoded, calls);
  INFO("decode error: " << result.error);
  REQUIRE(result.kind == DecodeResult::Kind::kFrame);
  CHECK(result.consumed == bytes.size());
  CHECK(result.id == frame.id);
  const std::string difference = FrameDifference(frame, decoded);
  INFO(difference);
  CHECK(difference.empty());
  return bytes;
}

DecodeResult DecodeFront(const Codec& codec, std::string_view bytes,
                         Frame* frame) {
  Frame ignored;
  return codec.Decode(bytes, frame != nullptr ? frame : &ignored, nullptr);
}

Frame MakeFrame(FrameKind kind, uint64_t id, const MethodInfo* method,
                const google::protobuf::Message* message) {
  Frame frame;
  frame.kind = kind;
  frame.id = id;
  frame.method = method;
  frame.borrowed = message;
  return frame;
}

}  // namespace parley::wire::testing
