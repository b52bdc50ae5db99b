// One TCP connection to the server, with the stubs the bench drives over it.
//
// gRPC shares one TCP connection among all channels to the same address built
// with the same arguments (the global subchannel pool), so ChatClients made one
// per user would all ride a single connection. The bench wants the connection
// count to be a parameter of each scenario, so every Connection gets a
// subchannel pool of its own, and with it a TCP connection of its own. The
// channel is otherwise the client library's (client/grpc/grpc_channel.h: the
// same arguments and byte counting), so the traffic is a ChatClient's.
//
// Thread safety: the stubs may be used from any thread, for any number of calls
// at once.
#ifndef PARLEY_BENCH_CONNECTION_H_
#define PARLEY_BENCH_CONNECTION_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/time/time.h"
#include "chat/v1/chat.grpc.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "interceptors/byte_counter.h"

namespace parley::bench {

class Connection {
 public:
  // A connection to `address`, opened lazily (see WaitConnected). When `bytes`
  // is set, the client-side byte-counting interceptor of the library counts
  // every call's payload there.
  Connection(const std::string& address, ByteCounter* bytes);

  // Connects now; false if not connected within `timeout`.
  bool WaitConnected(absl::Duration timeout);

  chat::v1::AccountService::Stub* accounts() { return accounts_.get(); }
  chat::v1::MessageService::Stub* messages() { return messages_.get(); }
  chat::v1::SubscriptionService::Stub* subscriptions() {
    return subscriptions_.get();
  }
  grpc::health::v1::Health::Stub* health() { return health_.get(); }

 private:
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<chat::v1::AccountService::Stub> accounts_;
  std::unique_ptr<chat::v1::MessageService::Stub> messages_;
  std::unique_ptr<chat::v1::SubscriptionService::Stub> subscriptions_;
  std::unique_ptr<grpc::health::v1::Health::Stub> health_;
};

}  // namespace parley::bench

#endif  // PARLEY_BENCH_CONNECTION_H_
