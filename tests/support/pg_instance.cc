#include "support/pg_instance.h"

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace parley::testing {
namespace {

// Runs pg-dev.sh with `args`; returns its standard output, throwing if it
// fails.
std::string PgDev(const std::string& args) {
  const std::string command =
      absl::StrCat("bash ", PARLEY_PG_DEV_SCRIPT, " ", args);
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("popen failed");
  std::string out;
  char buffer[4096];
  size_t read;
  while ((read = fread(buffer, 1, sizeof buffer, pipe)) > 0) {
    out.append(buffer, read);
  }
  if (pclose(pipe) != 0) {
    throw std::runtime_error(absl::StrCat("pg-dev.sh ", args, " failed"));
  }
  return out;
}

// The value of `export NAME='value'` in pg-dev.sh start's output.
std::string Exported(const std::string& out, const std::string& name) {
  for (absl::string_view line : absl::StrSplit(out, '\n')) {
    const std::string prefix = absl::StrCat("export ", name, "='");
    if (absl::StartsWith(line, prefix) && absl::EndsWith(line, "'")) {
      line.remove_prefix(prefix.size());
      line.remove_suffix(1);
      return {line.data(), line.size()};
    }
  }
  throw std::runtime_error(absl::StrCat("pg-dev.sh start did not set ", name));
}

}  // namespace

PgInstance::PgInstance() {
  const std::string out = PgDev("start");
  dir_ = Exported(out, "PARLEY_PG_DIR");
  url_ = Exported(out, "PARLEY_TEST_PG_URL");
}

PgInstance::~PgInstance() {
  try {
    PgDev(absl::StrCat("stop ", dir_));
  } catch (const std::exception&) {
    std::fprintf(stderr, "could not stop the PostgreSQL in %s\n", dir_.c_str());
  }
}

void PgInstance::Down() { PgDev(absl::StrCat("down ", dir_)); }

void PgInstance::Up() { PgDev(absl::StrCat("up ", dir_)); }

}  // namespace parley::testing
