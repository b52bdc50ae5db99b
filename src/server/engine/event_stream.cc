#include "server/engine/event_stream.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/engine/proto_convert.h"

namespace parley {

EventStream::EventStream(EventStreamOptions options, store::Store* store,
                         WorkerPool* pool, Hub* hub, Timer* timer,
                         StreamWriter* writer)
    : options_(options),
      store_(store),
      pool_(pool),
      hub_(hub),
      timer_(timer),
      writer_(writer) {}

void EventStream::Start(Principal principal, std::optional<int64_t> after_id) {
  {
    absl::MutexLock lock(&mu_);
    if (started_ || close_status_) return;
    started_ = true;
    principal_ = std::move(principal);
    after_id_ = after_id;
    replay_cursor_ = after_id.value_or(0);
    last_written_id_ = replay_cursor_;
  }
  hub_->Add(principal_.account_id, shared_from_this());
  bool closed;
  {
    absl::MutexLock lock(&mu_);
    closed = close_status_.has_value();
  }
  // A Close that ran while the stream was being added found nothing to
  // remove.
  if (closed) LeaveHub();
  Pump();
}

void EventStream::Pump() {
  {
    absl::MutexLock lock(&mu_);
    if (pumping_) return;
    pumping_ = true;
  }
  for (;;) {
    Action action;
    {
      absl::MutexLock lock(&mu_);
      action = NextAction();
      if (action.kind == Action::Kind::kNone) {
        pumping_ = false;
        return;
      }
    }
    Execute(action);
  }
}

EventStream::Action EventStream::NextAction() {
  Action action;
  if (writer_ == nullptr || finished_) return action;
  action.writer = writer_;
  if (writing_) {
    if (cancel_wanted_) {
      cancel_wanted_ = false;
      action.kind = Action::Kind::kCancelWrite;
    }
    return action;
  }
  if (close_status_) {
    finished_ = true;
    action.kind = Action::Kind::kFinish;
    action.status = FinalStatus();
    return action;
  }
  if (!started_) return action;
  if (!queue_.empty()) {
    in_flight_ = std::move(queue_.front());
    queue_.pop_front();
    writing_ = true;
    action.kind = Action::Kind::kWrite;
    action.event = in_flight_.get();
    return action;
  }
  if (replaying_ && !fetching_) {
    fetching_ = true;
    action.kind = Action::Kind::kFetch;
  }
  return action;
}

void EventStream::Execute(const Action& action) {
  switch (action.kind) {
    case Action::Kind::kNone:
      return;
    case Action::Kind::kWrite:
      action.writer->WriteEvent(action.event);
      return;
    case Action::Kind::kFinish:
      action.writer->FinishStream(action.status);
      return;
    case Action::Kind::kCancelWrite:
      action.writer->CancelWrite();
      return;
    case Action::Kind::kFetch:
      if (!pool_->TrySubmit(
              [self = shared_from_this()] { self->FetchReplay(); })) {
        Close(absl::ResourceExhaustedError(
            "the server is busy; subscribe again shortly"));
      }
      return;
  }
}

void EventStream::FetchReplay() {
  std::optional<int64_t> after_id;
  int64_t cursor;
  {
    absl::MutexLock lock(&mu_);
    if (close_status_) return;
    after_id = after_id_;
    cursor = replay_cursor_;
  }
  std::vector<store::MessageRecord> batch;
  if (after_id) {
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
  {
    absl::MutexLock lock(&mu_);
    fetching_ = false;
    if (close_status_) return;
    for (const store::MessageRecord& record : batch) {
      queue_.push_back(MessageEvent(record));
      replay_cursor_ = record.id;
    }
    if (last_batch) EndReplay(unread);
  }
  Pump();
}

void EventStream::EndReplay(int64_t unread) {
  auto caught_up = std::make_shared<chat::v1::Event>();
  caught_up->mutable_caught_up()->set_last_id(replay_cursor_);
  caught_up->mutable_caught_up()->set_unread_count(unread);
  queue_.push_back(std::move(caught_up));
  last_queued_id_ = replay_cursor_;
  for (EventPtr& event : held_live_) {
    // A message committed while the replay ran was both read and delivered
    // live.
    if (event->has_message()) {
      if (event->message().id() <= last_queued_id_) continue;
      last_queued_id_ = event->message().id();
    }
    queue_.push_back(std::move(event));
  }
  held_live_.clear();
  replaying_ = false;
}

bool EventStream::Queue(const EventPtr& event) {
  bool overflow = false;
  {
    absl::MutexLock lock(&mu_);
    if (close_status_) return false;
    if (!replaying_ && event->has_message()) {
      if (event->message().id() <= last_queued_id_) return false;
    }
    std::deque<EventPtr>& target = replaying_ ? held_live_ : queue_;
    if (target.size() < options_.max_queued_events) {
      if (!replaying_ && event->has_message()) {
        last_queued_id_ = event->message().id();
      }
      target.push_back(event);
      return !writing_ && !replaying_;
    }
    // The status names the resume point once the last write has ended.
    overflow = MarkClosed(absl::ResourceExhaustedError("overflow"));
    if (overflow) overflowed_ = true;
  }
  if (overflow) LeaveHub();
  // The caller flushes outside its locks; the stream then finishes.
  return true;
}

void EventStream::Flush() { Pump(); }

bool EventStream::MarkClosed(const absl::Status& status) {
  if (close_status_) return false;
  close_status_ = status;
  queue_.clear();
  held_live_.clear();
  if (writing_ && !finished_) {
    // If the write is still outstanding when the grace ends, it is
    // abandoned.
    timer_->After(options_.stuck_write_grace, [weak = weak_from_this()] {
      if (std::shared_ptr<EventStream> self = weak.lock()) {
        self->OnGraceExpired();
      }
    });
  }
  return true;
}

absl::Status EventStream::FinalStatus() const {
  if (!overflowed_) return *close_status_;
  return absl::ResourceExhaustedError(absl::StrCat(
      "this stream fell more than ", options_.max_queued_events,
      " events behind and was closed; subscribe again with after_id = ",
      last_written_id_, " to receive the rest"));
}

void EventStream::OnGraceExpired() {
  {
    absl::MutexLock lock(&mu_);
    if (!writing_ || finished_) return;
    cancel_wanted_ = true;
  }
  Pump();
}

void EventStream::OnWriteDone(bool ok) {
  {
    absl::MutexLock lock(&mu_);
    writing_ = false;
    cancel_wanted_ = false;
    if (ok && in_flight_ && in_flight_->has_message()) {
      last_written_id_ = in_flight_->message().id();
    }
    in_flight_.reset();
    if (!ok) {
      MarkClosed(absl::CancelledError("the client stopped reading the stream"));
    }
  }
  Pump();
}

void EventStream::Close(const absl::Status& status) {
  {
    absl::MutexLock lock(&mu_);
    if (!MarkClosed(status)) return;
  }
  LeaveHub();
  Pump();
}

void EventStream::Detach() {
  {
    absl::MutexLock lock(&mu_);
    writer_ = nullptr;
    MarkClosed(absl::CancelledError("the stream ended"));
  }
  LeaveHub();
}

void EventStream::LeaveHub() {
  int64_t account_id;
  {
    absl::MutexLock lock(&mu_);
    if (!started_) return;
    account_id = principal_.account_id;
  }
  hub_->Remove(account_id, this);
}

}  // namespace parley
