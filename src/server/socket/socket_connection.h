// One client connection of a socket protocol, apart from how its bytes move
// (plain TCP or TLS, stream_connection.h): it decodes frames with the
// protocol's codec, calls the rules (rule_dispatcher.h), encodes their replies
// and the events of its Subscribe calls, and keeps what the connection may
// hold bounded: a frame is limited by the codec before it is allocated, at
// most kMaxCallsInFlight unary calls run at once and at most
// kMaxBufferedOutput bytes wait to be written (past either, the connection
// stops reading until it drains), and each Subscribe stream has one event in
// flight.
//
// With a ByteCounter it counts each call and the payload of every request,
// reply and event under the method's gRPC name, as the gRPC edge's
// interceptor does (interceptors/byte_counter.h); with CallMetrics, each
// finished call by method and status code (engine/call_metrics.h), a frame
// refused before its method was known as "other".
//
// A malformed frame is answered with a status frame for its call and the
// connection goes on; a stream that cannot be read any further (a bad frame
// header, a line too long) is answered with a status frame for call 0 and
// closed, with a log line. Other connections never notice.
//
// Thread safety: Send, Abort and the accessors may be called from any
// thread; the reading half (OnBytes) runs on the connection's strand only.
#ifndef PARLEY_SERVER_SOCKET_SOCKET_CONNECTION_H_
#define PARLEY_SERVER_SOCKET_SOCKET_CONNECTION_H_

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/any_invocable.h"
#include "absl/synchronization/mutex.h"
#include "interceptors/byte_counter.h"
#include "server/engine/call_metrics.h"
#include "server/socket/rule_dispatcher.h"
#include "wire/codec.h"

namespace parley {

class SocketStreamWriter;

// Where a connection counts what it carries (null pointers count nothing;
// not owned, they must outlive the connection), and how long it may stop in
// the middle of a frame before it is closed.
struct ConnectionSetup {
  ByteCounter* bytes = nullptr;
  CallMetrics* calls = nullptr;
  EdgeProtocol protocol = EdgeProtocol::kBinary;
  std::chrono::milliseconds stall_timeout{30'000};
};

class SocketConnection : public std::enable_shared_from_this<SocketConnection> {
 public:
  static constexpr int kMaxCallsInFlight = 64;
  // Encoded bytes waiting for the socket past which reading pauses (a client
  // that sends without reading what it is sent).
  static constexpr size_t kMaxBufferedOutput = 1 << 20;
  // Encoded bytes waiting for the socket up to which a frame counts as
  // written as soon as it is queued: a stream's next event is queued at once
  // and goes out in the same write as this one, instead of one event per
  // write completion. Past it a frame is written when the kernel has it, so a
  // reader that falls behind still pushes back on its stream (which then
  // overflows and ends) while the connection holds at most this much more.
  static constexpr size_t kEagerOutput = 16 << 10;

  // Called once the bytes of a frame are queued within kEagerOutput or with
  // the kernel (true), or the connection broke first (false). Either way the
  // frame is encoded and no longer needs what it borrowed.
  using Written = absl::AnyInvocable<void(bool ok) &&>;

  // Neither the codec nor the rules are owned.
  SocketConnection(std::string peer, const wire::Codec* codec,
                   const RuleDispatcher* rules, const ConnectionSetup& setup);
  virtual ~SocketConnection();
  SocketConnection(const SocketConnection&) = delete;
  SocketConnection& operator=(const SocketConnection&) = delete;

  // Queues `frame` for the client; `written` may be empty. `written` may run
  // before Send returns, on the calling thread.
  void Send(wire::Frame& frame, Written written = nullptr);
  // Closes the connection, `why` going to the log. Idempotent.
  virtual void Abort(std::string_view why) = 0;
  // Closes the connection once what is queued for it has been written.
  virtual void Drain() = 0;

  const std::string& peer() const { return peer_; }
  bool closed() const { return closed_.load(std::memory_order_acquire); }

 protected:
  // What the reading half should do after OnBytes.
  enum class ReadNext { kRead, kPause, kClose };

  // Consumes what it can of `input` (decoding and handling every whole
  // frame); once the connection is closed, nothing. Strand only.
  ReadNext OnBytes(std::string* input);
  // False when the reader must pause (too many calls in flight or too much
  // output waiting); ResumeReading follows once it may go on.
  bool CanRead();
  // The bytes waiting to be written, and their completions; empty when there
  // is nothing to write. Marks a write as running until WriteDone.
  bool TakeOutput(std::string* bytes, std::vector<Written>* done);
  // Ends a write started with TakeOutput's bytes.
  void WriteDone(std::vector<Written>& done, bool ok);
  // Ends what the connection held once its socket is closed: pending writes
  // fail and every open stream ends. Strand only, once.
  void OnClosed();

  // Starts writing (on the strand) if no write is running.
  virtual void KickWriter() = 0;
  // Lets a reader paused for calls in flight go on (on the strand).
  virtual void ResumeReading() = 0;

  std::atomic<bool> closed_{false};

 private:
  friend class SocketStreamWriter;

  bool ShouldResume();
  void Handle(wire::Frame& frame);
  void CallUnary(wire::Frame& frame);
  void OpenStream(wire::Frame& frame);
  void Refuse(uint64_t id, const absl::Status& status);
  void StreamFinished(uint64_t id);
  // Counts a finished call of `method` (gRPC's name; empty when unknown).
  void CountCall(std::string_view method, const absl::Status& status,
                 double seconds) const;
  CallContext NewCallContext() const;

  const std::string peer_;
  const wire::Codec* const codec_;
  const RuleDispatcher* const rules_;
  ByteCounter* const bytes_;
  CallMetrics* const calls_;
  const EdgeProtocol protocol_;
  // The session token of this connection's requests (strand only).
  std::string token_;

  absl::Mutex mu_;
  std::string output_ ABSL_GUARDED_BY(mu_);
  std::vector<Written> output_done_ ABSL_GUARDED_BY(mu_);
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  int calls_in_flight_ ABSL_GUARDED_BY(mu_) = 0;
  bool paused_ ABSL_GUARDED_BY(mu_) = false;
  absl::flat_hash_map<uint64_t, std::shared_ptr<SocketStreamWriter>> streams_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace parley

#endif  // PARLEY_SERVER_SOCKET_SOCKET_CONNECTION_H_
