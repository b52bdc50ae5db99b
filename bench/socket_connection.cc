#include "socket_connection.h"

#include <atomic>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "client/socket/client_socket.h"
#include "wire/binary_codec.h"
#include "wire/json_codec.h"
#include "wire/methods.h"

namespace parley::bench {
namespace {

using wire::DecodeResult;
using wire::Frame;
using wire::FrameKind;

// Replies may be far larger than requests (a page of messages); the client
// library takes up to this much, and so does the bench.
constexpr size_t kMaxReplyBytes = size_t{16} << 20;

std::unique_ptr<wire::Codec> CodecFor(Protocol protocol) {
  if (protocol == Protocol::kJson) {
    return std::make_unique<wire::JsonCodec>(kMaxReplyBytes);
  }
  return std::make_unique<wire::BinaryCodec>(kMaxReplyBytes);
}

const wire::MethodInfo& MethodNamed(std::string_view name) {
  return *wire::MethodByName(name);
}

}  // namespace

struct SocketConnection::Stream {
  EventStream::Callbacks callbacks;
  uint64_t id = 0;
  // Set on the loop once on_done has run; read by handles on any thread.
  std::atomic<bool> ended{false};
};

class SocketConnection::StreamHandle final : public EventStream {
 public:
  StreamHandle(SocketConnection* connection, std::shared_ptr<Stream> stream)
      : connection_(connection), stream_(std::move(stream)) {}

  void Cancel() override {
    // Once ended, the connection may be gone: touch nothing of it.
    if (stream_->ended.load()) return;
    asio::dispatch(connection_->io_,
                   [c = connection_, s = stream_] { c->CancelStream(s); });
  }

 private:
  SocketConnection* const connection_;
  const std::shared_ptr<Stream> stream_;
};

SocketConnection::SocketConnection(Protocol protocol,
                                   const std::string& address,
                                   asio::io_context& io, ByteCounter* bytes)
    : io_(io),
      bytes_(bytes),
      codec_(CodecFor(protocol)),
      socket_(std::make_shared<ClientSocket>(io, nullptr, nullptr)) {
  const size_t colon = address.rfind(':');
  std::string host = address.substr(0, colon);
  std::string port =
      colon == std::string::npos ? "" : address.substr(colon + 1);
  asio::dispatch(io_, [this, host = std::move(host), port = std::move(port)] {
    socket_->Open(
        host, port,
        {.on_open =
             [this] {
               absl::MutexLock lock(&mu_);
               open_ = true;
             },
         .on_bytes = [this](std::string* input) { OnBytes(input); },
         .on_closed = [this](const absl::Status& why) { OnClosed(why); }});
  });
}

SocketConnection::~SocketConnection() {
  asio::dispatch(io_, [this] {
    socket_->Close(absl::CancelledError("the bench closed the connection"));
  });
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(&closed_));
}

bool SocketConnection::WaitConnected(absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  auto settled = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return open_ || closed_;
  };
  mu_.AwaitWithTimeout(absl::Condition(&settled), timeout);
  return open_ && !closed_;
}

void SocketConnection::SendMessage(const BenchAccount& from,
                                   const std::string& recipient,
                                   const std::string& text, Done done) {
  auto request = std::make_unique<chat::v1::SendMessageRequest>();
  request->set_recipient(recipient);
  request->set_text(text);
  static const wire::MethodInfo& kSend = MethodNamed("SendMessage");
  Start(&kSend, from.token, std::move(request),
        [done = std::move(done)](const absl::Status& status, Frame* reply) {
          const int64_t id =
              status.ok() ? static_cast<const chat::v1::SendMessageResponse&>(
                                *reply->message)
                                .id()
                          : 0;
          done(static_cast<int>(status.code()), id);
        });
}

void SocketConnection::NoOp(const BenchAccount& from, Done done) {
  Start(nullptr, from.token, nullptr,
        [done = std::move(done)](const absl::Status& status, Frame*) {
          done(static_cast<int>(status.code()), 0);
        });
}

std::unique_ptr<EventStream> SocketConnection::Subscribe(
    const BenchAccount& account, EventStream::Callbacks callbacks) {
  auto stream = std::make_shared<Stream>();
  stream->callbacks = std::move(callbacks);
  asio::dispatch(io_, [this, stream, token = account.token] {
    if (socket_closed_) {
      EndStream(stream, absl::UnavailableError("the connection is closed"));
      return;
    }
    stream->id = next_id_++;
    streams_[stream->id] = stream;
    // No after_id: live events only.
    static const wire::MethodInfo& kSubscribe = MethodNamed("Subscribe");
    Send(stream->id, &kSubscribe, token,
         std::make_unique<chat::v1::SubscribeRequest>());
  });
  return std::make_unique<StreamHandle>(this, std::move(stream));
}

absl::Status SocketConnection::ReadMessages(
    const BenchAccount& account, int limit,
    chat::v1::ReadMessagesResponse* response) {
  auto request = std::make_unique<chat::v1::ReadMessagesRequest>();
  request->set_limit(limit);
  return Blocking("ReadMessages", account, std::move(request), response);
}

absl::Status SocketConnection::DeleteAccount(const BenchAccount& account) {
  chat::v1::DeleteAccountResponse response;
  return Blocking("DeleteAccount", account,
                  std::make_unique<chat::v1::DeleteAccountRequest>(),
                  &response);
}

absl::Status SocketConnection::Blocking(
    std::string_view method, const BenchAccount& account,
    std::unique_ptr<google::protobuf::Message> request,
    google::protobuf::Message* response) {
  absl::Notification answered;
  absl::Status result;
  Start(&MethodNamed(method), account.token, std::move(request),
        [&](const absl::Status& status, Frame* reply) {
          result = status;
          if (status.ok()) response->CopyFrom(*reply->message);
          answered.Notify();
        });
  answered.WaitForNotification();
  return result;
}

