// A server interceptor that logs each finished call: method, status code and,
// for failures, the message. Successful calls log at debug level (nothing per
// call at info on a hot path); failures log at info, internal errors at error.
#ifndef PARLEY_INTERCEPTORS_LOGGING_INTERCEPTOR_H_
#define PARLEY_INTERCEPTORS_LOGGING_INTERCEPTOR_H_

#include <grpcpp/support/server_interceptor.h>

namespace parley {

class LoggingServerInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;
};

}  // namespace parley

#endif  // PARLEY_INTERCEPTORS_LOGGING_INTERCEPTOR_H_
