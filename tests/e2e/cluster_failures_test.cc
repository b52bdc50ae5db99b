// Several servers on one PostgreSQL database when something fails under
// load: a server killed with SIGKILL (a real process), and PostgreSQL itself
// stopped and started (a PostgreSQL of the test's own, so the suite's shared
// one stays up). Nothing acknowledged is lost, nothing is delivered twice,
// and everything works again without restarting a server.
#include <grpcpp/grpcpp.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "store/postgres/postgres_store.h"
#include "support/pg_instance.h"
#include "support/pg_test_schema.h"
#include "support/server_process.h"
#include "support/status_helpers.h"
#include "support/test_server.h"

namespace parley::testing {
namespace {

using State = LiveSubscription::State;

std::vector<int64_t> IdsOf(const std::vector<chat::v1::Message>& messages) {
  std::vector<int64_t> ids;
  ids.reserve(messages.size());
  for (const chat::v1::Message& m : messages) ids.push_back(m.id());
  return ids;
}

bool StrictlyIncreasing(const std::vector<int64_t>& ids) {
  return std::adjacent_find(ids.begin(), ids.end(), [](int64_t a, int64_t b) {
           return a >= b;
         }) == ids.end();
}

// Senders that send to `recipient` in a loop, each through its own client,
// until stopped, keeping what was acknowledged and how the rest failed.
class Load {
 public:
  Load(std::vector<std::unique_ptr<ChatClient>> senders, std::string recipient)
      : senders_(std::move(senders)), recipient_(std::move(recipient)) {
    for (size_t i = 0; i < senders_.size(); ++i) {
      threads_.emplace_back([this, i] { Run(i); });
    }
  }
  ~Load() { Stop(); }

