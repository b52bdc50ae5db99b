// How a socket connection's bytes move: one C++20 coroutine per connection
// reads on the connection's strand, and writes run on the same strand as a
// chain of asynchronous writes that each take everything queued. `Stream` is
// asio::ip::tcp::socket or asio::ssl::stream of one (TLS; handshake first).
//
// A connection that stops partway through a frame (or a TLS handshake) for
// its setup's stall_timeout is closed; an idle connection between frames is
// not (a client waiting for events is idle).
//
// Thread safety: as SocketConnection.
#ifndef PARLEY_SERVER_SOCKET_STREAM_CONNECTION_H_
#define PARLEY_SERVER_SOCKET_STREAM_CONNECTION_H_

#include <array>
#include <asio.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/ssl.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "common/log.h"
#include "server/socket/socket_connection.h"

namespace parley {

template <typename Stream>
class StreamConnection final : public SocketConnection {
 public:
  using Strand = asio::strand<asio::io_context::executor_type>;

  StreamConnection(Stream stream, const Strand& strand, std::string peer,
                   const wire::Codec* codec, const RuleDispatcher* rules,
                   const ConnectionSetup& setup)
      : SocketConnection(std::move(peer), codec, rules, setup),
        stall_timeout_(setup.stall_timeout),
        stream_(std::move(stream)),
        strand_(strand),
        resume_(strand),
        stall_(strand) {}

  // Starts reading (and, for TLS, the handshake).
  void Start() {
    auto self = std::static_pointer_cast<StreamConnection>(shared_from_this());
    asio::co_spawn(strand_, self->Run(),
                   [self](const std::exception_ptr& error) {
                     if (error) self->CloseSocket("the connection failed");
                   });
  }

  // SocketConnection.
  void Abort(std::string_view why) override {
    asio::post(strand_, [self = Self(), why = std::string(why)] {
      self->CloseSocket(why);
    });
  }

  void Drain() override {
    asio::post(strand_, [self = Self()] {
      self->close_when_flushed_ = true;
      self->WriteNext();
    });
  }

 private:
  static constexpr bool kTls = !std::is_same_v<Stream, asio::ip::tcp::socket>;

  std::shared_ptr<StreamConnection> Self() {
    return std::static_pointer_cast<StreamConnection>(shared_from_this());
  }

  asio::awaitable<void> Run() {
    auto use = asio::experimental::as_tuple(asio::use_awaitable);
    if constexpr (kTls) {
      ArmStallTimer();
      auto [error] =
          co_await stream_.async_handshake(asio::ssl::stream_base::server, use);
      stall_.cancel();
      if (error) {
        CloseSocket("the TLS handshake failed");
        co_return;
      }
    }
    std::array<char, size_t{16} * 1024> buffer;
    while (!closed()) {
      auto [error, n] =
          co_await stream_.async_read_some(asio::buffer(buffer), use);
      if (error) break;
      input_.append(buffer.data(), n);
      ReadNext next = OnBytes(&input_);
      // A paused reader waits for calls to end (or output to drain), then
      // handles what it already holds before reading more.
      while (next == ReadNext::kPause && !closed()) {
        resume_.expires_at(asio::steady_timer::time_point::max());
        co_await resume_.async_wait(use);
        if (CanRead()) next = OnBytes(&input_);
      }
      if (next == ReadNext::kClose) {
        close_when_flushed_ = true;
        WriteNext();
        co_return;
      }
      if (input_.empty()) {
        stall_.cancel();
      } else {
        ArmStallTimer();
      }
    }
    CloseSocket("");
  }

  void ArmStallTimer() {
    stall_.expires_after(stall_timeout_);
    stall_.async_wait([weak = weak_from_this()](const asio::error_code& error) {
      if (error) return;
      if (std::shared_ptr<SocketConnection> self = weak.lock()) {
        self->Abort("it stopped in the middle of a frame");
      }
    });
  }

  // SocketConnection.
  void KickWriter() override {
    asio::post(strand_, [self = Self()] { self->WriteNext(); });
  }
  void ResumeReading() override {
    asio::post(strand_, [self = Self()] { self->resume_.cancel(); });
  }

  // Strand only.
  void WriteNext() {
    if (write_running_ || closed()) return;
    if (!TakeOutput(&write_bytes_, &write_done_)) {
      if (close_when_flushed_) CloseSocket("");
      return;
    }
    write_running_ = true;
    asio::async_write(
        stream_, asio::buffer(write_bytes_),
        asio::bind_executor(
            strand_,
            [self = Self()](const asio::error_code& error, size_t /*bytes*/) {
              self->write_running_ = false;
              self->write_bytes_.clear();
              std::vector<Written> done = std::move(self->write_done_);
              self->write_done_.clear();
              self->WriteDone(done, !error);
              if (error) {
                self->CloseSocket("");
                return;
              }
              self->WriteNext();
            }));
  }

  // Strand only; idempotent.
  void CloseSocket(std::string_view why) {
    if (closed_.exchange(true)) return;
    if (!why.empty()) {
      PARLEY_LOG(kInfo) << "closing the connection from " << peer() << ": "
                        << why;
    }
    asio::error_code ignored;
    stream_.lowest_layer().shutdown(asio::ip::tcp::socket::shutdown_both,
                                    ignored);
    stream_.lowest_layer().close(ignored);
    stall_.cancel();
    resume_.cancel();
    OnClosed();
  }

  const std::chrono::milliseconds stall_timeout_;
  Stream stream_;
  Strand strand_;
  asio::steady_timer resume_;
  asio::steady_timer stall_;
  // Strand only.
  std::string input_;
  std::string write_bytes_;
  std::vector<Written> write_done_;
  bool write_running_ = false;
  bool close_when_flushed_ = false;
};

}  // namespace parley

#endif  // PARLEY_SERVER_SOCKET_STREAM_CONNECTION_H_
