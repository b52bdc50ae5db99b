// The harness that gives a store test a PostgresStore of its own: a schema
// created for the test in the database PARLEY_TEST_PG_URL names (the
// connection's search_path points at it, so the store creates its tables
// there), dropped with everything in it at the end. A schema costs a few
// milliseconds where a database per test would cost a checkpoint.
//
// PARLEY_TEST_PG_URL is set by scripts/pg-dev.sh, which scripts/test.sh runs
// the suite in. Without it every PostgreSQL case fails, saying so: the
// PostgreSQL store is never silently left untested.
//
// Thread safety: a harness belongs to one test; its store is as safe for
// concurrent use as Store promises.
#ifndef PARLEY_TESTS_STORE_POSTGRES_HARNESS_H_
#define PARLEY_TESTS_STORE_POSTGRES_HARNESS_H_

#include <memory>
#include <pqxx/pqxx>
#include <string>

#include "store/postgres/postgres_store.h"
#include "store/store.h"

namespace parley::store::testing {

class PostgresHarness {
 public:
  // Creates the schema and opens the store on it with the default options,
  // failing the test if PARLEY_TEST_PG_URL is unset or either step fails.
  PostgresHarness();
  // Closes the store and drops the schema.
  ~PostgresHarness();
  PostgresHarness(const PostgresHarness&) = delete;
  PostgresHarness& operator=(const PostgresHarness&) = delete;

  // The store under test; a Reopen replaces it.
  Store& store() { return *store_; }

  // For the PostgreSQL-specific tests (postgres/postgres_store_test.cc).

  // The URL the store is opened with: the test's schema first on the path.
  const std::string& url() const { return url_; }
  // The test's schema, for qualified names in Admin statements.
  const std::string& schema() const { return schema_; }
  // Closes the store; store() must not be used until the next Reopen.
  void Close() { store_.reset(); }
  // Closes the store if it is open and opens it again with `options`,
  // failing the test if it cannot.
  void Reopen(const PostgresStoreOptions& options = PostgresStoreOptions());
  // Runs `sql` on a connection of its own (to the database, not the schema)
  // and returns its rows. Throws what libpqxx throws.
  pqxx::result Admin(const std::string& sql);

 private:
  std::string admin_url_;
  std::string schema_;
  std::string url_;
  std::unique_ptr<PostgresStore> store_;
};

}  // namespace parley::store::testing

#endif  // PARLEY_TESTS_STORE_POSTGRES_HARNESS_H_
