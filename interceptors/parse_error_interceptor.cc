#include "interceptors/parse_error_interceptor.h"

namespace parley {
namespace {

using grpc::experimental::InterceptionHookPoints;

class ParseErrorInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit ParseErrorInterceptor(bool single_request)
      : single_request_(single_request) {}

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    // On a call whose client streams, a null message is its end of stream;
    // only a call with one request can have failed to parse it.
    if (single_request_ &&
        methods->QueryInterceptionHookPoint(
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
  const bool single_request_;
  bool parse_failed_ = false;
};

}  // namespace

grpc::experimental::Interceptor*
ParseErrorServerInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  using Type = grpc::experimental::ServerRpcInfo::Type;
  return new ParseErrorInterceptor(info->type() == Type::UNARY ||
                                   info->type() == Type::SERVER_STREAMING);
}

}  // namespace parley
