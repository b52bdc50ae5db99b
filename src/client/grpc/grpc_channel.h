// The gRPC channels of Parley's clients, made in one place so that every
// client (ChatClient's gRPC transport, the benchmark's connections) talks to
// the server with the same channel arguments and the same byte counting.
//
// Thread safety: pure functions; a channel may be used from any thread.
#ifndef PARLEY_CLIENT_GRPC_GRPC_CHANNEL_H_
#define PARLEY_CLIENT_GRPC_GRPC_CHANNEL_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "interceptors/byte_counter.h"

namespace parley {

struct GrpcChannelOptions {
  // When set, the client-side byte-counting interceptor counts every call's
  // payload here (not owned; must outlive the channel).
  ByteCounter* bytes = nullptr;
  // A TCP connection of this channel's own. By default gRPC shares one
  // connection among all channels to an address built with the same
  // arguments.
  bool own_connection = false;
};

// Plaintext credentials when `tls_ca_path` is empty, else TLS verified with
// the PEM CA in that file. INVALID_ARGUMENT if the file cannot be read.
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> GrpcCredentials(
    const std::string& tls_ca_path);

// A channel to `address` that connects lazily and keeps idle connections alive,
// so that a live stream notices a dead server within a minute.
std::shared_ptr<grpc::Channel> CreateGrpcChannel(
    const std::string& address,
    const std::shared_ptr<grpc::ChannelCredentials>& credentials,
    const GrpcChannelOptions& options);

}  // namespace parley

#endif  // PARLEY_CLIENT_GRPC_GRPC_CHANNEL_H_
