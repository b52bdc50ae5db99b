// A pool of SqliteConnections to one database file. A call on a fresh
// connection costs about 140 us against about 30 us on a reused one (opening
// the file, the pragmas, parsing the schema, preparing statements again), so
// the store reuses connections instead of opening one per call.
//
// Thread safety: Acquire() is safe to call from many threads. Each Lease gives
// its holder the connection alone until the lease is destroyed.
//
// Ownership: the pool owns its idle connections; a lease owns its connection
// while it lives and hands it back when destroyed. The pool must outlive every
// lease it handed out.
//
// Errors: Acquire() returns INTERNAL when a new connection cannot be opened.
#ifndef PARLEY_STORE_SQLITE_CONNECTION_POOL_H_
#define PARLEY_STORE_SQLITE_CONNECTION_POOL_H_

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "store/sqlite/sqlite_connection.h"

namespace parley::store {

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
    SqliteConnection& operator*() const { return *connection_; }
    SqliteConnection* operator->() const { return connection_.get(); }

   private:
    friend class ConnectionPool;
    Lease(ConnectionPool* pool, std::unique_ptr<SqliteConnection> connection);
    void Return();

    ConnectionPool* pool_;
    std::unique_ptr<SqliteConnection> connection_;
  };

  // Connections open `path` with `options`. At most `max_idle` idle connections
  // are kept; more may be open at once while more callers hold leases.
  ConnectionPool(std::string path, SqliteConnectionOptions options,
                 size_t max_idle = 8);

  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // An idle connection if there is one, else a newly opened one. INTERNAL if a
  // new one cannot be opened. Safe to call from many threads.
  absl::StatusOr<Lease> Acquire();

 private:
  void Release(std::unique_ptr<SqliteConnection> connection);

  const std::string path_;
  const SqliteConnectionOptions options_;
  const size_t max_idle_;
  absl::Mutex mu_;
  std::vector<std::unique_ptr<SqliteConnection>> idle_ ABSL_GUARDED_BY(mu_);
};

}  // namespace parley::store

#endif  // PARLEY_STORE_SQLITE_CONNECTION_POOL_H_
