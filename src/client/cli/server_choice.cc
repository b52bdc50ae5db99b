#include "client/cli/server_choice.h"

#include <optional>

#include "absl/strings/str_cat.h"

namespace parley::cli {

absl::StatusOr<ServerChoice> ChooseServer(const std::string& protocol_flag,
                                          const std::string& server_flag,
                                          const SavedSession* saved) {
  ServerChoice choice;
  std::optional<Protocol> saved_protocol;
  if (saved != nullptr) {
    saved_protocol = saved->protocol.empty() ? Protocol::kGrpc
                                             : ParseProtocol(saved->protocol);
  }
  if (!protocol_flag.empty()) {
    std::optional<Protocol> protocol = ParseProtocol(protocol_flag);
    if (!protocol) {
      return absl::InvalidArgumentError(
          absl::StrCat("--protocol must be grpc, binary or json, not '",
                       protocol_flag, "'"));
    }
    choice.protocol = *protocol;
  } else if (saved_protocol) {
    choice.protocol = *saved_protocol;
  }
  if (!server_flag.empty()) {
    choice.address = server_flag;
  } else if (saved_protocol == choice.protocol) {
    choice.address = saved->server;
  } else {
    // The saved server's host, on the port that serves this protocol there.
    std::string host = "127.0.0.1";
    if (saved != nullptr) {
      const size_t colon = saved->server.rfind(':');
      if (colon != std::string::npos && colon > 0) {
        host = saved->server.substr(0, colon);
      }
    }
    choice.address = absl::StrCat(host, ":", DefaultPort(choice.protocol));
  }
  return choice;
}

}  // namespace parley::cli
