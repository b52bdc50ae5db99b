#include "client/socket/client_socket.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "client/socket/tcp_info_bytes.h"

namespace parley {

using asio::ip::tcp;

ClientSocket::ClientSocket(asio::io_context& io, asio::ssl::context* tls,
                           ByteCounter* bytes)
    : tls_(tls), bytes_(bytes), resolver_(io) {
  if (tls_ != nullptr) {
    tls_stream_.emplace(io, *tls_);
  } else {
    plain_.emplace(io);
  }
}

tcp::socket& ClientSocket::Tcp() {
  return tls_stream_ ? tls_stream_->next_layer() : *plain_;
}

void ClientSocket::CountTcp() {
  if (bytes_ == nullptr || !Tcp().is_open()) return;
  const std::optional<TcpBytes> now = TcpInfoBytes(Tcp().native_handle());
  if (!now) return;
  bytes_->AddTcp(now->sent - counted_.sent, now->received - counted_.received);
  counted_ = *now;
}

absl::Status ClientSocket::Failure(const char* what,
                                   const asio::error_code& error) const {
  return absl::UnavailableError(
      absl::StrCat(what, " ", address_, ": ", error.message()));
}

void ClientSocket::Open(const std::string& host, const std::string& port,
                        Handlers handlers) {
  handlers_ = std::move(handlers);
  address_ = absl::StrCat(host, ":", port);
  resolver_.async_resolve(
      host, port,
      [self = shared_from_this(), host](
          const asio::error_code& error,
          const tcp::resolver::results_type& endpoints) {
        if (self->closed_) return;
        if (error) {
          self->Close(self->Failure("cannot resolve", error));
          return;
        }
        asio::async_connect(
            self->Tcp(), endpoints,
            [self, host](const asio::error_code& error,
                         const tcp::endpoint& /*endpoint*/) {
              if (self->closed_) return;
              if (error) {
                self->Close(self->Failure("cannot connect to", error));
                return;
              }
              self->SetSocketOptions();
              if (!self->tls_stream_) {
                self->Connected();
                return;
              }
              // The server's certificate must name the host we dialled (a
              // DNS name or an IP address), and SNI tells it which we want.
              asio::error_code not_ip;
              asio::ip::make_address(host, not_ip);
              if (not_ip) {
                SSL_set_tlsext_host_name(self->tls_stream_->native_handle(),
                                         host.c_str());
              }
              self->tls_stream_->set_verify_mode(asio::ssl::verify_peer);
              self->tls_stream_->set_verify_callback(
                  asio::ssl::host_name_verification(host));
              self->Handshake();
            });
      });
}

void ClientSocket::SetSocketOptions() {
  asio::error_code ignored;
  Tcp().set_option(tcp::no_delay(true), ignored);
  Tcp().set_option(asio::socket_base::keep_alive(true), ignored);
  // Probes after 30 s of silence, every 10 s, three of them: a server that
  // vanished without closing is noticed within about a minute, as gRPC's
  // keepalive does, and a waiting stream reconnects.
  const int fd = Tcp().native_handle();
  const std::pair<int, int> keepalive[] = {
      {TCP_KEEPIDLE, 30}, {TCP_KEEPINTVL, 10}, {TCP_KEEPCNT, 3}};
  for (const auto& [option, value] : keepalive) {
    setsockopt(fd, IPPROTO_TCP, option, &value, sizeof(value));
  }
}

void ClientSocket::Handshake() {
  tls_stream_->async_handshake(
      asio::ssl::stream_base::client,
      [self = shared_from_this()](const asio::error_code& error) {
        if (self->closed_) return;
        if (error) {
          self->Close(self->Failure("the TLS handshake failed with", error));
          return;
        }
        self->Connected();
      });
}

void ClientSocket::Connected() {
  open_ = true;
  if (handlers_.on_open) handlers_.on_open();
  ReadNext();
  WriteNext();
}

void ClientSocket::ReadNext() {
  if (closed_) return;
  WithStream([this](auto& stream) {
    stream.async_read_some(
        asio::buffer(read_buffer_),
        [self = shared_from_this()](const asio::error_code& error, size_t n) {
          if (self->closed_) return;
          if (error) {
            self->Close(
                self->Failure("the server closed the connection to", error));
            return;
          }
          self->CountTcp();
          self->input_.append(self->read_buffer_.data(), n);
          self->handlers_.on_bytes(&self->input_);
          self->ReadNext();
        });
  });
}

void ClientSocket::Write(std::string_view bytes) {
  if (closed_) return;
  queued_.append(bytes);
  WriteNext();
}

void ClientSocket::WriteNext() {
  if (!open_ || closed_ || !writing_.empty() || queued_.empty()) return;
  writing_.swap(queued_);
  WithStream([this](auto& stream) {
    asio::async_write(stream, asio::buffer(writing_),
                      [self = shared_from_this()](const asio::error_code& error,
                                                  size_t /*n*/) {
                        if (self->closed_) return;
                        self->writing_.clear();
                        if (error) {
                          self->Close(self->Failure(
                              "writing failed on the connection to", error));
                          return;
                        }
                        self->WriteNext();
                      });
  });
}

void ClientSocket::Close(const absl::Status& why) {
  if (closed_) return;
  closed_ = true;
  open_ = false;
  resolver_.cancel();
  CountTcp();
  asio::error_code ignored;
  Tcp().shutdown(tcp::socket::shutdown_both, ignored);
  Tcp().close(ignored);
  queued_.clear();
  if (handlers_.on_closed) {
    std::function<void(const absl::Status&)> on_closed =
        std::move(handlers_.on_closed);
    on_closed(why);
  }
}

}  // namespace parley
