#include "server/subscription.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/proto_convert.h"

namespace parley {

Subscription::Subscription(Principal principal, std::optional<int64_t> after_id,
                           SubscriptionOptions options, store::Store* store,
                           WorkerPool* pool, Hub* hub, StreamWriter* writer)
    : principal_(std::move(principal)),
      after_id_(after_id),
      options_(options),
      store_(store),
      pool_(pool),
      hub_(hub),
      writer_(writer),
      replay_cursor_(after_id.value_or(0)),
      last_written_id_(after_id.value_or(0)) {}

void Subscription::Start() {
  hub_->Add(principal_.account_id, shared_from_this());
  {
    absl::MutexLock lock(&mu_);
    if (close_status_) return;
    fetching_ = true;
  }
  Action fetch;
  fetch.fetch = true;
  Run(std::move(fetch));
}

Subscription::Action Subscription::NextAction() {
  Action action;
  if (writer_ == nullptr || finished_ || writing_) return action;
  action.writer = writer_;
  if (close_status_) {
    finished_ = true;
    action.finish = *close_status_;
    return action;
  }
  if (!queue_.empty()) {
    in_flight_ = std::move(queue_.front());
    queue_.pop_front();
    writing_ = true;
    action.write = in_flight_.get();
    return action;
  }
  if (replaying_ && !fetching_) {
    fetching_ = true;
    action.fetch = true;
  }
  return action;
}

void Subscription::Run(Action action) {
  if (action.write != nullptr) action.writer->WriteEvent(action.write);
  if (action.finish) action.writer->FinishStream(*action.finish);
  if (action.abort) action.writer->AbortIfStuck();
  if (action.fetch) {
    auto self = shared_from_this();
    if (!pool_->TrySubmit([self] { self->FetchReplay(); })) {
      Close(absl::ResourceExhaustedError(
          "the server is busy; subscribe again shortly"));
    }
  }
}

void Subscription::FetchReplay() {
  int64_t cursor;
  {
    absl::MutexLock lock(&mu_);
    if (close_status_) return;
    cursor = replay_cursor_;
  }
  std::vector<store::MessageRecord> batch;
  if (after_id_) {
    absl::StatusOr<std::vector<store::MessageRecord>> read =
        store_->MessagesAfter(principal_.account_id, cursor,
                              options_.replay_batch);
    if (!read.ok()) {
      Close(read.status());
      return;
    }
    batch = *std::move(read);
  }
  const bool last_batch =
      batch.size() < static_cast<size_t>(options_.replay_batch);
  int64_t unread = 0;
  if (last_batch) {
    absl::StatusOr<int64_t> count = store_->CountUnread(principal_.account_id);
    if (!count.ok()) {
      Close(count.status());
      return;
    }
    unread = *count;
  }
  Action action;
  {
    absl::MutexLock lock(&mu_);
    fetching_ = false;
    if (close_status_) return;
    for (const store::MessageRecord& record : batch) {
      auto event = std::make_shared<chat::v1::Event>();
      ToProto(record, event->mutable_message());
      queue_.push_back(std::move(event));
      replay_cursor_ = record.id;
    }
    if (last_batch) EndReplay(unread);
    action = NextAction();
  }
  Run(std::move(action));
}

void Subscription::EndReplay(int64_t unread) {
  auto caught_up = std::make_shared<chat::v1::Event>();
  caught_up->mutable_caught_up()->set_last_id(replay_cursor_);
  caught_up->mutable_caught_up()->set_unread_count(unread);
  queue_.push_back(std::move(caught_up));
  for (EventPtr& event : held_live_) {
    // A message committed while the replay ran was both read and delivered
    // live.
    if (event->has_message() && event->message().id() <= replay_cursor_)
      continue;
    queue_.push_back(std::move(event));
  }
  held_live_.clear();
  replaying_ = false;
}

bool Subscription::Queue(const EventPtr& event) {
  bool overflow = false;
  bool idle = false;
  {
    absl::MutexLock lock(&mu_);
    if (close_status_) return false;
    std::deque<EventPtr>& target = replaying_ ? held_live_ : queue_;
    if (target.size() >= options_.max_queued_events) {
      overflow = true;
    } else {
      target.push_back(event);
      idle = !writing_ && !replaying_;
    }
  }
  if (overflow) Overflow();
  return idle;
}

void Subscription::Flush() {
  Action action;
  {
    absl::MutexLock lock(&mu_);
    action = NextAction();
  }
  Run(std::move(action));
}

void Subscription::Overflow() {
  int64_t resume_from;
  {
    absl::MutexLock lock(&mu_);
    resume_from = last_written_id_;
  }
  Close(absl::ResourceExhaustedError(absl::StrCat(
      "this stream fell more than ", options_.max_queued_events,
      " events behind and was closed; subscribe again with after_id = ",
      resume_from, " to receive the rest")));
}

void Subscription::OnWriteDone(bool ok) {
  Action action;
  {
    absl::MutexLock lock(&mu_);
    writing_ = false;
    if (in_flight_ && in_flight_->has_message())
      last_written_id_ = in_flight_->message().id();
    in_flight_.reset();
    if (!ok && !close_status_) {
      close_status_ =
          absl::CancelledError("the client stopped reading the stream");
      queue_.clear();
    }
    action = NextAction();
  }
  Run(std::move(action));
}

void Subscription::Close(const absl::Status& status) {
  Action action;
  {
    absl::MutexLock lock(&mu_);
    if (close_status_) return;
    close_status_ = status;
    queue_.clear();
    held_live_.clear();
    action = NextAction();
    if (writing_ && writer_ != nullptr) {
      action.writer = writer_;
      action.abort = true;
    }
  }
  hub_->Remove(principal_.account_id, this);
  Run(std::move(action));
}

void Subscription::Detach() {
  {
    absl::MutexLock lock(&mu_);
    writer_ = nullptr;
    if (!close_status_)
      close_status_ = absl::CancelledError("the stream ended");
    queue_.clear();
    held_live_.clear();
  }
  hub_->Remove(principal_.account_id, this);
}

}  // namespace parley
