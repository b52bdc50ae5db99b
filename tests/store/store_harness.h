// The implementations of store::Store that the store suites run against, each
// behind a harness that gives one test a fresh, empty store. A suite's cases
// name every harness at once through PARLEY_STORE_HARNESSES:
//
//   TEMPLATE_TEST_CASE("...", "[store]", PARLEY_STORE_HARNESSES) {
//     TestType harness;
//     Store& store = harness.store();
//
// so that every implementation runs every case: SqliteHarness here and
// PostgresHarness (postgres_harness.h). The suites live in
// parley::store::testing, where the list's names resolve.
//
// Thread safety: a harness belongs to one test; its store is as safe for
// concurrent use as Store promises.
#ifndef PARLEY_TESTS_STORE_STORE_HARNESS_H_
#define PARLEY_TESTS_STORE_STORE_HARNESS_H_

#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "common/log.h"
#include "store/postgres_harness.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"
#include "support/status_helpers.h"
#include "support/temp_dir.h"

namespace parley::store::testing {

// A SqliteStore on a new database file in a directory of its own, which goes
// with everything in it at the end of the test.
class SqliteHarness {
 public:
  // Opens the store with the default options, failing the test if it cannot.
  SqliteHarness() : path_((dir_.path() / "parley.db").string()) {
    // The store's INFO lines would drown Catch's report.
    SetLogLevel(LogLevel::kWarning);
    Reopen();
  }

  // The store under test; a Reopen replaces it.
  Store& store() { return *store_; }

  // For the SQLite-specific tests (sqlite/sqlite_store_test.cc).

  // The database file.
  const std::string& path() const { return path_; }
  // Closes the store, leaving the file to be inspected or changed; store()
  // must not be used until the next Reopen.
  void Close() { store_.reset(); }
  // Closes the store if it is open and opens the file again with `options`,
  // failing the test if it cannot.
  void Reopen(const SqliteStoreOptions& options = SqliteStoreOptions()) {
    store_.reset();
    store_ = ASSERT_OK_AND_GET(SqliteStore::Open(path_, options));
  }

 private:
  ::parley::testing::TempDir dir_;  // declared first, so that it goes last
  std::string path_;
  std::unique_ptr<SqliteStore> store_;
};

// Every harness, in the form TEMPLATE_TEST_CASE takes its types.
#define PARLEY_STORE_HARNESSES SqliteHarness, PostgresHarness

}  // namespace parley::store::testing

#endif  // PARLEY_TESTS_STORE_STORE_HARNESS_H_
