// The socket edges' half of one Subscribe call: a StreamWriter that sends the
// stream's events and its final status as frames of the call's id on its
// connection. It keeps the EventStream alive until the stream has finished,
// and itself too: the stream may call it until FinishStream, from a worker,
// even after the connection has closed and let go of it (the EventStream
// holds a plain pointer to its writer).
//
// Thread safety: called by the EventStream (one call at a time, from any
// thread), as StreamWriter requires.
#ifndef PARLEY_SERVER_SOCKET_SOCKET_STREAM_WRITER_H_
#define PARLEY_SERVER_SOCKET_SOCKET_STREAM_WRITER_H_

#include <cstdint>
#include <memory>

#include "server/engine/event_stream.h"

namespace parley {

class SocketConnection;

class SocketStreamWriter final
    : public StreamWriter,
      public std::enable_shared_from_this<SocketStreamWriter> {
 public:
  SocketStreamWriter(std::weak_ptr<SocketConnection> connection, uint64_t id)
      : connection_(std::move(connection)), id_(id) {}

  // The stream this writes for; set once, before the stream is opened. From
  // then on the writer lives at least until its FinishStream.
  void set_stream(std::shared_ptr<EventStream> stream) {
    stream_ = std::move(stream);
    keep_alive_ = shared_from_this();
  }
  EventStream& stream() const { return *stream_; }

  // StreamWriter.
  void WriteEvent(const chat::v1::Event* event) override;
  void FinishStream(const absl::Status& status) override;
  // A stuck write means the client stopped reading the whole connection: it
  // is closed, which fails the write.
  void CancelWrite() override;

 private:
  const std::weak_ptr<SocketConnection> connection_;
  const uint64_t id_;
  std::shared_ptr<EventStream> stream_;
  // This writer, from set_stream until FinishStream.
  std::shared_ptr<SocketStreamWriter> keep_alive_;
};

}  // namespace parley

#endif  // PARLEY_SERVER_SOCKET_SOCKET_STREAM_WRITER_H_
