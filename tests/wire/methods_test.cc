// The method table (src/wire/methods.h): its numbers are part of the binary
// protocol and never change, and it carries every RPC of chat.proto, so a new
// RPC cannot be left out of the socket protocols unnoticed.
#include "wire/methods.h"

#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "chat/v1/chat.pb.h"

namespace parley::wire {
namespace {

TEST_CASE("methods: the binary protocol's method numbers are fixed", "[wire]") {
  const char* const expected[] = {
      "CreateAccount", "BeginLogin",        "CompleteLogin", "Logout",
      "DeleteAccount", "ListAccounts",      "SendMessage",   "ReadMessages",
      "MarkRead",      "ListConversations", "GetHistory",    "DeleteMessages",
      "Subscribe"};
  REQUIRE(AllMethods().size() == std::size(expected));
  for (size_t i = 0; i < std::size(expected); ++i) {
    const MethodInfo& method = AllMethods()[i];
    INFO(expected[i]);
    CHECK(method.number == i + 1);
    CHECK(method.name == expected[i]);
    CHECK(MethodByNumber(method.number) == &method);
    CHECK(MethodByName(method.name) == &method);
    CHECK(MethodFor(*method.descriptor) == &method);
    CHECK(method.server_streaming == (method.name == "Subscribe"));
  }
  CHECK(MethodByNumber(0) == nullptr);
  CHECK(MethodByNumber(14) == nullptr);
  CHECK(MethodByName("sendmessage") == nullptr);
}

TEST_CASE("methods: the table carries every RPC of chat.proto", "[wire]") {
  const google::protobuf::FileDescriptor* file =
      chat::v1::Event::descriptor()->file();
  std::set<std::string> in_proto;
  for (int s = 0; s < file->service_count(); ++s) {
    for (int m = 0; m < file->service(s)->method_count(); ++m) {
      in_proto.insert(file->service(s)->method(m)->full_name());
    }
  }
  std::set<std::string> in_table;
  for (const MethodInfo& method : AllMethods()) {
    in_table.insert(method.descriptor->full_name());
    CHECK(method.NewRequest()->GetDescriptor() ==
          method.descriptor->input_type());
    CHECK(method.NewResponse()->GetDescriptor() ==
          method.descriptor->output_type());
  }
  CHECK(in_table == in_proto);
}

}  // namespace
}  // namespace parley::wire
