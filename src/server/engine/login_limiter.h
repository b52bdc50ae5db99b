// Slows down password guessing without giving strangers a way to lock a real
// user out (the policy and its figures are in docs/throttling.md).
//
// Every sign-in attempt is charged when it begins, to three buckets: the pair
// (name, client address), which is strict; the client address over all
// names, which stops one client from trying one password on many names; and
// the name over all addresses, which is gentle and is skipped for an address
// that has signed in to that name before, so that strangers who spend a
// name's bucket do not lock its owner out of a known device. An attempt
// counts as failed until it succeeds, so attempts in flight count as well;
// a success gives its charges back. Names that do not exist are treated
// exactly like names that do.
//
// Memory is fixed: the buckets live in RateSketch tables that a flood cannot
// flush, and the table of known devices is bounded (only successful sign-ins
// add to it; the oldest entries go first).
//
// Thread safety: safe for concurrent use.
#ifndef PARLEY_SERVER_ENGINE_LOGIN_LIMITER_H_
#define PARLEY_SERVER_ENGINE_LOGIN_LIMITER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "server/engine/metrics.h"
#include "server/engine/rate_sketch.h"

namespace parley {

struct LoginLimiterOptions {
  // Per (name, address): 5 attempts that did not succeed, then one per 30 s.
  RateLimit pair{5, 30'000'000};
  // Per address, over all names: 30, then one per second.
  RateLimit address{30, 1'000'000};
  // Per name, from addresses it was never signed in from: 20, then one per
  // 6 s (Synapse's 0.17/s).
  RateLimit name{20, 6'000'000};
  // Slots of each bucket table (8 bytes each).
  size_t slots = size_t{1} << 16;
  // Known (name, address) pairs remembered, and for how long.
  size_t max_known_devices = 100'000;
  int64_t known_device_ttl_us = int64_t{30} * 24 * 3600 * 1'000'000;
};

class LoginLimiter {
 public:
  explicit LoginLimiter(const LoginLimiterOptions& options);
  LoginLimiter(const LoginLimiter&) = delete;
  LoginLimiter& operator=(const LoginLimiter&) = delete;

  // Admits one sign-in attempt for `name` from `address` (a ThrottleAddress
  // key) at `now_us` and charges it; RESOURCE_EXHAUSTED, saying which limit
  // and how long to wait, if a bucket it needs is spent (then nothing is
  // charged).
  absl::Status Admit(std::string_view name, std::string_view address,
                     int64_t now_us);
  // The attempt admitted for `name` from `address` succeeded: gives its
  // charges back and remembers the address as a known device of the name.
  void RecordSuccess(std::string_view name, std::string_view address,
                     int64_t now_us);

  // Attempts refused so far, by the limit that refused them.
  struct Refusals {
    int64_t pair = 0;     // the name from this address
    int64_t address = 0;  // this address, over all names
    int64_t name = 0;     // the name, from addresses it does not know
  };
  Refusals refusals() const;

 private:
  bool IsKnownDevice(const std::string& pair, int64_t now_us)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void RememberDevice(const std::string& pair, int64_t now_us)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const LoginLimiterOptions options_;
  Counter refused_pair_;
  Counter refused_address_;
  Counter refused_name_;
  // Held across a check and its charge.
  absl::Mutex mu_;
  RateSketch pairs_;
  RateSketch addresses_;
  RateSketch names_;
  // Pair key to the time of its last successful sign-in.
  absl::flat_hash_map<std::string, int64_t> known_devices_ ABSL_GUARDED_BY(mu_);
};

}  // namespace parley

#endif  // PARLEY_SERVER_ENGINE_LOGIN_LIMITER_H_
