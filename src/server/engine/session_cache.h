// Turns a bearer token into a Principal. Valid sessions are remembered in
// memory so that most calls are authorized without a database round trip; the
// store stays the source of truth (sessions survive a restart, and only their
// SHA-256 hashes are stored).
//
// Thread safety: safe for concurrent use. The store is not owned and must
// outlive the cache.
#ifndef PARLEY_SERVER_ENGINE_SESSION_CACHE_H_
#define PARLEY_SERVER_ENGINE_SESSION_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/clock.h"
#include "server/engine/principal.h"
#include "store/store.h"

namespace parley {

class SessionCache {
 public:
  SessionCache(store::Store* store, Clock clock, size_t max_entries);

  // The session's principal. UNAUTHENTICATED if the token is empty, unknown, or
  // expired. Reads the store when the session is not in memory.
  absl::StatusOr<Principal> Authenticate(std::string_view token);
  // Authenticate's answer when it needs no store read (an empty token, or a
  // session in memory); nullopt when only Authenticate can tell. Never blocks
  // on I/O.
  std::optional<absl::StatusOr<Principal>> FindCached(std::string_view token);
  // Records a session just created by a login.
  void Remember(const Principal& principal, int64_t expires_at_us);
  // Drops a session (logout) or every session of an account (account deleted).
  void Forget(std::string_view token_hash);
  void ForgetAccount(int64_t account_id);
  // Drops every session: the next call of each reads the store.
  void ForgetAll();

  // The hash under which a token is stored.
  static std::string HashToken(std::string_view token);

 private:
  struct Entry {
    Principal principal;
    int64_t expires_at_us = 0;
  };

  store::Store* store_;
  Clock clock_;
  const size_t max_entries_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Entry> entries_ ABSL_GUARDED_BY(mu_);
};

}  // namespace parley

#endif  // PARLEY_SERVER_ENGINE_SESSION_CACHE_H_
