#include "server/engine/pending_logins.h"

#include <algorithm>
#include <utility>

namespace parley {

absl::Status PendingLogins::Add(const std::string& login_id, PendingLogin login,
                                int64_t now_us) {
  absl::MutexLock lock(&mu_);
  if (pending_.size() >= max_pending_) DropExpired(now_us);
  if (pending_.size() >= max_pending_ && !DisplaceFor(login.address)) {
    return absl::ResourceExhaustedError(
        "too many sign-ins in progress; try again shortly");
  }
  by_address_[login.address].push_back(login_id);
  pending_.emplace(login_id, std::move(login));
  return absl::OkStatus();
}

absl::StatusOr<PendingLogin> PendingLogins::Take(const std::string& login_id,
                                                 int64_t now_us) {
  absl::MutexLock lock(&mu_);
  auto it = pending_.find(login_id);
  if (it == pending_.end() || it->second.expires_at_us <= now_us) {
    if (it != pending_.end()) Erase(login_id);
    return absl::NotFoundError(
        "this sign-in attempt is unknown or has expired; call BeginLogin "
        "again");
  }
  PendingLogin login = std::move(it->second);
  Erase(login_id);
  return login;
}

void PendingLogins::Erase(const std::string& login_id) {
  auto it = pending_.find(login_id);
  if (it == pending_.end()) return;
  auto ids = by_address_.find(it->second.address);
  if (ids != by_address_.end()) {
    std::deque<std::string>& queue = ids->second;
    queue.erase(std::find(queue.begin(), queue.end(), login_id));
    if (queue.empty()) by_address_.erase(ids);
  }
  pending_.erase(it);
}

void PendingLogins::DropExpired(int64_t now_us) {
  absl::erase_if(pending_, [now_us](const auto& entry) {
    return entry.second.expires_at_us <= now_us;
  });
  absl::erase_if(by_address_, [this](auto& entry) {
    std::deque<std::string>& queue = entry.second;
    queue.erase(std::remove_if(queue.begin(), queue.end(),
                               [this](const std::string& id) {
                                 return !pending_.contains(id);
                               }),
                queue.end());
    return queue.empty();
  });
}

bool PendingLogins::DisplaceFor(const std::string& address) {
  auto most = std::max_element(by_address_.begin(), by_address_.end(),
                               [](const auto& a, const auto& b) {
                                 return a.second.size() < b.second.size();
                               });
  if (most == by_address_.end()) return false;
  auto own = by_address_.find(address);
  const size_t own_count = own == by_address_.end() ? 0 : own->second.size();
  if (most->second.size() <= own_count + 1) return false;
  Erase(std::string(most->second.front()));
  return true;
}

}  // namespace parley
