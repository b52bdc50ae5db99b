#include "client/live_subscription.h"

#include <chrono>
#include <utility>

#include "client/chat_client.h"

namespace parley {

// One attempt: a Subscribe call on the callback API. Deletes itself in OnDone.
class LiveSubscription::Stream final
    : public grpc::ClientReadReactor<chat::v1::Event> {
 public:
  Stream(LiveSubscription* owner, const std::string& token,
         std::optional<int64_t> after_id)
      : owner_(owner) {
    context_.AddMetadata("authorization", "Bearer " + token);
    if (after_id) request_.set_after_id(*after_id);
    owner_->stub_->async()->Subscribe(&context_, &request_, this);
    StartRead(&event_);
    StartCall();
  }

  void Cancel() { context_.TryCancel(); }

  void OnReadDone(bool ok) override {
    if (!ok) return;  // the stream is over; OnDone follows with the status
    owner_->OnEvent(event_);
    StartRead(&event_);
  }

  void OnDone(const grpc::Status& status) override {
    // Release the call (and its hold on the channel) before Stop() can return,
    // so the owner may destroy the channel right after stopping.
    LiveSubscription* owner = owner_;
    const grpc::Status final_status = status;
    delete this;
    owner->OnStreamDone(final_status);
  }

 private:
  LiveSubscription* owner_;
  grpc::ClientContext context_;
  chat::v1::SubscribeRequest request_;
  chat::v1::Event event_;
};

namespace {

bool Retryable(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
    case grpc::StatusCode::ABORTED:
    case grpc::StatusCode::INTERNAL:
    case grpc::StatusCode::UNKNOWN:
    case grpc::StatusCode::CANCELLED:  // by the server (our own Stop is handled
                                       // apart)
    case grpc::StatusCode::OK:  // the server ended the stream cleanly: keep
                                // listening
      return true;
    default:
      return false;
  }
}

}  // namespace

LiveSubscription::LiveSubscription(chat::v1::SubscriptionService::Stub* stub,
                                   std::string token,
                                   std::optional<int64_t> after_id,
                                   Callbacks callbacks, Backoff backoff)
    : stub_(stub),
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
  absl::MutexLock lock(&mu_);
  if (stopping_) return;
  stream_ = new Stream(this, token_, resume_after_);
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

void LiveSubscription::OnStreamDone(const grpc::Status& status) {
  bool retry;
  absl::Duration delay;
  {
    absl::MutexLock lock(&mu_);
    retry = !stopping_ && Retryable(status.error_code());
    delay = delay_;
    delay_ = std::min(delay_ * 2, backoff_.max);
  }
  SetState(retry ? State::kReconnecting : State::kStopped,
           FromGrpcStatus(status));
  // Stop() waits for stream_ to clear, so nothing below may touch a callback.
  absl::MutexLock lock(&mu_);
  stream_ = nullptr;
  if (!retry || stopping_) return;
  alarm_ = std::make_unique<grpc::Alarm>();
  alarm_pending_ = true;
  alarm_->Set(
      std::chrono::system_clock::now() + absl::ToChronoMilliseconds(delay),
      [this](bool fired) {
        if (fired) {
          SetState(State::kConnecting, absl::OkStatus());
          Connect();
        }
        absl::MutexLock lock(&mu_);
        alarm_pending_ = false;
      });
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
  if (stopping_ && stream_ == nullptr && !alarm_pending_) return;
  stopping_ = true;
  if (stream_ != nullptr) stream_->Cancel();
  if (alarm_pending_) alarm_->Cancel();
  mu_.Await(absl::Condition(
      +[](LiveSubscription* self) ABSL_EXCLUSIVE_LOCKS_REQUIRED(self->mu_) {
        return self->stream_ == nullptr && !self->alarm_pending_;
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
