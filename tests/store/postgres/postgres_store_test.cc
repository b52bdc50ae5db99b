// What PostgresStore does beyond the Store contract, against a real server:
// the schema version a new database gets, data kept across a reopen, refusal
// of a newer schema, several servers migrating one database at once,
// UNAVAILABLE (quickly) from a server that cannot be reached or that cut the
// connections, and message ids that readers see in commit order while
// writers on several stores race. The contract itself is tested once for
// every implementation in the suites one folder up.
#include "store/postgres/postgres_store.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "store/postgres/postgres_migrations.h"
#include "store/postgres/postgres_url.h"
#include "store/postgres_harness.h"
#include "store/store.h"
#include "store/store_test_helpers.h"
#include "support/status_helpers.h"

namespace parley::store::testing {
namespace {

using postgres::kLatestPostgresSchemaVersion;

int VersionOf(PostgresHarness& harness) {
  return harness
      .Admin(absl::StrCat("SELECT version FROM ", harness.schema(),
                          ".schema_version"))[0][0]
      .as<int>();
}

// A loopback port bound by this test and not listening, so connecting to it
// is refused, and nothing else can start listening on it meanwhile.
class ClosedPort {
 public:
  ClosedPort() : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) ==
            0);
    socklen_t length = sizeof(address);
    REQUIRE(getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) ==
            0);
    port_ = ntohs(address.sin_port);
  }
  ~ClosedPort() { close(fd_); }
  ClosedPort(const ClosedPort&) = delete;
  ClosedPort& operator=(const ClosedPort&) = delete;

  int port() const { return port_; }

 private:
  int fd_;
  int port_ = 0;
};

TEST_CASE_METHOD(PostgresHarness,
                 "A new PostgreSQL database is at the latest schema version",
                 "[store][postgres]") {
  CHECK(VersionOf(*this) == kLatestPostgresSchemaVersion);
}

TEST_CASE_METHOD(PostgresHarness,
                 "Reopening an existing PostgreSQL database keeps its data",
                 "[store][postgres]") {
  const AccountRecord alice = NewAccount(store(), "alice");
  const AccountRecord bob = NewAccount(store(), "bob");
  const int64_t sent = Send(store(), alice, bob, "still here");
  Close();

  Reopen();

  CHECK(ASSERT_OK_AND_GET(store().FindAccount("alice")).account.id == alice.id);
  const std::vector<MessageRecord> to_bob = AllMessagesTo(store(), bob);
  REQUIRE(to_bob.size() == 1);
  CHECK(to_bob[0].id == sent);
  CHECK(to_bob[0].text == "still here");
  CHECK(Send(store(), bob, alice, "after the reopen") > sent);
}

TEST_CASE_METHOD(PostgresHarness,
                 "Opening a PostgreSQL database from a newer schema fails "
                 "with FAILED_PRECONDITION and changes nothing",
                 "[store][postgres]") {
  Close();
  Admin(absl::StrCat("UPDATE ", schema(), ".schema_version SET version = ",
                     kLatestPostgresSchemaVersion + 1));

  const absl::StatusOr<std::unique_ptr<PostgresStore>> opened =
      PostgresStore::Open(url(), PostgresStoreOptions());

  CHECK(opened.status().code() == absl::StatusCode::kFailedPrecondition);
  CHECK_THAT(std::string(opened.status().message()),
             Catch::Contains(absl::StrCat("schema version ",
                                          kLatestPostgresSchemaVersion + 1)));
  CHECK(VersionOf(*this) == kLatestPostgresSchemaVersion + 1);
}

TEST_CASE_METHOD(PostgresHarness,
                 "Servers opening an empty PostgreSQL database at once "
                 "migrate it once and all start",
                 "[store][postgres]") {
  Close();
  Admin(absl::StrCat("DROP SCHEMA ", schema(), " CASCADE"));
  Admin(absl::StrCat("CREATE SCHEMA ", schema()));
  constexpr int kServers = 4;
  std::vector<absl::Status> opened(kServers);
  std::vector<std::thread> threads;
  threads.reserve(kServers);
  for (int i = 0; i < kServers; ++i) {
    threads.emplace_back([&, i] {
      opened[i] = PostgresStore::Open(url(), PostgresStoreOptions()).status();
    });
  }
  for (std::thread& thread : threads) thread.join();

  for (const absl::Status& status : opened) ASSERT_OK(status);
  CHECK(VersionOf(*this) == kLatestPostgresSchemaVersion);
  CHECK(Admin(absl::StrCat("SELECT count(*) FROM ", schema(),
                           ".schema_version"))[0][0]
            .as<int>() == 1);
}

TEST_CASE_METHOD(PostgresHarness,
                 "Opening a store on a closed port answers UNAVAILABLE at "
                 "once, naming the server",
                 "[store][postgres]") {
  const ClosedPort closed;
  const std::string nowhere = absl::StrCat(
      "postgresql://parley:secret@127.0.0.1:", closed.port(), "/parley");

  const auto start = std::chrono::steady_clock::now();
  const absl::StatusOr<std::unique_ptr<PostgresStore>> opened =
      PostgresStore::Open(nowhere, PostgresStoreOptions());
  const auto took = std::chrono::steady_clock::now() - start;

  CHECK(opened.status().code() == absl::StatusCode::kUnavailable);
  const std::string message(opened.status().message());
  CHECK_THAT(message,
             Catch::Contains("cannot connect to PostgreSQL at") &&
                 Catch::Contains(absl::StrCat("127.0.0.1:", closed.port())));
  CHECK_THAT(message, !Catch::Contains("secret"));
  CHECK(took < std::chrono::seconds(2));
}

