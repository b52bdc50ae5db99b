// A listening socket for one socket protocol (its codec), on the shared
// IoLoop: it accepts connections, with TLS when given a context, and starts a
// connection for each. Binding fails at start when the port is taken.
//
// Thread safety: port() and Stop() may be called from any thread. Ownership:
// the loop, the codec and the dispatcher are not owned and must outlive the
// listener; the loop must be stopped (IoLoop::Stop) before the listener is
// destroyed, since its accept coroutine may still hold a completion.
#ifndef PARLEY_SERVER_SOCKET_SOCKET_LISTENER_H_
#define PARLEY_SERVER_SOCKET_SOCKET_LISTENER_H_

#include <asio.hpp>
#include <asio/ssl.hpp>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "server/socket/io_loop.h"
#include "server/socket/rule_dispatcher.h"
#include "server/socket/socket_connection.h"
#include "wire/codec.h"

namespace parley {

class SocketListener {
 public:
  // Binds `address` ("host:port"; port 0 picks a free one) and starts
  // accepting. INVALID_ARGUMENT for an address that does not parse,
  // UNAVAILABLE (naming the address) when it cannot be bound. `tls` may be
  // null (plaintext). Connections count their traffic and time out stalls
  // as `setup` says (socket_connection.h).
  static absl::StatusOr<std::unique_ptr<SocketListener>> Start(
      IoLoop* loop, const std::string& address, const wire::Codec* codec,
      const RuleDispatcher* rules, std::shared_ptr<asio::ssl::context> tls,
      const ConnectionSetup& setup);
  // Stop().
  ~SocketListener();
  SocketListener(const SocketListener&) = delete;
  SocketListener& operator=(const SocketListener&) = delete;

  int port() const { return port_; }
  // Client connections open now.
  size_t connection_count();
  // Stops accepting, and closes every connection once what is queued for it
  // is written, or at `deadline`; then waits (up to 1 s more) for the closed
  // connections to finish their last handlers. Idempotent.
  void Stop(absl::Time deadline = absl::Now());

 private:
  SocketListener(IoLoop* loop, const wire::Codec* codec,
                 const RuleDispatcher* rules,
                 std::shared_ptr<asio::ssl::context> tls,
                 const ConnectionSetup& setup);
  asio::awaitable<void> Accept();
  void Track(const std::shared_ptr<SocketConnection>& connection);

  IoLoop* const loop_;
  const wire::Codec* const codec_;
  const RuleDispatcher* const rules_;
  const std::shared_ptr<asio::ssl::context> tls_;
  const ConnectionSetup setup_;
  asio::ip::tcp::acceptor acceptor_;
  int port_ = 0;

  absl::Mutex mu_;
  bool stopped_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::weak_ptr<SocketConnection>> connections_
      ABSL_GUARDED_BY(mu_);
  size_t compact_at_ ABSL_GUARDED_BY(mu_) = 64;
};

}  // namespace parley

#endif  // PARLEY_SERVER_SOCKET_SOCKET_LISTENER_H_
