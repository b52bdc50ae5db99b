#include "server/server.h"

#include <utility>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/log.h"
#include "server/chat_core.h"
#include "server/grpc/grpc_edge.h"
#include "store/sqlite_store.h"

namespace parley {

// Built in this order and torn down in reverse.
struct ParleyServer::Parts {
  std::unique_ptr<store::SqliteStore> store;
  std::unique_ptr<ChatCore> core;
  std::unique_ptr<GrpcEdge> grpc;
  absl::Mutex shutdown_mu;
  bool shut_down ABSL_GUARDED_BY(shutdown_mu) = false;
};

absl::StatusOr<std::unique_ptr<ParleyServer>> ParleyServer::Start(
    const ServerOptions& options) {
  if (options.workers < 1 || options.workers > 256) {
    return absl::InvalidArgumentError("--workers must be between 1 and 256");
  }
  auto parts = std::make_unique<Parts>();
  Parts& p = *parts;
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

  p.core = std::make_unique<ChatCore>(
      p.store.get(), CoreOptions{options.workers, options.max_queued_calls,
                                 options.service, options.clock});

  absl::StatusOr<std::unique_ptr<GrpcEdge>> grpc = GrpcEdge::Start(
      GrpcEdgeOptions{options.listen_address, options.tls_cert_path,
                      options.tls_key_path},
      &p.core->accounts(), &p.core->messages(), &p.core->subscriptions());
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
  p.core->CloseStreams(absl::UnavailableError(
      "the server is shutting down; reconnect in a moment"));
  p.grpc->Shutdown(absl::Now() + absl::Milliseconds(grace_ms));
  p.core->Shutdown();
  p.store.reset();
  PARLEY_LOG(kInfo) << "shut down cleanly";
}

void ParleyServer::Wait() { parts_->grpc->Wait(); }

ByteCounter& ParleyServer::bytes() { return parts_->grpc->bytes(); }

size_t ParleyServer::subscriber_count() {
  return parts_->core->hub().SubscriberCount();
}

}  // namespace parley
