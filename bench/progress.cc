#include "progress.h"

#include <unistd.h>

#include <cstdio>

#include "absl/synchronization/mutex.h"
#include "latency.h"

namespace parley::bench {
namespace {

absl::Mutex mu(absl::kConstInit);
std::string scope ABSL_GUARDED_BY(mu);
bool line_open ABSL_GUARDED_BY(mu) = false;
int64_t last_print_ns ABSL_GUARDED_BY(mu) = 0;

bool Terminal() {
  static const bool terminal = isatty(STDERR_FILENO) != 0;
  return terminal;
}

}  // namespace

void SetProgressScope(const std::string& new_scope) {
  absl::MutexLock lock(&mu);
  scope = new_scope;
}

void Progress(const std::string& text) {
  absl::MutexLock lock(&mu);
  const int64_t now = NowNanos();
  if (Terminal()) {
    std::fprintf(stderr, "\r\033[K[%s] %s", scope.c_str(), text.c_str());
    line_open = true;
  } else if (now - last_print_ns >= 1'000'000'000) {
    std::fprintf(stderr, "[%s] %s\n", scope.c_str(), text.c_str());
    last_print_ns = now;
  }
  std::fflush(stderr);
}

void Note(const std::string& text) {
  absl::MutexLock lock(&mu);
  if (line_open) std::fprintf(stderr, "\r\033[K");
  line_open = false;
  std::fprintf(stderr, "[%s] %s\n", scope.c_str(), text.c_str());
  std::fflush(stderr);
}

}  // namespace parley::bench
