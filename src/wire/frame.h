// One unit of the socket protocols, decoded: what the binary frame or the JSON
// line carried, in chat.v1 messages. Both codecs (binary_codec.h,
// json_codec.h) turn bytes into Frames and back, so the server's socket edge
// and the client's socket transport are written once for both protocols.
#ifndef PARLEY_WIRE_FRAME_H_
#define PARLEY_WIRE_FRAME_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "google/protobuf/message.h"
#include "wire/methods.h"

namespace parley::wire {

enum class FrameKind : uint8_t {
  // Client to server: call `method` with `message` (its request type).
  kRequest = 1,
  // Server to client: the call `id` succeeded with `message` (its response).
  kReply = 2,
  // Server to client: the call `id` ended with `status` (a failed unary call,
  // or the end of a Subscribe stream).
  kStatus = 3,
  // Server to client: `message` (a chat.v1.Event) on the Subscribe call `id`.
  kEvent = 4,
  // Client to server: end the Subscribe call `id`; a kStatus (CANCELLED)
  // follows.
  kCancel = 5,
  // Either way: a no-op the peer answers with kPong of the same id.
  kPing = 6,
  kPong = 7,
};

struct Frame {
  FrameKind kind = FrameKind::kPing;
  // Chosen by the client per call; replies, statuses and events carry the id
  // of their call.
  uint64_t id = 0;
  // kRequest and kReply.
  const MethodInfo* method = nullptr;
  // kRequest: a session token, which stays the connection's token for this
  // and later requests until another replaces it.
  std::optional<std::string> token;
  // kRequest, kReply, kEvent.
  std::unique_ptr<google::protobuf::Message> message;
  // For Encode only: the message when the frame does not own one (an event
  // shared by many streams), used when `message` is null.
  const google::protobuf::Message* borrowed = nullptr;
  // kStatus.
  absl::Status status;
  // Bytes of the message itself (the serialized protobuf, or the JSON of
  // "params", "result" or "event"), without the framing: what the notebook
  // counted as payload. Set by Decode and by Encode.
  size_t payload_bytes = 0;

  // The message to encode: owned or borrowed; nullptr if there is none.
  const google::protobuf::Message* body() const {
    return message != nullptr ? message.get() : borrowed;
  }
};

}  // namespace parley::wire

#endif  // PARLEY_WIRE_FRAME_H_
