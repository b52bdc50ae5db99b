// The wire protocols a client can speak to a Parley server, by the names the
// CLI's --protocol flag and the GUI use, and the port each listens on by
// default (the server's --listen, --binary_listen and --json_listen).
//
// Thread safety: pure functions.
#ifndef PARLEY_CLIENT_PROTOCOL_H_
#define PARLEY_CLIENT_PROTOCOL_H_

#include <array>
#include <optional>
#include <string_view>

namespace parley {

enum class Protocol {
  kGrpc,    // chat.v1 over gRPC (HTTP/2)
  kBinary,  // the Parley binary protocol (docs/protocols/binary.md)
  kJson,    // newline-delimited JSON (docs/protocols/json.md)
};

inline constexpr std::array<Protocol, 3> kAllProtocols = {
    Protocol::kGrpc, Protocol::kBinary, Protocol::kJson};

// "grpc", "binary" or "json".
const char* ProtocolName(Protocol protocol);
// The protocol of that name (lower case, as ProtocolName spells it); nullopt
// for any other text.
std::optional<Protocol> ParseProtocol(std::string_view name);
// The port a server listens on for `protocol` unless told otherwise: 50051,
// 50052 or 50053.
int DefaultPort(Protocol protocol);

}  // namespace parley

#endif  // PARLEY_CLIENT_PROTOCOL_H_
