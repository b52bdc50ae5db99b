// Sign-ins between their two steps: the SCRAM exchange a BeginLogin started,
// kept until its CompleteLogin or its expiry. The table is bounded and shared
// fairly between client addresses: when it is full of live attempts, a new
// one displaces the oldest attempt of the address that holds the most, so a
// flood of attempts that are never completed crowds out only itself.
//
// Thread safety: safe for concurrent use.
#ifndef PARLEY_SERVER_ENGINE_PENDING_LOGINS_H_
#define PARLEY_SERVER_ENGINE_PENDING_LOGINS_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/scram.h"

namespace parley {

// One sign-in in progress.
struct PendingLogin {
  std::unique_ptr<ScramServer> scram;
  // 0: no such account; the exchange is bound to fail at the proof.
  int64_t account_id = 0;
  std::string username;  // as the client typed it
  std::string registered_name;
  std::string address;  // the ThrottleAddress key it came from
  int64_t expires_at_us = 0;
};

class PendingLogins {
 public:
  explicit PendingLogins(size_t max_pending) : max_pending_(max_pending) {}
  PendingLogins(const PendingLogins&) = delete;
  PendingLogins& operator=(const PendingLogins&) = delete;

  // Keeps `login` under `login_id`. When the table is full it drops expired
  // attempts, then the oldest attempt of the address holding the most if that
  // is more than `login.address` holds; RESOURCE_EXHAUSTED otherwise (every
  // address holds about as many, so the table is shared fairly already).
  absl::Status Add(const std::string& login_id, PendingLogin login,
                   int64_t now_us);
  // Removes and returns the attempt. NOT_FOUND if it is unknown, already
  // taken, or expired at `now_us`.
  absl::StatusOr<PendingLogin> Take(const std::string& login_id,
                                    int64_t now_us);

 private:
  void Erase(const std::string& login_id) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void DropExpired(int64_t now_us) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Makes room for one attempt from `address`; false if fairness forbids.
  bool DisplaceFor(const std::string& address)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const size_t max_pending_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, PendingLogin> pending_ ABSL_GUARDED_BY(mu_);
  // Per address, its login ids oldest first.
  absl::flat_hash_map<std::string, std::deque<std::string>> by_address_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace parley

#endif  // PARLEY_SERVER_ENGINE_PENDING_LOGINS_H_
