#include "server/engine/session_cache.h"

#include <utility>

#include "common/crypto.h"

namespace parley {
namespace {

absl::Status NotSignedIn() {
  return absl::UnauthenticatedError(
      "not signed in: send a valid session token as 'authorization: Bearer "
      "<token>' "
      "(sign in again if it expired)");
}

}  // namespace

SessionCache::SessionCache(store::Store* store, Clock clock, size_t max_entries)
    : store_(store), clock_(std::move(clock)), max_entries_(max_entries) {}

std::string SessionCache::HashToken(std::string_view token) {
  return Sha256(token);
}

std::optional<absl::StatusOr<Principal>> SessionCache::FindCached(
    std::string_view token) {
  if (token.empty()) return NotSignedIn();
  const std::string hash = HashToken(token);
  const int64_t now = clock_();
  absl::MutexLock lock(&mu_);
  auto it = entries_.find(hash);
  if (it == entries_.end()) return std::nullopt;
  if (it->second.expires_at_us > now) return it->second.principal;
  entries_.erase(it);
  return NotSignedIn();
}

absl::StatusOr<Principal> SessionCache::Authenticate(std::string_view token) {
  if (std::optional<absl::StatusOr<Principal>> cached = FindCached(token)) {
    return *std::move(cached);
  }
  const std::string hash = HashToken(token);
  const int64_t now = clock_();
  absl::StatusOr<store::SessionRecord> session = store_->FindSession(hash, now);
  if (!session.ok()) {
    if (absl::IsNotFound(session.status())) return NotSignedIn();
    return session.status();
  }
  Principal principal{session->account_id, session->username, hash};
  Remember(principal, session->expires_at_us);
  return principal;
}

void SessionCache::Remember(const Principal& principal, int64_t expires_at_us) {
  absl::MutexLock lock(&mu_);
  // A full cache is simply emptied: entries are cheap to reload from the store,
  // and this keeps memory bounded however many sessions exist.
  if (entries_.size() >= max_entries_) entries_.clear();
  entries_[principal.token_hash] = Entry{principal, expires_at_us};
}

void SessionCache::Forget(std::string_view token_hash) {
  absl::MutexLock lock(&mu_);
  entries_.erase(std::string(token_hash));
}

void SessionCache::ForgetAccount(int64_t account_id) {
  absl::MutexLock lock(&mu_);
  absl::erase_if(entries_, [account_id](const auto& entry) {
    return entry.second.principal.account_id == account_id;
  });
}

void SessionCache::ForgetAll() {
  absl::MutexLock lock(&mu_);
  entries_.clear();
}

}  // namespace parley
