#include "wire/binary_codec.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "chat/v1/chat.pb.h"
#include "wire/parse_error.h"

namespace parley::wire {
namespace {

// A length takes at most this many varint bytes (28 bits: a client's 16 MiB
// replies fit).
constexpr size_t kMaxLengthBytes = 4;
// A call id takes at most this many (32 bits).
constexpr size_t kMaxIdBytes = 5;

// What reading a varint from the front of some bytes found.
struct Varint {
  enum class Kind { kNeedMore, kValue, kTooLong };
  Kind kind = Kind::kNeedMore;
  uint64_t value = 0;
  size_t size = 0;  // bytes it took
};

// Reads a little-endian base-128 varint of at most `max_bytes` bytes.
Varint ReadVarint(std::string_view bytes, size_t max_bytes) {
  Varint v;
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i == max_bytes) {
      v.kind = Varint::Kind::kTooLong;
      return v;
    }
    const auto byte = static_cast<uint8_t>(bytes[i]);
    v.value |= uint64_t{byte & 0x7fU} << (7 * i);
    if ((byte & 0x80U) == 0) {
      v.kind = Varint::Kind::kValue;
      v.size = i + 1;
      return v;
    }
  }
  if (bytes.size() >= max_bytes) v.kind = Varint::Kind::kTooLong;
  return v;
}

size_t VarintSize(uint64_t value) {
  size_t size = 1;
  while (value >= 0x80) {
    value >>= 7;
    ++size;
  }
  return size;
}

void AppendVarint(uint64_t value, std::string* out) {
  while (value >= 0x80) {
    out->push_back(static_cast<char>((value & 0x7fU) | 0x80U));
    value >>= 7;
  }
  out->push_back(static_cast<char>(value));
}

bool HasMethod(uint8_t kind) {
  return kind == static_cast<uint8_t>(FrameKind::kRequest) ||
         kind == static_cast<uint8_t>(FrameKind::kReply);
}

DecodeResult Fatal(const std::string& message) {
  DecodeResult result;
  result.kind = DecodeResult::Kind::kFatal;
  result.error = absl::InvalidArgumentError(message);
  return result;
}

// A frame over the limit gets gRPC's answer to an oversize message.
DecodeResult TooLarge(const std::string& message) {
  DecodeResult result = Fatal(message);
  result.error = absl::ResourceExhaustedError(message);
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

size_t BinaryCodec::max_frame_bytes() const {
  return VarintSize(kMaxHeaderAfterLength + max_payload_bytes_) +
         kMaxHeaderAfterLength + max_payload_bytes_;
}

DecodeResult BinaryCodec::Decode(std::string_view input, Frame* frame,
                                 const CallMethods* /*calls*/) const {
  DecodeResult result;
  const Varint length = ReadVarint(input, kMaxLengthBytes);
  if (length.kind == Varint::Kind::kTooLong) {
    return Fatal(absl::StrCat("a frame's length takes more than ",
                              kMaxLengthBytes, " bytes"));
  }
  if (length.kind == Varint::Kind::kNeedMore) return result;
  if (length.value < kMinHeaderAfterLength) {
    return Fatal(absl::StrCat("a frame's length (", length.value,
                              ") is shorter than the smallest header (",
                              kMinHeaderAfterLength, " bytes)"));
  }
  if (length.value > kMaxHeaderAfterLength + max_payload_bytes_) {
    return TooLarge(absl::StrCat("a frame of ", length.size + length.value,
                                 " bytes exceeds the limit of ",
                                 max_frame_bytes(), " bytes"));
  }
  if (input.size() > length.size &&
      static_cast<uint8_t>(input[length.size]) != kVersion) {
    return Fatal(
        absl::StrCat("protocol version ",
                     static_cast<int>(static_cast<uint8_t>(input[length.size])),
                     " is not supported (this server speaks ",
                     static_cast<int>(kVersion), ")"));
  }
  const size_t total = length.size + length.value;
  if (input.size() < total) return result;

  // The frame after the version byte.
  std::string_view rest = input.substr(length.size + 1, length.value - 1);
  const auto kind = static_cast<uint8_t>(static_cast<uint8_t>(rest[0]) & 0x0f);
  const auto flags = static_cast<uint8_t>(static_cast<uint8_t>(rest[0]) & 0xf0);
  rest.remove_prefix(1);
  uint8_t method_number = 0;
  if (HasMethod(kind)) {
    if (rest.empty()) {
      return Rejected(total, 0,
                      absl::InvalidArgumentError(
                          "a frame's header runs past the end of the frame"));
    }
    method_number = static_cast<uint8_t>(rest[0]);
    rest.remove_prefix(1);
  }
  const Varint id_varint = ReadVarint(rest, kMaxIdBytes);
  if (id_varint.kind != Varint::Kind::kValue ||
      id_varint.value > 0xffff'ffffU) {
    return Rejected(total, 0,
                    absl::InvalidArgumentError(
                        id_varint.kind == Varint::Kind::kNeedMore
                            ? "a frame's header runs past the end of the frame"
                            : "a call id must fit in 32 bits"));
  }
  const uint64_t id = id_varint.value;
  std::string_view payload = rest.substr(id_varint.size);
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
  const bool method = HasMethod(static_cast<uint8_t>(frame.kind));
  const bool token =
      frame.kind == FrameKind::kRequest && frame.token.has_value();
  size_t payload_size = 0;
  if (frame.kind == FrameKind::kStatus) {
    payload_size = 1 + frame.status.message().size();
  } else if (frame.body() != nullptr) {
    payload_size = frame.body()->ByteSizeLong();
  }
  const size_t length = 2 + (method ? 1 : 0) + VarintSize(frame.id) +
                        (token ? 1 + frame.token->size() : 0) + payload_size;
  AppendVarint(length, out);
  out->push_back(static_cast<char>(kVersion));
  out->push_back(static_cast<char>(static_cast<uint8_t>(frame.kind) |
                                   (token ? kFlagToken : 0)));
  if (method) {
    out->push_back(
        static_cast<char>(frame.method != nullptr ? frame.method->number : 0));
  }
  AppendVarint(frame.id, out);
  if (token) {
    out->push_back(static_cast<char>(frame.token->size()));
    out->append(*frame.token);
  }
  // The token, like gRPC's metadata, is not payload (Decode counts the same).
  if (frame.kind == FrameKind::kStatus) {
    out->push_back(static_cast<char>(frame.status.code()));
    const absl::string_view message = frame.status.message();
    out->append(message.data(), message.size());
  } else if (frame.body() != nullptr) {
    frame.body()->AppendToString(out);
  }
  frame.payload_bytes = payload_size;
}

}  // namespace parley::wire
