#include "store/sqlite/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/log.h"

namespace parley::store {
namespace {

std::string ReadAll(int fd) {
  std::string contents;
  char buffer[256];
  ssize_t n;
  while ((n = pread(fd, buffer, sizeof buffer,
                    static_cast<off_t>(contents.size()))) > 0 &&
         contents.size() < 4096) {
    contents.append(buffer, static_cast<size_t>(n));
  }
  return contents;
}

}  // namespace

absl::StatusOr<std::unique_ptr<FileLock>> FileLock::Acquire(
    const std::string& path) {
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0 && errno == EACCES) {
    // Left by a server that ran as another user: flock needs no write access,
    // so the lock still holds; only the holder's name goes unwritten.
    fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  }
  if (fd < 0) {
    return absl::InternalError(absl::StrCat("cannot open the lock file ", path,
                                            ": ", std::strerror(errno)));
  }
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    std::string holder(absl::StripAsciiWhitespace(ReadAll(fd)));
    close(fd);
    if (error != EWOULDBLOCK) {
      return absl::InternalError(
          absl::StrCat("cannot lock ", path, ": ", std::strerror(error)));
    }
    return absl::FailedPreconditionError(absl::StrCat(
        "the database is in use by another server (",
        holder.empty() ? "its lock file names no holder" : holder,
        "; lock file ", path,
        "): one SQLite file serves one server; stop the other one or use "
        "another --db"));
  }
  const std::string holder = absl::StrCat(
      "parley_server pid ", getpid(), ", started ",
      absl::FormatTime(absl::RFC3339_sec, absl::Now(), absl::UTCTimeZone()),
      "\n");
  const bool named =
      ftruncate(fd, 0) == 0 && pwrite(fd, holder.data(), holder.size(), 0) ==
                                   static_cast<ssize_t>(holder.size());
  if (!named) {
    PARLEY_LOG(kWarning) << "cannot write this server's name into " << path
                         << " (the lock holds; a refused server will not be "
                            "told who holds it)";
  }
  return std::unique_ptr<FileLock>(new FileLock(fd));
}

FileLock::~FileLock() {
  flock(fd_, LOCK_UN);
  close(fd_);
}

}  // namespace parley::store
