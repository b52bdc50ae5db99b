// End-to-end: the Prometheus metrics page (--metrics_listen). A real server
// with the page on an ephemeral port; real clients of each protocol make
// calls, and the page fetched over HTTP shows the counters moved.
#include <grpcpp/grpcpp.h>
#include <httplib.h>

#include <catch2/catch.hpp>
#include <map>
#include <optional>
#include <sstream>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "chat/v1/chat.grpc.pb.h"
#include "support/protocols.h"
#include "support/test_server.h"

namespace parley::testing {
namespace {

using State = LiveSubscription::State;

void ServeMetrics(ServerOptions& options) {
  options.metrics_listen_address = "127.0.0.1:0";
}

// GET `path` from the server's metrics port.
httplib::Result Get(TestServer& server, const std::string& path) {
  httplib::Client client("127.0.0.1", server.server().metrics_port());
  return client.Get(path);
}

// Each sample line of the page, "name{labels}" to its value.
std::map<std::string, double> FetchSamples(TestServer& server) {
  httplib::Result result = Get(server, "/metrics");
  REQUIRE(result);
  REQUIRE(result->status == 200);
  std::map<std::string, double> samples;
  std::istringstream lines(result->body);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    const size_t space = line.rfind(' ');
    REQUIRE(space != std::string::npos);
    samples[line.substr(0, space)] = std::stod(line.substr(space + 1));
  }
  return samples;
}

std::string ProtocolLabel(Protocol protocol) {
  switch (protocol) {
    case Protocol::kGrpc:
      return "grpc";
    case Protocol::kBinary:
      return "binary";
    case Protocol::kJson:
      return "json";
  }
  return "";
}

std::string Calls(Protocol protocol, const std::string& method,
                  const std::string& code) {
  return "parley_calls_total{protocol=\"" + ProtocolLabel(protocol) +
         "\",method=\"" + method + "\",code=\"" + code + "\"}";
}

constexpr char kSend[] = "/chat.v1.MessageService/SendMessage";

PROTOCOL_TEST_CASE(
    "the metrics page counts each call by protocol, method and status code",
    "[metrics]") {
  TestServer server(TestType::kProtocol, ServeMetrics);
  server.SignedIn("bob");
  auto alice = server.SignedIn("alice");
  ASSERT_OK_AND_GET(alice->SendMessage("bob", "one"));
  ASSERT_OK_AND_GET(alice->SendMessage("bob", "two"));
  CHECK(alice->SendMessage("nobody", "three").status().code() ==
        absl::StatusCode::kNotFound);

  std::map<std::string, double> samples = FetchSamples(server);
  CHECK(samples[Calls(TestType::kProtocol, kSend, "OK")] == 2);
  CHECK(samples[Calls(TestType::kProtocol, kSend, "NOT_FOUND")] == 1);
  CHECK(samples[Calls(TestType::kProtocol,
                      "/chat.v1.AccountService/CreateAccount", "OK")] == 2);
  const std::string latency = "parley_call_duration_seconds_count{protocol=\"" +
                              ProtocolLabel(TestType::kProtocol) +
                              "\",method=\"" + kSend + "\"}";
  CHECK(samples[latency] == 3);
  CHECK(samples["parley_messages_stored_total"] == 2);
  CHECK(samples["parley_send_batch_size_count"] >= 1);
  CHECK(samples["parley_commit_duration_seconds_count"] ==
        samples["parley_send_batch_size_count"]);
  CHECK(samples["parley_payload_messages_total{method=\"" + std::string(kSend) +
                "\",direction=\"received\"}"] == 3);
  CHECK(samples["process_resident_memory_bytes"] > 0);
}

PROTOCOL_TEST_CASE(
    "the metrics page shows open streams, and events counted as delivered",
    "[metrics]") {
  TestServer server(TestType::kProtocol, ServeMetrics);
  auto alice = server.SignedIn("alice");
  auto bob = server.SignedIn("bob");
  CHECK(FetchSamples(server)["parley_open_streams"] == 0);
  {
    EventRecorder recorder;
    auto live = bob->Subscribe(std::nullopt, recorder.Callbacks());
    REQUIRE(recorder.WaitForState(State::kLive));
    ASSERT_OK_AND_GET(alice->SendMessage("bob", "hi"));
    REQUIRE(recorder.WaitFor([](const std::vector<chat::v1::Event>& events) {
      return events.size() == 2;  // caught_up, then the message
    }));
    std::map<std::string, double> samples = FetchSamples(server);
    CHECK(samples["parley_open_streams"] == 1);
    CHECK(samples["parley_payload_messages_total{method=\"/chat.v1."
                  "SubscriptionService/Subscribe\",direction=\"sent\"}"] == 2);
  }
}

TEST_CASE("the metrics page counts the socket clients connected now",
          "[metrics]") {
  TestServer server(Protocol::kBinary, ServeMetrics);
  auto binary = server.SignedIn(Protocol::kBinary, "alice");
  auto json = server.SignedIn(Protocol::kJson, "bob");
  std::map<std::string, double> samples = FetchSamples(server);
  CHECK(samples["parley_socket_connections{protocol=\"binary\"}"] == 1);
  CHECK(samples["parley_socket_connections{protocol=\"json\"}"] == 1);
}

TEST_CASE("the metrics page counts sign-ins the throttle refused",
          "[metrics]") {
  TestServer server(Protocol::kGrpc, ServeMetrics);
  server.SignedIn("alice");
  auto guesser = server.NewClient();
  // Five attempts for a name from one address go through; the sixth is
  // refused (docs/throttling.md).
  for (int i = 0; i < 5; ++i) {
    CHECK(guesser->Login("alice", "wrong").status().code() ==
          absl::StatusCode::kUnauthenticated);
  }
  CHECK(guesser->Login("alice", "wrong").status().code() ==
        absl::StatusCode::kResourceExhausted);
  std::map<std::string, double> samples = FetchSamples(server);
  CHECK(samples["parley_login_throttled_total{limit=\"name_address\"}"] == 1);
  CHECK(samples["parley_sign_in_failures_total"] == 5);
  CHECK(samples[Calls(Protocol::kGrpc, "/chat.v1.AccountService/BeginLogin",
                      "RESOURCE_EXHAUSTED")] == 1);
}

TEST_CASE(
    "the metrics page shows what waits in the engine: workers, queued calls "
    "and sends, sign-ins in progress",
    "[metrics]") {
  TestServer server(Protocol::kGrpc, [](ServerOptions& options) {
    ServeMetrics(options);
    options.workers = 3;
  });
  // The server's own background work (the write probe, giving memory back)
  // may sit in the queue for a moment; idle, the queues are empty.
  std::map<std::string, double> samples = FetchSamples(server);
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (samples["parley_queued_calls"] != 0 && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(20));
    samples = FetchSamples(server);
  }
  CHECK(samples["parley_worker_threads"] == 3);
  CHECK(samples["parley_queued_calls"] == 0);
  CHECK(samples["parley_queued_sends"] == 0);
  CHECK(samples["parley_pending_sign_ins"] == 0);
  // A sign-in begun and never completed.
  auto stub = chat::v1::AccountService::NewStub(grpc::CreateChannel(
      server.address(), grpc::InsecureChannelCredentials()));
  chat::v1::BeginLoginRequest begin;
  begin.set_username("carol");
  begin.set_client_first("n,,n=carol,r=0123456789abcdef");
  chat::v1::BeginLoginResponse begun;
  grpc::ClientContext context;
  REQUIRE(stub->BeginLogin(&context, begin, &begun).ok());
  CHECK(FetchSamples(server)["parley_pending_sign_ins"] == 1);
}

