#include "support/temp_dir.h"

#include <stdlib.h>

#include <cerrno>
#include <string>
#include <system_error>

namespace parley::testing {

TempDir::TempDir() {
  // mkdtemp picks a name no other directory has and creates it in one step, so
  // two tests never share a directory.
  std::string name =
      (std::filesystem::temp_directory_path() / "parley-test-XXXXXX").string();
  if (mkdtemp(name.data()) == nullptr) {
    throw std::system_error(errno, std::generic_category(),
                            "cannot create a temporary directory");
  }
  path_ = name;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace parley::testing
