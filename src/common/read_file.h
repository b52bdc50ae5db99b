// Reading a whole file, as the server and the clients read PEM certificates
// and keys.
#ifndef PARLEY_COMMON_READ_FILE_H_
#define PARLEY_COMMON_READ_FILE_H_

#include <string>

#include "absl/status/statusor.h"

namespace parley {

// The contents of the file at `path`. INVALID_ARGUMENT naming the path if it
// cannot be read. Thread safety: safe from any thread.
absl::StatusOr<std::string> ReadFile(const std::string& path);

}  // namespace parley

#endif  // PARLEY_COMMON_READ_FILE_H_
