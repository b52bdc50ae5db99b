// The JSON message writer (src/wire/json_message_writer.h) against protobuf's
// own JSON printer: for every request and response of the method table and
// every Event, filled (every field set, strings with quotes, backslashes,
// newlines and non-ASCII text, bytes with 0x00 and 0xff, 64-bit integers
// past 2^53, timestamps with 0, 3, 6 and 9 fractional digits) and empty, the
// text parses back to the same message, and is byte for byte what
// MessageToJsonString prints.
#include "wire/json_message_writer.h"

#include <catch2/catch.hpp>
#include <string>

#include "chat/v1/chat.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "wire/methods.h"
#include "wire/samples.h"

namespace parley::wire {
namespace {

using testing::FilledSamples;

std::string ProtobufJson(const google::protobuf::Message& message) {
  std::string json;
  REQUIRE(google::protobuf::util::MessageToJsonString(message, &json).ok());
  return json;
}

void CheckSame(const google::protobuf::Message& message) {
  INFO(message.GetTypeName() << " " << message.ShortDebugString());
  std::string ours;
  AppendMessageJson(message, &ours);
  CHECK(ours == ProtobufJson(message));
  std::unique_ptr<google::protobuf::Message> back(message.New());
  REQUIRE(google::protobuf::util::JsonStringToMessage(ours, back.get()).ok());
  CHECK(google::protobuf::util::MessageDifferencer::Equals(message, *back));
}

TEST_CASE(
    "json writer: every chat.v1 message prints as protobuf's JSON mapping "
    "prints it",
    "[wire][json]") {
  std::vector<const google::protobuf::Descriptor*> types = {
      chat::v1::Event::descriptor()};
  for (const MethodInfo& method : AllMethods()) {
    types.push_back(method.descriptor->input_type());
    types.push_back(method.descriptor->output_type());
  }
  for (const google::protobuf::Descriptor* type : types) {
    std::unique_ptr<google::protobuf::Message> empty(
        google::protobuf::MessageFactory::generated_factory()
            ->GetPrototype(type)
            ->New());
    CheckSame(*empty);
    for (const auto& sample : FilledSamples(*type)) CheckSame(*sample);
  }
}

TEST_CASE("json writer: timestamps take 0, 3, 6 or 9 fractional digits",
          "[wire][json]") {
  chat::v1::SendMessageResponse response;
  response.set_id(1);
  for (int32_t nanos : {0, 120'000'000, 123'456'000, 123'456'789, 1}) {
    response.mutable_sent_at()->set_seconds(1796233600);
    response.mutable_sent_at()->set_nanos(nanos);
    CheckSame(response);
  }
  response.mutable_sent_at()->set_seconds(0);
  response.mutable_sent_at()->set_nanos(0);
  CheckSame(response);
}

TEST_CASE("json writer: presence decides what an empty value prints",
          "[wire][json]") {
  chat::v1::SubscribeRequest request;
  CheckSame(request);  // no after_id: {}
  request.set_after_id(0);
  CheckSame(request);  // after_id 0 set: {"afterId":"0"}
  chat::v1::SendMessageRequest send;
  send.set_text("");
  CheckSame(send);  // an empty proto3 string is not printed
}

TEST_CASE(
    "json writer: characters protobuf may escape otherwise still read back "
    "as the same text",
    "[wire][json]") {
  chat::v1::SendMessageRequest send;
  send.set_recipient("bob");
  send.set_text("<b>&amp;</b> \x7f \u2028 \u2029 \x01 \t / \"q\" \\");
  std::string ours;
  AppendMessageJson(send, &ours);
  chat::v1::SendMessageRequest back;
  REQUIRE(google::protobuf::util::JsonStringToMessage(ours, &back).ok());
  CHECK(back.text() == send.text());
  CHECK(back.recipient() == "bob");
}

}  // namespace
}  // namespace parley::wire
