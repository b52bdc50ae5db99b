#include "interceptors/parse_error_interceptor.h"

namespace parley {
namespace {

using grpc::experimental::InterceptionHookPoints;

class ParseErrorInterceptor : public grpc::experimental::Interceptor {
 public:
  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_MESSAGE) &&
        methods->GetRecvMessage() == nullptr) {
      parse_failed_ = true;
    }
    if (parse_failed_ && methods->QueryInterceptionHookPoint(
                             InterceptionHookPoints::PRE_SEND_STATUS)) {
      methods->ModifySendStatus(grpc::Status(
          grpc::StatusCode::INVALID_ARGUMENT,
          "the request could not be parsed: it is not a valid message of this "
          "method's "
          "request type (string fields such as text must be valid UTF-8)"));
    }
    methods->Proceed();
  }

 private:
  bool parse_failed_ = false;
};

}  // namespace

grpc::experimental::Interceptor*
ParseErrorServerInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo*) {
  return new ParseErrorInterceptor;
}

}  // namespace parley
