// The wire under a ChatClient: one generic unary call and one raw Subscribe
// stream, both in chat.v1 messages and absl::Status. What a client does beyond
// moving messages (SCRAM, keeping the token, reconnecting a stream with
// backoff) lives above this interface, in ChatClient and LiveSubscription, so
// it is written once for every protocol: gRPC (grpc/grpc_transport.h) and the
// binary and JSON socket protocols (socket/socket_transport.h).
//
// Internal to the client library: front ends use ChatClient.
#ifndef PARLEY_CLIENT_TRANSPORT_H_
#define PARLEY_CLIENT_TRANSPORT_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "chat/v1/chat.pb.h"
#include "client/client_options.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace parley {

// One Subscribe call as the server runs it: it ends for good when the server
// or the network ends it (reconnecting is LiveSubscription's job).
class EventStream {
 public:
  struct Callbacks {
    // Each event, in stream order, one at a time, on a transport thread.
    std::function<void(const chat::v1::Event&)> on_event;
    // Exactly once, after the last on_event, once the call has released what
    // it held of the connection: OK when the server ended the stream cleanly,
    // CANCELLED after Cancel(), else why it broke.
    std::function<void(const absl::Status&)> on_done;
  };

  // Dropping the handle does not end the call (Cancel does); the callbacks run
  // until on_done either way.
  virtual ~EventStream() = default;

  // Asks the call to end; on_done follows. Safe from any thread at any time,
  // also after on_done (then it does nothing); never blocks.
  virtual void Cancel() = 0;
};

// A one-shot timer on the transport's threads: the delay between stream
// attempts without parking a thread of our own.
class Timer {
 public:
  // Dropping the handle cancels the timer, as Cancel() does.
  virtual ~Timer() = default;

  // Makes the callback run soon with fired = false, unless it has run already.
  // Safe from any thread; never blocks.
  virtual void Cancel() = 0;
};

class Transport {
 public:
  // Every stream and timer it started must have run its last callback by then
  // (LiveSubscription::Stop waits for that).
  virtual ~Transport() = default;

  // Sends `request` to the unary RPC `method` (of chat.v1) with `token` as the
  // session token ("" for none), and parses the answer into `response`, whose
  // type must be the method's output type. Blocks until the answer or
  // `deadline`. Errors: the server's status; UNAVAILABLE when the server
  // cannot be reached; DEADLINE_EXCEEDED. Thread safety: any number of calls
  // from any threads at once.
  virtual absl::Status Call(const google::protobuf::MethodDescriptor& method,
                            const std::string& token,
                            const google::protobuf::Message& request,
                            google::protobuf::Message* response,
                            absl::Time deadline) = 0;

  // Opens one Subscribe call with `token` and returns at once; the outcome
  // arrives through `callbacks` (a refused token, for one, as on_done with
  // UNAUTHENTICATED). Thread safety: from any thread.
  virtual std::unique_ptr<EventStream> Subscribe(
      const std::string& token, const chat::v1::SubscribeRequest& request,
      EventStream::Callbacks callbacks) = 0;

  // Runs `done(true)` on a transport thread after `delay`, or `done(false)`
  // once the timer is cancelled. Thread safety: from any thread.
  virtual std::unique_ptr<Timer> StartTimer(
      absl::Duration delay, std::function<void(bool fired)> done) = 0;
};

// The transport of options.protocol. Connects lazily. INVALID_ARGUMENT if
// the CA file cannot be read (or, for a socket protocol, the address has no
// port).
absl::StatusOr<std::unique_ptr<Transport>> NewTransport(
    const ClientOptions& options);

}  // namespace parley

#endif  // PARLEY_CLIENT_TRANSPORT_H_
