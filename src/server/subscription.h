// One open event stream, independent of the transport: the replay of stored
// messages after `after_id`, the hand-over to live events without gaps or
// duplicates, and a bounded outgoing queue (backpressure).
//
// Life of a stream: the transport creates a Subscription with its StreamWriter
// and calls Start(). Start registers the stream with the Hub *before* reading
// the store, so a message committed at any moment is either read by the replay
// or delivered live (or both; live copies of replayed ids are dropped). Live
// events are held back until the replay ends with a CaughtUp event. Replay
// reads the store in batches, each only when the previous one has been written,
// so a long backlog never sits in memory. When the queue of a live stream is
// full, the stream ends with RESOURCE_EXHAUSTED; the client resumes with
// after_id and loses nothing.
//
// Thread safety: every method may be called from any thread. Store reads run on
// the WorkerPool; nothing here blocks a caller on I/O. The StreamWriter is
// called without the internal lock held, at most one write at a time, and
// FinishStream exactly once.
#ifndef PARLEY_SERVER_SUBSCRIPTION_H_
#define PARLEY_SERVER_SUBSCRIPTION_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "server/hub.h"
#include "server/principal.h"
#include "server/worker_pool.h"
#include "store/store.h"

namespace parley {

// The transport's half of a stream.
class StreamWriter {
 public:
  virtual ~StreamWriter() = default;
  // Starts sending `event` (valid until the matching
  // Subscription::OnWriteDone).
  virtual void WriteEvent(const chat::v1::Event* event) = 0;
  // Ends the stream with `status`. Never called while a write is outstanding.
  virtual void FinishStream(const absl::Status& status) = 0;
  // Called when the stream must end but a write is stuck (a client that stopped
  // reading): after a grace period the transport cancels the call, which
  // completes the write with ok == false so the stream can finish.
  virtual void AbortIfStuck() = 0;
};

struct SubscriptionOptions {
  size_t max_queued_events =
      1024;                // a live stream further behind than this is ended
  int replay_batch = 256;  // stored messages read per store call during replay
};

class Subscription final : public Subscriber,
                           public std::enable_shared_from_this<Subscription> {
 public:
  // `store`, `pool` and `hub` are not owned and must outlive the subscription.
  // `writer` must stay valid until Detach().
  Subscription(Principal principal, std::optional<int64_t> after_id,
               SubscriptionOptions options, store::Store* store,
               WorkerPool* pool, Hub* hub, StreamWriter* writer);

  // Registers with the hub and starts the replay.
  void Start();
  // Called by the transport when a write completes; `ok` false means the stream
  // is broken.
  void OnWriteDone(bool ok);
  // Called by the transport when it is done with the stream: the writer is
  // never used again.
  void Detach();

  // Subscriber.
  bool Queue(const EventPtr& event) override;
  void Flush() override;
  void Close(const absl::Status& status) override;
  const std::string& session() const override { return principal_.token_hash; }

 private:
  // What to do with the writer once the lock is released.
  struct Action {
    StreamWriter* writer = nullptr;
    const chat::v1::Event* write = nullptr;
    std::optional<absl::Status> finish;
    bool fetch = false;
    bool abort = false;
  };

  Action NextAction() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Run(Action action);
  void FetchReplay();
  void EndReplay(int64_t unread) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Overflow();

  const Principal principal_;
  const std::optional<int64_t> after_id_;
  const SubscriptionOptions options_;
  store::Store* const store_;
  WorkerPool* const pool_;
  Hub* const hub_;

  absl::Mutex mu_;
  StreamWriter* writer_ ABSL_GUARDED_BY(mu_);
  std::deque<EventPtr> queue_ ABSL_GUARDED_BY(mu_);
  EventPtr in_flight_ ABSL_GUARDED_BY(mu_);
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  std::optional<absl::Status> close_status_ ABSL_GUARDED_BY(mu_);
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  bool replaying_ ABSL_GUARDED_BY(mu_) = true;
  bool fetching_ ABSL_GUARDED_BY(mu_) = false;
  std::deque<EventPtr> held_live_ ABSL_GUARDED_BY(mu_);
  int64_t replay_cursor_ ABSL_GUARDED_BY(mu_);
  int64_t last_written_id_ ABSL_GUARDED_BY(mu_);
};

}  // namespace parley

#endif  // PARLEY_SERVER_SUBSCRIPTION_H_
