#include "server/engine/account_directory.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/text_rules.h"

namespace parley {

AccountDirectory::AccountDirectory(store::Store* store, size_t max_entries)
    : store_(store), max_entries_(max_entries) {}

std::optional<store::AccountRecord> AccountDirectory::FindCached(
    std::string_view name) {
  absl::MutexLock lock(&mu_);
  auto it = entries_.find(NameKey(name));
  if (it == entries_.end()) return std::nullopt;
  return it->second;
}

absl::StatusOr<store::AccountRecord> AccountDirectory::Find(
    std::string_view name) {
  if (std::optional<store::AccountRecord> cached = FindCached(name)) {
    return *std::move(cached);
  }
  uint64_t generation;
  {
    absl::MutexLock lock(&mu_);
    generation = generation_;
  }
  absl::StatusOr<store::AccountWithCredentials> found =
      store_->FindAccount(name);
  if (!found.ok()) {
    if (absl::IsNotFound(found.status())) {
      return absl::NotFoundError(
          absl::StrCat("there is no account named '", std::string(name), "'"));
    }
    return found.status();
  }
  absl::MutexLock lock(&mu_);
  if (generation_ == generation) {
    if (entries_.size() >= max_entries_) entries_.clear();
    entries_.emplace(NameKey(name), found->account);
  }
  return std::move(found->account);
}

void AccountDirectory::Forget(std::string_view name) {
  absl::MutexLock lock(&mu_);
  entries_.erase(NameKey(name));
  ++generation_;
}

void AccountDirectory::ForgetAll() {
  absl::MutexLock lock(&mu_);
  entries_.clear();
  ++generation_;
}

}  // namespace parley
