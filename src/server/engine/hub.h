// Live delivery: who is online, and fan-out of events to their open streams.
//
// Each account has a list of Subscribers (one per open stream, on any number of
// devices). The list is copy-on-write: Publish copies a pointer to it under a
// short lock and delivers outside the lock, so a publisher never waits on a
// slow stream and subscribers come and go without blocking delivery.
// Subscribers never block (they queue; see event_stream.h).
//
// Delivery has two halves: queueing an event on a stream (which fixes its place
// in the stream's order) and starting the write. Enqueue does only the first,
// so a publisher that must order events under a lock of its own (commit order,
// commit_sequencer.h) can queue them there and start the writes (Flush) after
// releasing it: the write is most of the cost of a delivery.
//
// Thread safety: safe for concurrent use. Subscribers are shared with their
// streams.
#ifndef PARLEY_SERVER_ENGINE_HUB_H_
#define PARLEY_SERVER_ENGINE_HUB_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "server/engine/events.h"

namespace parley {

// One open event stream.
class Subscriber {
 public:
  virtual ~Subscriber() = default;
  // Queues an event without starting a write. Returns true when the stream may
  // be idle, and Flush() must follow (from any thread, without the caller's
  // locks) to get it written. Must not block.
  virtual bool Queue(const EventPtr& event) = 0;
  // Starts writing what is queued, if the stream is idle. Must not block.
  virtual void Flush() = 0;
  // Ends the stream with `status`. Idempotent; must not block.
  virtual void Close(const absl::Status& status) = 0;
  // The session (token hash) the stream was opened with.
  virtual const std::string& session() const = 0;
};

class Hub {
 public:
  Hub() = default;
  Hub(const Hub&) = delete;
  Hub& operator=(const Hub&) = delete;

  // Registers a stream for the account. After CloseAll, the subscriber is
  // closed at once.
  void Add(int64_t account_id, std::shared_ptr<Subscriber> subscriber);
  // Unregisters a stream. A no-op if it is not registered.
  void Remove(int64_t account_id, const Subscriber* subscriber);
  // Queues `event` on every stream of the account and starts the writes.
  void Publish(int64_t account_id, const EventPtr& event);
  // Queues `event` on every stream of the account without starting writes, and
  // appends the streams that need Flush() to `to_flush`.
  void Enqueue(int64_t account_id, const EventPtr& event,
               std::vector<std::shared_ptr<Subscriber>>* to_flush);
  // Ends every stream of the account, or only those of one session.
  void CloseAccount(int64_t account_id, const absl::Status& status);
  void CloseSession(int64_t account_id, std::string_view session,
                    const absl::Status& status);
  // Ends every stream open now; later ones are accepted.
  void CloseOpen(const absl::Status& status);
  // Ends every stream and refuses new ones (server shutdown).
  void CloseAll(const absl::Status& status);

  // True if the account has an open stream; a stream may open or end at any
  // moment after.
  bool HasStreams(int64_t account_id);
  // Open streams in all.
  size_t SubscriberCount();

 private:
  using List = std::vector<std::shared_ptr<Subscriber>>;
  struct Shard {
    absl::Mutex mu;
    absl::flat_hash_map<int64_t, std::shared_ptr<const List>> lists
        ABSL_GUARDED_BY(mu);
  };

  Shard& ShardFor(int64_t account_id) {
    return shards_[account_id % shards_.size()];
  }
  std::shared_ptr<const List> Get(int64_t account_id);

  std::array<Shard, 16> shards_;
  absl::Mutex closed_mu_;
  std::optional<absl::Status> closed_ ABSL_GUARDED_BY(closed_mu_);
};

}  // namespace parley

#endif  // PARLEY_SERVER_ENGINE_HUB_H_
