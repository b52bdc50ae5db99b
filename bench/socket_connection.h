// A bench Connection over one of Parley's socket protocols, binary or JSON
// (connection.h): one TCP connection, spoken with the client library's own
// ClientSocket and the codecs of src/wire, exactly as its SocketTransport
// speaks them (an id per call, the session token sent only when it changes,
// events routed to their stream by id), but on a shared event loop
// (socket_loops.h) instead of a thread per connection, and with calls that
// complete through callbacks, as the gRPC side's callback API does.
//
// Thread safety: as Connection. Everything touching the connection's state
// runs on its loop's thread.
#ifndef PARLEY_BENCH_SOCKET_CONNECTION_H_
#define PARLEY_BENCH_SOCKET_CONNECTION_H_

#include <asio.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "connection.h"
#include "wire/codec.h"

namespace parley {
class ClientSocket;
}

namespace parley::bench {

class SocketConnection final : public Connection, private wire::CallMethods {
 public:
  // A connection to `address` in `protocol` (binary or JSON) whose handlers
  // all run on `io`, which must outlive it; `bytes` as Connection::Open.
  SocketConnection(Protocol protocol, const std::string& address,
                   asio::io_context& io, ByteCounter* bytes);
  // Closes the connection and waits until it is closed. Not from a callback.
  ~SocketConnection() override;
  SocketConnection(const SocketConnection&) = delete;
  SocketConnection& operator=(const SocketConnection&) = delete;

  bool WaitConnected(absl::Duration timeout) override;
  void SendMessage(const BenchAccount& from, const std::string& recipient,
                   const std::string& text, Done done) override;
  void NoOp(const BenchAccount& from, Done done) override;
  std::unique_ptr<EventStream> Subscribe(
      const BenchAccount& account, EventStream::Callbacks callbacks) override;
  absl::Status ReadMessages(const BenchAccount& account, int limit,
                            chat::v1::ReadMessagesResponse* response) override;
  absl::Status DeleteAccount(const BenchAccount& account) override;

 private:
  // How a call ended: its status and, when OK, the reply frame.
  using Reply = std::function<void(const absl::Status&, wire::Frame*)>;
  struct PendingCall {
    const wire::MethodInfo* method = nullptr;  // nullptr for a Ping
    Reply reply;
  };
  struct Stream;
  class StreamHandle;

  // From any thread: sends a request of `method` (a Ping when null) and
  // calls `reply` on the loop when it is answered.
  void Start(const wire::MethodInfo* method, const std::string& token,
             std::unique_ptr<google::protobuf::Message> request, Reply reply);
  // A unary call that blocks its caller.
  absl::Status Blocking(std::string_view method, const BenchAccount& account,
                        std::unique_ptr<google::protobuf::Message> request,
                        google::protobuf::Message* response);

  // The loop's thread only, from here on.
  void Send(uint64_t id, const wire::MethodInfo* method,
            const std::string& token,
            std::unique_ptr<google::protobuf::Message> request);
  void CancelStream(const std::shared_ptr<Stream>& stream);
  void EndStream(const std::shared_ptr<Stream>& stream,
                 const absl::Status& status);
  void OnBytes(std::string* input);
  void OnFrame(wire::Frame& frame);
  void OnClosed(const absl::Status& why);
  // wire::CallMethods
  const wire::MethodInfo* MethodOf(uint64_t id) const override;

  asio::io_context& io_;
  ByteCounter* const bytes_;
  const std::unique_ptr<wire::Codec> codec_;
  const std::shared_ptr<ClientSocket> socket_;

  // The loop's thread only.
  std::string connection_token_;
  uint64_t next_id_ = 1;
  absl::flat_hash_map<uint64_t, PendingCall> calls_;
  absl::flat_hash_map<uint64_t, std::shared_ptr<Stream>> streams_;
  bool socket_closed_ = false;

  absl::Mutex mu_;
  bool open_ ABSL_GUARDED_BY(mu_) = false;
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace parley::bench

#endif  // PARLEY_BENCH_SOCKET_CONNECTION_H_
