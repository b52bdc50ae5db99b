#include "server/socket/socket_listener.h"

#include <algorithm>
#include <asio/experimental/as_tuple.hpp>
#include <asio/use_future.hpp>
#include <chrono>
#include <future>
#include <string_view>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "server/socket/stream_connection.h"

namespace parley {
namespace {

using asio::ip::tcp;

absl::StatusOr<tcp::endpoint> ParseAddress(const std::string& address) {
  const size_t colon = address.rfind(':');
  int port = 0;
  if (colon == std::string::npos ||
      !absl::SimpleAtoi(address.substr(colon + 1), &port) || port < 0 ||
      port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", address, "' is not host:port"));
  }
  std::string host = address.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host == "localhost") host = "127.0.0.1";
  asio::error_code error;
  const asio::ip::address ip = asio::ip::make_address(host, error);
  if (error) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", host, "' in '", address, "' is not an IP address"));
  }
  return tcp::endpoint(ip, static_cast<uint16_t>(port));
}

std::string PeerName(const tcp::socket& socket) {
  asio::error_code error;
  const tcp::endpoint peer = socket.remote_endpoint(error);
  if (error) return "unknown";
  return peer.address().is_v4()
             ? absl::StrCat("ipv4:", peer.address().to_string(), ":",
                            peer.port())
             : absl::StrCat("ipv6:[", peer.address().to_string(),
                            "]:", peer.port());
}

}  // namespace

SocketListener::SocketListener(IoLoop* loop, const wire::Codec* codec,
                               const RuleDispatcher* rules,
                               std::shared_ptr<asio::ssl::context> tls,
                               const ConnectionSetup& setup)
    : loop_(loop),
      codec_(codec),
      rules_(rules),
      tls_(std::move(tls)),
      setup_(setup),
      acceptor_(loop->context()) {}

SocketListener::~SocketListener() { Stop(); }

absl::StatusOr<std::unique_ptr<SocketListener>> SocketListener::Start(
    IoLoop* loop, const std::string& address, const wire::Codec* codec,
    const RuleDispatcher* rules, std::shared_ptr<asio::ssl::context> tls,
    const ConnectionSetup& setup) {
  absl::StatusOr<tcp::endpoint> endpoint = ParseAddress(address);
  if (!endpoint.ok()) return endpoint.status();
  std::unique_ptr<SocketListener> listener(
      new SocketListener(loop, codec, rules, std::move(tls), setup));
  asio::error_code error;
  tcp::acceptor& acceptor = listener->acceptor_;
  acceptor.open(endpoint->protocol(), error);
  if (!error) acceptor.set_option(tcp::acceptor::reuse_address(true), error);
  if (!error) acceptor.bind(*endpoint, error);
  if (!error) acceptor.listen(asio::socket_base::max_listen_connections, error);
  if (error) {
    return absl::UnavailableError(absl::StrCat(
        "cannot listen on ", address, " for the ", std::string(codec->name()),
        " protocol: ", error.message()));
  }
  listener->port_ = acceptor.local_endpoint().port();
  asio::co_spawn(acceptor.get_executor(), listener->Accept(), asio::detached);
  return listener;
}

asio::awaitable<void> SocketListener::Accept() {
  auto use = asio::experimental::as_tuple(asio::use_awaitable);
  for (;;) {
    auto [error, socket] = co_await acceptor_.async_accept(use);
    if (error == asio::error::operation_aborted || !acceptor_.is_open()) {
      co_return;
    }
    if (error) {
      // Out of file descriptors, say: wait a moment rather than spin.
      PARLEY_LOG(kWarning) << "accepting a " << codec_->name()
                           << " connection failed: " << error.message();
      asio::steady_timer pause(acceptor_.get_executor(),
                               std::chrono::milliseconds(100));
      co_await pause.async_wait(use);
      continue;
    }
    asio::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    socket.set_option(asio::socket_base::keep_alive(true), ignored);
    std::string peer = PeerName(socket);
    auto strand = asio::make_strand(loop_->context());
    if (tls_) {
      using TlsStream = asio::ssl::stream<tcp::socket>;
      auto connection = std::make_shared<StreamConnection<TlsStream>>(
          TlsStream(std::move(socket), *tls_), strand, std::move(peer), codec_,
          rules_, setup_);
      Track(connection);
      connection->Start();
    } else {
      auto connection = std::make_shared<StreamConnection<tcp::socket>>(
          std::move(socket), strand, std::move(peer), codec_, rules_, setup_);
      Track(connection);
      connection->Start();
    }
  }
}

size_t SocketListener::connection_count() {
  absl::MutexLock lock(&mu_);
  return static_cast<size_t>(std::count_if(
      connections_.begin(), connections_.end(),
      [](const std::weak_ptr<SocketConnection>& c) {
        const std::shared_ptr<SocketConnection> connection = c.lock();
        return connection && !connection->closed();
      }));
}

void SocketListener::Track(
    const std::shared_ptr<SocketConnection>& connection) {
  absl::MutexLock lock(&mu_);
  // Dropping the ended connections when the list has doubled keeps this
  // amortized constant per accept.
  if (connections_.size() >= compact_at_) {
    std::erase_if(connections_, [](const std::weak_ptr<SocketConnection>& c) {
      return c.expired();
    });
    compact_at_ = std::max<size_t>(64, 2 * connections_.size());
  }
  connections_.push_back(connection);
  if (stopped_) connection->Abort("the server is shutting down");
}

void SocketListener::Stop(absl::Time deadline) {
  std::vector<std::weak_ptr<SocketConnection>> connections;
  {
    absl::MutexLock lock(&mu_);
    if (stopped_) return;
    stopped_ = true;
    connections.swap(connections_);
  }
  // The acceptor belongs to the loop's threads: it is closed there, and Stop
  // goes on once it is (the accept coroutine ends at its next completion; the
  // owner stops the loop before destroying the listener).
  std::future<void> closed =
      asio::post(acceptor_.get_executor(), asio::use_future([this] {
                   asio::error_code ignored;
                   acceptor_.close(ignored);
                 }));
  closed.wait_for(std::chrono::seconds(5));
  for (const std::weak_ptr<SocketConnection>& weak : connections) {
    if (std::shared_ptr<SocketConnection> connection = weak.lock()) {
      connection->Drain();
    }
  }
  // Shutdown is rare: polling for the drained connections keeps every
  // connection free of a shutdown signal of its own.
  auto open = [&connections] {
    return std::any_of(connections.begin(), connections.end(),
                       [](const std::weak_ptr<SocketConnection>& weak) {
                         std::shared_ptr<SocketConnection> c = weak.lock();
                         return c != nullptr && !c->closed();
                       });
  };
  while (open() && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  for (const std::weak_ptr<SocketConnection>& weak : connections) {
    if (std::shared_ptr<SocketConnection> connection = weak.lock()) {
      connection->Abort("");
    }
  }
  // An aborted connection still runs its cancelled write's completion, which
  // ends the streams waiting on it; the loop must not stop before (else they
  // would wait forever). A connection goes once nothing runs for it.
  const absl::Time gone_by = absl::Now() + absl::Seconds(1);
  auto alive = [&connections] {
    return std::any_of(connections.begin(), connections.end(),
                       [](const std::weak_ptr<SocketConnection>& weak) {
                         return !weak.expired();
                       });
  };
  while (alive() && absl::Now() < gone_by) {
    absl::SleepFor(absl::Milliseconds(10));
  }
}

}  // namespace parley
