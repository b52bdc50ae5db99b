#include "server/engine/send_pipeline.h"

#include <chrono>
#include <optional>
#include <utility>

#include "server/engine/events.h"

namespace parley {

struct SendPipeline::Pending {
  OutgoingMessage message;
  // Set by the send thread.
  absl::StatusOr<SentMessage> outcome = absl::UnknownError("not committed");
};

SendPipeline::SendPipeline(store::Store* store, CommitSequencer* sequencer,
                           ClusterFanout* fanout, AccountDirectory* directory,
                           WorkerPool* pool, Clock clock, size_t max_queued)
    : store_(store),
      sequencer_(sequencer),
      fanout_(fanout),
      directory_(directory),
      pool_(pool),
      clock_(std::move(clock)),
      thread_("parley-send", max_queued,
              [this](std::vector<std::unique_ptr<Pending>>& group) {
                HandleGroup(group);
              }) {}

SendPipeline::~SendPipeline() { Stop(); }

void SendPipeline::Stop() { thread_.Stop(); }

void SendPipeline::Submit(OutgoingMessage message) {
  auto pending = std::make_unique<Pending>();
  pending->message = std::move(message);
  if (std::optional<std::unique_ptr<Pending>> refused =
          thread_.TrySubmit(std::move(pending))) {
    std::move((*refused)->message.done)(absl::ResourceExhaustedError(
        "the server is busy: too many messages are waiting to be stored; try "
        "again shortly"));
  }
}

void SendPipeline::HandleGroup(std::vector<std::unique_ptr<Pending>>& group) {
  CommitEvents events = sequencer_->NewEvents();
  sequencer_->Run(&events, [&](CommitEvents& e) { Commit(group, e); });
  // The writes and replies (a socket write each, about as costly as the
  // commit) go to the pool, so the send thread can commit the next group
  // meanwhile, on the other core.
  struct Committed {
    std::vector<std::unique_ptr<Pending>> group;
    CommitEvents events;
  };
  auto committed = std::make_shared<Committed>(
      Committed{std::move(group), std::move(events)});
  if (!pool_->TrySubmit(
          [committed] { Report(committed->group, committed->events); })) {
    Report(committed->group, committed->events);
  }
}

void SendPipeline::Commit(const std::vector<std::unique_ptr<Pending>>& group,
                          CommitEvents& events) {
  const int64_t now = clock_();
  std::vector<store::NewMessage> messages;
  messages.reserve(group.size());
  for (const std::unique_ptr<Pending>& pending : group) {
    const OutgoingMessage& m = pending->message;
    messages.push_back(
        store::NewMessage{m.sender.account_id, m.recipient.id, m.text, now});
  }
  // One outcome per message: the group's transaction, or, if that failed
  // because an account of one message vanished (nothing was stored then),
  // each message in a transaction of its own so the others do not fail with
  // it.
  std::vector<absl::StatusOr<int64_t>> ids;
  const auto started = std::chrono::steady_clock::now();
  absl::StatusOr<std::vector<int64_t>> all = store_->AppendMessages(messages);
  metrics_.commit_seconds.Observe(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
          .count());
  metrics_.batch_size.Observe(static_cast<double>(group.size()));
  if (!all.ok() && !absl::IsNotFound(all.status())) {
    metrics_.commit_errors.Add();
  }
  if (all.ok()) {
    ids.assign(all->begin(), all->end());
  } else if (group.size() > 1 && absl::IsNotFound(all.status())) {
    for (const store::NewMessage& message : messages) {
      absl::StatusOr<std::vector<int64_t>> one =
          store_->AppendMessages({&message, 1});
      ids.push_back(one.ok() ? absl::StatusOr<int64_t>(one->front())
                             : absl::StatusOr<int64_t>(one.status()));
    }
  } else {
    ids.assign(group.size(), all.status());
  }
  std::vector<store::MessageRecord> committed;
  for (size_t i = 0; i < group.size(); ++i) {
    Pending& pending = *group[i];
    const OutgoingMessage& m = pending.message;
    if (!ids[i].ok()) {
      pending.outcome = ids[i].status();
      // The cached recipient may be what vanished.
      if (absl::IsNotFound(ids[i].status())) {
        directory_->Forget(m.recipient.username);
      }
      continue;
    }
    metrics_.stored.Add();
    pending.outcome = SentMessage{*ids[i], now};
    committed.push_back(store::MessageRecord{
        *ids[i], m.sender.account_id, m.sender.username, m.recipient.id,
        m.recipient.username, m.text, now, false});
  }
  // Ids are in input order within a transaction, and the one-by-one
  // fallback commits in input order too.
  fanout_->PublishLocal(committed, events);
}

void SendPipeline::Report(std::vector<std::unique_ptr<Pending>>& group,
                          CommitEvents& events) {
  // The events already hold their places in the streams' queues (commit
  // order); deliveries start before the replies, since a delivery is what a
  // person waits for.
  events.Start();
  for (std::unique_ptr<Pending>& pending : group) {
    std::move(pending->message.done)(std::move(pending->outcome));
  }
}

}  // namespace parley
