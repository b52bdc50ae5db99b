// Commit order for live events. Every change that produces events (a group of
// sends, a deletion of messages, a deletion of an account) commits to the
// store and queues its events on the streams under one lock, so every stream
// sees events in commit order and message ids only grow on it; the stream
// writes, which are most of a delivery's cost, start after the lock is
// released. One rule serves every kind of event.
//
// Thread safety: Run may be called from any thread; one body runs at a time.
// A CommitEvents belongs to the thread that made it.
#ifndef PARLEY_SERVER_ENGINE_COMMIT_SEQUENCER_H_
#define PARLEY_SERVER_ENGINE_COMMIT_SEQUENCER_H_

#include <cstdint>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "server/engine/events.h"
#include "server/engine/hub.h"

namespace parley {

// The events of one commit: queued on the streams while the commit lock is
// held, written (and streams ended) by Start() after it.
class CommitEvents {
 public:
  CommitEvents(CommitEvents&&) = default;
  CommitEvents& operator=(CommitEvents&&) = default;

  // Queues `event` on every open stream of the account, after every event
  // published before it. Only inside CommitSequencer::Run.
  void Publish(int64_t account_id, const EventPtr& event);
  // Ends every stream of the account with `status` once Start() runs.
  void CloseStreams(int64_t account_id, absl::Status status);
  // Starts the writes of what was published and ends the streams marked for
  // closing. Call once, after Run, without holding locks; never blocks.
  void Start();

 private:
  friend class CommitSequencer;
  explicit CommitEvents(Hub* hub) : hub_(hub) {}

  Hub* hub_;
  std::vector<std::shared_ptr<Subscriber>> to_flush_;
  std::vector<std::pair<int64_t, absl::Status>> closes_;
};

class CommitSequencer {
 public:
  // `hub` is not owned and must outlive the sequencer.
  explicit CommitSequencer(Hub* hub) : hub_(hub) {}
  CommitSequencer(const CommitSequencer&) = delete;
  CommitSequencer& operator=(const CommitSequencer&) = delete;

  // An empty set of events for one Run.
  CommitEvents NewEvents() { return CommitEvents(hub_); }

  // Runs `commit(*events)` with the commit lock held and returns what it
  // returns. `commit` does the store write and publishes its events on
  // `events` only once the write has committed; it must not start stream
  // writes or wait for anything but the store.
  template <typename Commit>
  std::invoke_result_t<Commit&, CommitEvents&> Run(CommitEvents* events,
                                                   Commit&& commit) {
    absl::MutexLock lock(&mu_);
    return commit(*events);
  }

 private:
  Hub* const hub_;
  absl::Mutex mu_;
};

}  // namespace parley

#endif  // PARLEY_SERVER_ENGINE_COMMIT_SEQUENCER_H_
