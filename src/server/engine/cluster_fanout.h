// Live delivery across servers that share one database. Each server's
// streams hear of its own commits at once (commit_sequencer.h); the fanout
// adds what the other servers commit, which the feed (store/change_feed.h)
// announces: messages, read back from the store by id and queued on the
// local streams of their recipients; deletions of messages, which become
// events; and ended sessions and deleted accounts, which end this server's
// streams and cached state for them.
//
// Order: ids of messages and of the other changes increase together in
// commit order across every server, so the fanout keeps one position, the id
// up to which everything committed has been handled here, and handles each
// message and change once, in id order, whichever server committed it. A
// local commit whose ids follow the position is queued at once, under the
// commit lock, as without other servers; one that finds older ids not yet
// read (another server's, still on their way) waits for them to be read
// first. A missed announcement only delays: the next one, or the feed's
// OnCommittedThrough, moves the position past the gap by reading it.
//
// A server that fell so far behind that the database no longer keeps the
// changes it missed starts over: it ends its streams (UNAVAILABLE; clients
// subscribe again with after_id) and forgets its cached sessions and names.
//
// Without a feed (SQLite: one server), PublishLocal queues at once.
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
  // order, on their recipients' streams, after everything with a lower id:
  // on `events` at once when all of that is handled already, else from a
  // worker once it is read. Only inside CommitSequencer::Run.
  void PublishLocal(std::span<const store::MessageRecord> committed,
                    CommitEvents& events);

  // store::ChangeListener, for the feed's thread.
  void OnMessagesCommitted(const store::MessagesCommitted& messages) override;
  void OnCommittedThrough(int64_t last_id) override;

 private:
  struct LocalCommit {
    std::vector<store::MessageRecord> messages;
  };
  struct CommittedThrough {
    int64_t last_id = 0;
  };
  using Work =
      std::variant<LocalCommit, CommittedThrough, store::MessagesCommitted>;

  // Queues `work` and drains the queue on this thread unless another one is.
  void Add(Work work);
  // Does queued work until none is left; one thread at a time.
  void Drain();
  void Do(LocalCommit& work);
  void Do(const CommittedThrough& work);
  void Do(const store::MessagesCommitted& messages);
  // Reads and handles every message and change up to `last_id` not handled
  // yet, in id order. Every id from `messages_from` on is known to be a
  // message, so a range that starts there needs no read of the change log.
  void CatchUp(int64_t last_id, int64_t messages_from = 0);
  // Folds the announcements queued behind `work` (up to the next local
  // commit) into it, so that one catch-up reads them all; with mu_ held.
  void MergeQueued(Work* work) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Acts on another server's change on this server's streams and caches.
  void Apply(const store::Change& change);
  // What a server does that no longer knows what it missed, up to `last_id`.
  void StartOver(int64_t last_id, const absl::Status& why);
  // Queues the messages above the position, moving it; with mu_ held.
  void QueueMessages(std::span<const store::MessageRecord> messages,
                     std::vector<std::shared_ptr<Subscriber>>* to_flush)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void MoveTo(int64_t id);
  bool AnyLocalStream(std::span<const int64_t> account_ids);

  const ClusterFanoutDeps deps_;
  absl::Mutex mu_;
  // Every message and change with an id up to this is handled here.
  int64_t position_ ABSL_GUARDED_BY(mu_) = 0;
  std::deque<Work> work_ ABSL_GUARDED_BY(mu_);
  bool draining_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace parley

#endif  // PARLEY_SERVER_ENGINE_CLUSTER_FANOUT_H_
