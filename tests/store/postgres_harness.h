// The harness that gives a store test a PostgresStore of its own, on a schema
// of its own (support/pg_test_schema.h) in the database PARLEY_TEST_PG_URL
// names. Without that variable every PostgreSQL case fails, saying how to run
// it.
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
#include "support/pg_test_schema.h"

namespace parley::store::testing {

class PostgresHarness {
 public:
  // Creates the schema and opens the store on it with the default options,
  // failing the test if PARLEY_TEST_PG_URL is unset or either step fails.
  PostgresHarness();

  // The store under test; a Reopen replaces it.
  Store& store() { return *store_; }

  // For the PostgreSQL-specific tests (postgres/postgres_store_test.cc).

  // The URL the store is opened with: the test's schema first on the path.
  const std::string& url() const { return schema_.url(); }
  // The test's schema, for qualified names in Admin statements.
  const std::string& schema() const { return schema_.name(); }
  // Closes the store; store() must not be used until the next Reopen.
  void Close() { store_.reset(); }
  // Closes the store if it is open and opens it again with `options`,
  // failing the test if it cannot.
  void Reopen(const PostgresStoreOptions& options = PostgresStoreOptions());
  // PgTestSchema::Admin.
  pqxx::result Admin(const std::string& sql) { return schema_.Admin(sql); }

 private:
  ::parley::testing::PgTestSchema schema_;  // declared first: it goes last
  std::unique_ptr<PostgresStore> store_;
};

}  // namespace parley::store::testing

#endif  // PARLEY_TESTS_STORE_POSTGRES_HARNESS_H_
