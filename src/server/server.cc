#include "server/server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/log.h"
#include "grpc/health/v1/health.pb.h"
#include "interceptors/byte_counting_interceptor.h"
#include "interceptors/logging_interceptor.h"
#include "interceptors/parse_error_interceptor.h"
#include "server/auth_service.h"
#include "server/chat_service.h"
#include "server/grpc_adapter.h"
#include "server/hub.h"
#include "server/login_limiter.h"
#include "server/session_cache.h"
#include "server/worker_pool.h"
#include "store/sqlite/sqlite_store.h"

namespace parley {
namespace {

constexpr size_t kMaxSessionCacheEntries = 100'000;
constexpr int kMaxRequestBytes = 64 * 1024;

bool IsLoopback(const std::string& address) {
  return absl::StartsWith(address, "127.") ||
         absl::StartsWith(address, "localhost:") ||
         absl::StartsWith(address, "[::1]:") ||
         absl::StartsWith(address, "unix:");
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return absl::InvalidArgumentError(absl::StrCat("cannot read ", path));
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> Credentials(
    const ServerOptions& options) {
  if (options.tls_cert_path.empty() != options.tls_key_path.empty()) {
    return absl::InvalidArgumentError(
        "--tls_cert and --tls_key must be given together");
  }
  if (options.tls_cert_path.empty()) {
    if (!IsLoopback(options.listen_address)) {
      PARLEY_LOG(kWarning)
          << "listening on " << options.listen_address
          << " without TLS: tokens and messages cross the network in the "
             "clear; pass --tls_cert and --tls_key";
    }
    return grpc::InsecureServerCredentials();
  }
  absl::StatusOr<std::string> cert = ReadFile(options.tls_cert_path);
  if (!cert.ok()) return cert.status();
  absl::StatusOr<std::string> key = ReadFile(options.tls_key_path);
  if (!key.ok()) return key.status();
  grpc::SslServerCredentialsOptions ssl;
  ssl.pem_key_cert_pairs.push_back({*key, *cert});
  return grpc::SslServerCredentials(ssl);
}

}  // namespace

struct ParleyServer::Parts {
  ServerOptions options;
  std::unique_ptr<store::SqliteStore> store;
  Hub hub;
  std::unique_ptr<WorkerPool> pool;
  std::unique_ptr<SessionCache> sessions;
  std::unique_ptr<LoginLimiter> limiter;
  std::unique_ptr<AuthService> auth;
  std::unique_ptr<ChatService> chat;
  std::unique_ptr<CallRunner> runner;
  std::unique_ptr<AccountServiceImpl> account_service;
  std::unique_ptr<MessageServiceImpl> message_service;
  std::unique_ptr<SubscriptionServiceImpl> subscription_service;
  ByteCounter bytes;
  std::unique_ptr<grpc::Server> server;
  int port = 0;
  absl::Mutex shutdown_mu;
  bool shut_down ABSL_GUARDED_BY(shutdown_mu) = false;
};

absl::StatusOr<std::unique_ptr<ParleyServer>> ParleyServer::Start(
    ServerOptions options) {
  if (options.workers < 1 || options.workers > 256) {
    return absl::InvalidArgumentError("--workers must be between 1 and 256");
  }
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      Credentials(options);
  if (!credentials.ok()) return credentials.status();

  auto parts = std::make_unique<Parts>();
  parts->options = options;
  store::SqliteStoreOptions store_options;
  store_options.connection.full_sync = options.full_sync;
  absl::StatusOr<std::unique_ptr<store::SqliteStore>> store =
      store::SqliteStore::Open(options.db_path, store_options);
  if (!store.ok()) return store.status();
  parts->store = *std::move(store);
  if (absl::StatusOr<int64_t> expired =
          parts->store->DeleteExpiredSessions(options.clock());
      expired.ok() && *expired > 0) {
    PARLEY_LOG(kInfo) << "removed " << *expired << " expired sessions";
  }

  parts->pool =
      std::make_unique<WorkerPool>(options.workers, options.max_queued_calls);
  parts->sessions = std::make_unique<SessionCache>(
      parts->store.get(), options.clock, kMaxSessionCacheEntries);
  parts->limiter = std::make_unique<LoginLimiter>(LoginLimiterOptions{});
  parts->auth = std::make_unique<AuthService>(
      parts->store.get(), parts->sessions.get(), &parts->hub,
      parts->limiter.get(), options.clock, options.service);
  parts->chat = std::make_unique<ChatService>(
      parts->store.get(), &parts->hub, parts->sessions.get(), parts->pool.get(),
      options.clock, options.service);
  parts->runner =
      std::make_unique<CallRunner>(parts->auth.get(), parts->pool.get());
  parts->account_service = std::make_unique<AccountServiceImpl>(
      parts->runner.get(), parts->chat.get());
  parts->message_service = std::make_unique<MessageServiceImpl>(
      parts->runner.get(), parts->chat.get());
  parts->subscription_service = std::make_unique<SubscriptionServiceImpl>(
      parts->runner.get(), parts->chat.get());

  grpc::EnableDefaultHealthCheckService(true);
  // Links the health messages' descriptors in, so reflection can describe the
  // health service.
  grpc::health::v1::HealthCheckRequest::descriptor();
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen_address, *credentials, &parts->port);
  builder.RegisterService(parts->account_service.get());
  builder.RegisterService(parts->message_service.get());
  builder.RegisterService(parts->subscription_service.get());
  builder.SetMaxReceiveMessageSize(kMaxRequestBytes);
  // Ping idle connections so streams of vanished clients end, and let clients
  // ping us.
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, 60'000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 20'000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  builder.AddChannelArgument(
      GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10'000);
  std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      interceptors;
  interceptors.push_back(
      std::make_unique<ParseErrorServerInterceptorFactory>());
  interceptors.push_back(std::make_unique<LoggingServerInterceptorFactory>());
  interceptors.push_back(
      std::make_unique<ByteCountingServerInterceptorFactory>(&parts->bytes));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));

