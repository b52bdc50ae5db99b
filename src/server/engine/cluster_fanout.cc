#include "server/engine/cluster_fanout.h"

#include <string>
#include <type_traits>
#include <utility>

#include "common/log.h"
#include "server/engine/events.h"

namespace parley {
namespace {

// Messages read per store call while catching up.
constexpr int kReadBatch = 512;

}  // namespace

absl::Status ClusterFanout::Start() {
  if (deps_.feed == nullptr) return absl::OkStatus();
  absl::StatusOr<int64_t> last_id = deps_.feed->Start(this);
  if (!last_id.ok()) return last_id.status();
  absl::MutexLock lock(&mu_);
  position_ = std::max(position_, *last_id);
  return absl::OkStatus();
}

void ClusterFanout::Stop() {
  if (deps_.feed != nullptr) deps_.feed->Stop();
}

void ClusterFanout::PublishLocal(
    std::span<const store::MessageRecord> committed, CommitEvents& events) {
  if (committed.empty()) return;
  if (deps_.feed == nullptr) {
    for (const store::MessageRecord& message : committed) {
      events.Publish(message.recipient_id, MessageEvent(message));
    }
    return;
  }
  // Queued under mu_, as the fanout's own reads are: a stream never gets
  // another server's later message before these.
  absl::MutexLock lock(&mu_);
  // Then every lower id is queued already (or was deleted), whatever work
  // waits.
  const bool follows = position_ + 1 == committed.front().id &&
                       committed.back().id - committed.front().id + 1 ==
                           static_cast<int64_t>(committed.size());
  if (follows) {
    position_ = committed.back().id;
    for (const store::MessageRecord& message : committed) {
      events.Publish(message.recipient_id, MessageEvent(message));
    }
    return;
  }
  work_.push_back(LocalCommit{{committed.begin(), committed.end()}});
  if (draining_) return;
  draining_ = true;
  if (!deps_.pool->TrySubmit([this] { Drain(); })) {
    // The feed's next call (at most its poll interval away) drains.
    draining_ = false;
  }
}

void ClusterFanout::OnMessagesCommitted(
    const store::MessagesCommitted& messages) {
  Add(messages);
}

void ClusterFanout::OnCommittedThrough(int64_t last_id) {
  Add(CommittedThrough{last_id});
}

void ClusterFanout::Add(Work work) {
  {
    absl::MutexLock lock(&mu_);
    work_.push_back(std::move(work));
    if (draining_) return;
    draining_ = true;
  }
  Drain();
}

void ClusterFanout::Drain() {
  for (;;) {
    Work work;
    {
      absl::MutexLock lock(&mu_);
      if (work_.empty()) {
        draining_ = false;
        return;
      }
      work = std::move(work_.front());
      work_.pop_front();
      if (!std::holds_alternative<LocalCommit>(work)) MergeQueued(&work);
    }
    std::visit([this](auto& w) { Do(w); }, work);
  }
}

void ClusterFanout::MergeQueued(Work* work) {
  const auto last_of = [](const Work& w) {
    if (const auto* m = std::get_if<store::MessagesCommitted>(&w)) {
      return m->last_id;
    }
    return std::get<CommittedThrough>(w).last_id;
  };
  while (!work_.empty() &&
         !std::holds_alternative<LocalCommit>(work_.front())) {
    Work next = std::move(work_.front());
    work_.pop_front();
    auto* merged = std::get_if<store::MessagesCommitted>(work);
    const auto* more = std::get_if<store::MessagesCommitted>(&next);
    if (merged != nullptr && more != nullptr &&
        more->first_id == merged->last_id + 1) {
      // Still one run of messages.
      merged->last_id = more->last_id;
      if (merged->recipient_ids.empty() || more->recipient_ids.empty()) {
        merged->recipient_ids.clear();  // anyone's
      } else {
        merged->recipient_ids.insert(merged->recipient_ids.end(),
                                     more->recipient_ids.begin(),
                                     more->recipient_ids.end());
      }
    } else {
      *work = CommittedThrough{std::max(last_of(*work), last_of(next))};
    }
  }
}

void ClusterFanout::Do(LocalCommit& work) {
  // Other servers' messages may sit below any of these (and between them,
  // after the send pipeline's one-by-one fallback).
  for (const store::MessageRecord& message : work.messages) {
    CatchUp(message.id - 1);
    std::vector<std::shared_ptr<Subscriber>> to_flush;
    {
      absl::MutexLock lock(&mu_);
      QueueMessages({&message, 1}, &to_flush);
    }
    for (const auto& subscriber : to_flush) subscriber->Flush();
  }
}

void ClusterFanout::Do(const CommittedThrough& work) { CatchUp(work.last_id); }

void ClusterFanout::Do(const store::MessagesCommitted& messages) {
  bool read;
  {
    absl::MutexLock lock(&mu_);
    if (messages.last_id <= position_) return;
    // Recipients with no stream here can be skipped only when the
    // announcement follows the position: a gap may hold anything.
    read = messages.first_id > position_ + 1 || messages.recipient_ids.empty();
  }
  if (read || AnyLocalStream(messages.recipient_ids)) {
    CatchUp(messages.last_id, messages.first_id);
    return;
  }
  // A stream opened from now on reads these in its replay.
  MoveTo(messages.last_id);
}

void ClusterFanout::Apply(const store::Change& change) {
  std::visit(
      [this](const auto& c) {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, store::MessagesDeleted>) {
          deps_.hub->Publish(c.account_id,
                             MessagesDeletedEvent(c.ids, c.peer, c.deleted_by));
        } else if constexpr (std::is_same_v<T, store::AccountDeleted>) {
          deps_.directory->Forget(c.username);
          deps_.sessions->ForgetAccount(c.account_id);
          deps_.hub->CloseAccount(
              c.account_id,
              absl::UnauthenticatedError(
                  "this account was deleted; its sessions ended"));
          const EventPtr event = AccountDeletedEvent(c.username);
          for (const int64_t peer : c.peer_ids) {
            if (peer != c.account_id) deps_.hub->Publish(peer, event);
          }
        } else {
          deps_.sessions->Forget(c.token_hash);
          deps_.hub->CloseSession(
              c.account_id, c.token_hash,
              absl::UnauthenticatedError("signed out: this session has ended"));
        }
      },
      change);
}

