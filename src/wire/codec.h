// A socket protocol's framing, apart from the chat logic (as muduo's
// LengthHeaderCodec is): bytes in, Frames out, and back. A codec holds no
// connection state, so one instance serves every connection.
//
// Thread safety: Decode and Encode may be called from any thread at once.
#ifndef PARLEY_WIRE_CODEC_H_
#define PARLEY_WIRE_CODEC_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "wire/frame.h"

namespace parley::wire {

// What Decode found at the front of the input.
struct DecodeResult {
  enum class Kind {
    kNeedMore,  // no whole frame yet: read more, then call again
    kFrame,     // `frame` holds one frame; drop `consumed` bytes
    kRejected,  // one frame was malformed: drop `consumed` bytes, answer
                // `error` for call `id` (0 when unknown), and go on
    kFatal,     // the stream cannot be read any further: answer `error` and
                // close the connection
  };
  Kind kind = Kind::kNeedMore;
  size_t consumed = 0;
  uint64_t id = 0;
  absl::Status error;
};

// Tells a client's decoder which method a call belongs to, for a protocol
// whose replies do not name it (JSON's do not). Called during Decode.
class CallMethods {
 public:
  virtual ~CallMethods() = default;
  // The method of call `id`; nullptr if no such call is in flight.
  virtual const MethodInfo* MethodOf(uint64_t id) const = 0;
};

class Codec {
 public:
  virtual ~Codec() = default;

  // The protocol's name as flags and logs spell it ("binary", "json").
  virtual std::string_view name() const = 0;
  // Decodes the frame at the front of `input` into `*frame`. Never reads past
  // `input`, never allocates for more than a frame's limit before the whole
  // frame has arrived: kFatal as soon as a frame announces (or, for JSON, a
  // line reaches) more than max_frame_bytes(). `calls` resolves the method of
  // a reply where the protocol does not carry it; a server passes nullptr.
  virtual DecodeResult Decode(std::string_view input, Frame* frame,
                              const CallMethods* calls) const = 0;
  // Appends `frame`'s encoding to `*out` and sets frame.payload_bytes.
  virtual void Encode(Frame& frame, std::string* out) const = 0;
  // The largest frame accepted, framing included.
  virtual size_t max_frame_bytes() const = 0;
};

}  // namespace parley::wire

#endif  // PARLEY_WIRE_CODEC_H_
