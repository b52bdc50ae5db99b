#include "support/pg_test_schema.h"

#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <exception>
#include <random>

#include "absl/strings/str_cat.h"
#include "store/postgres/postgres_url.h"

namespace parley::testing {
namespace {

// Unique across the processes ctest runs at once and the schemas of one.
std::string NewSchemaName() {
  static std::atomic<int> next{0};
  std::random_device random;
  return absl::StrCat("parley_test_", getpid(), "_", next++, "_",
                      random() % 1000000);
}

}  // namespace

PgTestSchema::PgTestSchema() : name_(NewSchemaName()) {
  const char* url = std::getenv("PARLEY_TEST_PG_URL");
  if (url == nullptr || *url == '\0') {
    FAIL(
        "PARLEY_TEST_PG_URL is not set, so nothing can be tested on "
        "PostgreSQL: run the tests inside a throw-away PostgreSQL with "
        "`bash scripts/pg-dev.sh run -- ctest` (scripts/test.sh does)");
  }
  admin_url_ = url;
  Admin(absl::StrCat("CREATE SCHEMA ", name_));
  url_ = store::postgres::WithUrlParameter(
      admin_url_, "options", absl::StrCat("-csearch_path=", name_));
}

PgTestSchema::~PgTestSchema() {
  try {
    Admin(absl::StrCat("DROP SCHEMA IF EXISTS ", name_, " CASCADE"));
  } catch (const std::exception& e) {
    WARN("could not drop schema " << name_ << ": " << e.what());
  }
}

pqxx::result PgTestSchema::Admin(const std::string& sql) const {
  pqxx::connection connection(admin_url_);
  pqxx::nontransaction transaction(connection);
  // Notices (what a CASCADE dropped) are not the test's business.
  transaction.exec("SET client_min_messages = warning");
  return transaction.exec(sql);
}

PgTestRole::PgTestRole(const PgTestSchema& schema)
    : schema_(schema), name_(schema.name() + "_role") {
  const auto owner =
      schema.Admin("SELECT current_user")[0][0].as<std::string>();
  schema.Admin(absl::StrCat("CREATE ROLE ", name_, " LOGIN"));
  // The admin role can use what this one creates, and this one what the
  // admin role creates.
  schema.Admin(absl::StrCat("GRANT ", name_, " TO ", owner));
  schema.Admin(absl::StrCat("GRANT USAGE, CREATE ON SCHEMA ", schema.name(),
                            " TO ", name_));
  for (const char* kind : {"TABLES", "SEQUENCES"}) {
    schema.Admin(absl::StrCat("ALTER DEFAULT PRIVILEGES FOR ROLE ", owner,
                              " IN SCHEMA ", schema.name(), " GRANT ALL ON ",
                              kind, " TO ", name_));
  }
  // postgresql://user@host... with this role as the user.
  const std::string& url = schema.url();
  const size_t user = url.find("://") + 3;
  url_ = url.substr(0, user) + name_ + url.substr(url.find('@', user));
}

PgTestRole::~PgTestRole() {
  try {
    schema_.Admin(absl::StrCat("DROP OWNED BY ", name_));
    schema_.Admin(absl::StrCat("DROP ROLE ", name_));
  } catch (const std::exception& e) {
    WARN("could not drop role " << name_ << ": " << e.what());
  }
}

void PgTestRole::BlockLogins() const {
  schema_.Admin(absl::StrCat("ALTER ROLE ", name_, " NOLOGIN"));
}

void PgTestRole::AllowLogins() const {
  schema_.Admin(absl::StrCat("ALTER ROLE ", name_, " LOGIN"));
}

}  // namespace parley::testing
