// The JSON codec (src/wire/json_codec.h): every frame kind and every chat.v1
// message of the method table survive an encode and a decode (replies decoded
// as a client does, knowing its calls in flight), and every malformed line
// gets its exact outcome: a refusal of that line (the connection goes on) or
// a fatal error (the connection closes), with the text a person reads.
#include "wire/json_codec.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>

#include "chat/v1/chat.pb.h"
#include "wire/codec_checks.h"
#include "wire/frame_difference.h"
#include "wire/samples.h"

namespace parley::wire {
namespace {

using testing::DecodeFront;
using testing::FilledSamples;
using testing::FixedCalls;
using testing::FrameDifference;
using testing::MakeFrame;
using testing::RequireRoundTrip;
using Kind = DecodeResult::Kind;

const JsonCodec kCodec;

const MethodInfo* SendMessage() { return MethodByName("SendMessage"); }

chat::v1::SendMessageRequest Hello() {
  chat::v1::SendMessageRequest request;
  request.set_recipient("bob");
  request.set_text("hi bob");
  return request;
}

// Requires `line` to be refused for call `id` with INVALID_ARGUMENT and
// `message`, the whole line consumed.
void RequireRefused(std::string_view line, uint64_t id,
                    const std::string& message) {
  INFO(line);
  const DecodeResult result = DecodeFront(kCodec, line);
  CHECK(result.kind == Kind::kRejected);
  CHECK(result.consumed == line.size());
  CHECK(result.id == id);
  CHECK(result.error == absl::InvalidArgumentError(message));
}

std::string NotValid(std::string_view type, std::string_view detail) {
  return std::string("the request could not be parsed: it is not a valid ") +
         std::string(type) +
         " (string fields such as text must be valid UTF-8): " +
         std::string(detail);
}

TEST_CASE("json: a request with a token round-trips", "[wire][json]") {
  const chat::v1::SendMessageRequest request = Hello();
  Frame frame = MakeFrame(FrameKind::kRequest, 7, SendMessage(), &request);
  frame.token = "0123abcd";
  CHECK(RequireRoundTrip(kCodec, frame) ==
        "{\"id\":7,\"method\":\"SendMessage\",\"token\":\"0123abcd\","
        "\"params\":{\"recipient\":\"bob\",\"text\":\"hi bob\"}}\n");
}

TEST_CASE("json: a request without a token round-trips", "[wire][json]") {
  const chat::v1::SendMessageRequest request = Hello();
  Frame frame = MakeFrame(FrameKind::kRequest, 7, SendMessage(), &request);
  CHECK(RequireRoundTrip(kCodec, frame) ==
        "{\"id\":7,\"method\":\"SendMessage\","
        "\"params\":{\"recipient\":\"bob\",\"text\":\"hi bob\"}}\n");
}

TEST_CASE("json: a request may leave out params and id", "[wire][json]") {
  Frame frame;
  const DecodeResult result =
      DecodeFront(kCodec, "{\"method\":\"ListConversations\"}\n", &frame);
  REQUIRE(result.kind == Kind::kFrame);
  CHECK(frame.kind == FrameKind::kRequest);
  CHECK(frame.id == 0);
  CHECK(frame.method == MethodByName("ListConversations"));
  REQUIRE(frame.message != nullptr);
  CHECK(frame.message->ByteSizeLong() == 0);
}

TEST_CASE("json: a reply round-trips for a client that knows its call",
          "[wire][json]") {
  chat::v1::SendMessageResponse response;
  response.set_id(42);
  response.mutable_sent_at()->set_seconds(1767225600);
  Frame frame = MakeFrame(FrameKind::kReply, 7, SendMessage(), &response);
  FixedCalls calls;
  calls.Add(7, SendMessage());
  CHECK(RequireRoundTrip(kCodec, frame, &calls) ==
        "{\"id\":7,\"result\":{\"id\":\"42\","
        "\"sentAt\":\"2026-01-01T00:00:00Z\"}}\n");
}

TEST_CASE("json: a result for a call not in flight is refused",
          "[wire][json]") {
  RequireRefused("{\"id\":7,\"result\":{}}\n", 7,
                 "a result for a call that is not in flight");
}

TEST_CASE("json: an event round-trips", "[wire][json]") {
  chat::v1::Event event;
  event.mutable_caught_up()->set_last_id(9);
  Frame frame = MakeFrame(FrameKind::kEvent, 3, nullptr, &event);
  CHECK(RequireRoundTrip(kCodec, frame) ==
        "{\"id\":3,\"event\":{\"caughtUp\":{\"lastId\":\"9\"}}}\n");
}

TEST_CASE("json: an OK status ends a Subscribe call as an empty result",
          "[wire][json]") {
  Frame frame = MakeFrame(FrameKind::kStatus, 3, nullptr, nullptr);
  FixedCalls calls;
  calls.Add(3, MethodByName("Subscribe"));
  CHECK(RequireRoundTrip(kCodec, frame, &calls) ==
        "{\"id\":3,\"result\":{}}\n");
}

TEST_CASE("json: an error of every code keeps its code name and message",
          "[wire][json]") {
  for (int code = 1; code <= 16; ++code) {
    Frame frame = MakeFrame(FrameKind::kStatus, 9, nullptr, nullptr);
    frame.status = absl::Status(static_cast<absl::StatusCode>(code),
                                "no account named \"b\xC3\xB6\x62\"");
    INFO(frame.status);
    const std::string line = RequireRoundTrip(kCodec, frame);
    CHECK(line == "{\"id\":9,\"error\":{\"code\":\"" +
                      absl::StatusCodeToString(frame.status.code()) +
                      "\",\"message\":\"no account named "
                      "\\\"b\xC3\xB6\x62\\\"\"}}\n");
  }
}

TEST_CASE("json: an error with an unknown code name is refused",
          "[wire][json]") {
  const std::string expected =
      "\"error\" must be {\"code\": a status code name, \"message\": a "
      "string}";
  RequireRefused("{\"id\":2,\"error\":{\"code\":\"NOPE\"}}\n", 2, expected);
  RequireRefused("{\"id\":2,\"error\":{\"code\":\"OK\"}}\n", 2, expected);
  RequireRefused("{\"id\":2,\"error\":\"NOT_FOUND\"}\n", 2, expected);
  RequireRefused(
      "{\"id\":2,\"error\":{\"code\":\"NOT_FOUND\",\"message\":5}}\n", 2,
      expected);
}

TEST_CASE("json: cancel ping and pong lines carry their call id",
          "[wire][json]") {
  Frame cancel = MakeFrame(FrameKind::kCancel, 5, nullptr, nullptr);
  CHECK(RequireRoundTrip(kCodec, cancel) ==
        "{\"id\":5,\"method\":\"Cancel\"}\n");
  Frame ping = MakeFrame(FrameKind::kPing, 6, nullptr, nullptr);
  CHECK(RequireRoundTrip(kCodec, ping) == "{\"id\":6,\"method\":\"Ping\"}\n");
  Frame pong = MakeFrame(FrameKind::kPong, 6, nullptr, nullptr);
  CHECK(RequireRoundTrip(kCodec, pong) == "{\"id\":6,\"pong\":{}}\n");
}

TEST_CASE("json: a token on a cancel or ping is not taken as the session's",
          "[wire][json]") {
  for (const char* line :
       {"{\"id\":5,\"method\":\"Ping\",\"token\":\"abc\"}\n",
        "{\"id\":5,\"method\":\"Cancel\",\"token\":\"abc\"}\n"}) {
    INFO(line);
    Frame frame;
    REQUIRE(DecodeFront(kCodec, line, &frame).kind == Kind::kFrame);
    CHECK_FALSE(frame.token.has_value());
  }
}

TEST_CASE("json: ids use the full unsigned 64-bit range", "[wire][json]") {
  Frame ping = MakeFrame(FrameKind::kPing, UINT64_MAX, nullptr, nullptr);
  CHECK(RequireRoundTrip(kCodec, ping) ==
        "{\"id\":18446744073709551615,\"method\":\"Ping\"}\n");
}

TEST_CASE("json: every request and response of the method table round-trips",
          "[wire][json]") {
  FixedCalls calls;
  uint64_t id = 1;
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
      calls.Add(id, &method);
      Frame frame =
          method.server_streaming
              ? MakeFrame(FrameKind::kEvent, id++, nullptr, response.get())
              : MakeFrame(FrameKind::kReply, id++, &method, response.get());
      RequireRoundTrip(kCodec, frame, &calls);
    }
  }
}

