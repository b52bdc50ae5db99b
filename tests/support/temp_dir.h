// A fresh directory for a test's files (a database, certificates), removed
// with everything in it when the test is done with it.
//
// Thread safety: each TempDir belongs to one test; tests on several threads may
// create theirs at once, and each gets a directory of its own.
#ifndef PARLEY_TESTS_SUPPORT_TEMP_DIR_H_
#define PARLEY_TESTS_SUPPORT_TEMP_DIR_H_

#include <filesystem>

namespace parley::testing {

class TempDir {
 public:
  // Creates a new, empty directory under the system temp dir. Throws
  // std::system_error if it cannot.
  TempDir();

  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // Removes the directory and everything in it, ignoring errors.
  ~TempDir();

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace parley::testing

#endif  // PARLEY_TESTS_SUPPORT_TEMP_DIR_H_
