#include "server/server.h"

#include <utility>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/log.h"
#include "common/protobuf_log.h"
#include "server/chat_core.h"
#include "server/engine/call_metrics.h"
#include "server/grpc/grpc_edge.h"
#include "server/metrics/metrics_http_server.h"
#include "server/metrics/metrics_page.h"
#include "server/socket/io_loop.h"
#include "server/socket/rule_dispatcher.h"
#include "server/socket/socket_listener.h"
#include "store/postgres/postgres_store.h"
#include "store/postgres/postgres_url.h"
#include "store/sqlite/sqlite_store.h"
#include "wire/binary_codec.h"
#include "wire/json_codec.h"
#include "wire/methods.h"

namespace parley {
namespace {

absl::StatusOr<std::shared_ptr<asio::ssl::context>> TlsContext(
    const ServerOptions& options) {
  if (options.tls_cert_path.empty()) return nullptr;
  auto context =
      std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
  asio::error_code error;
  context->set_options(
      asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
          asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
          asio::ssl::context::no_tlsv1_1,
      error);
  if (!error) {
    context->use_certificate_chain_file(options.tls_cert_path, error);
  }
  if (!error) {
    context->use_private_key_file(options.tls_key_path, asio::ssl::context::pem,
                                  error);
  }
  if (error) {
    return absl::InvalidArgumentError(
        "--tls_cert and --tls_key must name a readable PEM certificate "
        "chain and its private key: " +
        error.message());
  }
  return context;
}

// The store --db names, PostgreSQL for a postgresql:// or postgres:// URL,
// else the SQLite file at that path, and how the other servers on it are
// heard: over LISTEN/NOTIFY for PostgreSQL, not at all for an SQLite file (no
// other server shares it).
struct OpenedStore {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<store::ChangeFeed> feed;
  // Sign-in throttling shared with them; null to keep it in memory.
  store::ThrottleTable* throttle = nullptr;
};

absl::StatusOr<OpenedStore> OpenStore(const ServerOptions& options) {
  if (store::postgres::IsPostgresUrl(options.db_path)) {
    absl::StatusOr<std::unique_ptr<store::PostgresStore>> store =
        store::PostgresStore::Open(options.db_path, options.postgres);
    if (!store.ok()) return store.status();
    std::unique_ptr<store::ChangeFeed> feed =
        (*store)->NewChangeFeed(store::PostgresChangeFeedOptions());
    store::ThrottleTable* throttle = store->get();
    return OpenedStore{*std::move(store), std::move(feed), throttle};
  }
  store::SqliteStoreOptions store_options;
  store_options.connection.full_sync = options.full_sync;
  absl::StatusOr<std::unique_ptr<store::SqliteStore>> store =
      store::SqliteStore::Open(options.db_path, store_options);
  if (!store.ok()) return store.status();
  return OpenedStore{*std::move(store), nullptr, nullptr};
}

// The methods with call series of their own: chat.v1's, health's and
// reflection's; any other is counted as "other".
std::vector<MetricsMethod> MetricsMethods() {
  std::vector<MetricsMethod> methods;
  for (const wire::MethodInfo& method : wire::AllMethods()) {
    methods.push_back({wire::GrpcMethodPath(method), method.server_streaming});
  }
  methods.push_back({"/grpc.health.v1.Health/Check", false});
  methods.push_back({"/grpc.health.v1.Health/Watch", true});
  methods.push_back(
      {"/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", true});
  return methods;
}

}  // namespace

// Built in this order and torn down in reverse.
struct ParleyServer::Parts {
  CallMetrics calls{MetricsMethods()};
  std::unique_ptr<store::Store> store;
  std::unique_ptr<store::ChangeFeed> feed;
  std::unique_ptr<ChatCore> core;
  std::unique_ptr<GrpcEdge> grpc;
  wire::BinaryCodec binary_codec;
  wire::JsonCodec json_codec;
  std::unique_ptr<RuleDispatcher> dispatcher;
  std::unique_ptr<IoLoop> io;
  std::unique_ptr<SocketListener> binary;
  std::unique_ptr<SocketListener> json;
  std::unique_ptr<MetricsHttpServer> metrics;
  absl::Mutex shutdown_mu;
  bool shut_down ABSL_GUARDED_BY(shutdown_mu) = false;

