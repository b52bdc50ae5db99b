#include "server/grpc/grpc_edge.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/resource_quota.h>
#include <grpcpp/security/server_credentials.h>

#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "common/read_file.h"
#include "grpc/health/v1/health.pb.h"
#include "interceptors/byte_counting_interceptor.h"
#include "interceptors/logging_interceptor.h"
#include "interceptors/parse_error_interceptor.h"
#include "server/grpc/metrics_interceptor.h"

namespace parley {
namespace {

constexpr int kMaxRequestBytes = 64 * 1024;
constexpr int kMaxStreamsPerConnection = 100;
constexpr size_t kTransportMemoryQuotaBytes = size_t{64} << 20;

bool IsLoopback(const std::string& address) {
  return absl::StartsWith(address, "127.") ||
         absl::StartsWith(address, "localhost:") ||
         absl::StartsWith(address, "[::1]:") ||
         absl::StartsWith(address, "unix:");
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> Credentials(
    const GrpcEdgeOptions& options) {
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

GrpcEdge::GrpcEdge(AccountRules* accounts, MessageRules* messages,
                   SubscriptionRules* subscriptions)
    : account_service_(accounts),
      message_service_(messages),
      subscription_service_(subscriptions) {}

GrpcEdge::~GrpcEdge() { Shutdown(absl::Now()); }

absl::StatusOr<std::unique_ptr<GrpcEdge>> GrpcEdge::Start(
    const GrpcEdgeOptions& options, AccountRules* accounts,
    MessageRules* messages, SubscriptionRules* subscriptions,
    CallMetrics* calls) {
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      Credentials(options);
  if (!credentials.ok()) return credentials.status();
  std::unique_ptr<GrpcEdge> edge(
      new GrpcEdge(accounts, messages, subscriptions));

  grpc::EnableDefaultHealthCheckService(true);
  // Links the health messages' descriptors in, so reflection can describe the
  // health service.
  grpc::health::v1::HealthCheckRequest::descriptor();
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen_address, *credentials, &edge->port_);
  builder.RegisterService(&edge->account_service_);
  builder.RegisterService(&edge->message_service_);
  builder.RegisterService(&edge->subscription_service_);
  builder.SetMaxReceiveMessageSize(kMaxRequestBytes);
  // What a flood of unauthenticated or oversized traffic can make the server
  // hold (docs/operations.md): streams a connection may open at once (a chat
  // client needs a few; 30 connections with 1,000 half-open streams each took
  // the server from 22 MB to 380 MB), and a memory quota for the transport's
  // buffers, under which gRPC shrinks flow-control windows and refuses new
  // streams instead of growing.
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS,
                             kMaxStreamsPerConnection);
  grpc::ResourceQuota quota("parley-grpc");
  quota.Resize(kTransportMemoryQuotaBytes);
  builder.SetResourceQuota(quota);
  // gRPC sets SO_REUSEPORT by default, which let a second server bind a
  // port already in use and take half its new connections: a busy port must
  // stop the second server instead.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
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
      std::make_unique<ByteCountingServerInterceptorFactory>(&edge->bytes_));
  // Last, so it counts the status the earlier interceptors settled on.
  interceptors.push_back(
      std::make_unique<MetricsServerInterceptorFactory>(calls));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));

  edge->server_ = builder.BuildAndStart();
  if (!edge->server_ || edge->port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.listen_address,
                     " (is the address valid and the port free?)"));
  }
  edge->SetServing(true);
  return edge;
}

void GrpcEdge::SetServing(bool serving) {
  if (server_) server_->GetHealthCheckService()->SetServingStatus(serving);
}

void GrpcEdge::Shutdown(absl::Time deadline) {
  if (server_) server_->Shutdown(absl::ToChronoTime(deadline));
}

void GrpcEdge::Wait() {
  if (server_) server_->Wait();
}

}  // namespace parley