TEST_CASE_METHOD(PostgresHarness,
                 "Opening a store on an address that never answers gives up "
                 "with UNAVAILABLE after the connect timeout",
                 "[store][postgres]") {
  PostgresStoreOptions options;
  options.connect_timeout_s = 2;
  // TEST-NET-1 (RFC 5737): routed nowhere, so the connection either fails at
  // once or waits for the timeout.
  const auto start = std::chrono::steady_clock::now();
  const absl::StatusOr<std::unique_ptr<PostgresStore>> opened =
      PostgresStore::Open("postgresql://parley@192.0.2.1:5432/parley", options);
  const auto took = std::chrono::steady_clock::now() - start;

  CHECK(opened.status().code() == absl::StatusCode::kUnavailable);
  CHECK(took < std::chrono::seconds(6));
}

TEST_CASE_METHOD(PostgresHarness,
                 "When PostgreSQL cuts the store's connections a call answers "
                 "UNAVAILABLE and the next one reconnects by itself",
                 "[store][postgres]") {
  const std::string application = absl::StrCat(schema(), "_cut");
  const std::unique_ptr<PostgresStore> cut_store =
      ASSERT_OK_AND_GET(PostgresStore::Open(
          postgres::WithUrlParameter(url(), "application_name", application),
          PostgresStoreOptions()));
  Store& cut = *cut_store;
  NewAccount(cut, "alice");
  // Several idle connections, all of which go.
  constexpr int kReaders = 4;
  std::vector<std::thread> readers;
  readers.reserve(kReaders);
  for (int i = 0; i < kReaders; ++i) {
    readers.emplace_back([&] { CHECK(cut.FindAccount("alice").ok()); });
  }
  for (std::thread& reader : readers) reader.join();

  const std::string backends = absl::StrCat(
      " FROM pg_stat_activity WHERE application_name = '", application, "'");
  Admin(absl::StrCat("SELECT pg_terminate_backend(pid)", backends));
  while (Admin(absl::StrCat("SELECT count(*)", backends))[0][0].as<int>() > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }

  const absl::StatusOr<AccountWithCredentials> during =
      cut.FindAccount("alice");
  CHECK(during.status().code() == absl::StatusCode::kUnavailable);
  CHECK_THAT(std::string(during.status().message()),
             Catch::Contains("PostgreSQL is unavailable"));
  CHECK(ASSERT_OK_AND_GET(cut.FindAccount("alice")).account.username ==
        "alice");
  CHECK(NewAccount(cut, "bob").username == "bob");
}

TEST_CASE_METHOD(PostgresHarness,
                 "A reader that asks for messages after the highest id it has "
                 "seen misses none while writers on two stores race to commit",
                 "[store][postgres]") {
  const AccountRecord alice = NewAccount(store(), "alice");
  const AccountRecord bob = NewAccount(store(), "bob");
  // Two stores, as two servers would have, each with writers on connections
  // of their own. Each transaction sleeps after taking its ids and before
  // committing, so that with ids from a plain sequence a later id would often
  // commit first and the reader would skip the earlier one for good.
  PostgresStoreOptions racing;
  racing.before_append_commit = [] {
    thread_local std::minstd_rand random(std::random_device{}());
    std::this_thread::sleep_for(std::chrono::microseconds(random() % 3000));
  };
  std::unique_ptr<PostgresStore> servers[] = {
      ASSERT_OK_AND_GET(PostgresStore::Open(url(), racing)),
      ASSERT_OK_AND_GET(PostgresStore::Open(url(), racing))};
  constexpr int kWritersPerServer = 3;
  constexpr int kBatchesPerWriter = 40;

  absl::Mutex mu;
  std::set<int64_t> acknowledged;
  std::vector<absl::Status> failures;
  std::atomic<int> writing{2 * kWritersPerServer};
  std::vector<std::thread> writers;
  writers.reserve(std::size(servers) * kWritersPerServer);
  for (auto& server : servers) {
    for (int w = 0; w < kWritersPerServer; ++w) {
      writers.emplace_back([&, w, s = server.get()] {
        for (int i = 0; i < kBatchesPerWriter; ++i) {
          // Batches of one to three, as group commits would be.
          std::vector<NewMessage> batch(
              1 + (i + w) % 3, NewMessage{alice.id, bob.id, "race", kNowUs});
          absl::StatusOr<std::vector<int64_t>> ids = s->AppendMessages(batch);
          absl::MutexLock lock(&mu);
          if (!ids.ok()) {
            failures.push_back(ids.status());
            break;
          }
          acknowledged.insert(ids->begin(), ids->end());
        }
        --writing;
      });
    }
  }

  std::vector<int64_t> seen;
  int64_t highest = 0;
  bool last_pass = false;
  while (true) {
    // The writers' end is read before the read, so that the pass after it
    // sees every commit.
    last_pass = writing.load() == 0;
    const std::vector<MessageRecord> batch =
        ASSERT_OK_AND_GET(store().MessagesAfter(bob.id, highest, 1000));
    for (const MessageRecord& message : batch) seen.push_back(message.id);
    if (!batch.empty()) highest = batch.back().id;
    if (last_pass && batch.empty()) break;
  }
  for (std::thread& writer : writers) writer.join();

  for (const absl::Status& failure : failures) ASSERT_OK(failure);
  CHECK(std::is_sorted(seen.begin(), seen.end()));
  CHECK(std::adjacent_find(seen.begin(), seen.end()) == seen.end());
  const std::set<int64_t> seen_set(seen.begin(), seen.end());
  CHECK(seen_set.size() == acknowledged.size());
  CHECK(seen_set == acknowledged);
}

}  // namespace
}  // namespace parley::store::testing
