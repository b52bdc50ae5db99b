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

void AppendVarint(uint64_t value, std::string* out) {
  while (value >= 0x80) {
    out->push_back(static_cast<char>((value & 0x7fU) | 0x80U));
    value >>= 7;
  }
  out->push_back(static_cast<char>(value));
}

// A frame as the protocol lays it out, written here by hand: the varint
// length, the version, the kind byte (`kind` in the low nibble, `flags` in
// the high one), the method byte on kinds 1 and 2 only, the varint call id,
// and `payload`.
std::string RawFrame(uint8_t version, uint8_t kind, uint8_t method,
                     uint8_t flags, uint32_t id, std::string_view payload) {
  std::string rest = {static_cast<char>(version),
                      static_cast<char>(kind | flags)};
  if (kind == 1 || kind == 2) rest.push_back(static_cast<char>(method));
  AppendVarint(id, &rest);
  rest.append(payload);
  std::string bytes;
  AppendVarint(rest.size(), &bytes);
  return bytes + rest;
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

TEST_CASE("binary: the header is length then version kind method and call id",
          "[wire][binary]") {
  Frame ping = MakeFrame(FrameKind::kPing, 0x01020304, nullptr, nullptr);
  std::string bytes;
  kCodec.Encode(ping, &bytes);
  // Length 6, version 2, kind 6, call id 0x01020304 as a 4-byte varint.
  CHECK(absl::BytesToHexString(bytes) == "06020684868808");
  Frame reply = MakeFrame(FrameKind::kReply, 1, SendMessage(), nullptr);
  bytes.clear();
  kCodec.Encode(reply, &bytes);
  // A reply names its method (7); call id 1 is one byte.
  CHECK(absl::BytesToHexString(bytes) == "0402020701");
  // A 3-byte length, 8 header bytes at most after it, 64 KiB of payload.
  CHECK(kCodec.max_frame_bytes() == 3 + 8 + 64 * 1024);
}

TEST_CASE("binary: a request with a token round-trips", "[wire][binary]") {
  const chat::v1::SendMessageRequest request = Hello();
  Frame frame = MakeFrame(FrameKind::kRequest, 7, SendMessage(), &request);
  frame.token = std::string(64, 'f');
  const std::string bytes = RequireRoundTrip(kCodec, frame);
  // Length (1 byte), version, kind with the token flag, method, call id,
  // then the token's length.
  CHECK(static_cast<uint8_t>(bytes[2]) == (BinaryCodec::kFlagToken | 1));
  CHECK(static_cast<uint8_t>(bytes[5]) == 64);
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
  // Length, version, kind 1 with no flags, method, call id, then the message.
  CHECK(static_cast<uint8_t>(bytes[2]) == 1);
  CHECK(bytes.substr(5) == Serialized(request));
}

TEST_CASE("binary: an empty token is a token and not the absence of one",
          "[wire][binary]") {
  const chat::v1::LogoutRequest request;
  Frame frame =
      MakeFrame(FrameKind::kRequest, 1, MethodByName("Logout"), &request);
  frame.token = "";
  const std::string bytes = RequireRoundTrip(kCodec, frame);
  // The token flag with kind 1, method 4, call id 1, then token length 0.
  CHECK(absl::BytesToHexString(bytes) == "050211040100");
}

TEST_CASE("binary: a reply round-trips", "[wire][binary]") {
  chat::v1::SendMessageResponse response;
  response.set_id(42);
  response.mutable_sent_at()->set_seconds(1767225600);
  Frame frame = MakeFrame(FrameKind::kReply, 7, SendMessage(), &response);
  const std::string bytes = RequireRoundTrip(kCodec, frame);
  CHECK(static_cast<uint8_t>(bytes[3]) == SendMessage()->number);
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
  // Length 4, version 2, kind 3, call id 3, code 0.
  CHECK(absl::BytesToHexString(bytes) == "0402030300");
}

TEST_CASE("binary: an error status of every code keeps its code and message",
          "[wire][binary]") {
  for (int code = 1; code <= 16; ++code) {
    Frame frame = MakeFrame(FrameKind::kStatus, 9, nullptr, nullptr);
    frame.status = absl::Status(static_cast<absl::StatusCode>(code),
                                "no account named \"b\xC3\xB6\x62\"");
    INFO(frame.status);
    const std::string bytes = RequireRoundTrip(kCodec, frame);
    // The code byte, then the message to the end of the frame.
    const size_t header = bytes.size() - 1 - frame.status.message().size();
    CHECK(static_cast<uint8_t>(bytes[header]) == code);
    CHECK(bytes.substr(header + 1) == frame.status.message());
  }
}

TEST_CASE(
    "binary: cancel ping and pong frames carry their call id and nothing else",
    "[wire][binary]") {
  for (FrameKind kind :
       {FrameKind::kCancel, FrameKind::kPing, FrameKind::kPong}) {
    Frame frame = MakeFrame(kind, 0xfffffffe, nullptr, nullptr);
    const std::string bytes = RequireRoundTrip(kCodec, frame);
    // Length, version, kind and a 5-byte call id.
    CHECK(bytes.size() == 8);
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
  CHECK(one.consumed == 4);
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
  const std::string header = RawFrame(2, 6, 0, 0, 0x01020304, "");
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
  const std::string frame = RawFrame(1, 6, 0, 0, 1, "");
  const DecodeResult result = DecodeFront(kCodec, frame.substr(0, 2));
  CHECK(result.kind == Kind::kFatal);
  CHECK(result.error == absl::InvalidArgumentError(
                            "protocol version 1 is not supported (this server "
                            "speaks 2)"));
  CHECK(DecodeFront(kCodec, RawFrame(0, 6, 0, 0, 1, "")).error.message() ==
        "protocol version 0 is not supported (this server speaks 2)");
}

TEST_CASE("binary: a length shorter than the header closes the connection",
          "[wire][binary]") {
  const DecodeResult result =
      DecodeFront(kCodec, std::string("\x02\x02\x06", 3));
  CHECK(result.kind == Kind::kFatal);
  CHECK(result.error ==
        absl::InvalidArgumentError(
            "a frame's length (2) is shorter than the smallest header (3 "
            "bytes)"));
  // A version 1 frame starts with length bytes 00: refused at once.
  CHECK(DecodeFront(kCodec, std::string("\x00", 1)).kind == Kind::kFatal);
}

TEST_CASE(
    "binary: a length over the limit closes the connection from the "
    "length bytes alone",
    "[wire][binary]") {
  // 8 header bytes after the length and 64 KiB + 1 of payload: 65545 is
  // 0x10009, the varint 89 80 04.
  const DecodeResult result =
      DecodeFront(kCodec, std::string("\x89\x80\x04", 3));
  CHECK(result.kind == Kind::kFatal);
  CHECK(result.error ==
        absl::ResourceExhaustedError(
            "a frame of 65548 bytes exceeds the limit of 65547 bytes"));
  const DecodeResult endless =
      DecodeFront(kCodec, std::string("\xff\xff\xff\xff", 4));
  CHECK(endless.kind == Kind::kFatal);
  CHECK(endless.error.message() == "a frame's length takes more than 4 bytes");
}

TEST_CASE("binary: a frame of exactly the limit is accepted",
          "[wire][binary]") {
  chat::v1::SendMessageRequest request;
  // Tag, a 3-byte length and the text: 64 KiB of payload.
  request.set_text(std::string(64 * 1024 - 4, 'a'));
  REQUIRE(request.ByteSizeLong() == BinaryCodec::kMaxPayloadBytes);
  // The largest call id makes the largest header.
  Frame frame =
      MakeFrame(FrameKind::kRequest, 0xffffffff, SendMessage(), &request);
  const std::string bytes = RequireRoundTrip(kCodec, frame);
  CHECK(bytes.size() == kCodec.max_frame_bytes());
  CHECK(DecodeFront(kCodec, bytes.substr(0, 12)).kind == Kind::kNeedMore);
}

TEST_CASE("binary: garbage (an HTTP request) closes the connection",
          "[wire][binary]") {
  const DecodeResult result =
      DecodeFront(kCodec, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
  CHECK(result.kind == Kind::kFatal);
  // "G" reads as length 71, and "E" as version 69.
  CHECK(result.error.message() ==
        "protocol version 69 is not supported (this server speaks 2)");
}

TEST_CASE("binary: an unknown frame kind is refused and the next frame decodes",
          "[wire][binary]") {
  for (uint8_t kind : {0, 8, 15}) {
    INFO(static_cast<int>(kind));
    const std::string unknown = RawFrame(2, kind, 0, 0, 77, "xyz");
    const std::string bytes = unknown + RawFrame(2, 6, 0, 0, 78, "");
    const DecodeResult result = DecodeFront(kCodec, bytes);
    CHECK(result.kind == Kind::kRejected);
    CHECK(result.consumed == unknown.size());
    CHECK(result.id == 77);
    CHECK(result.error ==
          absl::InvalidArgumentError("unknown frame kind " +
                                     std::to_string(static_cast<int>(kind))));
    Frame next;
    REQUIRE(DecodeFront(kCodec, std::string_view{bytes}.substr(unknown.size()),
                        &next)
                .kind == Kind::kFrame);
    CHECK(next.kind == FrameKind::kPing);
    CHECK(next.id == 78);
  }
}

TEST_CASE("binary: unknown flags are refused", "[wire][binary]") {
  const DecodeResult on_request =
      DecodeFront(kCodec, RawFrame(2, 1, 7, 0x20, 4, Serialized(Hello())));
  CHECK(on_request.kind == Kind::kRejected);
  CHECK(on_request.id == 4);
  CHECK(on_request.error ==
        absl::InvalidArgumentError("unknown flags 0x20 on a frame"));
  // The token flag belongs to requests only.
  const DecodeResult on_ping =
      DecodeFront(kCodec, RawFrame(2, 6, 0, 0x10, 4, ""));
  CHECK(on_ping.kind == Kind::kRejected);
  CHECK(on_ping.error.message() == "unknown flags 0x10 on a frame");
}

TEST_CASE("binary: an unknown method number is refused as UNIMPLEMENTED",
          "[wire][binary]") {
  for (uint8_t method : {0, 14, 255}) {
    INFO(static_cast<int>(method));
    const DecodeResult result =
        DecodeFront(kCodec, RawFrame(2, 1, method, 0, 12, ""));
    CHECK(result.kind == Kind::kRejected);
    CHECK(result.id == 12);
    CHECK(result.error ==
          absl::UnimplementedError("there is no method number " +
                                   std::to_string(static_cast<int>(method))));
  }
}

TEST_CASE("binary: a payload that is not a protobuf names the type expected",
          "[wire][binary]") {
  const std::string bytes = RawFrame(2, 1, 7, 0, 3, "\xff\xff\xff");
  const DecodeResult result = DecodeFront(kCodec, bytes);
  CHECK(result.kind == Kind::kRejected);
  CHECK(result.consumed == bytes.size());
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
      DecodeFront(kCodec, RawFrame(2, 1, 7, 0, 3, "\x12\x02\xC3\x28"));
  CHECK(result.kind == Kind::kRejected);
  CHECK(result.id == 3);
  CHECK(result.error.message() ==
        "the request could not be parsed: it is not a valid "
        "chat.v1.SendMessageRequest (string fields such as text must be valid "
        "UTF-8)");
}

TEST_CASE("binary: a header cut short by its length is refused",
          "[wire][binary]") {
  // A request whose length ends before its method byte, and a ping whose
  // call id's varint runs on past the end.
  for (const std::string& bytes : {std::string("\x03\x02\x01\x07", 4),
                                   std::string("\x03\x02\x06\x80", 4)}) {
    const DecodeResult result = DecodeFront(kCodec, bytes);
    CHECK(result.kind == Kind::kRejected);
    CHECK(result.consumed == bytes.size());
    CHECK(result.error ==
          absl::InvalidArgumentError(
              "a frame's header runs past the end of the frame"));
  }
  const std::string six_byte_id("\x08\x02\x06\xff\xff\xff\xff\xff\x01", 9);
  CHECK(DecodeFront(kCodec, six_byte_id).error.message() ==
        "a call id must fit in 32 bits");
}

TEST_CASE("binary: a token longer than its frame is refused",
          "[wire][binary]") {
  for (const std::string& payload : {std::string(), std::string("\x05"
                                                                "abc")}) {
    const DecodeResult result =
        DecodeFront(kCodec, RawFrame(2, 1, 4, 0x10, 6, payload));
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
        DecodeFront(kCodec, RawFrame(2, 3, 0, 0, 6, payload));
    CHECK(result.kind == Kind::kRejected);
    CHECK(result.error == absl::InvalidArgumentError(
                              "a status frame must start with a code 0 to 16"));
  }
}

TEST_CASE("binary: a cancel or ping with a payload is refused",
          "[wire][binary]") {
  for (uint8_t kind : {5, 6, 7}) {
    const DecodeResult result =
        DecodeFront(kCodec, RawFrame(2, kind, 0, 0, 6, "x"));
    CHECK(result.kind == Kind::kRejected);
    CHECK(result.error == absl::InvalidArgumentError(
                              "cancel and ping frames carry no payload"));
  }
}

}  // namespace
}  // namespace parley::wire
