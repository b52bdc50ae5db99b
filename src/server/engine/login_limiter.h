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
// The counts live in a ThrottleTable (store/throttle_table.h): in memory for
// a single server, in the database for servers that share one, so that
// guesses spread over servers count as if made at one. Memory is fixed: the
// buckets and the known devices are cells of fixed tables that a flood of
// new keys cannot flush (rate_sketch.h); a known device is forgotten only
// after its time to live, or when two newer devices take both of its slots.
//
// Thread safety: safe for concurrent use.
#ifndef PARLEY_SERVER_ENGINE_LOGIN_LIMITER_H_
#define PARLEY_SERVER_ENGINE_LOGIN_LIMITER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "server/engine/metrics.h"
#include "server/engine/rate_sketch.h"
#include "store/throttle_table.h"

namespace parley {

struct LoginLimiterOptions {
  // Per (name, address): 5 attempts that did not succeed, then one per 30 s.
  RateLimit pair{5, 30'000'000};
  // Per address, over all names: 30, then one per second.
  RateLimit address{30, 1'000'000};
  // Per name, from addresses it was never signed in from: 20, then one per
  // 6 s (Synapse's 0.17/s).
  RateLimit name{20, 6'000'000};
  // Slots of each table: the three kinds of bucket and the known devices.
  size_t slots = size_t{1} << 16;
  // How long an address stays a known device of a name after a sign-in.
  int64_t known_device_ttl_us = int64_t{30} * 24 * 3600 * 1'000'000;
};

class LoginLimiter {
 public:
  // The tables a limiter uses in a ThrottleTable: 0 to kTables - 1.
  static constexpr int kTables = 4;

  // Counts in `shared` (not owned; it must outlive the limiter), which
  // other servers may share; null keeps them in a table of the limiter's own
  // in memory.
  explicit LoginLimiter(const LoginLimiterOptions& options,
                        store::ThrottleTable* shared = nullptr);
  LoginLimiter(const LoginLimiter&) = delete;
  LoginLimiter& operator=(const LoginLimiter&) = delete;
  ~LoginLimiter();

  // Admits one sign-in attempt for `name` from `address` (a ThrottleAddress
  // key) at `now_us` and charges it; RESOURCE_EXHAUSTED, saying which limit
  // and how long to wait, if a bucket it needs is spent (then nothing is
  // charged). The table's error (UNAVAILABLE) if it cannot be reached.
  absl::Status Admit(std::string_view name, std::string_view address,
                     int64_t now_us);
  // The attempt admitted for `name` from `address` succeeded: gives its
  // charges back and remembers the address as a known device of the name. A
  // table that cannot be reached is logged (the charges stay).
  void RecordSuccess(std::string_view name, std::string_view address,
                     int64_t now_us);

  // Attempts refused so far by this server, by the limit that refused them.
  struct Refusals {
    int64_t pair = 0;     // the name from this address
    int64_t address = 0;  // this address, over all names
    int64_t name = 0;     // the name, from addresses it does not know
  };
  Refusals refusals() const;

 private:
  // The cells of one attempt, read and written in one Update.
  struct AttemptCells;
  AttemptCells CellsFor(std::string_view name, std::string_view address) const;
  bool IsKnown(const AttemptCells& attempt, int64_t now_us) const;

  const LoginLimiterOptions options_;
  std::unique_ptr<store::ThrottleTable> own_table_;
  store::ThrottleTable* const table_;
  const RateSketch pairs_;
  const RateSketch addresses_;
  const RateSketch names_;
  Counter refused_pair_;
  Counter refused_address_;
  Counter refused_name_;
};

}  // namespace parley

#endif  // PARLEY_SERVER_ENGINE_LOGIN_LIMITER_H_
