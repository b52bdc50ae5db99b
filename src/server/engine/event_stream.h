// One open event stream (a Subscribe call), independent of the transport: the
// replay of stored messages after `after_id`, the hand-over to live events
// without gaps or duplicates, a bounded outgoing queue (backpressure), and
// the end of the stream, whatever ends it.
//
// Life of a stream: the transport's edge makes one with its StreamWriter (via
// SubscriptionRules), and the rules Start() it once the caller is known.
// Start registers the stream with the Hub *before* reading the store, so a
// message committed at any moment is either read by the replay or delivered
// live (or both; live copies of replayed ids are dropped). Live events are
// held back until the replay ends with a CaughtUp event. Message ids only grow
// on a stream: a live message at or below one already queued is dropped. Replay
// reads the store in batches, each only when the previous one has been written,
// so a long backlog never sits in memory. When the queue of a live stream is
// full, the stream ends with RESOURCE_EXHAUSTED naming the last message id
// actually written, from which the client resumes with after_id and loses
// nothing.
//
// Ending: Close() (by the rules, the hub, the transport when the client
// cancels, or an overflow) clears the queue and finishes the stream once no
// write is outstanding. A write that does not complete within
// `stuck_write_grace` (a client that stopped reading) is abandoned through
// StreamWriter::CancelWrite, so every stream finishes.
//
// Thread safety: every method may be called from any thread. One mutex per
// stream; the StreamWriter is called without it, by one thread at a time (the
// one whose turn it is to drive the stream), at most one write at a time, and
// FinishStream exactly once, last. Store reads run on the WorkerPool; nothing
// here blocks a caller on I/O.
#ifndef PARLEY_SERVER_ENGINE_EVENT_STREAM_H_
#define PARLEY_SERVER_ENGINE_EVENT_STREAM_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/engine/hub.h"
#include "server/engine/principal.h"
#include "server/engine/timer.h"
#include "server/engine/worker_pool.h"
#include "store/store.h"

namespace parley {

// The transport's half of a stream.
class StreamWriter {
 public:
  virtual ~StreamWriter() = default;
  // Starts sending `event`, which stays valid until the matching
  // EventStream::OnWriteDone. Never called while a write is outstanding.
  virtual void WriteEvent(const chat::v1::Event* event) = 0;
  // Ends the stream with `status`: the last call the stream makes. Never
  // called while a write is outstanding.
  virtual void FinishStream(const absl::Status& status) = 0;
  // Abandons the outstanding write (its client stopped reading): the
  // transport makes it complete with ok == false. Must not block.
  virtual void CancelWrite() = 0;
};

struct EventStreamOptions {
  // A live stream further behind than this is ended.
  size_t max_queued_events = 1024;
  // Stored messages read per store call during replay.
  int replay_batch = 256;
  // How long a stream that must end waits for an outstanding write.
  absl::Duration stuck_write_grace = absl::Seconds(5);
};

class EventStream final : public Subscriber,
                          public std::enable_shared_from_this<EventStream> {
 public:
  // `store`, `pool`, `hub` and `timer` are not owned and must outlive the
  // stream. `writer` must stay valid until Detach().
  EventStream(EventStreamOptions options, store::Store* store, WorkerPool* pool,
              Hub* hub, Timer* timer, StreamWriter* writer);

  // Starts the stream for `principal`: registers it with the hub, replays the
  // stored messages after `*after_id` (none when nullopt), sends CaughtUp and
  // goes live. At most once; a no-op once the stream is closed.
  void Start(Principal principal, std::optional<int64_t> after_id);
  // For the transport: a write completed; `ok` false means the stream is
  // broken (the client is gone).
  void OnWriteDone(bool ok);
  // For the transport: it is done with the stream, and the writer is never
  // called again. Closes the stream if it was not closed.
  void Detach();

  // Subscriber.
  bool Queue(const EventPtr& event) override;
  void Flush() override;
  void Close(const absl::Status& status) override;
  // Set by Start before the stream is registered with the hub, and constant
  // from then on.
  const std::string& session() const override { return principal_.token_hash; }

 private:
  // One thing to do with the writer or the engine, decided under the lock and
  // done without it.
  struct Action {
    enum class Kind { kNone, kWrite, kFinish, kCancelWrite, kFetch };
    Kind kind = Kind::kNone;
    StreamWriter* writer = nullptr;
    const chat::v1::Event* event = nullptr;
    absl::Status status;
  };

  // Takes the turn to drive the stream, unless another thread has it (that
  // thread then sees whatever changed), and does every action there is.
  void Pump();
  Action NextAction() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Execute(const Action& action);
  void FetchReplay();
  void EndReplay(int64_t unread) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Marks the stream closed; true if it was not closed before.
  bool MarkClosed(const absl::Status& status)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The status the stream finishes with.
  absl::Status FinalStatus() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void OnGraceExpired();
  void LeaveHub();

  const EventStreamOptions options_;
  store::Store* const store_;
  WorkerPool* const pool_;
  Hub* const hub_;
  Timer* const timer_;
  Principal principal_;

  absl::Mutex mu_;
  StreamWriter* writer_ ABSL_GUARDED_BY(mu_);
  bool started_ ABSL_GUARDED_BY(mu_) = false;
  bool replaying_ ABSL_GUARDED_BY(mu_) = true;
  bool fetching_ ABSL_GUARDED_BY(mu_) = false;
  std::optional<int64_t> after_id_ ABSL_GUARDED_BY(mu_);
  int64_t replay_cursor_ ABSL_GUARDED_BY(mu_) = 0;
  std::deque<EventPtr> queue_ ABSL_GUARDED_BY(mu_);
  std::deque<EventPtr> held_live_ ABSL_GUARDED_BY(mu_);
  EventPtr in_flight_ ABSL_GUARDED_BY(mu_);
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  int64_t last_written_id_ ABSL_GUARDED_BY(mu_) = 0;
  // The highest message id queued once the replay has ended: a live copy of
  // a message at or below it (one another server committed before the
  // stream opened, delivered after its replay read it) is dropped.
  int64_t last_queued_id_ ABSL_GUARDED_BY(mu_) = 0;
  // Set once; the stream finishes with it (or with the overflow status).
  std::optional<absl::Status> close_status_ ABSL_GUARDED_BY(mu_);
  bool overflowed_ ABSL_GUARDED_BY(mu_) = false;
  bool cancel_wanted_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  // A thread is driving the stream (Pump).
  bool pumping_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace parley

#endif  // PARLEY_SERVER_ENGINE_EVENT_STREAM_H_
