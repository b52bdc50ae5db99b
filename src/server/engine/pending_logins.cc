#include "server/engine/pending_logins.h"

#include <utility>

namespace parley {

absl::Status PendingLogins::Add(const std::string& login_id, PendingLogin login,
                                int64_t now_us) {
  absl::MutexLock lock(&mu_);
  if (pending_.size() >= max_pending_) {
    absl::erase_if(pending_, [now_us](const auto& p) {
      return p.second.expires_at_us <= now_us;
    });
  }
  if (pending_.size() >= max_pending_) {
    return absl::ResourceExhaustedError(
        "too many sign-ins in progress; try again shortly");
  }
  pending_.emplace(login_id, std::move(login));
  return absl::OkStatus();
}

absl::StatusOr<PendingLogin> PendingLogins::Take(const std::string& login_id,
                                                 int64_t now_us) {
  absl::MutexLock lock(&mu_);
  auto it = pending_.find(login_id);
  if (it == pending_.end() || it->second.expires_at_us <= now_us) {
    if (it != pending_.end()) pending_.erase(it);
    return absl::NotFoundError(
        "this sign-in attempt is unknown or has expired; call BeginLogin "
        "again");
  }
  PendingLogin login = std::move(it->second);
  pending_.erase(it);
  return login;
}

}  // namespace parley
