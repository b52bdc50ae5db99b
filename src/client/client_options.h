// How a ChatClient reaches its server and what each call may cost. Kept apart
// from chat_client.h because the transports (transport.h) are built from these
// options too.
#ifndef PARLEY_CLIENT_CLIENT_OPTIONS_H_
#define PARLEY_CLIENT_CLIENT_OPTIONS_H_

#include <cstdint>
#include <string>

#include "absl/time/time.h"
#include "client/protocol.h"
#include "interceptors/byte_counter.h"

namespace parley {

struct ClientOptions {
  // The wire to speak; `address` must be that protocol's listener.
  Protocol protocol = Protocol::kGrpc;
  std::string address = "127.0.0.1:50051";
  // PEM file of the CA that signed the server's certificate; empty means
  // plaintext. The same for every protocol.
  std::string tls_ca_path;
  // When set, the serialized payload bytes of every call are counted here per
  // method (not owned; must outlive the client).
  ByteCounter* bytes = nullptr;
  // Deadline of each unary call.
  absl::Duration call_timeout = absl::Seconds(10);
  // PBKDF2 iterations for new accounts (RFC 7677 minimum by default).
  uint32_t scram_iterations = 4096;
};

}  // namespace parley

#endif  // PARLEY_CLIENT_CLIENT_OPTIONS_H_