  void Stop() {
    stop_ = true;
    for (std::thread& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
  }
  std::set<int64_t> acknowledged() {
    absl::MutexLock lock(&mu_);
    return acknowledged_;
  }
  std::map<absl::StatusCode, int> failures() {
    absl::MutexLock lock(&mu_);
    return failures_;
  }
  // Sends acknowledged so far through sender `i`.
  int successes(size_t i) {
    absl::MutexLock lock(&mu_);
    return successes_[i];
  }

 private:
  void Run(size_t i) {
    for (int n = 0; !stop_; ++n) {
      absl::StatusOr<chat::v1::SendMessageResponse> sent =
          senders_[i]->SendMessage(recipient_, absl::StrCat("m", i, "-", n));
      absl::MutexLock lock(&mu_);
      if (sent.ok()) {
        acknowledged_.insert(sent->id());
        ++successes_[i];
      } else {
        ++failures_[sent.status().code()];
      }
    }
  }

  std::vector<std::unique_ptr<ChatClient>> senders_;
  const std::string recipient_;
  std::atomic<bool> stop_{false};
  absl::Mutex mu_;
  std::set<int64_t> acknowledged_ ABSL_GUARDED_BY(mu_);
  std::map<absl::StatusCode, int> failures_ ABSL_GUARDED_BY(mu_);
  std::map<size_t, int> successes_ ABSL_GUARDED_BY(mu_);
  std::vector<std::thread> threads_;
};

TEST_CASE(
    "a server killed with SIGKILL under load loses no acknowledged message, "
    "and its subscribers resume on another server with nothing missed or "
    "repeated",
    "[cluster]") {
  PgTestSchema schema;
  ServerProcess a({"--db", schema.url()});
  ServerProcess b({"--db", schema.url()});
  auto bob = SignedInClient(b.GrpcClient(), "bob");
  auto bob_on_a = ConnectClient(a.GrpcClient());
  bob_on_a->set_token(bob->token());
  EventRecorder on_a;
  auto live_on_a = bob_on_a->Subscribe(std::nullopt, on_a.Callbacks());
  REQUIRE(on_a.WaitForState(State::kLive));
  std::vector<std::unique_ptr<ChatClient>> senders;
  senders.reserve(4);
  for (int i = 0; i < 4; ++i) {
    senders.push_back(SignedInClient((i % 2 == 0 ? a : b).GrpcClient(),
                                     absl::StrCat("sender", i)));
  }
  Load load(std::move(senders), "bob");
  absl::SleepFor(absl::Seconds(1));

  a.Kill();
  absl::SleepFor(absl::Milliseconds(500));
  load.Stop();
  live_on_a->Stop();

  const std::set<int64_t> acknowledged = load.acknowledged();
  REQUIRE(acknowledged.size() > 20);
  // Every acknowledged message is in PostgreSQL.
  const auto store = ASSERT_OK_AND_GET(
      store::PostgresStore::Open(schema.url(), store::PostgresStoreOptions()));
  const auto bob_id = ASSERT_OK_AND_GET(store->FindAccount("bob")).account.id;
  std::set<int64_t> stored;
  for (const store::MessageRecord& m :
       ASSERT_OK_AND_GET(store->MessagesAfter(bob_id, 0, 1'000'000))) {
    stored.insert(m.id);
  }
  CHECK(std::includes(stored.begin(), stored.end(), acknowledged.begin(),
                      acknowledged.end()));
  // The stream on the killed server saw a prefix, in order; resuming on the
  // other from its last id brings exactly the rest.
  const std::vector<int64_t> seen_on_a = IdsOf(on_a.messages());
  REQUIRE(StrictlyIncreasing(seen_on_a));
  const int64_t last_seen = seen_on_a.empty() ? 0 : seen_on_a.back();
  EventRecorder on_b;
  auto live_on_b = bob->Subscribe(last_seen, on_b.Callbacks());
  REQUIRE(on_b.WaitForState(State::kLive));
  const std::vector<int64_t> seen_on_b = IdsOf(on_b.messages());
  CHECK(StrictlyIncreasing(seen_on_b));
  std::vector<int64_t> all = seen_on_a;
  all.insert(all.end(), seen_on_b.begin(), seen_on_b.end());
  CHECK(StrictlyIncreasing(all));
  CHECK(std::set<int64_t>(all.begin(), all.end()) == stored);
}

TEST_CASE(
    "PostgreSQL stopped and started under load: calls fail with UNAVAILABLE "
    "meanwhile, then every server works again by itself",
    "[cluster]") {
  PgInstance pg;
  TestServer a(Protocol::kGrpc,
               [&](ServerOptions& options) { options.db_path = pg.url(); });
  TestServer b(Protocol::kGrpc,
               [&](ServerOptions& options) { options.db_path = pg.url(); });
  auto bob = b.SignedIn("bob");
  EventRecorder on_bob;
  auto live = bob->Subscribe(0, on_bob.Callbacks());
  REQUIRE(on_bob.WaitForState(State::kLive));
  std::vector<std::unique_ptr<ChatClient>> senders;
  senders.push_back(a.SignedIn("alice"));
  senders.push_back(b.SignedIn("carol"));
  Load load(std::move(senders), "bob");
  absl::SleepFor(absl::Milliseconds(500));

  pg.Down();
  absl::SleepFor(absl::Seconds(2));
  const int before_up[] = {load.successes(0), load.successes(1)};
  pg.Up();
  // Each sender, one through each server, gets 20 more sends through.
  const absl::Time deadline = absl::Now() + absl::Seconds(60);
  while ((load.successes(0) < before_up[0] + 20 ||
          load.successes(1) < before_up[1] + 20) &&
         absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  load.Stop();

  CHECK(load.successes(0) >= before_up[0] + 20);
  CHECK(load.successes(1) >= before_up[1] + 20);
  const std::map<absl::StatusCode, int> failures = load.failures();
  CHECK(failures.count(absl::StatusCode::kUnavailable) == 1);
  CHECK(failures.size() == 1);  // nothing else: no hang, no INTERNAL
  // The stream on B gets every acknowledged message, once and in order,
  // those sent through A included.
  const std::set<int64_t> acknowledged = load.acknowledged();
  REQUIRE(on_bob.WaitFor(
      [&](const std::vector<chat::v1::Event>& events) {
        std::set<int64_t> seen;
        for (const chat::v1::Event& event : events) {
          if (event.has_message()) seen.insert(event.message().id());
        }
        return std::includes(seen.begin(), seen.end(), acknowledged.begin(),
                             acknowledged.end());
      },
      absl::Seconds(30)));
  CHECK(StrictlyIncreasing(IdsOf(on_bob.messages())));
}

// The health check's answer from the server at `address`.
grpc::health::v1::HealthCheckResponse::ServingStatus Health(
    const std::string& address) {
  auto stub = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(5));
  grpc::health::v1::HealthCheckResponse response;
  if (!stub->Check(&context, grpc::health::v1::HealthCheckRequest(), &response)
           .ok()) {
    return grpc::health::v1::HealthCheckResponse::UNKNOWN;
  }
  return response.status();
}

// Waits up to 20 s for the health check to answer `status`.
bool HealthBecomes(
    const std::string& address,
    grpc::health::v1::HealthCheckResponse::ServingStatus status) {
  const absl::Time deadline = absl::Now() + absl::Seconds(20);
  while (absl::Now() < deadline) {
    if (Health(address) == status) return true;
    absl::SleepFor(absl::Milliseconds(50));
  }
  return false;
}

TEST_CASE(
    "a server answers health checks NOT_SERVING while its database takes no "
    "writes, and SERVING again once it does",
    "[cluster][health]") {
  using grpc::health::v1::HealthCheckResponse;
  PgInstance pg;
  TestServer server(Protocol::kGrpc, [&](ServerOptions& options) {
    options.db_path = pg.url();
    options.write_probe_interval = absl::Milliseconds(200);
  });
  REQUIRE(HealthBecomes(server.address(), HealthCheckResponse::SERVING));

  pg.Down();
  CHECK(HealthBecomes(server.address(), HealthCheckResponse::NOT_SERVING));
  pg.Up();
  CHECK(HealthBecomes(server.address(), HealthCheckResponse::SERVING));
}

}  // namespace
}  // namespace parley::testing