TEST_CASE("json: a Subscribe with after_id 0 keeps after_id's presence",
          "[wire][json]") {
  chat::v1::SubscribeRequest request;
  request.set_after_id(0);
  Frame frame =
      MakeFrame(FrameKind::kRequest, 1, MethodByName("Subscribe"), &request);
  CHECK(RequireRoundTrip(kCodec, frame) ==
        "{\"id\":1,\"method\":\"Subscribe\",\"params\":{\"afterId\":\"0\"}}\n");
}

TEST_CASE("json: params take the proto field names as well as the JSON ones",
          "[wire][json]") {
  Frame frame;
  REQUIRE(DecodeFront(kCodec,
                      "{\"id\":1,\"method\":\"Subscribe\","
                      "\"params\":{\"after_id\":12}}\n",
                      &frame)
              .kind == Kind::kFrame);
  CHECK(static_cast<const chat::v1::SubscribeRequest&>(*frame.message)
            .after_id() == 12);
}

TEST_CASE("json: a line split across reads decodes once its newline arrives",
          "[wire][json]") {
  const chat::v1::SendMessageRequest request = Hello();
  Frame frame = MakeFrame(FrameKind::kRequest, 5, SendMessage(), &request);
  std::string line;
  kCodec.Encode(frame, &line);
  for (size_t arrived = 0; arrived < line.size(); ++arrived) {
    INFO(arrived << " of " << line.size() << " bytes");
    const DecodeResult partial =
        DecodeFront(kCodec, std::string_view{line}.substr(0, arrived));
    CHECK(partial.kind == Kind::kNeedMore);
    CHECK(partial.consumed == 0);
  }
  Frame decoded;
  const DecodeResult whole = DecodeFront(kCodec, line, &decoded);
  REQUIRE(whole.kind == Kind::kFrame);
  CHECK(whole.consumed == line.size());
  const std::string difference = FrameDifference(frame, decoded);
  INFO(difference);
  CHECK(difference.empty());
}

