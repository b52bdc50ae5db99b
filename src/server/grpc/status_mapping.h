// The one place where the rules' absl::Status becomes a grpc::Status. The
// canonical codes are the same in both; only the type changes.
#ifndef PARLEY_SERVER_GRPC_STATUS_MAPPING_H_
#define PARLEY_SERVER_GRPC_STATUS_MAPPING_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace parley {

// The same code and message as a grpc::Status. Thread safety: pure.
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace parley

#endif  // PARLEY_SERVER_GRPC_STATUS_MAPPING_H_