  parts->server = builder.BuildAndStart();
  if (!parts->server || parts->port == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.listen_address,
                     " (is the address valid and the port free?)"));
  }
  parts->server->GetHealthCheckService()->SetServingStatus(true);
  PARLEY_LOG(kInfo) << "serving chat.v1 on port " << parts->port
                    << " with database " << options.db_path << " and "
                    << options.workers << " workers";
  return std::unique_ptr<ParleyServer>(new ParleyServer(std::move(parts)));
}

ParleyServer::ParleyServer(std::unique_ptr<Parts> parts)
    : parts_(std::move(parts)) {}

ParleyServer::~ParleyServer() { Shutdown(); }

int ParleyServer::port() const { return parts_->port; }

void ParleyServer::Shutdown(int grace_ms) {
  {
    absl::MutexLock lock(&parts_->shutdown_mu);
    if (parts_->shut_down) return;
    parts_->shut_down = true;
  }
  PARLEY_LOG(kInfo) << "shutting down: ending streams and draining calls";
  parts_->server->GetHealthCheckService()->SetServingStatus(false);
  parts_->hub.CloseAll(absl::UnavailableError(
      "the server is shutting down; reconnect in a moment"));
  parts_->server->Shutdown(std::chrono::system_clock::now() +
                           std::chrono::milliseconds(grace_ms));
  parts_->pool->Shutdown();
  parts_->chat->Shutdown();
  parts_->store.reset();
  PARLEY_LOG(kInfo) << "shut down cleanly";
}

void ParleyServer::Wait() { parts_->server->Wait(); }

ByteCounter& ParleyServer::bytes() { return parts_->bytes; }

size_t ParleyServer::subscriber_count() {
  return parts_->hub.SubscriberCount();
}

}  // namespace parley
