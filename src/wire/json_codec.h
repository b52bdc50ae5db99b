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
  // The longest line, its newline included, a server accepts.
  static constexpr size_t kMaxLineBytes = size_t{128} * 1024;

  // Decodes lines of up to kMaxLineBytes (what a server takes).
  JsonCodec() = default;
  // Decodes lines of up to `max_line_bytes`: a client takes replies larger
  // than any request (a page of long messages).
  explicit JsonCodec(size_t max_line_bytes) : max_line_bytes_(max_line_bytes) {}

  // Codec.
  std::string_view name() const override { return "json"; }
  DecodeResult Decode(std::string_view input, Frame* frame,
                      const CallMethods* calls) const override;
  void Encode(Frame& frame, std::string* out) const override;
  size_t max_frame_bytes() const override { return max_line_bytes_; }

 private:
  size_t max_line_bytes_ = kMaxLineBytes;
};

}  // namespace parley::wire

#endif  // PARLEY_WIRE_JSON_CODEC_H_