TEST_CASE("the metrics edge answers only GET /metrics, as Prometheus text",
          "[metrics]") {
  TestServer server(Protocol::kGrpc, ServeMetrics);
  httplib::Result page = Get(server, "/metrics");
  REQUIRE(page);
  CHECK(page->get_header_value("Content-Type") == "text/plain; version=0.0.4");
  httplib::Result other = Get(server, "/");
  REQUIRE(other);
  CHECK(other->status == 404);
}

TEST_CASE("without --metrics_listen no metrics port is served", "[metrics]") {
  TestServer server(Protocol::kGrpc);
  CHECK(server.server().metrics_port() == 0);
}

TEST_CASE("a metrics port in use stops the server from starting", "[metrics]") {
  TestServer first(Protocol::kGrpc, ServeMetrics);
  TempDir dir;
  ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.db_path = (dir.path() / "other.db").string();
  options.metrics_listen_address =
      "127.0.0.1:" + std::to_string(first.server().metrics_port());
  absl::StatusOr<std::unique_ptr<ParleyServer>> second =
      ParleyServer::Start(options);
  REQUIRE_FALSE(second.ok());
  CHECK(second.status().code() == absl::StatusCode::kUnavailable);
  CHECK(second.status().message().find("metrics") != std::string::npos);
}

}  // namespace
}  // namespace parley::testing
