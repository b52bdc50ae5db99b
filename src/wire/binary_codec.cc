#include "wire/binary_codec.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "chat/v1/chat.pb.h"
#include "wire/parse_error.h"

namespace parley::wire {
namespace {

uint32_t ReadU32(std::string_view bytes) {
  return (uint32_t{static_cast<uint8_t>(bytes[0])} << 24) |
         (uint32_t{static_cast<uint8_t>(bytes[1])} << 16) |
         (uint32_t{static_cast<uint8_t>(bytes[2])} << 8) |
         uint32_t{static_cast<uint8_t>(bytes[3])};
}

void AppendU32(uint32_t value, std::string* out) {
  out->push_back(static_cast<char>(value >> 24));
  out->push_back(static_cast<char>(value >> 16));
  out->push_back(static_cast<char>(value >> 8));
  out->push_back(static_cast<char>(value));
}

DecodeResult Fatal(const std::string& message) {
  DecodeResult result;
  result.kind = DecodeResult::Kind::kFatal;
  result.error = absl::InvalidArgumentError(message);
  return result;
}

DecodeResult Rejected(size_t consumed, uint64_t id, absl::Status error) {
  DecodeResult result;
  result.kind = DecodeResult::Kind::kRejected;
  result.consumed = consumed;
  result.id = id;
  result.error = std::move(error);
  return result;
}

}  // namespace

DecodeResult BinaryCodec::Decode(std::string_view input, Frame* frame,
                                 const CallMethods* /*calls*/) const {
  DecodeResult result;
  if (input.size() < 4) return result;
  const uint32_t length = ReadU32(input);
  if (length < kHeaderBytes - 4) {
    return Fatal(absl::StrCat("a frame's length (", length,
                              ") is shorter than its header (8 bytes)"));
  }
  if (length > kHeaderBytes - 4 + max_payload_bytes_) {
    return Fatal(absl::StrCat("a frame of ", length + 4,
                              " bytes exceeds the limit of ", max_frame_bytes(),
                              " bytes"));
  }
  if (input.size() >= 5 && static_cast<uint8_t>(input[4]) != kVersion) {
    return Fatal(absl::StrCat("protocol version ",
                              static_cast<int>(static_cast<uint8_t>(input[4])),
                              " is not supported (this server speaks ",
                              static_cast<int>(kVersion), ")"));
  }
  const size_t total = size_t{length} + 4;
  if (input.size() < total) return result;

  const auto kind = static_cast<uint8_t>(input[5]);
  const auto method_number = static_cast<uint8_t>(input[6]);
  const auto flags = static_cast<uint8_t>(input[7]);
  const uint32_t id = ReadU32(input.substr(8));
  std::string_view payload = input.substr(kHeaderBytes, total - kHeaderBytes);
  if (kind < static_cast<uint8_t>(FrameKind::kRequest) ||
      kind > static_cast<uint8_t>(FrameKind::kPong)) {
    return Rejected(total, id,
                    absl::InvalidArgumentError(absl::StrCat(
                        "unknown frame kind ", static_cast<int>(kind))));
  }
  *frame = Frame();
  frame->kind = static_cast<FrameKind>(kind);
  frame->id = id;
  const uint8_t allowed_flags =
      frame->kind == FrameKind::kRequest ? kFlagToken : 0;
  if ((flags & ~allowed_flags) != 0) {
    return Rejected(total, id,
                    absl::InvalidArgumentError(absl::StrCat(
                        "unknown flags 0x", absl::Hex(flags), " on a frame")));
  }
  if ((flags & kFlagToken) != 0) {
    if (payload.empty() ||
        payload.size() < 1 + size_t{static_cast<uint8_t>(payload[0])}) {
      return Rejected(total, id,
                      absl::InvalidArgumentError(
                          "a request's token runs past the end of its frame"));
    }
    const size_t token_length = static_cast<uint8_t>(payload[0]);
    frame->token = std::string(payload.substr(1, token_length));
    payload.remove_prefix(1 + token_length);
  }

  result.kind = DecodeResult::Kind::kFrame;
  result.consumed = total;
  result.id = id;
  switch (frame->kind) {
    case FrameKind::kRequest:
    case FrameKind::kReply: {
      frame->method = MethodByNumber(method_number);
      if (frame->method == nullptr) {
        return Rejected(total, id,
                        absl::UnimplementedError(
                            absl::StrCat("there is no method number ",
                                         static_cast<int>(method_number))));
      }
      frame->message = frame->kind == FrameKind::kRequest
                           ? frame->method->NewRequest()
                           : frame->method->NewResponse();
      break;
    }
    case FrameKind::kEvent:
      frame->message = std::make_unique<chat::v1::Event>();
      break;
    case FrameKind::kStatus: {
      if (payload.empty() || static_cast<uint8_t>(payload[0]) > 16) {
        return Rejected(total, id,
                        absl::InvalidArgumentError(
                            "a status frame must start with a code 0 to 16"));
      }
      const auto code =
          static_cast<absl::StatusCode>(static_cast<uint8_t>(payload[0]));
      frame->status =
          code == absl::StatusCode::kOk
              ? absl::OkStatus()
              : absl::Status(code, absl::string_view(payload.data() + 1,
                                                     payload.size() - 1));
      frame->payload_bytes = payload.size();
      return result;
    }
    case FrameKind::kCancel:
    case FrameKind::kPing:
    case FrameKind::kPong:
      if (!payload.empty()) {
        return Rejected(total, id,
                        absl::InvalidArgumentError(
                            "cancel and ping frames carry no payload"));
      }
      return result;
  }
  frame->payload_bytes = payload.size();
  if (!frame->message->ParseFromArray(payload.data(),
                                      static_cast<int>(payload.size()))) {
    return Rejected(total, id, ParseError(*frame->message));
  }
  return result;
}

void BinaryCodec::Encode(Frame& frame, std::string* out) const {
  const size_t start = out->size();
  out->append(4, '\0');  // the length, filled in below
  out->push_back(static_cast<char>(kVersion));
  out->push_back(static_cast<char>(frame.kind));
  out->push_back(
      static_cast<char>(frame.method != nullptr ? frame.method->number : 0));
  const bool token =
      frame.kind == FrameKind::kRequest && frame.token.has_value();
  out->push_back(static_cast<char>(token ? kFlagToken : 0));
  AppendU32(static_cast<uint32_t>(frame.id), out);
  if (token) {
    out->push_back(static_cast<char>(frame.token->size()));
    out->append(*frame.token);
  }
  // The token, like gRPC's metadata, is not payload (Decode counts the same).
  const size_t payload_start = out->size();
  if (frame.kind == FrameKind::kStatus) {
    out->push_back(static_cast<char>(frame.status.code()));
    const absl::string_view message = frame.status.message();
    out->append(message.data(), message.size());
  } else if (frame.body() != nullptr) {
    frame.body()->AppendToString(out);
  }
  frame.payload_bytes = out->size() - payload_start;
  const auto length = static_cast<uint32_t>(out->size() - start - 4);
  std::string length_bytes;
  AppendU32(length, &length_bytes);
  out->replace(start, 4, length_bytes);
}

}  // namespace parley::wire
