#include "interceptors/byte_counting_interceptor.h"

#include <google/protobuf/message_lite.h>
#include <grpcpp/support/byte_buffer.h>

#include <string>

#include "absl/strings/match.h"

namespace parley {
namespace {

using grpc::experimental::InterceptionHookPoints;

// The default health service handles raw ByteBuffers rather than generated
// messages; every other service here (Parley's own, reflection) receives
// protobuf messages.
bool ReceivesRawBuffers(const std::string& method) {
  return absl::StartsWith(method, "/grpc.health.");
}

int64_t ReceivedSize(void* message, bool raw) {
  if (message == nullptr) return 0;
  if (raw) {
    return static_cast<int64_t>(
        static_cast<grpc::ByteBuffer*>(message)->Length());
  }
  return static_cast<int64_t>(
      static_cast<google::protobuf::MessageLite*>(message)->ByteSizeLong());
}

class ByteCountingInterceptor : public grpc::experimental::Interceptor {
 public:
  ByteCountingInterceptor(ByteCounter* counter, std::string method, bool raw)
      : counter_(counter), method_(std::move(method)), raw_(raw) {
    counter_->AddCall(method_);
  }

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_MESSAGE)) {
      grpc::ByteBuffer* buffer = methods->GetSerializedSendMessage();
      if (buffer != nullptr) {
        counter_->AddSent(method_, static_cast<int64_t>(buffer->Length()));
      }
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_MESSAGE)) {
      void* message = methods->GetRecvMessage();
      if (message != nullptr) {
        counter_->AddReceived(method_, ReceivedSize(message, raw_));
      }
    }
    methods->Proceed();
  }

 private:
  ByteCounter* counter_;
  std::string method_;
  bool raw_;
};

}  // namespace

grpc::experimental::Interceptor*
ByteCountingServerInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  std::string method = info->method();
  const bool raw = ReceivesRawBuffers(method);
  return new ByteCountingInterceptor(counter_, std::move(method), raw);
}

grpc::experimental::Interceptor*
ByteCountingClientInterceptorFactory::CreateClientInterceptor(
    grpc::experimental::ClientRpcInfo* info) {
  return new ByteCountingInterceptor(counter_, info->method(), false);
}

}  // namespace parley
