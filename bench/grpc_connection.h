// A bench Connection over gRPC (connection.h). gRPC shares one TCP connection
// among all channels to the same address built with the same arguments (the
// global subchannel pool), so ChatClients made one per user would all ride a
// single connection. The bench wants the connection count to be a parameter
// of each scenario, so every GrpcConnection gets a subchannel pool of its own,
// and with it a TCP connection of its own. The channel is otherwise the
// client library's (client/grpc/grpc_channel.h: the same arguments and byte
// counting), so the traffic is a ChatClient's. Sends and no-ops use the
// generated stubs' callback API; streams and the blocking calls use the
// library's GrpcTransport on the same channel.
//
// Thread safety: as Connection.
#ifndef PARLEY_BENCH_GRPC_CONNECTION_H_
#define PARLEY_BENCH_GRPC_CONNECTION_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "chat/v1/chat.grpc.pb.h"
#include "client/grpc/grpc_transport.h"
#include "connection.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace parley::bench {

class GrpcConnection final : public Connection {
 public:
  // A connection to `address`; `bytes` as Connection::Open.
  GrpcConnection(const std::string& address, ByteCounter* bytes);

  bool WaitConnected(absl::Duration timeout) override;
  void SendMessage(const BenchAccount& from, const std::string& recipient,
                   const std::string& text, Done done) override;
  void NoOp(const BenchAccount& from, Done done) override;
  std::unique_ptr<EventStream> Subscribe(
      const BenchAccount& account, EventStream::Callbacks callbacks) override;
  absl::Status ReadMessages(const BenchAccount& account, int limit,
                            chat::v1::ReadMessagesResponse* response) override;
  absl::Status DeleteAccount(const BenchAccount& account) override;

  // The health stub, for the heartbeat's own calls.
  grpc::health::v1::Health::Stub* health() { return health_.get(); }

 private:
  struct SendCall;
  struct HealthCall;

  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<chat::v1::MessageService::Stub> messages_;
  std::unique_ptr<grpc::health::v1::Health::Stub> health_;
  GrpcTransport transport_;
};

}  // namespace parley::bench

#endif  // PARLEY_BENCH_GRPC_CONNECTION_H_