  // The socket loop stops before its listeners go (SocketListener's contract),
  // also when a later part failed to start and Shutdown never ran.
  ~Parts() {
    if (io) io->Stop();
  }
};

absl::Status ParleyServer::StartSocketEdges(const ServerOptions& options,
                                            Parts& p) {
  if (options.binary_listen_address.empty() &&
      options.json_listen_address.empty()) {
    return absl::OkStatus();
  }
  absl::StatusOr<std::shared_ptr<asio::ssl::context>> tls = TlsContext(options);
  if (!tls.ok()) return tls.status();
  p.dispatcher = std::make_unique<RuleDispatcher>(
      &p.core->accounts(), &p.core->messages(), &p.core->subscriptions());
  p.io = std::make_unique<IoLoop>(options.io_threads);
  struct Edge {
    const std::string* address;
    const wire::Codec* codec;
    EdgeProtocol protocol;
    std::unique_ptr<SocketListener>* listener;
  };
  const Edge edges[] = {
      {&options.binary_listen_address, &p.binary_codec, EdgeProtocol::kBinary,
       &p.binary},
      {&options.json_listen_address, &p.json_codec, EdgeProtocol::kJson,
       &p.json},
  };
  for (const Edge& edge : edges) {
    if (edge.address->empty()) continue;
    absl::StatusOr<std::unique_ptr<SocketListener>> listener =
        SocketListener::Start(
            p.io.get(), *edge.address, edge.codec, p.dispatcher.get(), *tls,
            ConnectionSetup{
                &p.grpc->bytes(), &p.calls, edge.protocol,
                absl::ToChronoMilliseconds(options.socket_stall_timeout)});
    if (!listener.ok()) return listener.status();
    *edge.listener = *std::move(listener);
  }
  return absl::OkStatus();
}

std::string ParleyServer::RenderMetrics(Parts& p) {
  MetricsReadings readings;
  readings.calls = &p.calls;
  readings.sends = &p.core->send_metrics();
  readings.login_refusals = p.core->login_refusals();
  readings.sign_in_failures = p.core->accounts().sign_in_failures();
  const ChatCore::Load load = p.core->load();
  readings.worker_threads = load.worker_threads;
  readings.queued_calls = load.queued_calls;
  readings.queued_sends = load.queued_sends;
  readings.pending_sign_ins = load.pending_sign_ins;
  readings.bytes = p.grpc->bytes().Snapshot();
  readings.open_streams = static_cast<int64_t>(p.core->hub().SubscriberCount());
  if (p.binary) {
    readings.binary_connections =
        static_cast<int64_t>(p.binary->connection_count());
  }
  if (p.json) {
    readings.json_connections =
        static_cast<int64_t>(p.json->connection_count());
  }
  readings.resident_bytes = ReadResidentBytes();
  readings.writable = p.core->writable();
  return MetricsPage(readings);
}

std::string ParleyServer::SocketPorts(const Parts& p) {
  std::string ports;
  if (p.binary) ports += ", binary on port " + std::to_string(p.binary->port());
  if (p.json) ports += ", JSON on port " + std::to_string(p.json->port());
  if (p.metrics) {
    ports += ", metrics on port " + std::to_string(p.metrics->port());
  }
  return ports;
}

absl::StatusOr<std::unique_ptr<ParleyServer>> ParleyServer::Start(
    const ServerOptions& options) {
  RouteProtobufLogs();
  if (options.workers < 1 || options.workers > 256) {
    return absl::InvalidArgumentError("--workers must be between 1 and 256");
  }
  auto parts = std::make_unique<Parts>();
  Parts& p = *parts;
  absl::StatusOr<OpenedStore> opened = OpenStore(options);
  if (!opened.ok()) return opened.status();
  p.store = std::move(opened->store);
  p.feed = std::move(opened->feed);
  if (absl::StatusOr<int64_t> expired =
          p.store->DeleteExpiredSessions(options.clock());
      expired.ok() && *expired > 0) {
    PARLEY_LOG(kInfo) << "removed " << *expired << " expired sessions";
  }

  CoreOptions core_options;
  core_options.workers = options.workers;
  core_options.max_queued_calls = options.max_queued_calls;
  core_options.service = options.service;
  core_options.clock = options.clock;
  core_options.feed = p.feed.get();
  core_options.throttle = opened->throttle;
  core_options.write_probe_interval = options.write_probe_interval;
  p.core = std::make_unique<ChatCore>(p.store.get(), core_options);
  if (absl::Status s = p.core->StartFanout(); !s.ok()) return s;

  absl::StatusOr<std::unique_ptr<GrpcEdge>> grpc = GrpcEdge::Start(
      GrpcEdgeOptions{options.listen_address, options.tls_cert_path,
                      options.tls_key_path},
      &p.core->accounts(), &p.core->messages(), &p.core->subscriptions(),
      &p.calls);
  if (!grpc.ok()) return grpc.status();
  p.grpc = *std::move(grpc);
  if (absl::Status s = StartSocketEdges(options, p); !s.ok()) return s;
  if (!options.metrics_listen_address.empty()) {
    absl::StatusOr<std::unique_ptr<MetricsHttpServer>> metrics =
        MetricsHttpServer::Start(options.metrics_listen_address,
                                 [&p] { return RenderMetrics(p); });
    if (!metrics.ok()) return metrics.status();
    p.metrics = *std::move(metrics);
  }
  Parts* parts_ptr = &p;
  p.core->WatchWritable([parts_ptr](bool writable) {
    absl::MutexLock lock(&parts_ptr->shutdown_mu);
    if (!parts_ptr->shut_down) parts_ptr->grpc->SetServing(writable);
  });
  PARLEY_LOG(kInfo) << "serving chat.v1 over gRPC on port " << p.grpc->port()
                    << SocketPorts(p) << " with database "
                    << store::postgres::RedactedUrl(options.db_path) << " and "
                    << options.workers << " workers";
  return std::unique_ptr<ParleyServer>(new ParleyServer(std::move(parts)));
}

ParleyServer::ParleyServer(std::unique_ptr<Parts> parts)
    : parts_(std::move(parts)) {}

ParleyServer::~ParleyServer() { Shutdown(); }

int ParleyServer::port() const { return parts_->grpc->port(); }

int ParleyServer::binary_port() const {
  return parts_->binary ? parts_->binary->port() : 0;
}

int ParleyServer::json_port() const {
  return parts_->json ? parts_->json->port() : 0;
}

int ParleyServer::metrics_port() const {
  return parts_->metrics ? parts_->metrics->port() : 0;
}

void ParleyServer::Shutdown(int grace_ms) {
  Parts& p = *parts_;
  {
    absl::MutexLock lock(&p.shutdown_mu);
    if (p.shut_down) return;
    p.shut_down = true;
  }
  PARLEY_LOG(kInfo) << "shutting down: ending streams and draining calls";
  if (p.metrics) p.metrics->Stop();
  p.grpc->SetServing(false);
  p.core->CloseStreams(absl::UnavailableError(
      "the server is shutting down; reconnect in a moment"));
  p.grpc->Shutdown(absl::Now() + absl::Milliseconds(grace_ms));
  // The streams' last status frames were queued by CloseStreams; the socket
  // connections close once those are written or the grace ends.
  StopSocketEdges(p, absl::Now() + absl::Milliseconds(grace_ms));
  p.core->Shutdown();
  p.store.reset();
  PARLEY_LOG(kInfo) << "shut down cleanly";
}

void ParleyServer::StopSocketEdges(Parts& p, absl::Time deadline) {
  if (p.binary) p.binary->Stop(deadline);
  if (p.json) p.json->Stop(deadline);
  if (p.io) p.io->Stop();
}

void ParleyServer::Wait() { parts_->grpc->Wait(); }

ByteCounter& ParleyServer::bytes() { return parts_->grpc->bytes(); }

size_t ParleyServer::subscriber_count() {
  return parts_->core->hub().SubscriberCount();
}

size_t ParleyServer::socket_connection_count() {
  const Parts& p = *parts_;
  return (p.binary ? p.binary->connection_count() : 0) +
         (p.json ? p.json->connection_count() : 0);
}

}  // namespace parley
