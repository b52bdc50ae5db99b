// Which server, over which protocol, a `parley` command talks to: the flags
// when given, else the saved session's, else the protocol's default port
// (gRPC 50051, binary 50052, JSON 50053) on the saved host or this machine.
//
// Thread safety: a pure function.
#ifndef PARLEY_CLIENT_CLI_SERVER_CHOICE_H_
#define PARLEY_CLIENT_CLI_SERVER_CHOICE_H_

#include <string>

#include "absl/status/statusor.h"
#include "client/cli/session_file.h"
#include "client/protocol.h"

namespace parley::cli {

struct ServerChoice {
  Protocol protocol = Protocol::kGrpc;
  std::string address;
};

// `protocol_flag` and `server_flag` are --protocol and --server ("" when not
// given); `saved` is the saved session, or null. INVALID_ARGUMENT, listing the
// choices, for a protocol that is not grpc, binary or json.
absl::StatusOr<ServerChoice> ChooseServer(const std::string& protocol_flag,
                                          const std::string& server_flag,
                                          const SavedSession* saved);

}  // namespace parley::cli

#endif  // PARLEY_CLIENT_CLI_SERVER_CHOICE_H_
