// Live delivery across servers that share one database. Each server's
// streams hear of its own commits at once (commit_sequencer.h); the fanout
// adds what the other servers commit, which their feed (store/change_feed.h)
// announces: messages, read back from the store by id and queued on the
// local streams of their recipients; deletions of messages, which become
// events; and ended sessions and deleted accounts, which end this server's
// streams and cached state for them.
//
// Order: message ids increase in commit order across every server, so the
// fanout keeps one position, the id up to which every committed message has
// been queued on the local streams, and queues every message once, in id
// order, whichever server committed it. A local commit whose ids follow the
// position is queued at once, under the commit lock, as without other
// servers; one that finds older messages not yet read (another server's,
// still on their way) waits for them to be read first. A lost announcement
// only delays: the next one, or the feed's OnMissed, moves the position past
// the gap by reading it.
//
// Without a feed (SQLite: one server), PublishLocal queues at once and
// Announce does nothing.
//
// Thread safety: PublishLocal only inside CommitSequencer::Run; the rest
// from any thread. Store reads run on the feed's thread or a worker, never
// under the commit lock. Dependencies are not owned and must outlive the
// fanout.
#ifndef PARLEY_SERVER_ENGINE_CLUSTER_FANOUT_H_
#define PARLEY_SERVER_ENGINE_CLUSTER_FANOUT_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "server/engine/account_directory.h"
#include "server/engine/commit_sequencer.h"
#include "server/engine/hub.h"
#include "server/engine/session_cache.h"
#include "server/engine/worker_pool.h"
#include "store/change_feed.h"
#include "store/store.h"

namespace parley {

// What the fanout works with; `feed` is null for a store no other server
// shares.
struct ClusterFanoutDeps {
  store::Store* store = nullptr;
  store::ChangeFeed* feed = nullptr;
  Hub* hub = nullptr;
  SessionCache* sessions = nullptr;
  AccountDirectory* directory = nullptr;
  WorkerPool* pool = nullptr;
};

class ClusterFanout final : public store::ChangeListener {
 public:
  explicit ClusterFanout(ClusterFanoutDeps deps) : deps_(deps) {}
  ClusterFanout(const ClusterFanout&) = delete;
  ClusterFanout& operator=(const ClusterFanout&) = delete;

  // Starts hearing the other servers, from the highest message id committed
  // now. UNAVAILABLE if the feed cannot reach the database. OK at once
  // without a feed.
  absl::Status Start();
  // Stops hearing them; idempotent. Reads in progress finish first.
  void Stop();

  // Queues the events of `committed`, the messages of one local commit in id
  // order, on their recipients' streams, after every message with a lower
  // id: on `events` at once when all of those are queued already, else from
  // a worker once they are read. Only inside CommitSequencer::Run.
  void PublishLocal(std::span<const store::MessageRecord> committed,
                    CommitEvents& events);
  // Tells the other servers of a change committed here. May block for a
  // round trip to the database; call it outside the commit lock.
  void Announce(const store::Change& change);

  // store::ChangeListener, for the feed's thread.
  void OnChange(const store::Change& change) override;
  void OnMissed(int64_t last_message_id) override;

 private:
  struct LocalCommit {
    std::vector<store::MessageRecord> messages;
  };
  struct Missed {
    int64_t last_id = 0;
  };
  using Work = std::variant<LocalCommit, Missed, store::Change>;

  // Queues `work` and drains the queue on this thread unless another one is.
  void Add(Work work);
  // Does queued work until none is left; one thread at a time.
  void Drain();
  void Do(LocalCommit& work);
  void Do(const store::Change& change);
  // Reads and queues every message up to `last_id` not queued yet.
  void CatchUp(int64_t last_id);
  // Queues the messages above the position, moving it; with mu_ held.
  void QueueMessages(std::span<const store::MessageRecord> messages,
                     std::vector<std::shared_ptr<Subscriber>>* to_flush)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  bool AnyLocalStream(std::span<const int64_t> account_ids);

  const ClusterFanoutDeps deps_;
  absl::Mutex mu_;
  // Every message with an id up to this is queued on the local streams.
  int64_t position_ ABSL_GUARDED_BY(mu_) = 0;
  std::deque<Work> work_ ABSL_GUARDED_BY(mu_);
  bool draining_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace parley

#endif  // PARLEY_SERVER_ENGINE_CLUSTER_FANOUT_H_
