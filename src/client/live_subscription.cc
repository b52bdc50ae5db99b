#include "client/live_subscription.h"

#include <algorithm>
#include <utility>

#include "client/transport.h"

namespace parley {
namespace {

bool Retryable(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kResourceExhausted:
    case absl::StatusCode::kDeadlineExceeded:
    case absl::StatusCode::kAborted:
    case absl::StatusCode::kInternal:
    case absl::StatusCode::kUnknown:
    // By the server (our own Stop is handled apart).
    case absl::StatusCode::kCancelled:
    // The server ended the stream cleanly: keep listening.
    case absl::StatusCode::kOk:
      return true;
    default:
      return false;
  }
}

}  // namespace

LiveSubscription::LiveSubscription(Transport* transport, std::string token,
                                   std::optional<int64_t> after_id,
                                   Callbacks callbacks, Backoff backoff)
    : transport_(transport),
      token_(std::move(token)),
      callbacks_(std::move(callbacks)),
      backoff_(backoff),
      resume_after_(after_id),
      delay_(backoff.initial) {}

LiveSubscription::~LiveSubscription() { Stop(); }

void LiveSubscription::Start() {
  SetState(State::kConnecting, absl::OkStatus());
  Connect();
}

void LiveSubscription::Connect() {
  chat::v1::SubscribeRequest request;
  uint64_t attempt;
  {
    absl::MutexLock lock(&mu_);
    if (stopping_) return;
    if (resume_after_) request.set_after_id(*resume_after_);
    stream_open_ = true;
    attempt = ++attempts_;
  }
  // Opened outside the lock: the transport may report the end at once.
  std::unique_ptr<EventStream> stream = transport_->Subscribe(
      token_, request,
      {.on_event = [this](const chat::v1::Event& event) { OnEvent(event); },
       .on_done =
           [this](const absl::Status& status) { OnStreamDone(status); }});
  absl::MutexLock lock(&mu_);
  // A Stop() in between found nothing to cancel, and waits for this stream.
  if (stopping_) stream->Cancel();
  // Unless the stream ended already and a newer attempt took its place.
  if (attempt == attempts_) stream_ = std::move(stream);
}

void LiveSubscription::OnEvent(const chat::v1::Event& event) {
  bool went_live = false;
  {
    absl::MutexLock lock(&mu_);
    if (event.has_message()) {
      resume_after_ = std::max(resume_after_.value_or(0), event.message().id());
    } else if (event.has_caught_up()) {
      // From here on, resume after what the replay reached even if no message
      // follows.
      resume_after_ =
          std::max(resume_after_.value_or(0), event.caught_up().last_id());
      if (!resume_after_.value_or(0)) resume_after_.reset();
      delay_ = backoff_.initial;
      went_live = state_ != State::kLive;
    }
  }
  if (callbacks_.on_event) callbacks_.on_event(event);
  if (went_live) SetState(State::kLive, absl::OkStatus());
}

void LiveSubscription::OnStreamDone(const absl::Status& status) {
  bool retry;
  absl::Duration delay;
  uint64_t attempt;
  {
    absl::MutexLock lock(&mu_);
    retry = !stopping_ && Retryable(status.code());
    delay = delay_;
    delay_ = std::min(delay_ * 2, backoff_.max);
  }
  SetState(retry ? State::kReconnecting : State::kStopped, status);
  {
    // Stop() waits for stream_open_ to clear, so nothing below may touch a
    // callback.
    absl::MutexLock lock(&mu_);
    stream_open_ = false;
    if (!retry || stopping_) return;
    timer_pending_ = true;
    attempt = ++attempts_;
  }
  std::unique_ptr<Timer> timer =
      transport_->StartTimer(delay, [this](bool fired) { OnTimer(fired); });
  absl::MutexLock lock(&mu_);
  if (stopping_) timer->Cancel();
  if (attempt == attempts_) timer_ = std::move(timer);
}

void LiveSubscription::OnTimer(bool fired) {
  if (fired) {
    SetState(State::kConnecting, absl::OkStatus());
    Connect();
  }
  absl::MutexLock lock(&mu_);
  timer_pending_ = false;
}

void LiveSubscription::SetState(State state, const absl::Status& status) {
  {
    absl::MutexLock lock(&mu_);
    if (state_ == State::kStopped) return;
    state_ = state;
  }
  if (callbacks_.on_state) callbacks_.on_state(state, status);
}

void LiveSubscription::Stop() {
  absl::MutexLock lock(&mu_);
  stopping_ = true;
  if (stream_open_ && stream_ != nullptr) stream_->Cancel();
  if (timer_pending_ && timer_ != nullptr) timer_->Cancel();
  mu_.Await(absl::Condition(
      +[](LiveSubscription* self) ABSL_EXCLUSIVE_LOCKS_REQUIRED(self->mu_) {
        return !self->stream_open_ && !self->timer_pending_;
      },
      this));
}

LiveSubscription::State LiveSubscription::state() const {
  absl::MutexLock lock(&mu_);
  return state_;
}

std::optional<int64_t> LiveSubscription::last_message_id() const {
  absl::MutexLock lock(&mu_);
  return resume_after_;
}

}  // namespace parley
