// A server interceptor that answers a request which could not be parsed (for
// example a string field holding invalid UTF-8, which protobuf refuses) with
// INVALID_ARGUMENT and a message a person understands, instead of the bare
// status gRPC would send.
#ifndef PARLEY_INTERCEPTORS_PARSE_ERROR_INTERCEPTOR_H_
#define PARLEY_INTERCEPTORS_PARSE_ERROR_INTERCEPTOR_H_

#include <grpcpp/support/server_interceptor.h>

namespace parley {

class ParseErrorServerInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;
};

}  // namespace parley

#endif  // PARLEY_INTERCEPTORS_PARSE_ERROR_INTERCEPTOR_H_
