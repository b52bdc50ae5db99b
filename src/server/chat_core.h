// The transport-neutral core of a server: the engine parts and the rules
// over one store, with no edge attached. ParleyServer attaches the edges
// (gRPC today) to one; the rules' unit tests drive one directly.
//
// Thread safety: the rules and the hub are safe for concurrent use;
// StartFanout, CloseStreams and Shutdown may be called from any thread,
// StartFanout once, Shutdown once the edges have stopped calling the rules.
// Ownership: the store is not owned and must outlive the core.
#ifndef PARLEY_SERVER_CHAT_CORE_H_
#define PARLEY_SERVER_CHAT_CORE_H_

#include <cstddef>
#include <memory>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "server/engine/hub.h"
#include "server/engine/login_limiter.h"
#include "server/engine/metrics.h"
#include "server/rules/account_rules.h"
#include "server/rules/message_rules.h"
#include "server/rules/service_options.h"
#include "server/rules/subscription_rules.h"
#include "store/change_feed.h"
#include "store/store.h"
#include "store/throttle_table.h"

namespace parley {

struct CoreOptions {
  // Worker threads at start; the pool grows to 64 while all are busy.
  int workers = 4;
  // Calls waiting for a worker before RESOURCE_EXHAUSTED.
  size_t max_queued_calls = 10'000;
  ServiceOptions service;
  // How sign-in attempts are throttled (docs/throttling.md).
  LoginLimiterOptions login_limits;
  Clock clock = RealNowMicros;
  // How the other servers on the same database are heard (not owned; it must
  // outlive the core); null for a store no other server shares (SQLite).
  store::ChangeFeed* feed = nullptr;
  // Where sign-in throttling counts, shared with those servers (not owned;
  // it must outlive the core); null keeps the counts in memory.
  store::ThrottleTable* throttle = nullptr;
  // How often the database is probed for writes (write_probe.h).
  absl::Duration write_probe_interval = absl::Seconds(5);
};

class ChatCore {
 public:
  // Starts the worker pool, the send thread and the timer over `store`.
  ChatCore(store::Store* store, const CoreOptions& options);
  // Shutdown().
  ~ChatCore();
  ChatCore(const ChatCore&) = delete;
  ChatCore& operator=(const ChatCore&) = delete;

  AccountRules& accounts();
  MessageRules& messages();
  SubscriptionRules& subscriptions();
  // Open streams, by account.
  Hub& hub();
  // What the send pipeline has committed, and how.
  const SendMetrics& send_metrics() const;
  // Sign-in attempts refused by the throttle so far.
  LoginLimiter::Refusals login_refusals() const;
  // What waits in the engine now.
  struct Load {
    int64_t worker_threads = 0;
    int64_t queued_calls = 0;      // waiting for a worker
    int64_t queued_sends = 0;      // waiting for the next group commit
    int64_t pending_sign_ins = 0;  // between BeginLogin and CompleteLogin
  };
  Load load();
  // Starts probing the database for writes and calls `on_change` with the
  // first answer and each change (write_probe.h). At most once.
  void WatchWritable(absl::AnyInvocable<void(bool writable)> on_change);
  // The last answer of that probe; true before the first.
  bool writable();

  // Starts hearing the other servers on the database (cluster_fanout.h), so
  // that what they commit reaches this core's streams and caches. OK at once
  // without a feed; UNAVAILABLE if the feed cannot reach the database.
  absl::Status StartFanout();
  // Ends every open stream with `status` and refuses new ones.
  void CloseStreams(const absl::Status& status);
  // Runs the calls already queued, commits and reports the sends already
  // accepted, and stops the threads; later calls are refused with
  // RESOURCE_EXHAUSTED. Idempotent.
  void Shutdown();

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

}  // namespace parley

#endif  // PARLEY_SERVER_CHAT_CORE_H_
