// The send path: messages are committed asynchronously, in groups, by a
// thread of the pipeline's own (the send thread, batch_thread.h). Submit only
// queues, so the calling thread never waits for the disk, and every message
// queued while one group commits goes into the next group's single
// transaction (one commit instead of one per message, which is most of a
// send's cost). The send thread commits a group under the commit lock
// (commit_sequencer.h), so each message is queued on its recipient's streams
// in commit order (through the ClusterFanout, which orders them with other
// servers' messages), then announces the group to the other servers and
// hands it to the worker pool, which starts those writes and reports each
// send's outcome, only after its own message is committed.
//
// Thread safety: Submit may be called from any thread; Stop from one thread.
// Dependencies are not owned and must outlive the pipeline.
#ifndef PARLEY_SERVER_ENGINE_SEND_PIPELINE_H_
#define PARLEY_SERVER_ENGINE_SEND_PIPELINE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "common/clock.h"
#include "server/engine/account_directory.h"
#include "server/engine/batch_thread.h"
#include "server/engine/cluster_fanout.h"
#include "server/engine/commit_sequencer.h"
#include "server/engine/metrics.h"
#include "server/engine/principal.h"
#include "server/engine/worker_pool.h"
#include "store/store.h"

namespace parley {

// A committed message's place in the store.
struct SentMessage {
  int64_t id = 0;
  int64_t sent_at_us = 0;
};

// One message to commit, and whom to tell.
struct OutgoingMessage {
  Principal sender;
  store::AccountRecord recipient;
  std::string text;
  // Called exactly once with the committed message or why it was not stored.
  absl::AnyInvocable<void(absl::StatusOr<SentMessage>) &&> done;
};

class SendPipeline {
 public:
  // Starts the send thread, which holds at most `max_queued` waiting messages.
  SendPipeline(store::Store* store, CommitSequencer* sequencer,
               ClusterFanout* fanout, AccountDirectory* directory,
               WorkerPool* pool, Clock clock, size_t max_queued);
  // Stop().
  ~SendPipeline();
  SendPipeline(const SendPipeline&) = delete;
  SendPipeline& operator=(const SendPipeline&) = delete;

  // Queues `message` for the next group. Its `done` runs after the commit, on
  // a worker (or the send thread when the pool is full); or at once, on the
  // calling thread, with RESOURCE_EXHAUSTED when too many messages wait or
  // the pipeline is stopped. NOT_FOUND if the sender or recipient vanished
  // before the commit. Never blocks.
  void Submit(OutgoingMessage message);
  // Messages waiting for the next group now.
  size_t queued_count() { return thread_.queued_count(); }
  // Commits and reports every message already queued, then stops the send
  // thread; later messages are refused. Idempotent.
  void Stop();

  // What the pipeline has committed so far, and how.
  const SendMetrics& metrics() const { return metrics_; }

 private:
  struct Pending;

  // The send thread's work for one group.
  void HandleGroup(std::vector<std::unique_ptr<Pending>>& group);
  // Commits the group and publishes its events; with the commit lock held.
  void Commit(const std::vector<std::unique_ptr<Pending>>& group,
              CommitEvents& events);
  // Starts the stream writes of a committed group, then reports every
  // outcome.
  static void Report(std::vector<std::unique_ptr<Pending>>& group,
                     CommitEvents& events);

  store::Store* const store_;
  CommitSequencer* const sequencer_;
  ClusterFanout* const fanout_;
  AccountDirectory* const directory_;
  WorkerPool* const pool_;
  const Clock clock_;
  SendMetrics metrics_;
  // Last: its thread uses everything above, and it is stopped first.
  BatchThread<std::unique_ptr<Pending>> thread_;
};

}  // namespace parley

#endif  // PARLEY_SERVER_ENGINE_SEND_PIPELINE_H_
