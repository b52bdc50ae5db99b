// gRPC interceptors that feed a ByteCounter with the serialized size of every
// message a call sends and receives. Install the server factory with
// ServerBuilder::experimental().SetInterceptorCreators() and the client factory
// with grpc::experimental::CreateCustomChannelWithInterceptors().
//
// The counter is not owned and must outlive every server or channel built with
// the factory.
#ifndef PARLEY_INTERCEPTORS_BYTE_COUNTING_INTERCEPTOR_H_
#define PARLEY_INTERCEPTORS_BYTE_COUNTING_INTERCEPTOR_H_

#include <grpcpp/support/client_interceptor.h>
#include <grpcpp/support/server_interceptor.h>

#include "interceptors/byte_counter.h"

namespace parley {

class ByteCountingServerInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit ByteCountingServerInterceptorFactory(ByteCounter* counter)
      : counter_(counter) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  ByteCounter* counter_;
};

class ByteCountingClientInterceptorFactory
    : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit ByteCountingClientInterceptorFactory(ByteCounter* counter)
      : counter_(counter) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo* info) override;

 private:
  ByteCounter* counter_;
};

}  // namespace parley

#endif  // PARLEY_INTERCEPTORS_BYTE_COUNTING_INTERCEPTOR_H_
