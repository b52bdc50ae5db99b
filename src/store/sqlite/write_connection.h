// The one connection of the process that writes to an SQLite database, and
// the order in which writes take it. Writes are serialized, first by a mutex
// here and then by SQLite's write lock against other processes. Writers wait
// on the mutex rather than in SQLite's busy handler, which polls with sleeps of
// up to 100 ms.
//
// One connection for every write keeps its page cache valid from one write to
// the next (SQLite drops a connection's whole cache when another one has
// written), which keeps the index pages a write touches in memory instead of
// reading them again.
//
// Thread safety: Run() is safe to call from many threads; one body runs at a
// time.
//
// Ownership: owns its connection, which it opens on the first Run() and closes
// when destroyed. The WalCheckpointer it is given must outlive it.
//
// Errors: Run() returns INTERNAL, without running the body, when the
// connection cannot be opened; otherwise whatever the body returns.
#ifndef PARLEY_STORE_SQLITE_WRITE_CONNECTION_H_
#define PARLEY_STORE_SQLITE_WRITE_CONNECTION_H_

#include <memory>
#include <string>
#include <type_traits>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "store/sqlite/sqlite_connection.h"
#include "store/sqlite/wal_checkpointer.h"

namespace parley::store {

class WriteConnection {
 public:
  // The connection opens `path` with `options` and reports its commits to
  // `checkpointer`.
  WriteConnection(std::string path, SqliteConnectionOptions options,
                  WalCheckpointer* checkpointer);

  WriteConnection(const WriteConnection&) = delete;
  WriteConnection& operator=(const WriteConnection&) = delete;

  // Runs `body` on the write connection once every earlier body has finished,
  // and returns its result. `body` must leave no exception and may leave a
  // transaction open: it is rolled back afterwards, and a connection that
  // cannot roll back is closed, to be opened again by the next Run().
  template <typename Body>
  std::invoke_result_t<Body&, SqliteConnection&> Run(Body&& body)
      ABSL_LOCKS_EXCLUDED(mu_) {
    absl::MutexLock lock(&mu_);
    if (absl::Status ready = PrepareForWrite(); !ready.ok()) return ready;
    auto result = body(*connection_);
    CleanUpAfterWrite();
    return result;
  }

 private:
  // Opens the connection if it is closed, and lets the checkpointer run its
  // pass before the write. INTERNAL if the connection cannot be opened.
  absl::Status PrepareForWrite() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void CleanUpAfterWrite() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const std::string path_;
  const SqliteConnectionOptions options_;
  WalCheckpointer* const checkpointer_;
  absl::Mutex mu_;
  std::unique_ptr<SqliteConnection> connection_ ABSL_GUARDED_BY(mu_);
};

}  // namespace parley::store

#endif  // PARLEY_STORE_SQLITE_WRITE_CONNECTION_H_
