// The binary codec (src/wire/binary_codec.h): every frame kind and every
// chat.v1 message of the method table survive an encode and a decode, and
// every malformed input gets its exact outcome: a refusal of one frame (the
// connection goes on) or a fatal error (the connection closes), with the text
// a person reads in the status frame and the log.
#include "wire/binary_codec.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>

#include "absl/strings/escaping.h"
#include "chat/v1/chat.pb.h"
#include "wire/codec_checks.h"
#include "wire/frame_difference.h"
#include "wire/samples.h"

namespace parley::wire {
namespace {

using testing::DecodeFront;
using testing::FilledSamples;
using testing::FrameDifference;
using testing::MakeFrame;
using testing::RequireRoundTrip;
using Kind = DecodeResult::Kind;

const BinaryCodec kCodec;

// A frame header as the protocol lays it out, followed by `payload`.
std::string RawFrame(uint8_t version, uint8_t kind, uint8_t method,
                     uint8_t flags, uint32_t id, std::string_view payload) {
  std::string bytes;
  const auto length = static_cast<uint32_t>(8 + payload.size());
  for (int shift : {24, 16, 8, 0}) {
    bytes.push_back(static_cast<char>(length >> shift));
  }
  bytes += {static_cast<char>(version), static_cast<char>(kind),
            static_cast<char>(method), static_cast<char>(flags)};
  for (int shift : {24, 16, 8, 0}) {
    bytes.push_back(static_cast<char>(id >> shift));
  }
  bytes.append(payload);
  return bytes;
}

std::string Serialized(const google::protobuf::Message& message) {
  std::string bytes;
  message.SerializeToString(&bytes);
  return bytes;
}

const MethodInfo* SendMessage() { return MethodByName("SendMessage"); }

chat::v1::SendMessageRequest Hello() {
  chat::v1::SendMessageRequest request;
  request.set_recipient("bob");
  request.set_text("hi bob");
  return request;
}

TEST_CASE(
    "binary: the header is length then version kind method flags and call id",
    "[wire][binary]") {
  Frame ping = MakeFrame(FrameKind::kPing, 0x01020304, nullptr, nullptr);
  std::string bytes;
  kCodec.Encode(ping, &bytes);
  CHECK(absl::BytesToHexString(bytes) == "000000080106000001020304");
  CHECK(kCodec.max_frame_bytes() == 12 + 64 * 1024);
}

TEST_CASE("binary: a request with a token round-trips", "[wire][binary]") {
  const chat::v1::SendMessageRequest request = Hello();
  Frame frame = MakeFrame(FrameKind::kRequest, 7, SendMessage(), &request);
  frame.token = std::string(64, 'f');
  const std::string bytes = RequireRoundTrip(kCodec, frame);
  CHECK(static_cast<uint8_t>(bytes[7]) == BinaryCodec::kFlagToken);
  CHECK(static_cast<uint8_t>(bytes[12]) == 64);
}

TEST_CASE("binary: a request's payload bytes are its message's on both sides",
          "[wire][binary]") {
  const chat::v1::SendMessageRequest request = Hello();
  Frame frame = MakeFrame(FrameKind::kRequest, 7, SendMessage(), &request);
  frame.token = std::string(64, 'f');
  std::string bytes;
  kCodec.Encode(frame, &bytes);
  CHECK(frame.payload_bytes == request.ByteSizeLong());
  Frame decoded;
  REQUIRE(DecodeFront(kCodec, bytes, &decoded).kind == Kind::kFrame);
  CHECK(decoded.payload_bytes == request.ByteSizeLong());
}

TEST_CASE("binary: a request without a token round-trips", "[wire][binary]") {
  const chat::v1::SendMessageRequest request = Hello();
  Frame frame = MakeFrame(FrameKind::kRequest, 7, SendMessage(), &request);
  const std::string bytes = RequireRoundTrip(kCodec, frame);
  CHECK(bytes[7] == 0);
  CHECK(bytes.substr(12) == Serialized(request));
}

TEST_CASE("binary: an empty token is a token and not the absence of one",
          "[wire][binary]") {
  const chat::v1::LogoutRequest request;
  Frame frame =
      MakeFrame(FrameKind::kRequest, 1, MethodByName("Logout"), &request);
  frame.token = "";
  const std::string bytes = RequireRoundTrip(kCodec, frame);
  CHECK(absl::BytesToHexString(bytes) == "00000009010104010000000100");
}

TEST_CASE("binary: a reply round-trips", "[wire][binary]") {
  chat::v1::SendMessageResponse response;
  response.set_id(42);
  response.mutable_sent_at()->set_seconds(1767225600);
  Frame frame = MakeFrame(FrameKind::kReply, 7, SendMessage(), &response);
  const std::string bytes = RequireRoundTrip(kCodec, frame);
  CHECK(static_cast<uint8_t>(bytes[6]) == SendMessage()->number);
}

TEST_CASE("binary: an event round-trips", "[wire][binary]") {
  chat::v1::Event event;
  event.mutable_caught_up()->set_last_id(9);
  Frame frame = MakeFrame(FrameKind::kEvent, 3, nullptr, &event);
  RequireRoundTrip(kCodec, frame);
}

TEST_CASE("binary: an OK status is the one byte 0", "[wire][binary]") {
  Frame frame = MakeFrame(FrameKind::kStatus, 3, nullptr, nullptr);
  const std::string bytes = RequireRoundTrip(kCodec, frame);
  CHECK(absl::BytesToHexString(bytes) == "00000009010300000000000300");
}

TEST_CASE("binary: an error status of every code keeps its code and message",
          "[wire][binary]") {
  for (int code = 1; code <= 16; ++code) {
    Frame frame = MakeFrame(FrameKind::kStatus, 9, nullptr, nullptr);
    frame.status = absl::Status(static_cast<absl::StatusCode>(code),
                                "no account named \"b\xC3\xB6\x62\"");
    INFO(frame.status);
    const std::string bytes = RequireRoundTrip(kCodec, frame);
    CHECK(static_cast<uint8_t>(bytes[12]) == code);
    CHECK(bytes.substr(13) == frame.status.message());
  }
}

TEST_CASE(
    "binary: cancel ping and pong frames carry their call id and nothing else",
    "[wire][binary]") {
  for (FrameKind kind :
       {FrameKind::kCancel, FrameKind::kPing, FrameKind::kPong}) {
    Frame frame = MakeFrame(kind, 0xfffffffe, nullptr, nullptr);
    const std::string bytes = RequireRoundTrip(kCodec, frame);
    CHECK(bytes.size() == BinaryCodec::kHeaderBytes);
  }
}

TEST_CASE("binary: every request and response of the method table round-trips",
          "[wire][binary]") {
  uint32_t id = 1;
  for (const MethodInfo& method : AllMethods()) {
    INFO(method.name);
    for (const auto& request :
         FilledSamples(*method.descriptor->input_type())) {
      Frame frame =
          MakeFrame(FrameKind::kRequest, id++, &method, request.get());
      frame.token = "0123456789abcdef";
      RequireRoundTrip(kCodec, frame);
    }
    for (const auto& response :
         FilledSamples(*method.descriptor->output_type())) {
      // A stream's responses are events; a unary call's, its reply.
      Frame frame =
          method.server_streaming
              ? MakeFrame(FrameKind::kEvent, id++, nullptr, response.get())
              : MakeFrame(FrameKind::kReply, id++, &method, response.get());
      RequireRoundTrip(kCodec, frame);
    }
  }
}

TEST_CASE("binary: a Subscribe with after_id 0 keeps after_id's presence",
          "[wire][binary]") {
  chat::v1::SubscribeRequest request;
  request.set_after_id(0);
  Frame frame =
      MakeFrame(FrameKind::kRequest, 1, MethodByName("Subscribe"), &request);
  std::string bytes;
  kCodec.Encode(frame, &bytes);
  Frame decoded;
  REQUIRE(DecodeFront(kCodec, bytes, &decoded).kind == Kind::kFrame);
  CHECK(static_cast<const chat::v1::SubscribeRequest&>(*decoded.message)
            .has_after_id());
}

TEST_CASE("binary: a frame split into single bytes decodes with its last byte",
          "[wire][binary]") {
  const chat::v1::SendMessageRequest request = Hello();
  Frame frame = MakeFrame(FrameKind::kRequest, 5, SendMessage(), &request);
  frame.token = "token";
  std::string bytes;
  kCodec.Encode(frame, &bytes);
  for (size_t arrived = 0; arrived < bytes.size(); ++arrived) {
    INFO(arrived << " of " << bytes.size() << " bytes");
    const DecodeResult partial =
        DecodeFront(kCodec, std::string_view{bytes}.substr(0, arrived));
    CHECK(partial.kind == Kind::kNeedMore);
    CHECK(partial.consumed == 0);
  }
  Frame decoded;
  const DecodeResult whole = DecodeFront(kCodec, bytes, &decoded);
  REQUIRE(whole.kind == Kind::kFrame);
  CHECK(whole.consumed == bytes.size());
  const std::string difference = FrameDifference(frame, decoded);
  INFO(difference);
  CHECK(difference.empty());
}

TEST_CASE("binary: two frames in one read decode one after the other",
          "[wire][binary]") {
  Frame ping = MakeFrame(FrameKind::kPing, 1, nullptr, nullptr);
  const chat::v1::SendMessageRequest request = Hello();
  Frame send = MakeFrame(FrameKind::kRequest, 2, SendMessage(), &request);
  std::string bytes;
  kCodec.Encode(ping, &bytes);
  kCodec.Encode(send, &bytes);
  Frame first;
  const DecodeResult one = DecodeFront(kCodec, bytes, &first);
  REQUIRE(one.kind == Kind::kFrame);
  CHECK(one.consumed == BinaryCodec::kHeaderBytes);
  Frame second;
  const DecodeResult two = DecodeFront(
      kCodec, std::string_view{bytes}.substr(one.consumed), &second);
  REQUIRE(two.kind == Kind::kFrame);
  CHECK(one.consumed + two.consumed == bytes.size());
  const std::string difference = FrameDifference(send, second);
  INFO(difference);
  CHECK(difference.empty());
}

TEST_CASE("binary: a header still arriving waits for more", "[wire][binary]") {
  const std::string header = RawFrame(1, 6, 0, 0, 1, "");
  for (size_t arrived = 0; arrived < header.size(); ++arrived) {
    INFO(arrived << " bytes");
    CHECK(DecodeFront(kCodec, header.substr(0, arrived)).kind ==
          Kind::kNeedMore);
  }
}

TEST_CASE(
    "binary: another protocol version closes the connection as soon as "
    "its version byte arrives",
    "[wire][binary]") {
  const std::string frame = RawFrame(2, 6, 0, 0, 1, "");
  const DecodeResult result = DecodeFront(kCodec, frame.substr(0, 5));
  CHECK(result.kind == Kind::kFatal);
  CHECK(result.error == absl::InvalidArgumentError(
                            "protocol version 2 is not supported (this server "
                            "speaks 1)"));
  CHECK(DecodeFront(kCodec, RawFrame(0, 6, 0, 0, 1, "")).error.message() ==
        "protocol version 0 is not supported (this server speaks 1)");
}

TEST_CASE("binary: a length shorter than the header closes the connection",
          "[wire][binary]") {
  const DecodeResult result =
      DecodeFront(kCodec, std::string("\x00\x00\x00\x07\x01\x06\x00", 7));
  CHECK(result.kind == Kind::kFatal);
  CHECK(result.error ==
        absl::InvalidArgumentError(
            "a frame's length (7) is shorter than its header (8 bytes)"));
}

TEST_CASE(
    "binary: a length over the limit closes the connection from the "
    "length bytes alone",
    "[wire][binary]") {
  // 8 header bytes after the length and 64 KiB + 1 of payload.
  const DecodeResult result =
      DecodeFront(kCodec, std::string("\x00\x01\x00\x09", 4));
  CHECK(result.kind == Kind::kFatal);
  CHECK(result.error ==
        absl::InvalidArgumentError(
            "a frame of 65549 bytes exceeds the limit of 65548 bytes"));
  CHECK(DecodeFront(kCodec, std::string("\xff\xff\xff\xff", 4)).kind ==
        Kind::kFatal);
}

TEST_CASE("binary: a frame of exactly the limit is accepted",
          "[wire][binary]") {
  chat::v1::SendMessageRequest request;
  // Tag, a 3-byte length and the text: 64 KiB of payload.
  request.set_text(std::string(64 * 1024 - 4, 'a'));
  REQUIRE(request.ByteSizeLong() == BinaryCodec::kMaxPayloadBytes);
  Frame frame = MakeFrame(FrameKind::kRequest, 1, SendMessage(), &request);
  const std::string bytes = RequireRoundTrip(kCodec, frame);
  CHECK(bytes.size() == kCodec.max_frame_bytes());
  CHECK(DecodeFront(kCodec, bytes.substr(0, 12)).kind == Kind::kNeedMore);
}

TEST_CASE("binary: garbage (an HTTP request) closes the connection",
          "[wire][binary]") {
  const DecodeResult result =
      DecodeFront(kCodec, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
  CHECK(result.kind == Kind::kFatal);
  CHECK(result.error.message() ==
        "a frame of 1195725860 bytes exceeds the limit of 65548 bytes");
}

TEST_CASE("binary: an unknown frame kind is refused and the next frame decodes",
          "[wire][binary]") {
  for (uint8_t kind : {0, 8, 255}) {
    INFO(static_cast<int>(kind));
    const std::string bytes =
        RawFrame(1, kind, 0, 0, 77, "xyz") + RawFrame(1, 6, 0, 0, 78, "");
    const DecodeResult result = DecodeFront(kCodec, bytes);
    CHECK(result.kind == Kind::kRejected);
    CHECK(result.consumed == 15);
    CHECK(result.id == 77);
    CHECK(result.error ==
          absl::InvalidArgumentError("unknown frame kind " +
                                     std::to_string(static_cast<int>(kind))));
    Frame next;
    REQUIRE(
        DecodeFront(kCodec, std::string_view{bytes}.substr(15), &next).kind ==
        Kind::kFrame);
    CHECK(next.kind == FrameKind::kPing);
    CHECK(next.id == 78);
  }
}

TEST_CASE("binary: unknown flags are refused", "[wire][binary]") {
  const DecodeResult on_request =
      DecodeFront(kCodec, RawFrame(1, 1, 7, 0x02, 4, Serialized(Hello())));
  CHECK(on_request.kind == Kind::kRejected);
  CHECK(on_request.id == 4);
  CHECK(on_request.error ==
        absl::InvalidArgumentError("unknown flags 0x2 on a frame"));
  // The token flag belongs to requests only.
  const DecodeResult on_ping =
      DecodeFront(kCodec, RawFrame(1, 6, 0, 0x01, 4, ""));
  CHECK(on_ping.kind == Kind::kRejected);
  CHECK(on_ping.error.message() == "unknown flags 0x1 on a frame");
}

TEST_CASE("binary: an unknown method number is refused as UNIMPLEMENTED",
          "[wire][binary]") {
  for (uint8_t method : {0, 14, 255}) {
    INFO(static_cast<int>(method));
    const DecodeResult result =
        DecodeFront(kCodec, RawFrame(1, 1, method, 0, 12, ""));
    CHECK(result.kind == Kind::kRejected);
    CHECK(result.id == 12);
    CHECK(result.error ==
          absl::UnimplementedError("there is no method number " +
                                   std::to_string(static_cast<int>(method))));
  }
}

TEST_CASE("binary: a payload that is not a protobuf names the type expected",
          "[wire][binary]") {
  const DecodeResult result =
      DecodeFront(kCodec, RawFrame(1, 1, 7, 0, 3, "\xff\xff\xff"));
  CHECK(result.kind == Kind::kRejected);
  CHECK(result.consumed == 15);
  CHECK(result.id == 3);
  CHECK(result.error ==
        absl::InvalidArgumentError(
            "the request could not be parsed: it is not a valid "
            "chat.v1.SendMessageRequest (string fields such as text must be "
            "valid UTF-8)"));
}

TEST_CASE("binary: invalid UTF-8 in a protobuf string is refused",
          "[wire][binary]") {
  // SendMessageRequest{text: "\xC3\x28"} by hand: field 2, length 2.
  const DecodeResult result =
      DecodeFront(kCodec, RawFrame(1, 1, 7, 0, 3, "\x12\x02\xC3\x28"));
  CHECK(result.kind == Kind::kRejected);
  CHECK(result.id == 3);
  CHECK(result.error.message() ==
        "the request could not be parsed: it is not a valid "
        "chat.v1.SendMessageRequest (string fields such as text must be valid "
        "UTF-8)");
}

TEST_CASE("binary: a token longer than its frame is refused",
          "[wire][binary]") {
  for (const std::string& payload : {std::string(), std::string("\x05"
                                                                "abc")}) {
    const DecodeResult result =
        DecodeFront(kCodec, RawFrame(1, 1, 4, 0x01, 6, payload));
    CHECK(result.kind == Kind::kRejected);
    CHECK(result.id == 6);
    CHECK(result.error ==
          absl::InvalidArgumentError(
              "a request's token runs past the end of its frame"));
  }
}

TEST_CASE("binary: a status frame without a code from 0 to 16 is refused",
          "[wire][binary]") {
  for (const std::string& payload : {std::string(), std::string("\x11"
                                                                "x")}) {
    const DecodeResult result =
        DecodeFront(kCodec, RawFrame(1, 3, 0, 0, 6, payload));
    CHECK(result.kind == Kind::kRejected);
    CHECK(result.error == absl::InvalidArgumentError(
                              "a status frame must start with a code 0 to 16"));
  }
}

TEST_CASE("binary: a cancel or ping with a payload is refused",
          "[wire][binary]") {
  for (uint8_t kind : {5, 6, 7}) {
    const DecodeResult result =
        DecodeFront(kCodec, RawFrame(1, kind, 0, 0, 6, "x"));
    CHECK(result.kind == Kind::kRejected);
    CHECK(result.error == absl::InvalidArgumentError(
                              "cancel and ping frames carry no payload"));
  }
}

}  // namespace
}  // namespace parley::wire
