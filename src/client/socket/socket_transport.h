// The Transport (client/transport.h) over one of Parley's socket protocols,
// binary or JSON (the codecs of src/wire, shared with the server), on one TCP
// connection, TLS when ClientOptions names a CA. Every call and stream of the
// client shares the connection: each request carries an id of its own, the
// replies are matched to their callers by it, and pushed events go to the
// Subscribe stream of their id. The session token goes out only when it
// changes (the protocols keep it per connection). With ClientOptions::bytes it
// counts each message's payload bytes per method, as the gRPC interceptors
// do, and the connection's TCP bytes (interceptors/byte_counter.h).
//
// One thread of its own runs the connection's event loop (a client may have a
// thread per connection; the server may not): it encodes, writes, reads,
// decodes, and runs the streams' callbacks and the timers. The connection
// opens with the first call and again with the first call after it broke;
// when it breaks, every call and stream on it ends with UNAVAILABLE. A unary
// call blocks its caller until the reply or its deadline.
//
// Thread safety: as Transport. Call must not be made from a stream or timer
// callback (it would wait for the thread it blocks): FAILED_PRECONDITION.
#ifndef PARLEY_CLIENT_SOCKET_SOCKET_TRANSPORT_H_
#define PARLEY_CLIENT_SOCKET_SOCKET_TRANSPORT_H_

#include <asio.hpp>
#include <asio/ssl.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "client/client_options.h"
#include "client/transport.h"
#include "wire/codec.h"

namespace parley {

class ClientSocket;

class SocketTransport final : public Transport, private wire::CallMethods {
 public:
  // A transport speaking options.protocol (binary or json) to
  // options.address ("host:port"), connecting lazily. INVALID_ARGUMENT if
  // the address has no port, the protocol is not a socket protocol, or the CA
  // file cannot be read.
  static absl::StatusOr<std::unique_ptr<Transport>> Create(
      const ClientOptions& options);

  // Closes the connection and joins the thread.
  ~SocketTransport() override;
  SocketTransport(const SocketTransport&) = delete;
  SocketTransport& operator=(const SocketTransport&) = delete;

  // Transport
  absl::Status Call(const google::protobuf::MethodDescriptor& method,
                    const std::string& token,
                    const google::protobuf::Message& request,
                    google::protobuf::Message* response,
                    absl::Time deadline) override;
  std::unique_ptr<EventStream> Subscribe(
      const std::string& token, const chat::v1::SubscribeRequest& request,
      EventStream::Callbacks callbacks) override;
  std::unique_ptr<Timer> StartTimer(
      absl::Duration delay, std::function<void(bool fired)> done) override;

 private:
  struct PendingCall;
  struct OpenStream;
  class StreamHandle;

  SocketTransport(const ClientOptions& options, std::string host,
                  std::string port, std::unique_ptr<wire::Codec> codec,
                  size_t request_limit,
                  std::unique_ptr<asio::ssl::context> tls);

  // wire::CallMethods: the method of the call or stream `id` in flight.
  const wire::MethodInfo* MethodOf(uint64_t id) const override;

  // Everything below runs on the transport's thread.
  void StartCall(std::shared_ptr<PendingCall> call, const std::string& token,
                 std::unique_ptr<google::protobuf::Message> request);
  void StartStream(std::shared_ptr<OpenStream> stream, const std::string& token,
                   std::unique_ptr<google::protobuf::Message> request);
  void CancelStream(const std::shared_ptr<OpenStream>& stream);
  // Encodes a request of call `id` and queues it, opening the connection
  // first if there is none.
  void SendRequest(uint64_t id, const wire::MethodInfo& method,
                   const std::string& token,
                   std::unique_ptr<google::protobuf::Message> request);
  void OnBytes(std::string* input);
  void OnFrame(wire::Frame& frame);
  // Ends call or stream `id` with `status` (nothing if there is none).
  void EndId(uint64_t id, const absl::Status& status);
  // The connection is gone: every call and stream on it ends with `why`.
  void OnClosed(const absl::Status& why);
  void EndStream(const std::shared_ptr<OpenStream>& stream,
                 const absl::Status& status);
  bool OnThread() const;
  // Counts a call of `method` and the payload of a message it sent or
  // received (when counting).
  void CountCall(const wire::MethodInfo& method);
  void CountSent(const wire::MethodInfo& method, size_t bytes);
  void CountReceived(const wire::MethodInfo& method, size_t bytes);

  const ClientOptions options_;
  const std::string host_;
  const std::string port_;
  const std::unique_ptr<wire::Codec> codec_;
  // The largest request frame the server takes.
  const size_t request_limit_;
  const std::unique_ptr<asio::ssl::context> tls_;
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> work_;

  // The transport's thread only.
  std::shared_ptr<ClientSocket> socket_;
  // The token the server holds for this connection.
  std::string connection_token_;
  // Why the server closed the connection, when it said so first.
  absl::Status server_farewell_;
  uint64_t next_id_ = 1;
  absl::flat_hash_map<uint64_t, std::shared_ptr<PendingCall>> calls_;
  absl::flat_hash_map<uint64_t, std::shared_ptr<OpenStream>> streams_;

  // Last, so the thread starts once everything above is built.
  std::thread thread_;
};

}  // namespace parley

#endif  // PARLEY_CLIENT_SOCKET_SOCKET_TRANSPORT_H_
