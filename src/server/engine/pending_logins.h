// Sign-ins between their two steps: the SCRAM exchange a BeginLogin started,
// kept until its CompleteLogin or its expiry. The table is bounded and a new
// attempt always gets in: when the table is full of live attempts, it
// displaces the oldest attempt of the address that holds the most if that is
// clearly more than its own address holds, else its own address's oldest,
// else the oldest attempt of all. So a flood of attempts that are never
// completed from one address crowds out only itself, and one from many
// addresses only delays an honest attempt's eviction until the table has
// turned over once: an honest client, which completes in well under a
// second, would need a flood of more than max_pending attempts a second to
// lose its attempt.
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
  // attempts, then displaces one as the header says.
  void Add(const std::string& login_id, PendingLogin login, int64_t now_us);
  // Removes and returns the attempt. NOT_FOUND if it is unknown, already
  // taken, or expired at `now_us`.
  absl::StatusOr<PendingLogin> Take(const std::string& login_id,
                                    int64_t now_us);
  // Attempts held now, expired ones not yet dropped included.
  size_t size();

 private:
  void Erase(const std::string& login_id) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void DropExpired(int64_t now_us) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Makes room for one attempt from `address`.
  void DisplaceFor(const std::string& address)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  struct Held {
    PendingLogin login;
    uint64_t order = 0;  // when it was added, counted in additions
  };

  const size_t max_pending_;
  absl::Mutex mu_;
  uint64_t added_ ABSL_GUARDED_BY(mu_) = 0;
  absl::flat_hash_map<std::string, Held> pending_ ABSL_GUARDED_BY(mu_);
  // Per address, its login ids oldest first.
  absl::flat_hash_map<std::string, std::deque<std::string>> by_address_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace parley

#endif  // PARLEY_SERVER_ENGINE_PENDING_LOGINS_H_
