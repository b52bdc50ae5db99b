#include "server/grpc/status_mapping.h"

#include <string>

namespace parley {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const auto code = static_cast<grpc::StatusCode>(status.code());
  return {code, std::string{status.message()}};
}

}  // namespace parley
