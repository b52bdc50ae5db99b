#include "connection.h"

#include <chrono>
#include <utility>
#include <vector>

#include "interceptors/byte_counting_interceptor.h"

namespace parley::bench {

Connection::Connection(const std::string& address, ByteCounter* bytes) {
  grpc::ChannelArguments args;
  // As ChatClient::Connect sets them.
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 30'000);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 10'000);
  args.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  // One TCP connection per Connection (see the header).
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  std::vector<
      std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
      interceptors;
  if (bytes != nullptr) {
    interceptors.push_back(
        std::make_unique<ByteCountingClientInterceptorFactory>(bytes));
  }
  channel_ = grpc::experimental::CreateCustomChannelWithInterceptors(
      address, grpc::InsecureChannelCredentials(), args,
      std::move(interceptors));
  accounts_ = chat::v1::AccountService::NewStub(channel_);
  messages_ = chat::v1::MessageService::NewStub(channel_);
  subscriptions_ = chat::v1::SubscriptionService::NewStub(channel_);
  health_ = grpc::health::v1::Health::NewStub(channel_);
}

bool Connection::WaitConnected(absl::Duration timeout) {
  return channel_->WaitForConnected(std::chrono::system_clock::now() +
                                    absl::ToChronoMilliseconds(timeout));
}

}  // namespace parley::bench
