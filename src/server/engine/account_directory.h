// Accounts by name, in memory: the store is read only on a miss, so a send
// costs no store read. Only an account deletion removes accounts, and it
// forgets the entry; a lookup that raced with a removal does not fill the
// cache with what it read before it, and a caller that finds a cached account
// gone (NOT_FOUND from the store) forgets it too.
//
// Memory is bounded: a full cache is emptied and refills from the store.
//
// Thread safety: safe for concurrent use. The store is not owned and must
// outlive the directory.
#ifndef PARLEY_SERVER_ENGINE_ACCOUNT_DIRECTORY_H_
#define PARLEY_SERVER_ENGINE_ACCOUNT_DIRECTORY_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "store/store.h"

namespace parley {

class AccountDirectory {
 public:
  AccountDirectory(store::Store* store, size_t max_entries);
  AccountDirectory(const AccountDirectory&) = delete;
  AccountDirectory& operator=(const AccountDirectory&) = delete;

  // The account named `name` (without regard to case) if it is in memory;
  // nullopt otherwise. Never blocks on I/O.
  std::optional<store::AccountRecord> FindCached(std::string_view name);
  // The account named `name`, from memory or else the store (then cached).
  // NOT_FOUND ("there is no account named ...") if there is none; the store's
  // error if it fails.
  absl::StatusOr<store::AccountRecord> Find(std::string_view name);
  // Drops the entry for `name` (deleted, or found gone).
  void Forget(std::string_view name);
  // Drops every entry: the next lookup of each reads the store.
  void ForgetAll();

 private:
  store::Store* const store_;
  const size_t max_entries_;
  absl::Mutex mu_;
  // By NameKey. `generation_` counts removals, so a lookup that raced with
  // one does not fill the cache with what it read before it.
  absl::flat_hash_map<std::string, store::AccountRecord> entries_
      ABSL_GUARDED_BY(mu_);
  uint64_t generation_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace parley

#endif  // PARLEY_SERVER_ENGINE_ACCOUNT_DIRECTORY_H_
