// A Subscribe stream that stays up: when the stream ends for a reason that may
// pass (server restart, network loss, falling behind), it reconnects after a
// growing delay, resuming after the largest message id it has seen, so no
// message is missed or repeated. It stops for good on errors that retrying
// cannot fix (UNAUTHENTICATED, INVALID_ARGUMENT, ...) or on Stop().
//
// No thread is parked: the stream runs on gRPC's callback API and the delay on
// a grpc::Alarm. Callbacks run on gRPC threads, one at a time, in stream order;
// they must not call Stop().
//
// Thread safety: Stop() and the accessors may be called from any thread.
#ifndef PARLEY_CLIENT_LIVE_SUBSCRIPTION_H_
#define PARLEY_CLIENT_LIVE_SUBSCRIPTION_H_

#include <grpcpp/alarm.h>
#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "chat/v1/chat.grpc.pb.h"

namespace parley {

class LiveSubscription {
 public:
  enum class State {
    kConnecting,    // a stream is being opened (or replaying)
    kLive,          // CaughtUp arrived: events now arrive as they happen
    kReconnecting,  // the stream ended; another attempt follows after a delay
    kStopped,  // for good: Stop() was called, or the error cannot be retried
  };

  struct Callbacks {
    std::function<void(const chat::v1::Event&)> on_event;
    // The status says why a stream ended (OK for kConnecting and kLive).
    std::function<void(State, const absl::Status&)> on_state;
  };

  struct Backoff {
    absl::Duration initial = absl::Milliseconds(100);
    absl::Duration max = absl::Seconds(5);
  };

  // Use ChatClient::Subscribe. `stub` must outlive this object.
  LiveSubscription(chat::v1::SubscriptionService::Stub* stub, std::string token,
                   std::optional<int64_t> after_id, Callbacks callbacks,
                   Backoff backoff);
  // Stops, and waits until no callback is running.
  ~LiveSubscription();
  LiveSubscription(const LiveSubscription&) = delete;
  LiveSubscription& operator=(const LiveSubscription&) = delete;

  void Start();
  // Ends the stream; no callback runs after Stop returns except the final
  // kStopped.
  void Stop();

  State state() const;
  // The largest message id received so far (the after_id of the next
  // reconnect).
  std::optional<int64_t> last_message_id() const;

 private:
  class Stream;

  void Connect();
  void OnEvent(const chat::v1::Event& event);
  void OnStreamDone(const grpc::Status& status);
  void SetState(State state, const absl::Status& status);

  chat::v1::SubscriptionService::Stub* const stub_;
  const std::string token_;
  const Callbacks callbacks_;
  const Backoff backoff_;

  mutable absl::Mutex mu_;
  State state_ ABSL_GUARDED_BY(mu_) = State::kConnecting;
  std::optional<int64_t> resume_after_ ABSL_GUARDED_BY(mu_);
  absl::Duration delay_ ABSL_GUARDED_BY(mu_);
  Stream* stream_ ABSL_GUARDED_BY(mu_) = nullptr;
  std::unique_ptr<grpc::Alarm> alarm_ ABSL_GUARDED_BY(mu_);
  bool alarm_pending_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace parley

#endif  // PARLEY_CLIENT_LIVE_SUBSCRIPTION_H_
