#include "store/sqlite/connection_pool.h"

#include <utility>

#include "common/log.h"

namespace parley::store {

ConnectionPool::Lease::Lease(ConnectionPool* pool,
                             std::unique_ptr<SqliteConnection> connection)
    : pool_(pool), connection_(std::move(connection)) {}

ConnectionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), connection_(std::move(other.connection_)) {}

ConnectionPool::Lease& ConnectionPool::Lease::operator=(
    Lease&& other) noexcept {
  if (this != &other) {
    Return();
    pool_ = other.pool_;
    connection_ = std::move(other.connection_);
  }
  return *this;
}

ConnectionPool::Lease::~Lease() { Return(); }

void ConnectionPool::Lease::Return() {
  if (connection_ != nullptr) pool_->Release(std::move(connection_));
}

ConnectionPool::ConnectionPool(std::string path,
                               SqliteConnectionOptions options, size_t max_idle)
    : path_(std::move(path)), options_(options), max_idle_(max_idle) {}

absl::StatusOr<ConnectionPool::Lease> ConnectionPool::Acquire() {
  {
    absl::MutexLock lock(&mu_);
    if (!idle_.empty()) {
      std::unique_ptr<SqliteConnection> connection = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(connection));
    }
  }
  // Opened without the lock held: opening takes far longer than handing out an
  // idle one.
  absl::StatusOr<std::unique_ptr<SqliteConnection>> connection =
      SqliteConnection::Open(path_, options_);
  if (!connection.ok()) return connection.status();
  return Lease(this, *std::move(connection));
}

void ConnectionPool::Release(std::unique_ptr<SqliteConnection> connection) {
  // A caller that failed halfway may leave a transaction open; the next one
  // must not inherit it. A connection that cannot even roll back is closed
  // rather than reused.
  connection->Rollback();
  if (connection->InTransaction()) {
    PARLEY_LOG(kError) << "closing an SQLite connection stuck in a transaction";
    return;
  }
  connection->ResetStatements();
  {
    absl::MutexLock lock(&mu_);
    if (idle_.size() < max_idle_) {
      idle_.push_back(std::move(connection));
      return;
    }
  }
  // A surplus connection is closed here, outside the lock, so other callers do
  // not wait for it.
}

}  // namespace parley::store
