// One open connection to PostgreSQL (libpqxx), with the statements the store
// prepares on it and the transaction of the call that holds it. Statements are
// prepared on first use, once per connection, because parsing and planning are
// a large share of the cost of the store's short queries.
//
// Thread safety: a PostgresConnection must be used by one thread at a time;
// the pool (connection_pool.h) hands each one to a single caller.
//
// Errors: Open() returns UNAVAILABLE when the server cannot be reached within
// the URL's connect_timeout. The other methods throw libpqxx's exceptions
// (pqxx::failure and its subclasses); the store turns them into absl::Status
// (postgres_errors.h).
#ifndef PARLEY_STORE_POSTGRES_POSTGRES_CONNECTION_H_
#define PARLEY_STORE_POSTGRES_POSTGRES_CONNECTION_H_

#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <unordered_set>

#include "absl/status/statusor.h"

namespace parley::store::postgres {

// A statement the store prepares: its name on the connection and its text.
// Both are constants that live as long as the program.
struct Statement {
  const char* name;
  const char* sql;
};

enum class TransactionMode {
  // Autocommit: one statement, a read or a write, which PostgreSQL runs as
  // its own transaction, without the round trips of BEGIN and COMMIT.
  kSingleStatement,
  // REPEATABLE READ, READ ONLY: several reads that see one snapshot.
  kSnapshot,
  // READ COMMITTED: any write; row locks order what must not interleave.
  kWrite,
};

class PostgresConnection {
 public:
  // Connects to `url` (a libpq connection URL). UNAVAILABLE, with libpq's
  // message and the URL without its password, if it cannot.
  static absl::StatusOr<std::unique_ptr<PostgresConnection>> Open(
      const std::string& url);

  PostgresConnection(const PostgresConnection&) = delete;
  PostgresConnection& operator=(const PostgresConnection&) = delete;
  ~PostgresConnection();

  // Starts the transaction every Exec until Commit or Rollback runs in. There
  // must be none open.
  void Begin(TransactionMode mode);
  // Runs `statement`, prepared on this connection at its first use, with
  // `params` ($1, $2, ... in order; a pqxx::binarystring is sent as bytea),
  // in the open transaction.
  template <typename... Params>
  pqxx::result Exec(const Statement& statement, const Params&... params) {
    Prepare(statement);
    return transaction_->exec_prepared(statement.name, params...);
  }
  // Runs `sql`, which may hold several statements and is not prepared, in the
  // open transaction: for the schema's migrations.
  void ExecScript(const char* sql);
  // Commits the open transaction. Throws pqxx::in_doubt_error if the
  // connection broke while committing (the outcome is then unknown).
  void Commit();
  // Ends the open transaction, if any, undoing it. Never throws.
  void Rollback() noexcept;
  bool InTransaction() const noexcept { return transaction_ != nullptr; }
  // False once the connection to the server is lost; it is then never used
  // again (the pool opens another).
  bool IsOpen() const noexcept;

 private:
  // Passes the server's notices (a DROP ... CASCADE's list, say) to the log
  // at debug level instead of libpq's default, stderr.
  class NoticeLogger final : public pqxx::errorhandler {
   public:
    explicit NoticeLogger(pqxx::connection_base& connection)
        : pqxx::errorhandler(connection) {}
    bool operator()(const char message[]) noexcept override;
  };

  explicit PostgresConnection(const std::string& url);
  void Prepare(const Statement& statement);

  pqxx::connection connection_;
  NoticeLogger notices_;  // after connection_, which it must not outlive
  std::unordered_set<std::string_view> prepared_;
  std::unique_ptr<pqxx::transaction_base> transaction_;
};

}  // namespace parley::store::postgres

#endif  // PARLEY_STORE_POSTGRES_POSTGRES_CONNECTION_H_
