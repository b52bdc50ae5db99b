// The round-trip samples (samples.h) set every field of every chat.v1 message
// the socket protocols carry, so a round trip that passes has compared them
// all.
#include "wire/samples.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "chat/v1/chat.pb.h"
#include "wire/methods.h"

namespace parley::wire::testing {
namespace {

TEST_CASE("samples: every field of every request and response is set",
          "[wire]") {
  for (const MethodInfo& method : AllMethods()) {
    for (const google::protobuf::Descriptor* type :
         {method.descriptor->input_type(), method.descriptor->output_type()}) {
      INFO(type->full_name());
      const auto samples = FilledSamples(*type);
      REQUIRE_FALSE(samples.empty());
      for (const auto& sample : samples) {
        const std::vector<std::string> unset = UnsetFields(*sample);
        INFO("unset: " << absl::StrJoin(unset, ", "));
        CHECK(unset.empty());
      }
    }
  }
}

TEST_CASE("samples: a type with a oneof gets one sample per member", "[wire]") {
  const google::protobuf::Descriptor& event = *chat::v1::Event::descriptor();
  const auto samples = FilledSamples(event);
  REQUIRE(samples.size() == 4);
  const google::protobuf::OneofDescriptor* kind = event.oneof_decl(0);
  for (int i = 0; i < 4; ++i) {
    CHECK(samples[i]->GetReflection()->GetOneofFieldDescriptor(
              *samples[i], kind) == kind->field(i));
  }
}

}  // namespace
}  // namespace parley::wire::testing
