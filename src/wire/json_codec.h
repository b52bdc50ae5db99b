// The Parley JSON protocol's codec (docs/protocols/json.md): one JSON object
// per line. Requests are {"id", "method", "params", "token"}; the server
// answers {"id", "result"} or {"id", "error": {"code", "message"}} and pushes
// {"id", "event"} on a Subscribe call. "params", "result" and "event" follow
// the proto3 JSON mapping of chat.v1 (protobuf's own mapping reads and writes
// them, so the proto stays the single source of truth); the envelope is read
// and written with RapidJSON. A line is limited in length before it is
// parsed, invalid UTF-8 is refused, and nesting cannot exhaust the stack
// (RapidJSON's iterative parser, and a line nested more than 64 deep is
// refused before anything recurses over it).
//
// Thread safety: stateless; safe from any thread.
#ifndef PARLEY_WIRE_JSON_CODEC_H_
#define PARLEY_WIRE_JSON_CODEC_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "wire/codec.h"

namespace parley::wire {

class JsonCodec final : public Codec {
 public:
  // The longest line, its newline included.
  static constexpr size_t kMaxLineBytes = 128 * 1024;

  // Codec.
  std::string_view name() const override { return "json"; }
  DecodeResult Decode(std::string_view input, Frame* frame,
                      const CallMethods* calls) const override;
  void Encode(Frame& frame, std::string* out) const override;
  size_t max_frame_bytes() const override { return kMaxLineBytes; }
};

}  // namespace parley::wire

#endif  // PARLEY_WIRE_JSON_CODEC_H_
