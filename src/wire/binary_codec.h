// The Parley binary protocol's codec (docs/protocols/binary.md): a header of
// 4 to 12 bytes (a varint length, the version, the frame kind with its flags,
// the method on requests and replies, a varint call id) in front of a chat.v1
// message in protobuf's encoding. Lengths are checked against the limit
// before anything is allocated for a frame.
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
  static constexpr uint8_t kVersion = 2;
  // The header after the length: version, kind and flags, method, and a call
  // id of up to 5 varint bytes.
  static constexpr size_t kMaxHeaderAfterLength = 8;
  // The smallest: version, kind and a one-byte call id.
  static constexpr size_t kMinHeaderAfterLength = 3;
  // The largest payload (a message with its token) a server accepts, as
  // gRPC's receive limit.
  static constexpr size_t kMaxPayloadBytes = size_t{64} * 1024;
  // Flags sit in the high nibble of the kind byte.
  static constexpr uint8_t kFlagToken = 0x10;

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
  size_t max_frame_bytes() const override;

 private:
  size_t max_payload_bytes_ = kMaxPayloadBytes;
};

}  // namespace parley::wire

#endif  // PARLEY_WIRE_BINARY_CODEC_H_
