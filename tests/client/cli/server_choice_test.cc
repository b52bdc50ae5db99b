// The CLI's choice of server and protocol: flags first, then the saved
// session, then the protocol's default port.
#include "client/cli/server_choice.h"

#include <catch2/catch.hpp>

namespace parley::cli {
namespace {

SavedSession Saved(std::string server, std::string protocol) {
  return SavedSession{.server = std::move(server),
                      .username = "alice",
                      .token = "t",
                      .protocol = std::move(protocol)};
}

TEST_CASE("without flags or a session the CLI speaks gRPC to 127.0.0.1:50051",
          "[cli]") {
  auto choice = ChooseServer("", "", nullptr);
  REQUIRE(choice.ok());
  CHECK(choice->protocol == Protocol::kGrpc);
  CHECK(choice->address == "127.0.0.1:50051");
}

TEST_CASE("a protocol flag alone picks that protocol's default port", "[cli]") {
  for (auto [name, address] : {std::pair{"binary", "127.0.0.1:50052"},
                               std::pair{"json", "127.0.0.1:50053"}}) {
    INFO(name);
    auto choice = ChooseServer(name, "", nullptr);
    REQUIRE(choice.ok());
    CHECK(ProtocolName(choice->protocol) == std::string(name));
    CHECK(choice->address == address);
  }
}

TEST_CASE("a saved session's server and protocol are used unless overridden",
          "[cli]") {
  const SavedSession saved = Saved("chat.example:7000", "json");
  auto same = ChooseServer("", "", &saved);
  REQUIRE(same.ok());
  CHECK(same->protocol == Protocol::kJson);
  CHECK(same->address == "chat.example:7000");
  // Another protocol: the saved host, on that protocol's default port.
  auto other = ChooseServer("binary", "", &saved);
  REQUIRE(other.ok());
  CHECK(other->address == "chat.example:50052");
  auto flagged = ChooseServer("grpc", "10.0.0.1:1234", &saved);
  REQUIRE(flagged.ok());
  CHECK(flagged->protocol == Protocol::kGrpc);
  CHECK(flagged->address == "10.0.0.1:1234");
}

TEST_CASE("a session saved before the protocol choice means gRPC", "[cli]") {
  const SavedSession saved = Saved("127.0.0.1:6000", "");
  auto choice = ChooseServer("", "", &saved);
  REQUIRE(choice.ok());
  CHECK(choice->protocol == Protocol::kGrpc);
  CHECK(choice->address == "127.0.0.1:6000");
}

TEST_CASE("an unknown protocol is refused naming the choices", "[cli]") {
  auto choice = ChooseServer("xml", "", nullptr);
  REQUIRE(choice.status().code() == absl::StatusCode::kInvalidArgument);
  CHECK_THAT(std::string(choice.status().message()),
             Catch::Contains("grpc, binary or json"));
}

}  // namespace
}  // namespace parley::cli
