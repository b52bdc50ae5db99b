// End-to-end on PostgreSQL: servers started with a postgresql:// --db, over
// real gRPC, on a schema of their own in the database PARLEY_TEST_PG_URL
// names. Two servers on one database share accounts and messages; live
// delivery across servers is in cluster_test.cc.
#include <catch2/catch.hpp>
#include <string>

#include "support/pg_test_schema.h"
#include "support/protocols.h"
#include "support/test_server.h"

namespace parley::testing {
namespace {

PROTOCOL_TEST_CASE("a server on PostgreSQL keeps messages across a restart",
                   "[postgres]") {
  PgTestSchema schema;
  TestServer server(TestType::kProtocol, [&](ServerOptions& options) {
    options.db_path = schema.url();
  });
  auto alice = server.SignedIn("alice");
  server.SignedIn("bob");
  const auto sent =
      ASSERT_OK_AND_GET(alice->SendMessage("bob", "kept in PostgreSQL"));

  server.Restart();

  auto bob = server.NewClient();
  CHECK(ASSERT_OK_AND_GET(bob->Login("bob", "pw-bob")).unread_count() == 1);
  const auto read = ASSERT_OK_AND_GET(bob->ReadMessages(10, ""));
  REQUIRE(read.messages_size() == 1);
  CHECK(read.messages(0).id() == sent.id());
  CHECK(read.messages(0).text() == "kept in PostgreSQL");
}

PROTOCOL_TEST_CASE(
    "two servers on one PostgreSQL database share accounts and messages",
    "[postgres]") {
  PgTestSchema schema;
  const auto on_schema = [&](ServerOptions& options) {
    options.db_path = schema.url();
  };
  TestServer a(TestType::kProtocol, on_schema);
  TestServer b(TestType::kProtocol, on_schema);
  auto alice = a.SignedIn("alice");
  auto bob = b.SignedIn("bob");

  const auto first = ASSERT_OK_AND_GET(alice->SendMessage("bob", "via A"));
  const auto second = ASSERT_OK_AND_GET(bob->SendMessage("alice", "via B"));

  CHECK(second.id() > first.id());
  const auto to_bob = ASSERT_OK_AND_GET(bob->ReadMessages(10, ""));
  REQUIRE(to_bob.messages_size() == 1);
  CHECK(to_bob.messages(0).text() == "via A");
  CHECK(to_bob.messages(0).sender() == "alice");
  const auto to_alice = ASSERT_OK_AND_GET(alice->ReadMessages(10, ""));
  REQUIRE(to_alice.messages_size() == 1);
  CHECK(to_alice.messages(0).text() == "via B");
  // A name taken through one server is taken on the other.
  CHECK(
      b.NewClient()->CreateAccount("ALICE", "pw-other-alice").status().code() ==
      absl::StatusCode::kAlreadyExists);
}

}  // namespace
}  // namespace parley::testing
