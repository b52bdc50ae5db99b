#include "server/chat_core.h"

#include "server/engine/account_directory.h"
#include "server/engine/call_runner.h"
#include "server/engine/cluster_fanout.h"
#include "server/engine/commit_sequencer.h"
#include "server/engine/login_limiter.h"
#include "server/engine/memory_trim.h"
#include "server/engine/pending_logins.h"
#include "server/engine/send_pipeline.h"
#include "server/engine/session_cache.h"
#include "server/engine/timer.h"
#include "server/engine/worker_pool.h"
#include "server/engine/write_probe.h"

namespace parley {
namespace {

constexpr size_t kMaxSessionCacheEntries = 100'000;
// Cached accounts before the cache is emptied and refilled from the store
// (bounds memory).
constexpr size_t kMaxCachedNames = 100'000;
// How often freed heap memory goes back to the system (memory_trim.h).
constexpr absl::Duration kMemoryTrimInterval = absl::Seconds(5);

}  // namespace

// The parts, in the order they are built; they are torn down in reverse.
struct ChatCore::Parts {
  Parts(store::Store* store, const CoreOptions& options)
      : pool(options.workers, options.max_queued_calls),
        sessions(store, options.clock, kMaxSessionCacheEntries),
        limiter(options.login_limits, options.throttle),
        pending_logins(options.service.max_pending_logins),
        directory(store, kMaxCachedNames),
        fanout(ClusterFanoutDeps{store, options.feed, &hub, &sessions,
                                 &directory, &pool}),
        sequencer(&hub),
        probe(store, &timer, &pool, options.write_probe_interval),
        sends(store, &sequencer, &fanout, &directory, &pool, options.clock,
              options.service.max_queued_sends),
        runner(&pool, &sessions),
        accounts(AccountRulesDeps{store, &runner, &sessions, &directory,
                                  &sequencer, &hub, &limiter, &pending_logins},
                 options.clock, options.service),
        messages(
            MessageRulesDeps{store, &runner, &directory, &sequencer, &sends},
            options.service),
        subscriptions(
            SubscriptionRulesDeps{store, &runner, &hub, &timer},
            EventStreamOptions{.max_queued_events =
                                   options.service.max_queued_events}) {}

  Hub hub;
  Timer timer;
  WorkerPool pool;
  SessionCache sessions;
  LoginLimiter limiter;
  PendingLogins pending_logins;
  AccountDirectory directory;
  ClusterFanout fanout;
  CommitSequencer sequencer;
  WriteProbe probe;
  SendPipeline sends;
  CallRunner runner;
  AccountRules accounts;
  MessageRules messages;
  SubscriptionRules subscriptions;
};

ChatCore::ChatCore(store::Store* store, const CoreOptions& options)
    : parts_(std::make_unique<Parts>(store, options)) {
  TrimMemoryEvery(kMemoryTrimInterval, &parts_->timer, &parts_->pool);
}

ChatCore::~ChatCore() { Shutdown(); }

AccountRules& ChatCore::accounts() { return parts_->accounts; }
MessageRules& ChatCore::messages() { return parts_->messages; }
SubscriptionRules& ChatCore::subscriptions() { return parts_->subscriptions; }
Hub& ChatCore::hub() { return parts_->hub; }
const SendMetrics& ChatCore::send_metrics() const {
  return parts_->sends.metrics();
}
LoginLimiter::Refusals ChatCore::login_refusals() const {
  return parts_->limiter.refusals();
}

ChatCore::Load ChatCore::load() {
  Load load;
  load.worker_threads = parts_->pool.thread_count();
  load.queued_calls = static_cast<int64_t>(parts_->pool.queued_count());
  load.queued_sends = static_cast<int64_t>(parts_->sends.queued_count());
  load.pending_sign_ins = static_cast<int64_t>(parts_->pending_logins.size());
  return load;
}

void ChatCore::WatchWritable(
    absl::AnyInvocable<void(bool writable)> on_change) {
  parts_->probe.Start(std::move(on_change));
}

bool ChatCore::writable() { return parts_->probe.writable(); }

absl::Status ChatCore::StartFanout() { return parts_->fanout.Start(); }

void ChatCore::CloseStreams(const absl::Status& status) {
  parts_->hub.CloseAll(status);
}

void ChatCore::Shutdown() {
  // Each step is idempotent. The feed first, so that nothing new arrives from
  // other servers; then the pool: its tasks may queue sends, and the send
  // thread's last group reports inline once the pool has stopped.
  parts_->fanout.Stop();
  parts_->pool.Shutdown();
  parts_->sends.Stop();
  parts_->timer.Stop();
}

}  // namespace parley