void SocketConnection::Start(const wire::MethodInfo* method,
                             const std::string& token,
                             std::unique_ptr<google::protobuf::Message> request,
                             Reply reply) {
  asio::dispatch(io_, [this, method, token, request = std::move(request),
                       reply = std::move(reply)]() mutable {
    if (socket_closed_) {
      reply(absl::UnavailableError("the connection is closed"), nullptr);
      return;
    }
    const uint64_t id = next_id_++;
    calls_[id] = PendingCall{method, std::move(reply)};
    Send(id, method, token, std::move(request));
  });
}

void SocketConnection::Send(
    uint64_t id, const wire::MethodInfo* method, const std::string& token,
    std::unique_ptr<google::protobuf::Message> request) {
  Frame frame;
  frame.id = id;
  if (method == nullptr) {
    frame.kind = FrameKind::kPing;
  } else {
    frame.kind = FrameKind::kRequest;
    frame.method = method;
    frame.message = std::move(request);
    // The protocols keep the token per connection: send it when it changes.
    if (token != connection_token_) {
      frame.token = token;
      connection_token_ = token;
    }
  }
  std::string bytes;
  codec_->Encode(frame, &bytes);
  if (bytes_ != nullptr && method != nullptr) {
    const std::string path = wire::GrpcMethodPath(*method);
    bytes_->AddCall(path);
    bytes_->AddSent(path, static_cast<int64_t>(frame.payload_bytes));
  }
  socket_->Write(bytes);
}

void SocketConnection::CancelStream(const std::shared_ptr<Stream>& stream) {
  if (stream->ended.load()) return;
  if (!socket_closed_) {
    Frame cancel;
    cancel.kind = FrameKind::kCancel;
    cancel.id = stream->id;
    std::string bytes;
    codec_->Encode(cancel, &bytes);
    socket_->Write(bytes);
  }
  EndStream(stream, absl::CancelledError("Cancelled"));
}

void SocketConnection::EndStream(const std::shared_ptr<Stream>& stream,
                                 const absl::Status& status) {
  if (stream->ended.load()) return;
  streams_.erase(stream->id);
  EventStream::Callbacks callbacks = std::move(stream->callbacks);
  stream->ended.store(true);
  if (callbacks.on_done) callbacks.on_done(status);
}

void SocketConnection::OnBytes(std::string* input) {
  const std::string_view bytes = *input;
  size_t offset = 0;
  while (offset < bytes.size()) {
    Frame frame;
    const DecodeResult result =
        codec_->Decode(bytes.substr(offset), &frame, this);
    if (result.kind == DecodeResult::Kind::kNeedMore) break;
    if (result.kind == DecodeResult::Kind::kFatal) {
      input->clear();
      socket_->Close(absl::InternalError(
          absl::StrCat("the server sent what the bench cannot read: ",
                       result.error.message())));
      return;
    }
    offset += result.consumed;
    if (result.kind == DecodeResult::Kind::kFrame) OnFrame(frame);
  }
  input->erase(0, offset);
}

void SocketConnection::OnFrame(Frame& frame) {
  switch (frame.kind) {
    case FrameKind::kReply:
    case FrameKind::kPong:
    case FrameKind::kStatus: {
      if (auto call = calls_.find(frame.id); call != calls_.end()) {
        PendingCall pending = std::move(call->second);
        calls_.erase(call);
        if (frame.kind == FrameKind::kReply && bytes_ != nullptr) {
          bytes_->AddReceived(wire::GrpcMethodPath(*pending.method),
                              static_cast<int64_t>(frame.payload_bytes));
        }
        pending.reply(
            frame.kind == FrameKind::kStatus ? frame.status : absl::OkStatus(),
            &frame);
      } else if (frame.kind == FrameKind::kStatus) {
        if (auto stream = streams_.find(frame.id); stream != streams_.end()) {
          EndStream(std::shared_ptr<Stream>(stream->second), frame.status);
        }
      }
      return;
    }
    case FrameKind::kEvent: {
      auto stream = streams_.find(frame.id);
      if (stream == streams_.end()) return;
      if (bytes_ != nullptr) {
        static const std::string kPath =
            wire::GrpcMethodPath(MethodNamed("Subscribe"));
        bytes_->AddReceived(kPath, static_cast<int64_t>(frame.payload_bytes));
      }
      if (stream->second->callbacks.on_event) {
        stream->second->callbacks.on_event(
            static_cast<const chat::v1::Event&>(*frame.message));
      }
      return;
    }
    case FrameKind::kPing: {
      Frame pong;
      pong.kind = FrameKind::kPong;
      pong.id = frame.id;
      std::string bytes;
      codec_->Encode(pong, &bytes);
      socket_->Write(bytes);
      return;
    }
    case FrameKind::kRequest:
    case FrameKind::kCancel:
      return;
  }
}

void SocketConnection::OnClosed(const absl::Status& why) {
  socket_closed_ = true;
  for (auto& [id, call] : std::exchange(calls_, {})) call.reply(why, nullptr);
  for (auto& [id, stream] : std::exchange(streams_, {})) {
    EndStream(stream, why);
  }
  absl::MutexLock lock(&mu_);
  closed_ = true;
}

const wire::MethodInfo* SocketConnection::MethodOf(uint64_t id) const {
  if (auto call = calls_.find(id); call != calls_.end()) {
    return call->second.method;
  }
  if (streams_.contains(id)) return &MethodNamed("Subscribe");
  return nullptr;
}

}  // namespace parley::bench
