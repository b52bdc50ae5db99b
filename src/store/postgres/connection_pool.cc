#include "store/postgres/connection_pool.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/log.h"

namespace parley::store::postgres {

ConnectionPool::Lease::Lease(ConnectionPool* pool,
                             std::unique_ptr<PostgresConnection> connection)
    : pool_(pool), connection_(std::move(connection)) {}

ConnectionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_),
      connection_(std::move(other.connection_)),
      discard_(other.discard_) {}

ConnectionPool::Lease& ConnectionPool::Lease::operator=(
    Lease&& other) noexcept {
  if (this != &other) {
    Return();
    pool_ = other.pool_;
    connection_ = std::move(other.connection_);
    discard_ = other.discard_;
  }
  return *this;
}

ConnectionPool::Lease::~Lease() { Return(); }

void ConnectionPool::Lease::Return() {
  if (connection_ != nullptr) pool_->Release(std::move(connection_), discard_);
}

ConnectionPool::ConnectionPool(std::string url, size_t max_open,
                               absl::Duration acquire_timeout)
    : url_(std::move(url)),
      max_open_(std::max<size_t>(max_open, 1)),
      acquire_timeout_(acquire_timeout) {}

bool ConnectionPool::CanProceed() const {
  return !idle_.empty() || open_ < max_open_;
}

absl::StatusOr<ConnectionPool::Lease> ConnectionPool::Acquire() {
  {
    absl::MutexLock lock(&mu_);
    if (!mu_.AwaitWithTimeout(
            absl::Condition(this, &ConnectionPool::CanProceed),
            acquire_timeout_)) {
      return absl::UnavailableError(
          absl::StrCat("all ", max_open_,
                       " PostgreSQL connections stayed busy "
                       "for ",
                       absl::FormatDuration(acquire_timeout_)));
    }
    if (!idle_.empty()) {
      std::unique_ptr<PostgresConnection> connection = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(connection));
    }
    ++open_;
  }
  // Opened without the lock held: connecting takes several round trips.
  absl::StatusOr<std::unique_ptr<PostgresConnection>> connection =
      PostgresConnection::Open(url_);
  if (!connection.ok()) {
    absl::MutexLock lock(&mu_);
    --open_;
    return connection.status();
  }
  return Lease(this, *std::move(connection));
}

void ConnectionPool::DiscardIdle() {
  std::vector<std::unique_ptr<PostgresConnection>> closing;
  {
    absl::MutexLock lock(&mu_);
    closing.swap(idle_);
    open_ -= closing.size();
  }
  // Closed here, outside the lock.
}

void ConnectionPool::Release(std::unique_ptr<PostgresConnection> connection,
                             bool discard) {
  // A caller that failed halfway may leave a transaction open; the next one
  // must not inherit it.
  connection->Rollback();
  const bool reusable = !discard && connection->IsOpen();
  if (!reusable) {
    PARLEY_LOG(kDebug) << "closing a broken PostgreSQL connection";
  }
  {
    absl::MutexLock lock(&mu_);
    if (reusable) {
      idle_.push_back(std::move(connection));
      return;
    }
    --open_;
  }
  // A broken connection is closed here, outside the lock.
}

}  // namespace parley::store::postgres
