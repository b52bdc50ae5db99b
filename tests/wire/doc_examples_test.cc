// The examples in docs/protocols/binary.md and docs/protocols/json.md are the
// codecs' real output: each is encoded here and compared with the bytes the
// documents show, and decoded back, so the documents cannot drift from the
// code.
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>

#include "absl/strings/escaping.h"
#include "chat/v1/chat.pb.h"
#include "wire/binary_codec.h"
#include "wire/codec_checks.h"
#include "wire/json_codec.h"

namespace parley::wire {
namespace {

using testing::FixedCalls;
using testing::MakeFrame;
using testing::RequireRoundTrip;

// The values of the session the documents show, as a parley_server gave them:
// alice's session token, and the id and time of her message.
constexpr char kToken[] =
    "b20a5f5ac839db37c6497c3dd23dcddd6a47699a492c9e561c81ae8b07c65276";
constexpr int64_t kMessageId = 2;
constexpr int64_t kSentSeconds = 1796233600;  // 2026-12-02T17:46:40Z
constexpr int32_t kSentNanos = 850203000;

struct Examples {
  chat::v1::SendMessageRequest request;
  chat::v1::SendMessageResponse response;
  chat::v1::Event event;

  Examples() {
    request.set_recipient("bob");
    request.set_text("hi bob");
    response.set_id(kMessageId);
    response.mutable_sent_at()->set_seconds(kSentSeconds);
    response.mutable_sent_at()->set_nanos(kSentNanos);
    chat::v1::Message* message = event.mutable_message();
    message->set_id(kMessageId);
    message->set_sender("alice");
    message->set_recipient("bob");
    message->set_text("hi bob");
    *message->mutable_sent_at() = response.sent_at();
  }
  // alice's SendMessage, call 1, with her session token.
  Frame Send() const {
    Frame frame = MakeFrame(FrameKind::kRequest, 1, MethodByName("SendMessage"),
                            &request);
    frame.token = kToken;
    return frame;
  }
  // The server's reply to call 1.
  Frame Reply() const {
    return MakeFrame(FrameKind::kReply, 1, MethodByName("SendMessage"),
                     &response);
  }
  // The message as pushed on bob's Subscribe, his call 2.
  Frame Pushed() const {
    return MakeFrame(FrameKind::kEvent, 2, nullptr, &event);
  }
};

TEST_CASE(
    "docs: binary.md's SendMessage request reply and event are the "
    "codec's bytes",
    "[wire][binary]") {
  const BinaryCodec codec;
  const Examples examples;
  Frame send = examples.Send();
  CHECK(absl::BytesToHexString(RequireRoundTrip(codec, send)) ==
        "520211070140"
        "6232306135663561633833396462333763363439376333646432336463646464"
        "3661343736393961343932633965353631633831616538623037633635323736"
        "0a03626f621206686920626f62");
  Frame reply = examples.Reply();
  CHECK(absl::BytesToHexString(RequireRoundTrip(codec, reply)) ==
        "1402020701"
        "0802120c0880b3c1d80610f8a2b49503");
  Frame pushed = examples.Pushed();
  CHECK(absl::BytesToHexString(RequireRoundTrip(codec, pushed)) ==
        "29020402"
        "0a2408021205616c6963651a03626f622206686920626f62"
        "2a0c0880b3c1d80610f8a2b49503");
}

TEST_CASE(
    "docs: json.md's SendMessage request reply and event are the "
    "codec's lines",
    "[wire][json]") {
  const JsonCodec codec;
  const Examples examples;
  FixedCalls calls;
  calls.Add(1, MethodByName("SendMessage"));
  Frame send = examples.Send();
  CHECK(RequireRoundTrip(codec, send) ==
        "{\"id\":1,\"method\":\"SendMessage\",\"token\":"
        "\"b20a5f5ac839db37c6497c3dd23"
        "dcddd6a47699a492c9e561c81ae8b07c65276\",\"params\":{\"recipient\":"
        "\"bob\","
        "\"text\":\"hi bob\"}}\n");
  Frame reply = examples.Reply();
  CHECK(RequireRoundTrip(codec, reply, &calls) ==
        "{\"id\":1,\"result\":{\"id\":\"2\",\"sentAt\":"
        "\"2026-12-02T17:46:40.850203Z\"}}\n");
  Frame pushed = examples.Pushed();
  CHECK(RequireRoundTrip(codec, pushed) ==
        "{\"id\":2,\"event\":{\"message\":{\"id\":\"2\",\"sender\":\"alice\","
        "\"recipient\":\"bob\",\"text\":\"hi bob\","
        "\"sentAt\":\"2026-12-02T17:46:40.850203Z\"}}}\n");
}

}  // namespace
}  // namespace parley::wire
