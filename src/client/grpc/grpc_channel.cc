#include "client/grpc/grpc_channel.h"

#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "interceptors/byte_counting_interceptor.h"

namespace parley {

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> GrpcCredentials(
    const std::string& tls_ca_path) {
  if (tls_ca_path.empty()) return grpc::InsecureChannelCredentials();
  std::ifstream in(tls_ca_path, std::ios::binary);
  if (!in) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot read ", tls_ca_path));
  }
  std::ostringstream pem;
  pem << in.rdbuf();
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = pem.str();
  return grpc::SslCredentials(ssl);
}

std::shared_ptr<grpc::Channel> CreateGrpcChannel(
    const std::string& address,
    const std::shared_ptr<grpc::ChannelCredentials>& credentials,
    const GrpcChannelOptions& options) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 30'000);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 10'000);
  args.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  if (options.own_connection) {
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  }
  std::vector<
      std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
      interceptors;
  if (options.bytes != nullptr) {
    interceptors.push_back(
        std::make_unique<ByteCountingClientInterceptorFactory>(options.bytes));
  }
  return grpc::experimental::CreateCustomChannelWithInterceptors(
      address, credentials, args, std::move(interceptors));
}

}  // namespace parley
