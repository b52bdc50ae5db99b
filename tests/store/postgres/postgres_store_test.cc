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
#include <span>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "store/change_feed.h"
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

TEST_CASE_METHOD(PostgresHarness,
                 "Deletions and sign-outs are logged in commit order with the "
                 "messages, for the other stores on the database to read",
                 "[store][postgres]") {
  const std::unique_ptr<PostgresStore> other =
      ASSERT_OK_AND_GET(PostgresStore::Open(url(), PostgresStoreOptions()));
  const AccountRecord alice = NewAccount(store(), "alice");
  const AccountRecord bob = NewAccount(store(), "bob");
  const AccountRecord carol = NewAccount(store(), "carol");
  const int64_t first = Send(store(), alice, bob, "one");
  ASSERT_OK(store().CreateSession("token-hash", bob.id, kNowUs * 2));
  ASSERT_OK(store().DeleteSession("token-hash"));
  // Gone already: nothing to log.
  ASSERT_OK(store().DeleteSession("token-hash"));
  const int64_t second = Send(store(), carol, alice, "two");
  const int64_t ids[] = {first};
  ASSERT_OK(store().DeleteMessages(alice.id, ids).status());
  ASSERT_OK(store().DeleteAccount(carol.id).status());

  auto* postgres = dynamic_cast<PostgresStore*>(&store());
  REQUIRE(postgres != nullptr);
  const int64_t last = second + 10;
  const ChangeBatch batch =
      ASSERT_OK_AND_GET(other->ChangesBetween(0, last, 100));
  CHECK(batch.read_through == last);
  REQUIRE(batch.changes.size() == 4);
  std::vector<int64_t> change_ids;
  for (const LoggedChange& change : batch.changes) {
    change_ids.push_back(change.id);
  }
  // The sign-out between the two messages; the rest after both.
  CHECK(first < change_ids[0]);
  CHECK(change_ids[0] < second);
  CHECK(second < change_ids[1]);
  CHECK(std::is_sorted(change_ids.begin(), change_ids.end()));
  const auto& ended = std::get<SessionEnded>(batch.changes[0].change);
  CHECK(ended.account_id == bob.id);
  CHECK(ended.token_hash == "token-hash");
  const auto& to_alice = std::get<MessagesDeleted>(batch.changes[1].change);
  CHECK(to_alice.account_id == alice.id);
  CHECK(to_alice.peer == "bob");
  CHECK(to_alice.deleted_by == "alice");
  CHECK(to_alice.ids == std::vector<int64_t>{first});
  const auto& to_bob = std::get<MessagesDeleted>(batch.changes[2].change);
  CHECK(to_bob.account_id == bob.id);
  CHECK(to_bob.peer == "alice");
  const auto& deleted = std::get<AccountDeleted>(batch.changes[3].change);
  CHECK(deleted.account_id == carol.id);
  CHECK(deleted.username == "carol");
  CHECK(deleted.peer_ids == std::vector<int64_t>{alice.id});

  // A store does not read back its own changes, and reads in pages.
  CHECK(ASSERT_OK_AND_GET(postgres->ChangesBetween(0, last, 100))
            .changes.empty());
  const ChangeBatch page = ASSERT_OK_AND_GET(other->ChangesBetween(0, last, 2));
  REQUIRE(page.changes.size() == 2);
  CHECK(page.read_through == change_ids[1]);
}

TEST_CASE_METHOD(PostgresHarness,
                 "A store that asks for changes older than the log keeps is "
                 "told they are gone",
                 "[store][postgres]") {
  PostgresStoreOptions forgetful;
  forgetful.change_retention = absl::ZeroDuration();
  Reopen(forgetful);
  const std::unique_ptr<PostgresStore> other =
      ASSERT_OK_AND_GET(PostgresStore::Open(url(), PostgresStoreOptions()));
  const AccountRecord bob = NewAccount(store(), "bob");
  ASSERT_OK(store().CreateSession("one", bob.id, kNowUs * 2));
  ASSERT_OK(store().CreateSession("two", bob.id, kNowUs * 2));
  ASSERT_OK(store().DeleteSession("one"));
  // Logging this change drops the one before.
  ASSERT_OK(store().DeleteSession("two"));

  const absl::StatusOr<ChangeBatch> behind =
      other->ChangesBetween(0, 1000, 100);
  CHECK(behind.status().code() == absl::StatusCode::kOutOfRange);
  const int64_t dropped = Admin(absl::StrCat(
      "SELECT changes_dropped_through FROM ", schema(), ".message_ids"))[0][0]
                              .as<int64_t>();
  const ChangeBatch after =
      ASSERT_OK_AND_GET(other->ChangesBetween(dropped, 1000, 100));
  REQUIRE(after.changes.size() == 1);
  CHECK(std::get<SessionEnded>(after.changes[0].change).token_hash == "two");
}

TEST_CASE_METHOD(PostgresHarness,
                 "Throttle cells shared by two stores are updated atomically, "
                 "under one secret",
                 "[store][postgres]") {
  std::unique_ptr<PostgresStore> servers[] = {
      ASSERT_OK_AND_GET(PostgresStore::Open(url(), PostgresStoreOptions())),
      ASSERT_OK_AND_GET(PostgresStore::Open(url(), PostgresStoreOptions()))};
  CHECK(servers[0]->secret() == servers[1]->secret());
  CHECK(servers[0]->secret().size() >= 32);
  constexpr int kThreadsPerStore = 4;
  constexpr int kUpdatesPerThread = 25;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (auto& server : servers) {
    for (int t = 0; t < kThreadsPerStore; ++t) {
      threads.emplace_back([&, s = server.get(), t] {
        for (int i = 0; i < kUpdatesPerThread; ++i) {
          // Two cells every time, one shared by all, one per thread.
          ThrottleCell cells[] = {{1, 7, 0, 0}, {0, 100 + t, 0, 0}};
          const absl::Status updated =
              s->Update(cells, [](std::span<ThrottleCell> read) {
                for (ThrottleCell& cell : read) {
                  cell.value += 1;
                  cell.tag = 42;
                }
              });
          if (!updated.ok()) ++failures;
        }
      });
    }
  }
  for (std::thread& thread : threads) thread.join();

  CHECK(failures.load() == 0);
  ThrottleCell shared[] = {{1, 7, 0, 0}};
  int64_t seen = -1;
  ASSERT_OK(servers[1]->Update(shared, [&](std::span<ThrottleCell> read) {
    seen = read[0].value;
    CHECK(read[0].tag == 42);
  }));
  CHECK(seen == int64_t{2} * kThreadsPerStore * kUpdatesPerThread);
}

}  // namespace
}  // namespace parley::store::testing
