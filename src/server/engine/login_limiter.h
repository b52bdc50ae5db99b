// Slows down password guessing: after a few failed sign-ins for one name,
// further attempts for that name are refused for a while, the wait doubling
// with each failure up to a cap. Names that do not exist are treated exactly
// like names that do, so the limiter reveals nothing.
//
// Thread safety: safe for concurrent use. Memory is bounded: stale entries are
// dropped.
#ifndef PARLEY_SERVER_ENGINE_LOGIN_LIMITER_H_
#define PARLEY_SERVER_ENGINE_LOGIN_LIMITER_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"

namespace parley {

struct LoginLimiterOptions {
  int free_failures = 5;              // failures before any wait
  int64_t first_wait_us = 1'000'000;  // wait after the first counted failure
  int64_t max_wait_us = 300'000'000;  // the wait never grows past this
  int64_t forget_after_us =
      900'000'000;             // failures older than this are forgotten
  size_t max_names = 100'000;  // names tracked at once
};

class LoginLimiter {
 public:
  explicit LoginLimiter(LoginLimiterOptions options) : options_(options) {}

  // OK if a sign-in for `name` may proceed at `now_us`; RESOURCE_EXHAUSTED
  // saying how long to wait otherwise.
  absl::Status Check(std::string_view name, int64_t now_us);
  // Counts a failed sign-in for `name` at `now_us`; past `free_failures`
  // recent failures the name waits, longer with each one.
  void RecordFailure(std::string_view name, int64_t now_us);
  // Forgets the failures of `name` (its owner signed in).
  void RecordSuccess(std::string_view name);

 private:
  struct Entry {
    int failures = 0;
    int64_t last_failure_us = 0;
    int64_t blocked_until_us = 0;
  };

  static std::string Key(std::string_view name);
  void DropStale(int64_t now_us) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const LoginLimiterOptions options_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Entry> entries_ ABSL_GUARDED_BY(mu_);
};

}  // namespace parley

#endif  // PARLEY_SERVER_ENGINE_LOGIN_LIMITER_H_
