// What SqliteStore does beyond the Store contract, on real files: the schema
// version a new file gets, data kept across a reopen, migration from an older
// schema and refusal of a newer one, and a WAL that starts over under steady
// writes. The contract itself is tested once for every implementation in the
// suites one folder up.
#include "store/sqlite/sqlite_store.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "store/sqlite/sqlite_migrations.h"
#include "store/store.h"
#include "store/store_harness.h"
#include "store/store_test_helpers.h"
#include "support/status_helpers.h"

namespace parley::store::testing {
namespace {

TEST_CASE_METHOD(SqliteHarness,
                 "A new database is at the latest schema version",
                 "[store][sqlite]") {
  Close();
  SQLite::Database db(path());
  CHECK(db.execAndGet("PRAGMA user_version").getInt() == kLatestSchemaVersion);
}

TEST_CASE_METHOD(SqliteHarness, "Reopening an existing database keeps its data",
                 "[store][sqlite]") {
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
}

TEST_CASE_METHOD(SqliteHarness,
                 "Under writes without pause the WAL starts over instead of "
                 "growing without bound",
                 "[store][sqlite]") {
  SqliteStoreOptions options;
  options.checkpoint_frames = 16;
  options.min_wal_restart_frames = 64;
  options.wal_restart_frames = 64;
  Reopen(options);
  const AccountRecord alice = NewAccount(store(), "alice");
  const AccountRecord bob = NewAccount(store(), "bob");

  // Each one-message commit writes at least two pages (the table and an
  // index) to the WAL. How far the WAL gets between restarts depends on how
  // fast this loop writes while a checkpoint syncs, so the bound is loose: a
  // WAL that never starts over would hold every page written.
  constexpr int kMessages = 5000;
  for (int i = 0; i < kMessages; ++i) {
    Send(store(), alice, bob, "no pause between us");
  }

  const auto wal_frames =
      std::filesystem::file_size(path() + "-wal") / (4096 + 24);
  INFO("WAL pages: " << wal_frames << ", pages written: at least "
                     << 2 * kMessages);
  CHECK(wal_frames < kMessages);
  CHECK(AllMessagesTo(store(), bob).size() == kMessages);
}

TEST_CASE_METHOD(SqliteHarness,
                 "A small database keeps a small WAL under steady writes",
                 "[store][sqlite]") {
  // The defaults: the WAL starts over at about the database's size, and at
  // 4 MiB for a database smaller than that.
  const AccountRecord alice = NewAccount(store(), "alice");
  const AccountRecord bob = NewAccount(store(), "bob");
  constexpr int kMessages = 6000;
  uintmax_t largest_wal = 0;
  for (int i = 0; i < kMessages; ++i) {
    Send(store(), alice, bob, "a message of an ordinary length, no more");
    if (i % 100 == 0) {
      largest_wal =
          std::max(largest_wal, std::filesystem::file_size(path() + "-wal"));
    }
  }
  const uintmax_t database = std::filesystem::file_size(path());
  INFO("database " << database << " B, largest WAL seen " << largest_wal
                   << " B");
  // 4 MiB of frames, and what the writes add while a checkpoint syncs.
  CHECK(largest_wal < uintmax_t{12} << 20);
  CHECK(database < uintmax_t{4} << 20);
}

TEST_CASE_METHOD(SqliteHarness,
                 "A version 1 database is migrated with its messages, and "
                 "loses the index version 2 drops",
                 "[store][sqlite]") {
  Close();
  std::filesystem::remove(path());
  int64_t alice_id = 0;
  int64_t bob_id = 0;
  {
    SQLite::Database db(path(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    ASSERT_OK(Migrate(db, 1));
    db.exec(
        "INSERT INTO accounts (username, salt, iterations, stored_key, "
        "server_key, created_at_us) VALUES ('alice', x'00', 4096, x'01', "
        "x'02', 1), ('bob', x'00', 4096, x'01', x'02', 1)");
    alice_id = db.execAndGet("SELECT id FROM accounts WHERE username = 'alice'")
                   .getInt64();
    bob_id = db.execAndGet("SELECT id FROM accounts WHERE username = 'bob'")
                 .getInt64();
    db.exec(absl::StrCat(
        "INSERT INTO messages (sender_id, recipient_id, body, sent_at_us) "
        "VALUES (",
        alice_id, ", ", bob_id, ", 'written by version 1', 5)"));
    REQUIRE(db.execAndGet("PRAGMA user_version").getInt() == 1);
  }

  Reopen();

  const AccountRecord bob =
      ASSERT_OK_AND_GET(store().FindAccount("bob")).account;
  const std::vector<MessageRecord> to_bob = AllMessagesTo(store(), bob);
  REQUIRE(to_bob.size() == 1);
  CHECK(to_bob[0].text == "written by version 1");
  CHECK(to_bob[0].sender_id == alice_id);
  CHECK(ASSERT_OK_AND_GET(store().CountUnread(bob_id)) == 1);
  SQLite::Database db(path());
  CHECK(db.execAndGet("PRAGMA user_version").getInt() == 2);
  CHECK(db.execAndGet("SELECT COUNT(*) FROM sqlite_master WHERE name = "
                      "'messages_to_from'")
            .getInt() == 0);
}

TEST_CASE_METHOD(
    SqliteHarness,
    "Opening a database from a newer schema fails with FAILED_PRECONDITION",
    "[store][sqlite]") {
  Close();
  {
    SQLite::Database db(path(), SQLite::OPEN_READWRITE);
    db.exec(absl::StrCat("PRAGMA user_version = ", kLatestSchemaVersion + 1));
  }

  const absl::StatusOr<std::unique_ptr<SqliteStore>> opened =
      SqliteStore::Open(path(), SqliteStoreOptions());

  CHECK(opened.status().code() == absl::StatusCode::kFailedPrecondition);
  CHECK_THAT(std::string(opened.status().message()),
             Catch::Contains(
                 absl::StrCat("schema version ", kLatestSchemaVersion + 1)));
}

TEST_CASE_METHOD(SqliteHarness,
                 "A second store on an open file is refused, naming the "
                 "holder, until the first one closes",
                 "[store][sqlite]") {
  const AccountRecord alice = NewAccount(store(), "alice");

  absl::StatusOr<std::unique_ptr<SqliteStore>> second =
      SqliteStore::Open(path(), SqliteStoreOptions());
  REQUIRE_FALSE(second.ok());
  CHECK(absl::IsFailedPrecondition(second.status()));
  CHECK_THAT(std::string(second.status().message()),
             Catch::Contains("in use by another server") &&
                 Catch::Contains(absl::StrCat("pid ", getpid())));
  // The refused open did not disturb the holder.
  CHECK(ASSERT_OK_AND_GET(store().FindAccount("alice")).account.id == alice.id);

  Close();
  absl::StatusOr<std::unique_ptr<SqliteStore>> after =
      SqliteStore::Open(path(), SqliteStoreOptions());
  REQUIRE(after.ok());
  CHECK(ASSERT_OK_AND_GET((*after)->FindAccount("alice")).account.id ==
        alice.id);
}

}  // namespace
}  // namespace parley::store::testing
