// The binary codec's payload count: the message's own bytes, the same on
// encode as on decode, whether or not the frame carries a token.
#include <catch2/catch.hpp>
#include <string>

#include "chat/v1/chat.pb.h"
#include "wire/binary_codec.h"

namespace parley::wire {
namespace {

TEST_CASE(
    "a request's payload bytes leave out its token, on encode as on decode",
    "[wire][bytes]") {
  const BinaryCodec codec;
  for (bool with_token : {false, true}) {
    INFO("with a token: " << with_token);
    auto request = std::make_unique<chat::v1::SendMessageRequest>();
    request->set_recipient("bob");
    request->set_text("twenty bytes of text");
    const size_t message_bytes = request->ByteSizeLong();
    Frame frame;
    frame.kind = FrameKind::kRequest;
    frame.id = 7;
    frame.method = MethodByName("SendMessage");
    frame.message = std::move(request);
    if (with_token) frame.token = std::string(64, 'a');
    std::string bytes;
    codec.Encode(frame, &bytes);
    CHECK(frame.payload_bytes == message_bytes);

    Frame decoded;
    const DecodeResult result = codec.Decode(bytes, &decoded, nullptr);
    REQUIRE(result.kind == DecodeResult::Kind::kFrame);
    CHECK(decoded.payload_bytes == message_bytes);
  }
}

}  // namespace
}  // namespace parley::wire
