// An exclusive, advisory lock on a file beside the database, held for the
// life of a store: one SQLite file belongs to one server (two servers on one
// file would disagree about sessions and live events). The lock file names
// its holder, so a refused server can say who holds it. The kernel drops the
// lock when its process ends, however it ends.
//
// Thread safety: not needed; one owner. Ownership: the lock owns its file
// descriptor.
#ifndef PARLEY_STORE_SQLITE_FILE_LOCK_H_
#define PARLEY_STORE_SQLITE_FILE_LOCK_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace parley::store {

class FileLock {
 public:
  // Takes the lock on `path` (creating the file), or FAILED_PRECONDITION
  // naming the process that holds it; INTERNAL if the file cannot be opened.
  static absl::StatusOr<std::unique_ptr<FileLock>> Acquire(
      const std::string& path);
  // Releases the lock.
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  const int fd_;
};

}  // namespace parley::store

#endif  // PARLEY_STORE_SQLITE_FILE_LOCK_H_
