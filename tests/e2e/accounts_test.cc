// End-to-end: accounts, sign-in and sessions against a real server, over each
// protocol.
#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>

#include "absl/strings/escaping.h"
#include "support/protocols.h"
#include "support/test_server.h"

namespace parley::testing {
namespace {

using absl::StatusCode;

PROTOCOL_TEST_CASE("creating an account returns it with the name as typed",
                   "[accounts]") {
  TestServer server(TestType::kProtocol);
  auto client = server.NewClient();
  auto created =
      ASSERT_OK_AND_GET(client->CreateAccount("Alice_1.x-y", "secret"));
  CHECK(created.account().username() == "Alice_1.x-y");
  CHECK(created.account().created_at().seconds() > 0);
}

PROTOCOL_TEST_CASE(
    "creating a name that exists in any case answers ALREADY_EXISTS",
    "[accounts]") {
  TestServer server(TestType::kProtocol);
  auto client = server.NewClient();
  ASSERT_OK_AND_GET(client->CreateAccount("alice", "one"));
  auto again = client->CreateAccount("ALICE", "two");
  REQUIRE(again.status().code() == StatusCode::kAlreadyExists);
  CHECK_THAT(std::string(again.status().message()),
             Catch::Contains("already exists"));
}

PROTOCOL_TEST_CASE(
    "malformed usernames answer INVALID_ARGUMENT naming the rule",
    "[accounts]") {
  TestServer server(TestType::kProtocol);
  auto client = server.NewClient();
  for (const std::string& name :
       {std::string(""), std::string(33, 'a'), std::string("al ice"),
        std::string("al*ce"), std::string("\xC3\xA9mile")}) {
    INFO("name: " << name);
    auto result = client->CreateAccount(name, "pw");
    REQUIRE(result.status().code() == StatusCode::kInvalidArgument);
    CHECK_THAT(std::string(result.status().message()),
               Catch::Contains("username"));
  }
  CHECK(client->CreateAccount(std::string(32, 'a'), "pw").ok());
}

PROTOCOL_TEST_CASE(
    "a verifier with too few iterations or wrong sizes is refused",
    "[accounts]") {
  TestServer server(TestType::kProtocol);
  auto client = server.NewClient();
  chat::v1::CreateAccountRequest request;
  request.set_username("weak");
  request.set_salt(std::string(16, 's'));
  request.set_iterations(1000);
  request.set_stored_key(std::string(32, 'k'));
  request.set_server_key(std::string(32, 'k'));
  chat::v1::CreateAccountResponse response;
  {
    absl::Status status = client->Call(request, &response);
    REQUIRE(status.code() == StatusCode::kInvalidArgument);
    CHECK_THAT(std::string(status.message()), Catch::Contains("iterations"));
  }
  request.set_iterations(4096);
  request.set_stored_key("short");
  {
    absl::Status status = client->Call(request, &response);
    REQUIRE(status.code() == StatusCode::kInvalidArgument);
    CHECK_THAT(std::string(status.message()), Catch::Contains("stored_key"));
  }
}

PROTOCOL_TEST_CASE(
    "signing in returns a token, its expiry and the unread count",
    "[accounts]") {
  TestServer server(TestType::kProtocol);
  auto alice = server.SignedIn("alice");
  ASSERT_OK_AND_GET(server.NewClient()->CreateAccount("bob", "pw-bob"));
  ASSERT_OK_AND_GET(alice->SendMessage("bob", "one"));
  ASSERT_OK_AND_GET(alice->SendMessage("bob", "two"));
  auto bob = server.NewClient();
  auto login = ASSERT_OK_AND_GET(bob->Login("bob", "pw-bob"));
  CHECK(login.unread_count() == 2);
  CHECK(login.session_token().size() == 64);
  CHECK(login.expires_at().seconds() > 0);
  CHECK(bob->token() == login.session_token());
}

PROTOCOL_TEST_CASE(
    "the name is matched without regard to case and the registered spelling "
    "returned",
    "[accounts]") {
  TestServer server(TestType::kProtocol);
  ASSERT_OK_AND_GET(server.NewClient()->CreateAccount("Alice", "pw"));
  auto login = ASSERT_OK_AND_GET(server.NewClient()->Login("aLiCe", "pw"));
  CHECK(login.username() == "Alice");
}

PROTOCOL_TEST_CASE(
    "a wrong password and an unknown name get the same UNAUTHENTICATED answer",
    "[accounts][security]") {
  TestServer server(TestType::kProtocol);
  ASSERT_OK_AND_GET(server.NewClient()->CreateAccount("alice", "right"));
  auto wrong_password = server.NewClient()->Login("alice", "wrong");
  auto unknown_name = server.NewClient()->Login("nobody", "whatever");
  REQUIRE(wrong_password.status().code() == StatusCode::kUnauthenticated);
  REQUIRE(unknown_name.status().code() == StatusCode::kUnauthenticated);
  CHECK(wrong_password.status().message() == unknown_name.status().message());
}

PROTOCOL_TEST_CASE(
    "an unknown name gets the same challenge every time, so it looks like a "
    "real one",
    "[accounts][security]") {
  TestServer server(TestType::kProtocol);
  auto client = server.NewClient();
  auto salt_of = [&](const std::string& name) {
    auto scram = ASSERT_OK_AND_GET(ScramClient::Start(name, "x"));
    chat::v1::BeginLoginRequest request;
    request.set_username(name);
    request.set_client_first(scram->client_first());
    chat::v1::BeginLoginResponse response;
    REQUIRE(client->Call(request, &response).ok());
    const std::string& first = response.server_first();
    const size_t s = first.find(",s=");
    return first.substr(s, first.find(",i=") - s);
  };
  CHECK(salt_of("ghost") == salt_of("ghost"));
  CHECK(salt_of("ghost") != salt_of("phantom"));
}

PROTOCOL_TEST_CASE("repeated failed sign-ins for one name are slowed down",
                   "[accounts][security]") {
  TestServer server(TestType::kProtocol);
  ASSERT_OK_AND_GET(server.NewClient()->CreateAccount("alice", "right"));
  auto client = server.NewClient();
  // Five failures are free (as docs/throttling.md says); the sixth attempt
  // waits, even with the right password.
  for (int i = 0; i < 5; ++i) {
    REQUIRE(client->Login("alice", "wrong").status().code() ==
            StatusCode::kUnauthenticated);
  }
  auto blocked = client->Login("alice", "right");
  REQUIRE(blocked.status().code() == StatusCode::kResourceExhausted);
  CHECK_THAT(std::string(blocked.status().message()),
             Catch::Contains("try again in"));
  // Other names are not affected.
  ASSERT_OK_AND_GET(server.NewClient()->CreateAccount("bob", "pw"));
  CHECK(client->Login("bob", "pw").ok());
}

PROTOCOL_TEST_CASE("calls without a valid token answer UNAUTHENTICATED",
                   "[accounts][security]") {
  TestServer server(TestType::kProtocol);
  server.SignedIn("alice");
  auto anonymous = server.NewClient();
  CHECK(anonymous->ListAccounts("*", 0, "").status().code() ==
        StatusCode::kUnauthenticated);
  anonymous->set_token(
      "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
  auto bogus = anonymous->SendMessage("alice", "hi");
  REQUIRE(bogus.status().code() == StatusCode::kUnauthenticated);
  CHECK_THAT(std::string(bogus.status().message()), Catch::Contains("Bearer"));
}

PROTOCOL_TEST_CASE("after logout the token stops working", "[accounts]") {
  TestServer server(TestType::kProtocol);
  auto alice = server.SignedIn("alice");
  const std::string token = alice->token();
  REQUIRE(alice->Logout().ok());
  alice->set_token(token);
  CHECK(alice->ListConversations().status().code() ==
        StatusCode::kUnauthenticated);
}

PROTOCOL_TEST_CASE("an expired session is refused", "[accounts]") {
  auto now = std::make_shared<std::atomic<int64_t>>(1'000'000'000'000'000);
  TestServer server(TestType::kProtocol, [now](ServerOptions& options) {
    options.clock = [now] { return now->load(); };
    options.service.session_ttl_us = 60'000'000;
  });
  auto alice = server.SignedIn("alice");
  CHECK(alice->ListConversations().ok());
  *now += 61'000'000;
  CHECK(alice->ListConversations().status().code() ==
        StatusCode::kUnauthenticated);
}

PROTOCOL_TEST_CASE("a session survives a server restart", "[accounts]") {
  TestServer server(TestType::kProtocol);
  auto alice = server.SignedIn("alice");
  server.Restart();
  auto again = server.NewClient();
  again->set_token(alice->token());
  CHECK(again->ListConversations().ok());
}

PROTOCOL_TEST_CASE(
    "calls answer UNAVAILABLE while the server is down and work again once "
    "it is back",
    "[accounts]") {
  TestServer server(TestType::kProtocol);
  auto alice = server.SignedIn("alice");
  server.Stop();
  auto down = alice->ListConversations();
  REQUIRE(down.status().code() == StatusCode::kUnavailable);
  CHECK_THAT(std::string(down.status().message()),
             Catch::Contains("127.0.0.1"));
  server.Restart();
  // gRPC's channel waits out its reconnect backoff; the socket transports
  // reconnect with the next call.
  const absl::Time give_up = absl::Now() + absl::Seconds(10);
  absl::Status back = alice->ListConversations().status();
  while (!back.ok() && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(50));
    back = alice->ListConversations().status();
  }
  CHECK(back.ok());
}

PROTOCOL_TEST_CASE(
    "the database holds neither the password nor anything that signs in",
    "[accounts][security]") {
  TestServer server(TestType::kProtocol);
  const std::string password = "correct horse battery staple";
  ASSERT_OK_AND_GET(server.NewClient()->CreateAccount("alice", password));
  server.Stop();
  std::string bytes;
  for (const char* suffix : {"", "-wal"}) {
    std::ifstream in(server.db_path() + suffix, std::ios::binary);
    bytes.append(std::istreambuf_iterator<char>(in),
                 std::istreambuf_iterator<char>());
  }
  REQUIRE(!bytes.empty());
  CHECK(bytes.find(password) == std::string::npos);
  CHECK(bytes.find(absl::Base64Escape(password)) == std::string::npos);
}

PROTOCOL_TEST_CASE(
    "ListAccounts matches wildcards, pages by name and counts all matches",
    "[accounts]") {
  TestServer server(TestType::kProtocol);
  auto alice = server.SignedIn("alice");
  for (const char* name : {"bob", "bobby", "carol", "dave", "b_b", "b.b"}) {
    ASSERT_OK_AND_GET(server.NewClient()->CreateAccount(name, "pw"));
  }
  auto first = ASSERT_OK_AND_GET(alice->ListAccounts("b*", 2, ""));
  REQUIRE(first.accounts_size() == 2);
  CHECK(first.total_count() == 4);
  CHECK(first.accounts(0).username() == "b.b");
  CHECK(first.accounts(1).username() == "b_b");
  REQUIRE(!first.next_page_token().empty());
  auto second =
      ASSERT_OK_AND_GET(alice->ListAccounts("b*", 2, first.next_page_token()));
  REQUIRE(second.accounts_size() == 2);
  CHECK(second.accounts(0).username() == "bob");
  CHECK(second.accounts(1).username() == "bobby");
  CHECK(second.next_page_token().empty());

  auto single = ASSERT_OK_AND_GET(alice->ListAccounts("b?b", 0, ""));
  CHECK(single.total_count() == 3);  // b.b, b_b, bob
  auto literal = ASSERT_OK_AND_GET(alice->ListAccounts("b_b", 0, ""));
  REQUIRE(literal.accounts_size() == 1);
  CHECK(literal.accounts(0).username() == "b_b");
  CHECK(ASSERT_OK_AND_GET(alice->ListAccounts("%", 0, "")).total_count() == 0);
  CHECK(ASSERT_OK_AND_GET(alice->ListAccounts("", 0, "")).total_count() == 7);
  CHECK(ASSERT_OK_AND_GET(alice->ListAccounts("BOB*", 0, "")).total_count() ==
        2);
}

PROTOCOL_TEST_CASE(
    "ListAccounts refuses bad page sizes and foreign page tokens",
    "[accounts]") {
  TestServer server(TestType::kProtocol);
  auto alice = server.SignedIn("alice");
  CHECK(alice->ListAccounts("*", 101, "").status().code() ==
        StatusCode::kInvalidArgument);
  CHECK(alice->ListAccounts("*", -1, "").status().code() ==
        StatusCode::kInvalidArgument);
  CHECK(alice->ListAccounts("*", 5, "garbage!").status().code() ==
        StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace parley::testing
