// Backups of a running server's SQLite file and restoring them: a backup
// taken under writes holds every message acknowledged before it began, a
// restore swaps files only when no server holds the database, and neither
// overwrites or accepts what it should not.
#include "store/sqlite/backup.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store_harness.h"
#include "store/store_test_helpers.h"
#include "support/status_helpers.h"

namespace parley::store::testing {
namespace {

std::set<int64_t> IdsIn(Store& store, const AccountRecord& to) {
  const std::vector<int64_t> ids = IdsOf(AllMessagesTo(store, to));
  return {ids.begin(), ids.end()};
}

TEST_CASE_METHOD(SqliteHarness,
                 "A backup taken under writes holds every message "
                 "acknowledged before it began",
                 "[store][sqlite][backup]") {
  const AccountRecord alice = NewAccount(store(), "alice");
  const AccountRecord bob = NewAccount(store(), "bob");
  absl::Mutex mu;
  std::vector<int64_t> acknowledged;
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    while (!stop) {
      const int64_t id = Send(store(), alice, bob, "written during a backup");
      absl::MutexLock lock(&mu);
      acknowledged.push_back(id);
    }
  });
  while (true) {
    absl::MutexLock lock(&mu);
    if (acknowledged.size() >= 500) break;
  }
  std::vector<int64_t> before;
  {
    absl::MutexLock lock(&mu);
    before = acknowledged;
  }
  const std::string backup = path() + ".backup";
  const absl::Status backed_up = BackupDatabase(path(), backup);
  stop = true;
  writer.join();
  REQUIRE(backed_up.ok());

  std::unique_ptr<SqliteStore> copy =
      ASSERT_OK_AND_GET(SqliteStore::Open(backup, SqliteStoreOptions()));
  const AccountRecord bob_in_copy =
      ASSERT_OK_AND_GET(copy->FindAccount("bob")).account;
  const std::set<int64_t> in_backup = IdsIn(*copy, bob_in_copy);
  for (int64_t id : before) {
    INFO("message " << id);
    REQUIRE(in_backup.count(id) == 1);
  }
  // Nothing in it that was never acknowledged.
  const std::set<int64_t> all(acknowledged.begin(), acknowledged.end());
  for (int64_t id : in_backup) REQUIRE(all.count(id) == 1);
  INFO(before.size() << " acknowledged before, " << in_backup.size()
                     << " in the backup, " << all.size() << " in all");
  CHECK(in_backup.size() >= before.size());
}

TEST_CASE_METHOD(SqliteHarness,
                 "A restore waits for the server to stop, then brings the "
                 "backup's data back",
                 "[store][sqlite][backup]") {
  const AccountRecord alice = NewAccount(store(), "alice");
  const AccountRecord bob = NewAccount(store(), "bob");
  const int64_t kept = Send(store(), alice, bob, "in the backup");
  const std::string backup = path() + ".backup";
  REQUIRE(BackupDatabase(path(), backup).ok());
  Send(store(), alice, bob, "after the backup");

  const absl::Status while_running = RestoreDatabase(backup, path());
  CHECK(absl::IsFailedPrecondition(while_running));
  CHECK_THAT(std::string(while_running.message()),
             Catch::Contains("in use by another server"));

  Close();
  REQUIRE(RestoreDatabase(backup, path()).ok());
  Reopen();
  CHECK(IdsIn(store(), bob) == std::set<int64_t>{kept});
}

TEST_CASE_METHOD(SqliteHarness,
                 "A backup never overwrites, and a restore refuses what is "
                 "not a Parley database",
                 "[store][sqlite][backup]") {
  NewAccount(store(), "alice");
  const std::string taken = path() + ".taken";
  { std::ofstream(taken) << "something precious"; }
  CHECK(absl::IsAlreadyExists(BackupDatabase(path(), taken)));
  CHECK(std::filesystem::file_size(taken) == 18);
  CHECK(absl::IsNotFound(BackupDatabase(path() + ".none", path() + ".b")));

  Close();
  CHECK(absl::IsFailedPrecondition(RestoreDatabase(taken, path())));
  CHECK(absl::IsNotFound(RestoreDatabase(path() + ".none", path())));
  // The database is as it was.
  Reopen();
  CHECK(store().FindAccount("alice").ok());
}

}  // namespace
}  // namespace parley::store::testing
