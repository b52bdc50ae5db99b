#include "store/postgres/postgres_connection.h"

#include <exception>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "store/postgres/postgres_url.h"

namespace parley::store::postgres {

absl::StatusOr<std::unique_ptr<PostgresConnection>> PostgresConnection::Open(
    const std::string& url) {
  try {
    return std::unique_ptr<PostgresConnection>(new PostgresConnection(url));
  } catch (const std::exception& e) {
    return absl::UnavailableError(
        absl::StrCat("cannot connect to PostgreSQL at ", RedactedUrl(url), ": ",
                     absl::StripTrailingAsciiWhitespace(e.what())));
  }
}

PostgresConnection::PostgresConnection(const std::string& url)
    : connection_(url), notices_(connection_) {}

PostgresConnection::~PostgresConnection() { Rollback(); }

bool PostgresConnection::NoticeLogger::operator()(
    const char message[]) noexcept {
  PARLEY_LOG(kDebug) << "PostgreSQL: "
                     << absl::StripTrailingAsciiWhitespace(message);
  return false;
}

void PostgresConnection::Begin(TransactionMode mode) {
  switch (mode) {
    case TransactionMode::kSingleStatement:
      transaction_ = std::make_unique<pqxx::nontransaction>(connection_);
      break;
    case TransactionMode::kSnapshot:
      transaction_ = std::make_unique<
          pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>>(
          connection_);
      break;
    case TransactionMode::kWrite:
      transaction_ = std::make_unique<pqxx::work>(connection_);
      break;
  }
}

void PostgresConnection::ExecScript(const char* sql) {
  transaction_->exec(sql);
}

void PostgresConnection::Commit() {
  std::unique_ptr<pqxx::transaction_base> transaction = std::move(transaction_);
  transaction->commit();
}

void PostgresConnection::Rollback() noexcept {
  if (transaction_ == nullptr) return;
  try {
    transaction_->abort();
  } catch (const std::exception& e) {
    PARLEY_LOG(kDebug) << "PostgreSQL rollback failed: " << e.what();
  }
  transaction_.reset();
}

bool PostgresConnection::IsOpen() const noexcept {
  return connection_.is_open();
}

void PostgresConnection::Prepare(const Statement& statement) {
  if (prepared_.insert(statement.name).second) {
    connection_.prepare(statement.name, statement.sql);
  }
}

}  // namespace parley::store::postgres
