// End-to-end: the server over TLS on every protocol, with a certificate made
// for the test by the openssl tool.
#include <catch2/catch.hpp>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "support/protocols.h"
#include "support/test_server.h"

namespace parley::testing {
namespace {

// A self-signed certificate for 127.0.0.1 and localhost, in `dir`.
void MakeCertificate(const std::filesystem::path& dir) {
  const std::string command = absl::StrCat(
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost",
      " -addext subjectAltName=DNS:localhost,IP:127.0.0.1", " -keyout ",
      (dir / "key.pem").string(), " -out ", (dir / "cert.pem").string(),
      " >/dev/null 2>&1");
  REQUIRE(std::system(command.c_str()) == 0);
}

PROTOCOL_TEST_CASE(
    "a TLS server serves clients that trust its certificate and no others",
    "[tls]") {
  TempDir certs;
  MakeCertificate(certs.path());
  TestServer server(TestType::kProtocol, [&](ServerOptions& options) {
    options.tls_cert_path = (certs.path() / "cert.pem").string();
    options.tls_key_path = (certs.path() / "key.pem").string();
  });

  ClientOptions trusted = server.ClientOptionsFor(TestType::kProtocol);
  trusted.tls_ca_path = (certs.path() / "cert.pem").string();
  auto client = ASSERT_OK_AND_GET(ChatClient::Connect(trusted));
  ASSERT_OK_AND_GET(client->CreateAccount("alice", "pw"));
  CHECK(ASSERT_OK_AND_GET(client->Login("alice", "pw")).username() == "alice");

  ClientOptions plaintext = server.ClientOptionsFor(TestType::kProtocol);
  plaintext.call_timeout = absl::Seconds(3);
  auto insecure = ASSERT_OK_AND_GET(ChatClient::Connect(plaintext));
  CHECK(insecure->Login("alice", "pw").status().code() ==
        absl::StatusCode::kUnavailable);
}

PROTOCOL_TEST_CASE("a missing CA file is reported before any call", "[tls]") {
  ClientOptions options;
  options.protocol = TestType::kProtocol;
  options.tls_ca_path = "/nonexistent/ca.pem";
  auto client = ChatClient::Connect(options);
  REQUIRE(client.status().code() == absl::StatusCode::kInvalidArgument);
  CHECK_THAT(std::string(client.status().message()),
             Catch::Contains("/nonexistent/ca.pem"));
}

TEST_CASE("a server given only half of a certificate pair refuses to start",
          "[tls]") {
  TempDir dir;
  ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.db_path = (dir.path() / "p.db").string();
  options.tls_cert_path = "cert.pem";
  auto server = ParleyServer::Start(options);
  REQUIRE(server.status().code() == absl::StatusCode::kInvalidArgument);
  CHECK_THAT(std::string(server.status().message()),
             Catch::Contains("--tls_key"));
}

}  // namespace
}  // namespace parley::testing