void ClusterFanout::CatchUp(int64_t last_id, int64_t messages_from) {
  for (;;) {
    int64_t after;
    {
      absl::MutexLock lock(&mu_);
      after = position_;
    }
    if (last_id <= after) return;
    absl::StatusOr<std::vector<store::MessageRecord>> messages =
        deps_.store->MessagesBetween(after, last_id, kReadBatch);
    absl::StatusOr<store::ChangeBatch> changes =
        store::ChangeBatch{{}, last_id};
    if (!messages.ok()) {
      changes = messages.status();
    } else if (messages_from == 0 || after + 1 < messages_from) {
      changes = deps_.feed->ChangesBetween(after, last_id, kReadBatch);
    }
    if (absl::IsOutOfRange(changes.status())) {
      StartOver(last_id, changes.status());
      return;
    }
    if (!messages.ok() || !changes.ok()) {
      // Streams that missed these find them when they subscribe again with
      // after_id; the next announcement or poll tries again.
      PARLEY_LOG(kWarning) << "could not read other servers' commits after "
                           << after << ": "
                           << (messages.ok() ? changes.status()
                                             : messages.status());
      return;
    }
    int64_t through = changes->read_through;
    if (messages->size() == static_cast<size_t>(kReadBatch)) {
      through = std::min(through, messages->back().id);
    }
    // Messages and changes in one id order: a change is applied after every
    // message below it is queued, and the position passes it only then.
    auto change = changes->changes.begin();
    const auto apply_changes_below = [&](int64_t id) {
      for (; change != changes->changes.end() && change->id < id; ++change) {
        Apply(change->change);
        MoveTo(change->id);
      }
    };
    for (const store::MessageRecord& message : *messages) {
      if (message.id > through) break;
      apply_changes_below(message.id);
      std::vector<std::shared_ptr<Subscriber>> to_flush;
      {
        absl::MutexLock lock(&mu_);
        QueueMessages({&message, 1}, &to_flush);
      }
      for (const auto& subscriber : to_flush) subscriber->Flush();
    }
    apply_changes_below(through + 1);
    MoveTo(through);
    if (through >= last_id) return;
  }
}

void ClusterFanout::StartOver(int64_t last_id, const absl::Status& why) {
  PARLEY_LOG(kWarning) << "lost track of the other servers' changes (" << why
                       << "); ending every stream here and forgetting the "
                          "cached sessions and names";
  deps_.sessions->ForgetAll();
  deps_.directory->ForgetAll();
  deps_.hub->CloseOpen(absl::UnavailableError(
      "this server lost track of the other servers' changes; subscribe "
      "again with after_id"));
  MoveTo(last_id);
}

void ClusterFanout::MoveTo(int64_t id) {
  absl::MutexLock lock(&mu_);
  position_ = std::max(position_, id);
}

void ClusterFanout::QueueMessages(
    std::span<const store::MessageRecord> messages,
    std::vector<std::shared_ptr<Subscriber>>* to_flush) {
  for (const store::MessageRecord& message : messages) {
    if (message.id <= position_) continue;
    position_ = message.id;
    if (deps_.hub->HasStreams(message.recipient_id)) {
      deps_.hub->Enqueue(message.recipient_id, MessageEvent(message), to_flush);
    }
  }
}

bool ClusterFanout::AnyLocalStream(std::span<const int64_t> account_ids) {
  for (const int64_t account_id : account_ids) {
    if (deps_.hub->HasStreams(account_id)) return true;
  }
  return false;
}

}  // namespace parley
