#include "server/server.h"

#include <utility>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/log.h"
#include "server/engine/account_directory.h"
#include "server/engine/call_runner.h"
#include "server/engine/commit_sequencer.h"
#include "server/engine/hub.h"
#include "server/engine/login_limiter.h"
#include "server/engine/pending_logins.h"
#include "server/engine/send_pipeline.h"
#include "server/engine/session_cache.h"
#include "server/engine/timer.h"
#include "server/engine/worker_pool.h"
#include "server/grpc/grpc_edge.h"
#include "server/rules/account_rules.h"
#include "server/rules/message_rules.h"
#include "server/rules/subscription_rules.h"
#include "store/sqlite_store.h"

namespace parley {
namespace {

constexpr size_t kMaxSessionCacheEntries = 100'000;
// Cached accounts before the cache is emptied and refilled from the store
// (bounds memory).
constexpr size_t kMaxCachedNames = 100'000;

}  // namespace

// The parts, in the order they are built; they are torn down in reverse.
struct ParleyServer::Parts {
  ServerOptions options;
  std::unique_ptr<store::SqliteStore> store;
  Hub hub;
  Timer timer;
  std::unique_ptr<WorkerPool> pool;
  std::unique_ptr<SessionCache> sessions;
  std::unique_ptr<LoginLimiter> limiter;
  std::unique_ptr<PendingLogins> pending_logins;
  std::unique_ptr<AccountDirectory> directory;
  std::unique_ptr<CommitSequencer> sequencer;
  std::unique_ptr<SendPipeline> sends;
  std::unique_ptr<CallRunner> runner;
  std::unique_ptr<AccountRules> accounts;
  std::unique_ptr<MessageRules> messages;
  std::unique_ptr<SubscriptionRules> subscriptions;
  std::unique_ptr<GrpcEdge> grpc;
  absl::Mutex shutdown_mu;
  bool shut_down ABSL_GUARDED_BY(shutdown_mu) = false;
};

absl::StatusOr<std::unique_ptr<ParleyServer>> ParleyServer::Start(
    ServerOptions options) {
  if (options.workers < 1 || options.workers > 256) {
    return absl::InvalidArgumentError("--workers must be between 1 and 256");
  }
  auto parts = std::make_unique<Parts>();
  Parts& p = *parts;
  p.options = options;
  store::SqliteStoreOptions store_options;
  store_options.connection.full_sync = options.full_sync;
  absl::StatusOr<std::unique_ptr<store::SqliteStore>> store =
      store::SqliteStore::Open(options.db_path, store_options);
  if (!store.ok()) return store.status();
  p.store = *std::move(store);
  if (absl::StatusOr<int64_t> expired =
          p.store->DeleteExpiredSessions(options.clock());
      expired.ok() && *expired > 0) {
    PARLEY_LOG(kInfo) << "removed " << *expired << " expired sessions";
  }

  const ServiceOptions& service = options.service;
  p.pool =
      std::make_unique<WorkerPool>(options.workers, options.max_queued_calls);
  p.sessions = std::make_unique<SessionCache>(p.store.get(), options.clock,
                                              kMaxSessionCacheEntries);
  p.limiter = std::make_unique<LoginLimiter>(LoginLimiterOptions{});
  p.pending_logins =
      std::make_unique<PendingLogins>(service.max_pending_logins);
  p.directory =
      std::make_unique<AccountDirectory>(p.store.get(), kMaxCachedNames);
  p.sequencer = std::make_unique<CommitSequencer>(&p.hub);
  p.sends = std::make_unique<SendPipeline>(
      p.store.get(), p.sequencer.get(), p.directory.get(), p.pool.get(),
      options.clock, service.max_queued_sends);
  p.runner = std::make_unique<CallRunner>(p.pool.get(), p.sessions.get());
  p.accounts = std::make_unique<AccountRules>(
      AccountRulesDeps{p.store.get(), p.runner.get(), p.sessions.get(),
                       p.directory.get(), p.sequencer.get(), &p.hub,
                       p.limiter.get(), p.pending_logins.get()},
      options.clock, service);
  p.messages = std::make_unique<MessageRules>(
      MessageRulesDeps{p.store.get(), p.runner.get(), p.directory.get(),
                       p.sequencer.get(), p.sends.get()},
      service);
  EventStreamOptions stream_options;
  stream_options.max_queued_events = service.max_queued_events;
  p.subscriptions = std::make_unique<SubscriptionRules>(
      SubscriptionRulesDeps{p.store.get(), p.runner.get(), &p.hub, &p.timer},
      stream_options);

  absl::StatusOr<std::unique_ptr<GrpcEdge>> grpc = GrpcEdge::Start(
      GrpcEdgeOptions{options.listen_address, options.tls_cert_path,
                      options.tls_key_path},
      p.accounts.get(), p.messages.get(), p.subscriptions.get());
  if (!grpc.ok()) return grpc.status();
  p.grpc = *std::move(grpc);
  PARLEY_LOG(kInfo) << "serving chat.v1 on port " << p.grpc->port()
                    << " with database " << options.db_path << " and "
                    << options.workers << " workers";
  return std::unique_ptr<ParleyServer>(new ParleyServer(std::move(parts)));
}

ParleyServer::ParleyServer(std::unique_ptr<Parts> parts)
    : parts_(std::move(parts)) {}

ParleyServer::~ParleyServer() { Shutdown(); }

int ParleyServer::port() const { return parts_->grpc->port(); }

void ParleyServer::Shutdown(int grace_ms) {
  Parts& p = *parts_;
  {
    absl::MutexLock lock(&p.shutdown_mu);
    if (p.shut_down) return;
    p.shut_down = true;
  }
  PARLEY_LOG(kInfo) << "shutting down: ending streams and draining calls";
  p.grpc->SetServing(false);
  p.hub.CloseAll(absl::UnavailableError(
      "the server is shutting down; reconnect in a moment"));
  p.grpc->Shutdown(absl::Now() + absl::Milliseconds(grace_ms));
  p.pool->Shutdown();
  p.sends->Stop();
  p.timer.Stop();
  p.store.reset();
  PARLEY_LOG(kInfo) << "shut down cleanly";
}

void ParleyServer::Wait() { parts_->grpc->Wait(); }

ByteCounter& ParleyServer::bytes() { return parts_->grpc->bytes(); }

size_t ParleyServer::subscriber_count() {
  return parts_->hub.SubscriberCount();
}

}  // namespace parley
