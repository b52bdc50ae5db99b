// The Parley binary protocol's codec (docs/protocols/binary.md): a 12-byte
// header (length, version, frame kind, method, flags, call id) in front of a
// chat.v1 message in protobuf's encoding. Lengths are checked against the
// limit before anything is allocated for a frame.
//
// Thread safety: stateless; safe from any thread.
#ifndef PARLEY_WIRE_BINARY_CODEC_H_
#define PARLEY_WIRE_BINARY_CODEC_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "wire/codec.h"

namespace parley::wire {

class BinaryCodec final : public Codec {
 public:
  static constexpr uint8_t kVersion = 1;
  static constexpr size_t kHeaderBytes = 12;
  // The largest payload (a message with its token) a server accepts, as
  // gRPC's receive limit.
  static constexpr size_t kMaxPayloadBytes = size_t{64} * 1024;
  static constexpr uint8_t kFlagToken = 0x01;

  // Decodes payloads of up to kMaxPayloadBytes (what a server takes).
  BinaryCodec() = default;
  // Decodes payloads of up to `max_payload_bytes`: a client takes replies
  // larger than any request (a page of long messages).
  explicit BinaryCodec(size_t max_payload_bytes)
      : max_payload_bytes_(max_payload_bytes) {}

  // Codec.
  std::string_view name() const override { return "binary"; }
  DecodeResult Decode(std::string_view input, Frame* frame,
                      const CallMethods* calls) const override;
  void Encode(Frame& frame, std::string* out) const override;
  size_t max_frame_bytes() const override {
    return kHeaderBytes + max_payload_bytes_;
  }

 private:
  size_t max_payload_bytes_ = kMaxPayloadBytes;
};

}  // namespace parley::wire

#endif  // PARLEY_WIRE_BINARY_CODEC_H_
