// A Subscribe stream that stays up: when the stream ends for a reason that may
// pass (server restart, network loss, falling behind), it reconnects after a
// growing delay, resuming after the largest message id it has seen, so no
// message is missed or repeated. It stops for good on errors that retrying
// cannot fix (UNAUTHENTICATED, INVALID_ARGUMENT, ...) or on Stop().
//
// It holds no wire of its own: each attempt is one raw stream of the client's
// Transport, and the delay a Timer of it, so no thread is parked. Callbacks
// run on the transport's threads, one at a time, in stream order; they must
// not call Stop().
//
// Thread safety: Stop() and the accessors may be called from any thread.
#ifndef PARLEY_CLIENT_LIVE_SUBSCRIPTION_H_
#define PARLEY_CLIENT_LIVE_SUBSCRIPTION_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "chat/v1/chat.pb.h"

namespace parley {

class EventStream;
class Timer;
class Transport;

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

  // Use ChatClient::Subscribe. `transport` is not owned and must outlive this
  // object.
  LiveSubscription(Transport* transport, std::string token,
                   std::optional<int64_t> after_id, Callbacks callbacks,
                   Backoff backoff);
  // Stops, and waits until no callback is running.
  ~LiveSubscription();
  LiveSubscription(const LiveSubscription&) = delete;
  LiveSubscription& operator=(const LiveSubscription&) = delete;

  // Opens the first stream (kConnecting). Call once.
  void Start();
  // Ends the stream (an open one reports kStopped) and waits until no callback
  // is running; none runs after Stop returns. Idempotent.
  void Stop();

  State state() const;
  // The largest message id received so far (the after_id of the next
  // reconnect).
  std::optional<int64_t> last_message_id() const;

 private:
  void Connect();
  void OnEvent(const chat::v1::Event& event);
  void OnStreamDone(const absl::Status& status);
  void OnTimer(bool fired);
  void SetState(State state, const absl::Status& status);

  Transport* const transport_;
  const std::string token_;
  const Callbacks callbacks_;
  const Backoff backoff_;

  mutable absl::Mutex mu_;
  State state_ ABSL_GUARDED_BY(mu_) = State::kConnecting;
  std::optional<int64_t> resume_after_ ABSL_GUARDED_BY(mu_);
  absl::Duration delay_ ABSL_GUARDED_BY(mu_);
  // The attempt's stream; stream_open_ until its on_done has run.
  std::unique_ptr<EventStream> stream_ ABSL_GUARDED_BY(mu_);
  bool stream_open_ ABSL_GUARDED_BY(mu_) = false;
  // The delay before the next attempt; timer_pending_ until its callback ran.
  std::unique_ptr<Timer> timer_ ABSL_GUARDED_BY(mu_);
  bool timer_pending_ ABSL_GUARDED_BY(mu_) = false;
  // Counts the streams and timers started: a handle is kept only if nothing
  // newer started before it was stored.
  uint64_t attempts_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace parley

#endif  // PARLEY_CLIENT_LIVE_SUBSCRIPTION_H_
