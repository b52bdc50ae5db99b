// The chat.v1 calls as the socket protocols name them: a fixed number for the
// binary protocol and the method's name for the JSON protocol, each bound to
// the method's descriptor in chat.proto (so request and response types come
// from the proto, the single source of truth). The numbers are part of the
// binary protocol and never change; a new RPC takes the next one.
//
// Thread safety: the table is built once and read-only.
#ifndef PARLEY_WIRE_METHODS_H_
#define PARLEY_WIRE_METHODS_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace parley::wire {

struct MethodInfo {
  uint8_t number = 0;     // the binary protocol's method byte, 1 and up
  std::string_view name;  // the JSON protocol's "method", e.g. "SendMessage"
  const google::protobuf::MethodDescriptor* descriptor = nullptr;
  bool server_streaming = false;  // Subscribe
  std::string grpc_path;          // GrpcMethodPath's answer, made once

  // A new, empty request (response) message of this method's type.
  std::unique_ptr<google::protobuf::Message> NewRequest() const;
  std::unique_ptr<google::protobuf::Message> NewResponse() const;
};

// Every method, by number.
std::span<const MethodInfo> AllMethods();
// "/chat.v1.MessageService/SendMessage": the name gRPC gives the method, which
// byte counts are filed under for every protocol.
const std::string& GrpcMethodPath(const MethodInfo& method);
// The method with this number, name or descriptor; nullptr if there is none.
const MethodInfo* MethodByNumber(uint8_t number);
const MethodInfo* MethodByName(std::string_view name);
const MethodInfo* MethodFor(const google::protobuf::MethodDescriptor& method);

}  // namespace parley::wire

#endif  // PARLEY_WIRE_METHODS_H_
