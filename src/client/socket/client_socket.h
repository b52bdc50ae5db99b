// One TCP connection of a SocketTransport, plaintext or TLS, on the
// transport's event loop: it resolves and connects, verifies the server's
// certificate, hands every byte read to its owner, writes what is queued in
// order, and closes once, saying why. It knows nothing of frames. When given a
// ByteCounter it adds what crossed TCP, as the kernel counts it for the socket
// (tcp_info), after every read and write, so a reply's bytes are counted
// before the reply is handed on.
//
// Thread safety: none of its own. Every method, and every handler it calls,
// runs on the thread of the io_context it was made with (the transport's one
// thread). It keeps itself alive while an operation is outstanding.
#ifndef PARLEY_CLIENT_SOCKET_CLIENT_SOCKET_H_
#define PARLEY_CLIENT_SOCKET_CLIENT_SOCKET_H_

#include <array>
#include <asio.hpp>
#include <asio/ssl.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "interceptors/byte_counter.h"

namespace parley {

class ClientSocket : public std::enable_shared_from_this<ClientSocket> {
 public:
  struct Handlers {
    // Connected (and, with TLS, the server proved its name): writes start.
    std::function<void()> on_open;
    // Bytes arrived: `input` holds everything not yet consumed, and the
    // handler removes what it consumes from the front.
    std::function<void(std::string* input)> on_bytes;
    // Exactly once, last: the connection could not be opened or has closed.
    // `why` is UNAVAILABLE naming the address and the cause.
    std::function<void(const absl::Status& why)> on_closed;
  };

  // `tls` is null for plaintext; `bytes` may be null. Neither is owned; both
  // must outlive the socket.
  ClientSocket(asio::io_context& io, asio::ssl::context* tls,
               ByteCounter* bytes);

  // Resolves `host`, connects to it on `port` and starts reading. Call once.
  void Open(const std::string& host, const std::string& port,
            Handlers handlers);
  // Queues `bytes` after everything queued before; they are written once the
  // connection is open. Ignored once closed.
  void Write(std::string_view bytes);
  // Closes the connection (on_closed follows at once with `why`, unless it
  // ran already). Idempotent.
  void Close(const absl::Status& why);
  bool closed() const { return closed_; }

 private:
  using TlsStream = asio::ssl::stream<asio::ip::tcp::socket>;

  asio::ip::tcp::socket& Tcp();
  // Calls `f` with the stream bytes move through: the TLS stream, else the
  // TCP socket.
  template <typename F>
  void WithStream(F&& f) {
    if (tls_stream_) {
      f(*tls_stream_);
    } else {
      f(*plain_);
    }
  }
  // No Nagle delay, and TCP keepalive probes soon enough to notice a dead
  // server.
  void SetSocketOptions();
  void Connected();
  void Handshake();
  void ReadNext();
  void WriteNext();
  // Adds the socket's TCP bytes since the last count to bytes_.
  void CountTcp();
  // UNAVAILABLE for `what` failing with `error`.
  absl::Status Failure(const char* what, const asio::error_code& error) const;

  asio::ssl::context* const tls_;
  ByteCounter* const bytes_;
  // What CountTcp has added so far.
  TcpBytes counted_;
  asio::ip::tcp::resolver resolver_;
  std::optional<asio::ip::tcp::socket> plain_;
  std::optional<TlsStream> tls_stream_;
  Handlers handlers_;
  std::string address_;
  bool open_ = false;
  bool closed_ = false;
  std::array<char, size_t{16} * 1024> read_buffer_{};
  std::string input_;
  std::string queued_;
  std::string writing_;
};

}  // namespace parley

#endif  // PARLEY_CLIENT_SOCKET_CLIENT_SOCKET_H_
