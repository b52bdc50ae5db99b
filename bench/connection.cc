#include "connection.h"

#include <chrono>

#include "client/grpc/grpc_channel.h"

namespace parley::bench {

Connection::Connection(const std::string& address, ByteCounter* bytes) {
  // One TCP connection per Connection (see the header).
  channel_ = CreateGrpcChannel(address, grpc::InsecureChannelCredentials(),
                               {.bytes = bytes, .own_connection = true});
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
