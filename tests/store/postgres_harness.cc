#include "store/postgres_harness.h"

#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <exception>
#include <random>

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "store/postgres/postgres_url.h"
#include "support/status_helpers.h"

namespace parley::store::testing {
namespace {

// Unique across the processes ctest runs at once and the harnesses of one.
std::string NewSchemaName() {
  static std::atomic<int> next{0};
  std::random_device random;
  return absl::StrCat("parley_test_", getpid(), "_", next++, "_",
                      random() % 1000000);
}

}  // namespace

PostgresHarness::PostgresHarness() : schema_(NewSchemaName()) {
  // The store's INFO lines would drown Catch's report.
  SetLogLevel(LogLevel::kWarning);
  const char* url = std::getenv("PARLEY_TEST_PG_URL");
  if (url == nullptr || *url == '\0') {
    FAIL(
        "PARLEY_TEST_PG_URL is not set, so the PostgreSQL store cannot be "
        "tested: run the tests inside a throw-away PostgreSQL with "
        "`bash scripts/pg-dev.sh run -- ctest` (scripts/test.sh does)");
  }
  admin_url_ = url;
  Admin(absl::StrCat("CREATE SCHEMA ", schema_));
  url_ = postgres::WithUrlParameter(admin_url_, "options",
                                    absl::StrCat("-csearch_path=", schema_));
  Reopen();
}

PostgresHarness::~PostgresHarness() {
  store_.reset();
  try {
    Admin(absl::StrCat("DROP SCHEMA IF EXISTS ", schema_, " CASCADE"));
  } catch (const std::exception& e) {
    WARN("could not drop schema " << schema_ << ": " << e.what());
  }
}

void PostgresHarness::Reopen(const PostgresStoreOptions& options) {
  store_.reset();
  store_ = ASSERT_OK_AND_GET(PostgresStore::Open(url_, options));
}

pqxx::result PostgresHarness::Admin(const std::string& sql) {
  pqxx::connection connection(admin_url_);
  pqxx::nontransaction transaction(connection);
  // Notices (what a CASCADE dropped) are not the test's business.
  transaction.exec("SET client_min_messages = warning");
  return transaction.exec(sql);
}

}  // namespace parley::store::testing