TEST_CASE("json: a line may end in CRLF and two lines decode in turn",
          "[wire][json]") {
  const std::string lines =
      "{\"id\":1,\"method\":\"Ping\"}\r\n{\"id\":2,\"method\":\"Ping\"}\n";
  Frame first;
  const DecodeResult one = DecodeFront(kCodec, lines, &first);
  REQUIRE(one.kind == Kind::kFrame);
  CHECK(first.id == 1);
  CHECK(one.consumed == 26);
  Frame second;
  REQUIRE(
      DecodeFront(kCodec, std::string_view{lines}.substr(one.consumed), &second)
          .kind == Kind::kFrame);
  CHECK(second.id == 2);
}

TEST_CASE(
    "json: a line over the limit closes the connection before its "
    "newline arrives",
    "[wire][json]") {
  const std::string almost(JsonCodec::kMaxLineBytes - 1, ' ');
  CHECK(DecodeFront(kCodec, almost).kind == Kind::kNeedMore);
  const DecodeResult result = DecodeFront(kCodec, almost + "x");
  CHECK(result.kind == Kind::kFatal);
  CHECK(result.error == absl::ResourceExhaustedError(
                            "a line longer than 131072 bytes is not accepted"));
  // The limit counts the newline: a line of exactly the limit is read.
  const DecodeResult longest = DecodeFront(kCodec, almost + "\n");
  CHECK(longest.kind == Kind::kRejected);
  CHECK(longest.consumed == JsonCodec::kMaxLineBytes);
}

TEST_CASE("json: malformed JSON is refused with where it went wrong",
          "[wire][json]") {
  RequireRefused("{\"id\":1,\n", 0,
                 "the line is not valid JSON (Missing a name for object "
                 "member. at byte 8)");
  RequireRefused("{\"id\":1,\"method\":\"Ping\"} {}\n", 0,
                 "the line is not valid JSON (The document root must not be "
                 "followed by other values. at byte 25)");
}

TEST_CASE("json: garbage is refused and the next line still decodes",
          "[wire][json]") {
  const std::string bytes =
      std::string("\x00\x01\xfe\xff\n", 5) + "{\"id\":3,\"method\":\"Ping\"}\n";
  const DecodeResult result = DecodeFront(kCodec, bytes);
  CHECK(result.kind == Kind::kRejected);
  CHECK(result.consumed == 5);
  CHECK(result.error.message() ==
        "the line is not valid JSON (The document is empty. at byte 0)");
  Frame next;
  REQUIRE(DecodeFront(kCodec, std::string_view{bytes}.substr(5), &next).kind ==
          Kind::kFrame);
  CHECK(next.id == 3);
}

TEST_CASE("json: an empty line is refused", "[wire][json]") {
  RequireRefused("\n", 0, "an empty line is not a request");
  RequireRefused(" \t\r\n", 0, "an empty line is not a request");
}

TEST_CASE("json: a line must be one object with an integer id",
          "[wire][json]") {
  RequireRefused("[1,2]\n", 0, "each line must be one JSON object");
  RequireRefused("{\"id\":-1,\"method\":\"Ping\"}\n", 0,
                 "\"id\" must be a non-negative integer");
  RequireRefused("{\"id\":\"1\",\"method\":\"Ping\"}\n", 0,
                 "\"id\" must be a non-negative integer");
  RequireRefused("{\"id\":1.5,\"method\":\"Ping\"}\n", 0,
                 "\"id\" must be a non-negative integer");
}

TEST_CASE("json: a line without a method is refused", "[wire][json]") {
  RequireRefused("{\"id\":4}\n", 4,
                 "a line needs a \"method\" (or, from a server, a \"result\", "
                 "\"error\", \"event\" or \"pong\")");
  RequireRefused("{\"id\":4,\"method\":7}\n", 4, "\"method\" must be a string");
  RequireRefused("{\"id\":4,\"method\":\"Logout\",\"token\":7}\n", 4,
                 "\"token\" must be a string");
}

