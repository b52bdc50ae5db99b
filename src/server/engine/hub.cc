#include "server/engine/hub.h"

#include <algorithm>
#include <utility>

namespace parley {

void Hub::Add(int64_t account_id, std::shared_ptr<Subscriber> subscriber) {
  {
    absl::MutexLock closed_lock(&closed_mu_);
    if (closed_) {
      const absl::Status status = *closed_;
      subscriber->Close(status);
      return;
    }
    Shard& shard = ShardFor(account_id);
    absl::MutexLock lock(&shard.mu);
    auto& list = shard.lists[account_id];
    auto copy = list ? std::make_shared<List>(*list) : std::make_shared<List>();
    copy->push_back(std::move(subscriber));
    list = std::move(copy);
  }
}

void Hub::Remove(int64_t account_id, const Subscriber* subscriber) {
  Shard& shard = ShardFor(account_id);
  absl::MutexLock lock(&shard.mu);
  auto it = shard.lists.find(account_id);
  if (it == shard.lists.end()) return;
  auto copy = std::make_shared<List>(*it->second);
  std::erase_if(*copy,
                [subscriber](const auto& s) { return s.get() == subscriber; });
  if (copy->empty()) {
    shard.lists.erase(it);
  } else {
    it->second = std::move(copy);
  }
}

std::shared_ptr<const Hub::List> Hub::Get(int64_t account_id) {
  Shard& shard = ShardFor(account_id);
  absl::MutexLock lock(&shard.mu);
  auto it = shard.lists.find(account_id);
  return it == shard.lists.end() ? nullptr : it->second;
}

void Hub::Publish(int64_t account_id, const EventPtr& event) {
  std::vector<std::shared_ptr<Subscriber>> to_flush;
  Enqueue(account_id, event, &to_flush);
  for (const auto& subscriber : to_flush) subscriber->Flush();
}

void Hub::Enqueue(int64_t account_id, const EventPtr& event,
                  std::vector<std::shared_ptr<Subscriber>>* to_flush) {
  std::shared_ptr<const List> list = Get(account_id);
  if (!list) return;
  for (const auto& subscriber : *list) {
    if (subscriber->Queue(event)) to_flush->push_back(subscriber);
  }
}

void Hub::CloseAccount(int64_t account_id, const absl::Status& status) {
  std::shared_ptr<const List> list = Get(account_id);
  if (!list) return;
  for (const auto& subscriber : *list) subscriber->Close(status);
}

void Hub::CloseSession(int64_t account_id, std::string_view session,
                       const absl::Status& status) {
  std::shared_ptr<const List> list = Get(account_id);
  if (!list) return;
  for (const auto& subscriber : *list) {
    if (subscriber->session() == session) subscriber->Close(status);
  }
}

void Hub::CloseAll(const absl::Status& status) {
  {
    absl::MutexLock closed_lock(&closed_mu_);
    closed_ = status;
  }
  CloseOpen(status);
}

void Hub::CloseOpen(const absl::Status& status) {
  for (Shard& shard : shards_) {
    std::vector<std::shared_ptr<const List>> lists;
    {
      absl::MutexLock lock(&shard.mu);
      for (const auto& [account, list] : shard.lists) lists.push_back(list);
    }
    for (const auto& list : lists) {
      for (const auto& subscriber : *list) subscriber->Close(status);
    }
  }
}

bool Hub::HasStreams(int64_t account_id) { return Get(account_id) != nullptr; }

size_t Hub::SubscriberCount() {
  size_t count = 0;
  for (Shard& shard : shards_) {
    absl::MutexLock lock(&shard.mu);
    for (const auto& [account, list] : shard.lists) count += list->size();
  }
  return count;
}

}  // namespace parley
