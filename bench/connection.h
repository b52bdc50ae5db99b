// One TCP connection from the bench to the server, in whichever protocol the
// run measures (gRPC, binary or JSON), with the handful of calls the
// scenarios make: sends and no-ops issued asynchronously (so 100,000 calls in
// flight cost memory, never a thread each), live Subscribe streams, and the
// blocking reads and deletes of the checks and teardown. Each implementation
// speaks its protocol the way Parley's own client does: gRPC through the
// client library's channel (grpc_connection.h), the socket protocols through
// its socket and codecs (socket_connection.h).
//
// Codes are chat.v1's status codes (absl::StatusCode and grpc::StatusCode
// share the numbers).
//
// Thread safety: every method may be called from any thread, for any number of
// calls at once; `done` callbacks and stream callbacks run on the
// connection's transport threads and must not block.
#ifndef PARLEY_BENCH_CONNECTION_H_
#define PARLEY_BENCH_CONNECTION_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "account_setup.h"
#include "chat/v1/chat.pb.h"
#include "client/transport.h"
#include "endpoint.h"
#include "interceptors/byte_counter.h"

namespace parley::bench {

class Connection {
 public:
  // Called once per call with its status code and, for a send that
  // succeeded, the new message's id (0 otherwise).
  using Done = std::function<void(int code, int64_t message_id)>;

  // A connection to server instance endpoint.InstanceOf(`instance`), opened
  // at once (see WaitConnected). When `bytes` is set, every call's payload is
  // counted there as the client library counts it. `bytes` and endpoint.loops
  // must outlive it.
  static std::unique_ptr<Connection> Open(const Endpoint& endpoint,
                                          int instance, ByteCounter* bytes);

  // Every call and stream must have finished (WaitIdle, CancelAll) first.
  virtual ~Connection() = default;

  // True once connected; false if not connected within `timeout`.
  virtual bool WaitConnected(absl::Duration timeout) = 0;

  // SendMessage from `from` to `recipient` with `text`.
  virtual void SendMessage(const BenchAccount& from,
                           const std::string& recipient,
                           const std::string& text, Done done) = 0;
  // The protocol's no-op: grpc.health.v1.Health/Check for gRPC (with the
  // same authorization header a send carries), a Ping frame for the socket
  // protocols. Either is answered without touching the chat service.
  virtual void NoOp(const BenchAccount& from, Done done) = 0;
  // A live Subscribe stream (no replay) of `account`.
  virtual std::unique_ptr<EventStream> Subscribe(
      const BenchAccount& account, EventStream::Callbacks callbacks) = 0;

  // Blocking: the next `limit` unread messages of `account`.
  virtual absl::Status ReadMessages(
      const BenchAccount& account, int limit,
      chat::v1::ReadMessagesResponse* response) = 0;
  // Blocking: deletes `account`.
  virtual absl::Status DeleteAccount(const BenchAccount& account) = 0;
};

}  // namespace parley::bench

#endif  // PARLEY_BENCH_CONNECTION_H_