TEST_CASE("json: an unknown method is refused as UNIMPLEMENTED",
          "[wire][json]") {
  const DecodeResult result =
      DecodeFront(kCodec, "{\"id\":8,\"method\":\"Frobnicate\"}\n");
  CHECK(result.kind == Kind::kRejected);
  CHECK(result.id == 8);
  CHECK(result.error ==
        absl::UnimplementedError("there is no method \"Frobnicate\""));
}

TEST_CASE("json: params that do not match the method's type are refused",
          "[wire][json]") {
  RequireRefused(
      "{\"id\":1,\"method\":\"SendMessage\",\"params\":{\"text\":5}}\n", 1,
      NotValid("chat.v1.SendMessageRequest",
               "(text): invalid value 5 for type TYPE_STRING"));
  RequireRefused(
      "{\"id\":1,\"method\":\"SendMessage\",\"params\":{\"colour\":1}}\n", 1,
      NotValid("chat.v1.SendMessageRequest", "colour: Cannot find field."));
  RequireRefused(
      "{\"id\":1,\"method\":\"ReadMessages\",\"params\":{\"limit\":\"ten\"}}\n",
      1,
      NotValid("chat.v1.ReadMessagesRequest",
               "(limit): invalid value \"ten\" for type TYPE_INT32"));
  RequireRefused("{\"id\":1,\"method\":\"SendMessage\",\"params\":[1]}\n", 1,
                 "\"params\" must be a JSON object");
}

TEST_CASE("json: invalid UTF-8 in a string is refused", "[wire][json]") {
  // Raw bytes that are not UTF-8: a broken sequence, an overlong '/', an
  // encoded surrogate.
  for (const char* bad : {"\xC3\x28", "\xC0\xAF", "\xED\xA0\x80"}) {
    RequireRefused(
        std::string("{\"id\":1,\"method\":\"SendMessage\",\"params\":{"
                    "\"text\":\"") +
            bad + "\"}}\n",
        0,
        "the line is not valid JSON (Invalid encoding in string. at byte "
        "49)");
  }
  // An escaped high surrogate without its low half.
  RequireRefused(
      "{\"id\":1,\"method\":\"SendMessage\",\"params\":{\"text\":\"\\ud800\"}}"
      "\n",
      0,
      "the line is not valid JSON (The surrogate pair in string is invalid. "
      "at byte 49)");
}

TEST_CASE(
    "json: an escaped lone low surrogate is refused in one line of valid UTF-8",
    "[wire][json]") {
  RequireRefused(
      "{\"id\":1,\"method\":\"SendMessage\",\"params\":{\"recipient\":"
      "\"b\xC3\xB6\x62\",\"text\":\"\\udc00\"}}\n",
      1,
      NotValid("chat.v1.SendMessageRequest",
               "Encountered non UTF-8 code points."));
}

// Arrays nested `depth` deep.
std::string Nested(size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

TEST_CASE("json: nesting as deep as a line allows is refused without a crash",
          "[wire][json]") {
  const std::string too_deep =
      "the line nests arrays and objects more than 64 deep";
  const std::string prefix =
      "{\"id\":1,\"method\":\"SendMessage\",\"params\":{\"text\":";
  const size_t depth = (JsonCodec::kMaxLineBytes - prefix.size() - 3) / 2;
  std::string line = prefix + Nested(depth) + "}}";
  line += std::string(JsonCodec::kMaxLineBytes - 1 - line.size(), ' ') + "\n";
  REQUIRE(line.size() == JsonCodec::kMaxLineBytes);
  RequireRefused(line, 1, too_deep);
  // Deep in a member the codec does not read, in an event and in a result.
  RequireRefused("{\"id\":2,\"x\":" + Nested(60000) + "}\n", 2, too_deep);
  RequireRefused("{\"id\":3,\"event\":" + Nested(60000) + "}\n", 3, too_deep);
  RequireRefused("{\"id\":4,\"result\":" + Nested(60000) + "}\n", 4, too_deep);
}

TEST_CASE("json: nesting up to 64 deep is read", "[wire][json]") {
  // The envelope and params are two levels; 62 more arrays make 64.
  const std::string line =
      "{\"id\":1,\"method\":\"SendMessage\",\"params\":{\"text\":" +
      Nested(62) + "}}\n";
  RequireRefused(line, 1,
                 NotValid("chat.v1.SendMessageRequest",
                          "text: Proto field is not repeating, cannot start "
                          "list."));
  RequireRefused("{\"id\":1,\"method\":\"SendMessage\",\"params\":{\"text\":" +
                     Nested(63) + "}}\n",
                 1, "the line nests arrays and objects more than 64 deep");
}

}  // namespace
}  // namespace parley::wire
