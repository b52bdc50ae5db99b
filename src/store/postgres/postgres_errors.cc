#include "store/postgres/postgres_errors.h"

#include <pqxx/pqxx>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace parley::store::postgres {
namespace {

std::string Trimmed(const char* what) {
  return std::string(absl::StripTrailingAsciiWhitespace(what));
}

// SQLSTATEs that mean the session is over: class 08 (connection exception)
// and 57P01-57P03 (the server is shutting down, crashed, or not yet up).
bool EndsSession(const std::string& sqlstate) {
  return sqlstate.starts_with("08") || sqlstate == "57P01" ||
         sqlstate == "57P02" || sqlstate == "57P03";
}

DatabaseFailure Lost(const std::exception& e) {
  return {absl::UnavailableError(absl::StrCat(
              "PostgreSQL is unavailable: the connection to the server was "
              "lost (",
              Trimmed(e.what()), ")")),
          true, false};
}

}  // namespace

DatabaseFailure DescribeFailure(const std::exception& e) {
  if (dynamic_cast<const pqxx::in_doubt_error*>(&e) != nullptr ||
      dynamic_cast<const pqxx::statement_completion_unknown*>(&e) != nullptr) {
    return {absl::UnavailableError(absl::StrCat(
                "the connection to PostgreSQL broke while committing, so the "
                "change may or may not have been applied: ",
                Trimmed(e.what()))),
            true, false};
  }
  if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr) {
    return Lost(e);
  }
  if (dynamic_cast<const pqxx::transaction_rollback*>(&e) != nullptr) {
    return {absl::InternalError(absl::StrCat(
                "PostgreSQL undid the transaction: ", Trimmed(e.what()))),
            false, true};
  }
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
    if (EndsSession(sql->sqlstate())) return Lost(e);
    return {absl::InternalError(absl::StrCat("PostgreSQL (", sql->sqlstate(),
                                             "): ", Trimmed(e.what()))),
            false, false};
  }
  return {absl::InternalError(
              absl::StrCat("PostgreSQL store: ", Trimmed(e.what()))),
          false, false};
}

bool IsConstraintViolation(const std::exception& e, std::string_view sqlstate) {
  const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e);
  return sql != nullptr && sql->sqlstate() == sqlstate;
}

}  // namespace parley::store::postgres
