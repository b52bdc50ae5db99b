#include "common/scram.h"

#include <catch2/catch.hpp>

namespace parley {
namespace {

struct Exchange {
  absl::Status server_result;
  absl::Status client_result;
  std::string authid;
};

Exchange Run(const ScramVerifier& verifier, const std::string& name,
             const std::string& pw) {
  Exchange out;
  auto client = ScramClient::Start(name, pw);
  REQUIRE(client.ok());
  auto server = ScramServer::Start(verifier);
  REQUIRE(server.ok());
  auto server_first = (*server)->Challenge((*client)->client_first());
  REQUIRE(server_first.ok());
  out.authid = (*server)->authid();
  auto client_final = (*client)->Respond(*server_first);
  REQUIRE(client_final.ok());
  auto server_final = (*server)->Verify(*client_final);
  out.server_result = server_final.status();
  if (server_final.ok()) {
    out.client_result = (*client)->VerifyServer(*server_final);
  }
  return out;
}

TEST_CASE("SCRAM succeeds with the password the verifier came from",
          "[scram]") {
  auto verifier = DeriveScramVerifier("pencil", std::string(16, 's'), 4096);
  REQUIRE(verifier.ok());
  CHECK(verifier->stored_key.size() == 32);
  CHECK(verifier->server_key.size() == 32);
  Exchange result = Run(*verifier, "user", "pencil");
  CHECK(result.server_result.ok());
  CHECK(result.client_result.ok());
  CHECK(result.authid == "user");
}

TEST_CASE("SCRAM with a wrong password fails with UNAUTHENTICATED", "[scram]") {
  auto verifier = DeriveScramVerifier("pencil", std::string(16, 's'), 4096);
  REQUIRE(verifier.ok());
  CHECK(absl::IsUnauthenticated(Run(*verifier, "user", "pen").server_result));
}

TEST_CASE("non-ASCII passwords work through SASLprep", "[scram]") {
  const std::string password = "p\xC3\xA4ssw\xC3\xB6rd \xE2\x82\xAC";
  auto verifier = DeriveScramVerifier(password, std::string(20, 'x'), 4096);
  REQUIRE(verifier.ok());
  CHECK(Run(*verifier, "user", password).server_result.ok());
}

TEST_CASE("a different salt gives a different verifier", "[scram]") {
  auto a = DeriveScramVerifier("pw", std::string(16, 'a'), 4096);
  auto b = DeriveScramVerifier("pw", std::string(16, 'b'), 4096);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a->stored_key != b->stored_key);
}

TEST_CASE("the client rejects a server that does not hold its verifier",
          "[scram]") {
  auto client = ScramClient::Start("user", "pencil");
  REQUIRE(client.ok());
  auto real = DeriveScramVerifier("pencil", std::string(16, 's'), 4096);
  REQUIRE(real.ok());
  auto server = ScramServer::Start(*real);
  REQUIRE(server.ok());
  auto server_first = (*server)->Challenge((*client)->client_first());
  REQUIRE(server_first.ok());
  auto client_final = (*client)->Respond(*server_first);
  REQUIRE(client_final.ok());
  REQUIRE((*server)->Verify(*client_final).ok());
  CHECK(absl::IsUnauthenticated((*client)->VerifyServer(
      "v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")));
}

TEST_CASE("an empty password and a malformed client-first are refused",
          "[scram]") {
  CHECK(absl::IsInvalidArgument(ScramClient::Start("user", "").status()));
  auto verifier = DeriveScramVerifier("pw", std::string(16, 's'), 4096);
  REQUIRE(verifier.ok());
  auto server = ScramServer::Start(*verifier);
  REQUIRE(server.ok());
  CHECK(absl::IsInvalidArgument((*server)->Challenge("not scram").status()));
}

TEST_CASE(
    "a client that demands channel binding is refused, and one that merely "
    "supports it is not",
    "[scram]") {
  auto verifier = DeriveScramVerifier("pencil", std::string(16, 's'), 4096);
  REQUIRE(verifier.ok());
  auto client = ScramClient::Start("user", "pencil");
  REQUIRE(client.ok());
  const std::string& first = (*client)->client_first();
  REQUIRE(first.substr(0, 3) == "n,,");
  for (const char* flag : {"p=tls-unique,,", "p=tls-server-end-point,,"}) {
    auto server = ScramServer::Start(*verifier);
    REQUIRE(server.ok());
    auto challenge = (*server)->Challenge(flag + first.substr(3));
    INFO(flag);
    CHECK(absl::IsInvalidArgument(challenge.status()));
  }
  auto server = ScramServer::Start(*verifier);
  REQUIRE(server.ok());
  CHECK((*server)->Challenge("y,," + first.substr(3)).ok());
}

}  // namespace
}  // namespace parley
