#include "server/engine/pending_logins.h"

#include <algorithm>
#include <utility>

namespace parley {

void PendingLogins::Add(const std::string& login_id, PendingLogin login,
                        int64_t now_us) {
  absl::MutexLock lock(&mu_);
  if (pending_.size() >= max_pending_) DropExpired(now_us);
  if (pending_.size() >= max_pending_) DisplaceFor(login.address);
  by_address_[login.address].push_back(login_id);
  pending_.emplace(login_id, Held{std::move(login), added_++});
}

absl::StatusOr<PendingLogin> PendingLogins::Take(const std::string& login_id,
                                                 int64_t now_us) {
  absl::MutexLock lock(&mu_);
  auto it = pending_.find(login_id);
  if (it == pending_.end() || it->second.login.expires_at_us <= now_us) {
    if (it != pending_.end()) Erase(login_id);
    return absl::NotFoundError(
        "this sign-in attempt is unknown or has expired; call BeginLogin "
        "again");
  }
  PendingLogin login = std::move(it->second.login);
  Erase(login_id);
  return login;
}

size_t PendingLogins::size() {
  absl::MutexLock lock(&mu_);
  return pending_.size();
}

void PendingLogins::Erase(const std::string& login_id) {
  auto it = pending_.find(login_id);
  if (it == pending_.end()) return;
  auto ids = by_address_.find(it->second.login.address);
  if (ids != by_address_.end()) {
    std::deque<std::string>& queue = ids->second;
    queue.erase(std::find(queue.begin(), queue.end(), login_id));
    if (queue.empty()) by_address_.erase(ids);
  }
  pending_.erase(it);
}

void PendingLogins::DropExpired(int64_t now_us) {
  absl::erase_if(pending_, [now_us](const auto& entry) {
    return entry.second.login.expires_at_us <= now_us;
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

void PendingLogins::DisplaceFor(const std::string& address) {
  if (by_address_.empty()) return;
  auto most = std::max_element(by_address_.begin(), by_address_.end(),
                               [](const auto& a, const auto& b) {
                                 return a.second.size() < b.second.size();
                               });
  auto own = by_address_.find(address);
  const size_t own_count = own == by_address_.end() ? 0 : own->second.size();
  if (most->second.size() > own_count + 1) {
    Erase(std::string(most->second.front()));
  } else if (own_count > 0) {
    Erase(std::string(own->second.front()));
  } else {
    // Every address holds about as many as this one: the oldest of all
    // goes, the front of its address's queue.
    auto oldest =
        std::min_element(by_address_.begin(), by_address_.end(),
                         [this](const auto& a, const auto& b) {
                           return pending_.at(a.second.front()).order <
                                  pending_.at(b.second.front()).order;
                         });
    Erase(std::string(oldest->second.front()));
  }
}

}  // namespace parley
