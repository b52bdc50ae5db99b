#include "client/protocol.h"

namespace parley {

const char* ProtocolName(Protocol protocol) {
  switch (protocol) {
    case Protocol::kGrpc:
      return "grpc";
    case Protocol::kBinary:
      return "binary";
    case Protocol::kJson:
      return "json";
  }
  return "grpc";
}

std::optional<Protocol> ParseProtocol(std::string_view name) {
  for (Protocol protocol : kAllProtocols) {
    if (ProtocolName(protocol) == name) return protocol;
  }
  return std::nullopt;
}

int DefaultPort(Protocol protocol) {
  switch (protocol) {
    case Protocol::kGrpc:
      return 50051;
    case Protocol::kBinary:
      return 50052;
    case Protocol::kJson:
      return 50053;
  }
  return 50051;
}

}  // namespace parley
