// The Transport (client/transport.h) over gRPC: unary calls through a generic
// stub on the chat.v1 protobuf messages, so one code path serves every method
// (and the byte-counting interceptor sees the same messages a generated stub
// would send), Subscribe on the callback API, timers on grpc::Alarm.
//
// Thread safety: as Transport.
#ifndef PARLEY_CLIENT_GRPC_GRPC_TRANSPORT_H_
#define PARLEY_CLIENT_GRPC_GRPC_TRANSPORT_H_

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "chat/v1/chat.grpc.pb.h"
#include "client/client_options.h"
#include "client/transport.h"

namespace parley {

class GrpcTransport final : public Transport {
 public:
  // A channel to options.address (grpc_channel.h), connecting lazily.
  // INVALID_ARGUMENT if the CA file cannot be read.
  static absl::StatusOr<std::unique_ptr<Transport>> Create(
      const ClientOptions& options);

  explicit GrpcTransport(std::shared_ptr<grpc::Channel> channel);

  // Transport
  absl::Status Call(const google::protobuf::MethodDescriptor& method,
                    const std::string& token,
                    const google::protobuf::Message& request,
                    google::protobuf::Message* response,
                    absl::Time deadline) override;
  std::unique_ptr<EventStream> Subscribe(
      const std::string& token, const chat::v1::SubscribeRequest& request,
      EventStream::Callbacks callbacks) override;
  std::unique_ptr<Timer> StartTimer(
      absl::Duration delay, std::function<void(bool fired)> done) override;

 private:
  std::shared_ptr<grpc::Channel> channel_;
  grpc::TemplatedGenericStub<google::protobuf::Message,
                             google::protobuf::Message>
      generic_;
  std::unique_ptr<chat::v1::SubscriptionService::Stub> subscriptions_;
};

}  // namespace parley

#endif  // PARLEY_CLIENT_GRPC_GRPC_TRANSPORT_H_
