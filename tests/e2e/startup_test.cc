// What a server refuses at start: resources another server holds.
#include <catch2/catch.hpp>

#include "absl/strings/str_cat.h"
#include "support/protocols.h"
#include "support/test_server.h"

namespace parley::testing {
namespace {

// The option that names `protocol`'s listening address.
std::string& ListenAddress(ServerOptions& options, Protocol protocol) {
  switch (protocol) {
    case Protocol::kBinary:
      return options.binary_listen_address;
    case Protocol::kJson:
      return options.json_listen_address;
    case Protocol::kGrpc:
      break;
  }
  return options.listen_address;
}

PROTOCOL_TEST_CASE("a second server on a port in use refuses to start",
                   "[startup]") {
  TestServer first(TestType::kProtocol);
  TempDir other;
  ServerOptions options;
  for (Protocol protocol : kAllProtocols) {
    ListenAddress(options, protocol) = "127.0.0.1:0";
  }
  ListenAddress(options, TestType::kProtocol) = first.address();
  options.db_path = (other.path() / "other.db").string();
  absl::StatusOr<std::unique_ptr<ParleyServer>> second =
      ParleyServer::Start(options);
  REQUIRE_FALSE(second.ok());
  CHECK(absl::IsUnavailable(second.status()));
  CHECK_THAT(std::string(second.status().message()),
             Catch::Contains(first.address()));
  // The first server still has the port to itself.
  auto alice = first.SignedIn("alice");
  CHECK(alice->ListConversations().ok());
}

TEST_CASE("a second server on a database in use refuses to start",
          "[startup]") {
  TestServer first;
  auto alice = first.SignedIn("alice");
  ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.db_path = first.db_path();
  absl::StatusOr<std::unique_ptr<ParleyServer>> second =
      ParleyServer::Start(options);
  REQUIRE_FALSE(second.ok());
  CHECK(absl::IsFailedPrecondition(second.status()));
  CHECK_THAT(std::string(second.status().message()),
             Catch::Contains("in use by another server") &&
                 Catch::Contains(first.db_path()));
  // The first server keeps serving the file.
  CHECK(alice->ListConversations().ok());
}

}  // namespace
}  // namespace parley::testing
