#include "interceptors/logging_interceptor.h"

#include <chrono>
#include <string>

#include "common/log.h"

namespace parley {
namespace {

using grpc::experimental::InterceptionHookPoints;

class LoggingInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit LoggingInterceptor(std::string method)
      : method_(std::move(method)), start_(std::chrono::steady_clock::now()) {}

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_STATUS)) {
      Log(methods->GetSendStatus());
    }
    methods->Proceed();
  }

 private:
  void Log(const grpc::Status& status) const {
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::steady_clock::now() - start_)
                            .count();
    if (status.ok()) {
      PARLEY_LOG(kDebug) << method_ << " OK " << micros << "us";
    } else if (status.error_code() == grpc::StatusCode::INTERNAL ||
               status.error_code() == grpc::StatusCode::UNKNOWN) {
      PARLEY_LOG(kError) << method_ << " code=" << status.error_code() << " "
                         << status.error_message();
    } else {
      // The client's own mistake (or an attacker's): at info, a flood of
      // unauthenticated calls would flood the log.
      PARLEY_LOG(kDebug) << method_ << " code=" << status.error_code() << " "
                         << status.error_message();
    }
  }

  std::string method_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace

grpc::experimental::Interceptor*
LoggingServerInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new LoggingInterceptor(info->method());
}

}  // namespace parley
