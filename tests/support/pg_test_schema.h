// A schema of its own for one test in the PostgreSQL database that
// PARLEY_TEST_PG_URL names, dropped with everything in it at the end, and the
// URL whose search_path points at it, so that a store opened on that URL
// creates its tables there. A schema costs a few milliseconds where a
// database per test would cost a checkpoint.
//
// PARLEY_TEST_PG_URL is set by scripts/pg-dev.sh, which scripts/test.sh runs
// the suite in. Without it the test fails, saying so: what runs on
// PostgreSQL is never silently left untested.
//
// Thread safety: one test's; schemas made at once, in one process or many,
// get different names.
#ifndef PARLEY_TESTS_SUPPORT_PG_TEST_SCHEMA_H_
#define PARLEY_TESTS_SUPPORT_PG_TEST_SCHEMA_H_

#include <pqxx/pqxx>
#include <string>

namespace parley::testing {

class PgTestSchema {
 public:
  // Creates the schema, failing the test if PARLEY_TEST_PG_URL is unset or
  // the schema cannot be created.
  PgTestSchema();
  // Drops the schema; a failure is a warning.
  ~PgTestSchema();
  PgTestSchema(const PgTestSchema&) = delete;
  PgTestSchema& operator=(const PgTestSchema&) = delete;

  // The URL to open a store with: the test's schema first on the path.
  const std::string& url() const { return url_; }
  // The schema's name, for qualified names in Admin statements.
  const std::string& name() const { return name_; }
  // Runs `sql` on a connection of its own (to the database, not the schema)
  // and returns its rows. Throws what libpqxx throws.
  pqxx::result Admin(const std::string& sql) const;

 private:
  std::string admin_url_;
  std::string name_;
  std::string url_;
};

// A login role of its own with the run of a test's schema, for a server that
// the test must cut off from PostgreSQL while others go on: BlockLogins makes
// the role's new connections fail while its open ones keep working. Servers
// connecting as the role and as PARLEY_TEST_PG_URL's role share every table
// of the schema, whichever of them creates it. Dropped at its end, so it
// must outlive the servers that use it. pg-dev.sh's role may create roles.
class PgTestRole {
 public:
  explicit PgTestRole(const PgTestSchema& schema);
  ~PgTestRole();
  PgTestRole(const PgTestRole&) = delete;
  PgTestRole& operator=(const PgTestRole&) = delete;

  // The schema's URL, connecting as this role.
  const std::string& url() const { return url_; }
  const std::string& name() const { return name_; }
  void BlockLogins() const;
  void AllowLogins() const;

 private:
  const PgTestSchema& schema_;
  std::string name_;
  std::string url_;
};

}  // namespace parley::testing

#endif  // PARLEY_TESTS_SUPPORT_PG_TEST_SCHEMA_H_
