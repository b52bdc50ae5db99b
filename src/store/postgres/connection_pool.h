// A bounded pool of PostgresConnections to one database. Each store call
// leases a connection of its own for the call's length; connections are kept
// open between calls (connecting costs a round trip per step of the start-up
// handshake and a new server process), and at most `max_open` exist at once,
// since every connection is a process on the server and its limit is shared
// by every Parley instance on that database.
//
// A connection found broken is closed when its lease ends, and the pool
// connects again on the next Acquire, so the store recovers by itself once
// the server is back.
//
// Thread safety: Acquire() and DiscardIdle() are safe to call from many
// threads. Each Lease gives its holder the connection alone until the lease is
// destroyed.
//
// Ownership: the pool owns its idle connections; a lease owns its connection
// while it lives and hands it back when destroyed. The pool must outlive every
// lease it handed out.
//
// Errors: Acquire() returns UNAVAILABLE when a new connection cannot be opened
// (PostgresConnection::Open's message) or when all `max_open` connections stay
// busy for `acquire_timeout`.
#ifndef PARLEY_STORE_POSTGRES_CONNECTION_POOL_H_
#define PARLEY_STORE_POSTGRES_CONNECTION_POOL_H_

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "store/postgres/postgres_connection.h"

namespace parley::store::postgres {

class ConnectionPool {
 public:
  // The exclusive use of one connection, handed back to the pool on
  // destruction.
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&& other) noexcept;
    ~Lease();

    // The leased connection, for this holder alone.
    PostgresConnection& operator*() const { return *connection_; }
    PostgresConnection* operator->() const { return connection_.get(); }

    // Marks the connection broken: it is closed instead of going back to the
    // pool.
    void Discard() { discard_ = true; }

   private:
    friend class ConnectionPool;
    Lease(ConnectionPool* pool, std::unique_ptr<PostgresConnection> connection);
    void Return();

    ConnectionPool* pool_;
    std::unique_ptr<PostgresConnection> connection_;
    bool discard_ = false;
  };

  // Connections open `url`; at most `max_open` at once (at least 1).
  ConnectionPool(std::string url, size_t max_open,
                 absl::Duration acquire_timeout);

  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // An idle connection if there is one, else a newly opened one if fewer than
  // `max_open` exist, else the first one handed back within
  // `acquire_timeout`. UNAVAILABLE if none can be had.
  absl::StatusOr<Lease> Acquire() ABSL_LOCKS_EXCLUDED(mu_);
  // Closes every idle connection: after one connection broke, the others
  // most likely did too (the server restarted), and each would fail its next
  // call.
  void DiscardIdle() ABSL_LOCKS_EXCLUDED(mu_);

 private:
  void Release(std::unique_ptr<PostgresConnection> connection, bool discard)
      ABSL_LOCKS_EXCLUDED(mu_);
  bool CanProceed() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const std::string url_;
  const size_t max_open_;
  const absl::Duration acquire_timeout_;
  absl::Mutex mu_;
  std::vector<std::unique_ptr<PostgresConnection>> idle_ ABSL_GUARDED_BY(mu_);
  // Idle, leased, and being opened.
  size_t open_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace parley::store::postgres

#endif  // PARLEY_STORE_POSTGRES_CONNECTION_POOL_H_
