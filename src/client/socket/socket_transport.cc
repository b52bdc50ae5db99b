#include "client/socket/socket_transport.h"

#include <atomic>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "client/socket/client_socket.h"
#include "client/socket/utf8_fields.h"
#include "wire/binary_codec.h"
#include "wire/json_codec.h"

namespace parley {

using wire::DecodeResult;
using wire::Frame;
using wire::FrameKind;

namespace {

// The largest id the binary protocol's header carries.
constexpr uint64_t kMaxCallId = 0xFFFF'FFFF;
// The largest reply frame the client takes (a bound on its memory, far above
// any reply the server's defaults produce).
constexpr size_t kMaxReplyBytes = size_t{16} << 20;

const wire::MethodInfo& SubscribeMethod() {
  static const wire::MethodInfo* method = wire::MethodByName("Subscribe");
  return *method;
}

struct TimerState {
  explicit TimerState(asio::io_context& io) : timer(io) {}

  // Runs `done` once, whichever comes first. The transport's thread only.
  void Run(bool fired) {
    if (ran.exchange(true)) return;
    std::function<void(bool)> callback = std::move(done);
    callback(fired);
  }

  asio::steady_timer timer;
  std::function<void(bool)> done;
  // The transport's thread only: Cancel ran before the timer was armed.
  bool cancelled = false;
  std::atomic<bool> ran{false};
};

class SocketTimer final : public Timer {
 public:
  SocketTimer(asio::io_context* io, std::shared_ptr<TimerState> state)
      : io_(io), state_(std::move(state)) {}
  ~SocketTimer() override { Cancel(); }
  SocketTimer(const SocketTimer&) = delete;
  SocketTimer& operator=(const SocketTimer&) = delete;

  // Timer. Once the callback has run the transport may be gone: it is not
  // touched then.
  void Cancel() override {
    if (state_->ran.load()) return;
    asio::post(*io_, [state = state_] {
      state->cancelled = true;
      state->timer.cancel();
    });
  }

 private:
  asio::io_context* const io_;
  const std::shared_ptr<TimerState> state_;
};

}  // namespace

struct SocketTransport::PendingCall {
  PendingCall(const wire::MethodInfo* method,
              google::protobuf::Message* response)
      : method(method), response(response) {}

  // Ends the call with `result` and the reply's message (null on error),
  // unless it ended already or its caller stopped waiting.
  void Finish(const absl::Status& result, google::protobuf::Message* reply) {
    absl::MutexLock lock(&mu);
    if (finished || abandoned) return;
    if (reply != nullptr) response->GetReflection()->Swap(response, reply);
    status = result;
    finished = true;
  }

  const wire::MethodInfo* const method;
  absl::Mutex mu;
  google::protobuf::Message* const response ABSL_PT_GUARDED_BY(mu);
  bool finished ABSL_GUARDED_BY(mu) = false;
  bool abandoned ABSL_GUARDED_BY(mu) = false;
  absl::Status status ABSL_GUARDED_BY(mu);
};

struct SocketTransport::OpenStream {
  // The transport's thread only.
  EventStream::Callbacks callbacks;
  uint64_t id = 0;  // 0 until the request is sent
  bool cancel_requested = false;
  // Set once on_done is due; read by the handle from any thread.
  std::atomic<bool> ended{false};
};

class SocketTransport::StreamHandle final : public EventStream {
 public:
  StreamHandle(SocketTransport* transport, std::shared_ptr<OpenStream> stream)
      : transport_(transport), stream_(std::move(stream)) {}

  // EventStream. After on_done the transport may be gone: it is not touched
  // then.
  void Cancel() override {
    if (stream_->ended.load()) return;
    asio::post(transport_->io_, [transport = transport_, stream = stream_] {
      transport->CancelStream(stream);
    });
  }

 private:
  SocketTransport* const transport_;
  const std::shared_ptr<OpenStream> stream_;
};

absl::StatusOr<std::unique_ptr<Transport>> SocketTransport::Create(
    const ClientOptions& options) {
  // Replies may be far larger than the server takes requests: a page of 100
  // messages of 256 four-byte characters is over 100 KB, and the server's
  // limits are flags. Requests are checked against the server's limit.
  std::unique_ptr<wire::Codec> codec;
  size_t request_limit = 0;
  switch (options.protocol) {
    case Protocol::kBinary:
      codec = std::make_unique<wire::BinaryCodec>(kMaxReplyBytes);
      request_limit = wire::BinaryCodec().max_frame_bytes();
      break;
    case Protocol::kJson:
      codec = std::make_unique<wire::JsonCodec>(kMaxReplyBytes);
      request_limit = wire::JsonCodec().max_frame_bytes();
      break;
    case Protocol::kGrpc:
      return absl::InvalidArgumentError("gRPC is not a socket protocol");
  }
  const size_t colon = options.address.rfind(':');
  if (colon == std::string::npos || colon == 0 ||
      colon + 1 == options.address.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", options.address, "' is not host:port"));
  }
  std::string host = options.address.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  std::unique_ptr<asio::ssl::context> tls;
  if (!options.tls_ca_path.empty()) {
    tls = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_client);
    asio::error_code error;
    tls->load_verify_file(options.tls_ca_path, error);
    if (error) {
      return absl::InvalidArgumentError(absl::StrCat(
          "cannot read ", options.tls_ca_path, ": ", error.message()));
    }
  }
  return std::unique_ptr<Transport>(new SocketTransport(
      options, std::move(host), options.address.substr(colon + 1),
      std::move(codec), request_limit, std::move(tls)));
}

SocketTransport::SocketTransport(const ClientOptions& options, std::string host,
                                 std::string port,
                                 std::unique_ptr<wire::Codec> codec,
                                 size_t request_limit,
                                 std::unique_ptr<asio::ssl::context> tls)
    : options_(options),
      host_(std::move(host)),
      port_(std::move(port)),
      codec_(std::move(codec)),
      request_limit_(request_limit),
      tls_(std::move(tls)),
      work_(io_.get_executor()),
      thread_([this] { io_.run(); }) {}

SocketTransport::~SocketTransport() {
  asio::post(io_, [this] {
    if (socket_) {
      socket_->Close(absl::CancelledError("the client closed the connection"));
    }
  });
  // The thread ends once the closed socket's last handlers have run.
  work_.reset();
  thread_.join();
}

bool SocketTransport::OnThread() const {
  return std::this_thread::get_id() == thread_.get_id();
}

absl::Status SocketTransport::Call(
    const google::protobuf::MethodDescriptor& method, const std::string& token,
    const google::protobuf::Message& request,
    google::protobuf::Message* response, absl::Time deadline) {
  const wire::MethodInfo* info = wire::MethodFor(method);
  if (info == nullptr || info->server_streaming) {
    return absl::InvalidArgumentError(
        absl::StrCat(method.full_name(), " is not a unary chat.v1 RPC"));
  }
  if (OnThread()) {
    return absl::FailedPreconditionError(
        "a blocking call from a stream or timer callback would wait for "
        "itself");
  }
  if (options_.protocol == Protocol::kJson) {
    if (absl::Status text = CheckUtf8Fields(request); !text.ok()) return text;
  }
  auto call = std::make_shared<PendingCall>(info, response);
  std::unique_ptr<google::protobuf::Message> copy(request.New());
  copy->CopyFrom(request);
  asio::post(io_, [this, call, token, copy = std::move(copy)]() mutable {
    StartCall(call, token, std::move(copy));
  });
  absl::MutexLock lock(&call->mu);
  if (!call->mu.AwaitWithDeadline(absl::Condition(&call->finished), deadline)) {
    call->abandoned = true;
    return absl::DeadlineExceededError("Deadline Exceeded");
  }
  return call->status;
}

std::unique_ptr<EventStream> SocketTransport::Subscribe(
    const std::string& token, const chat::v1::SubscribeRequest& request,
    EventStream::Callbacks callbacks) {
  auto stream = std::make_shared<OpenStream>();
  stream->callbacks = std::move(callbacks);
  auto copy = std::make_unique<chat::v1::SubscribeRequest>(request);
  asio::post(io_, [this, stream, token, copy = std::move(copy)]() mutable {
    StartStream(stream, token, std::move(copy));
  });
  return std::make_unique<StreamHandle>(this, std::move(stream));
}

std::unique_ptr<Timer> SocketTransport::StartTimer(
    absl::Duration delay, std::function<void(bool fired)> done) {
  auto state = std::make_shared<TimerState>(io_);
  state->done = std::move(done);
  asio::post(io_, [state, delay] {
    if (state->cancelled) {
      state->Run(false);
      return;
    }
    state->timer.expires_after(absl::ToChronoNanoseconds(delay));
    state->timer.async_wait([state](const asio::error_code& error) {
      state->Run(!error && !state->cancelled);
    });
  });
  return std::make_unique<SocketTimer>(&io_, std::move(state));
}

void SocketTransport::CountCall(const wire::MethodInfo& method) {
  if (options_.bytes != nullptr) {
    options_.bytes->AddCall(wire::GrpcMethodPath(method));
  }
}

void SocketTransport::CountSent(const wire::MethodInfo& method, size_t bytes) {
  if (options_.bytes != nullptr) {
    options_.bytes->AddSent(wire::GrpcMethodPath(method),
                            static_cast<int64_t>(bytes));
  }
}

void SocketTransport::CountReceived(const wire::MethodInfo& method,
                                    size_t bytes) {
  if (options_.bytes != nullptr) {
    options_.bytes->AddReceived(wire::GrpcMethodPath(method),
                                static_cast<int64_t>(bytes));
  }
}

const wire::MethodInfo* SocketTransport::MethodOf(uint64_t id) const {
  if (auto call = calls_.find(id); call != calls_.end()) {
    return call->second->method;
  }
  if (streams_.contains(id)) return &SubscribeMethod();
  return nullptr;
}

void SocketTransport::StartCall(
    std::shared_ptr<PendingCall> call, const std::string& token,
    std::unique_ptr<google::protobuf::Message> request) {
  const uint64_t id = next_id_;
  next_id_ = next_id_ == kMaxCallId ? 1 : next_id_ + 1;
  const wire::MethodInfo& method = *call->method;
  CountCall(method);
  calls_[id] = std::move(call);
  SendRequest(id, method, token, std::move(request));
}

void SocketTransport::StartStream(
    std::shared_ptr<OpenStream> stream, const std::string& token,
    std::unique_ptr<google::protobuf::Message> request) {
  if (stream->cancel_requested) {
    EndStream(stream, absl::CancelledError("Cancelled"));
    return;
  }
  const uint64_t id = next_id_;
  next_id_ = next_id_ == kMaxCallId ? 1 : next_id_ + 1;
  stream->id = id;
  streams_[id] = std::move(stream);
  CountCall(SubscribeMethod());
  SendRequest(id, SubscribeMethod(), token, std::move(request));
}

void SocketTransport::CancelStream(const std::shared_ptr<OpenStream>& stream) {
  if (stream->ended.load()) return;
  if (stream->id == 0) {
    // Its request has not been sent yet: StartStream ends it.
    stream->cancel_requested = true;
    return;
  }
  if (socket_ && !socket_->closed()) {
    Frame cancel;
    cancel.kind = FrameKind::kCancel;
    cancel.id = stream->id;
    std::string bytes;
    codec_->Encode(cancel, &bytes);
    socket_->Write(bytes);
  }
  EndStream(stream, absl::CancelledError("Cancelled"));
}

void SocketTransport::SendRequest(
    uint64_t id, const wire::MethodInfo& method, const std::string& token,
    std::unique_ptr<google::protobuf::Message> request) {
  if (!socket_) {
    socket_ = std::make_shared<ClientSocket>(io_, tls_.get(), options_.bytes);
    connection_token_.clear();
    server_farewell_ = absl::OkStatus();
    socket_->Open(
        host_, port_,
        {.on_open = nullptr,
         .on_bytes = [this](std::string* input) { OnBytes(input); },
         .on_closed = [this](const absl::Status& why) { OnClosed(why); }});
  }
  Frame frame;
  frame.kind = FrameKind::kRequest;
  frame.id = id;
  frame.method = &method;
  frame.message = std::move(request);
  if (token != connection_token_) frame.token = token;
  std::string bytes;
  codec_->Encode(frame, &bytes);
  if (bytes.size() > request_limit_) {
    EndId(id, absl::ResourceExhaustedError(absl::StrCat(
                  "the request of ", bytes.size(), " bytes exceeds the ",
                  std::string(codec_->name()), " protocol's limit of ",
                  request_limit_, " bytes")));
    return;
  }
  connection_token_ = token;
  CountSent(method, frame.payload_bytes);
  socket_->Write(bytes);
}

void SocketTransport::OnBytes(std::string* input) {
  const std::string_view bytes = *input;
  size_t offset = 0;
  while (offset < bytes.size()) {
    Frame frame;
    const DecodeResult result =
        codec_->Decode(bytes.substr(offset), &frame, this);
    if (result.kind == DecodeResult::Kind::kNeedMore) break;
    if (result.kind == DecodeResult::Kind::kFatal) {
      input->clear();
      socket_->Close(absl::UnavailableError(
          absl::StrCat("the server sent what the ", std::string(codec_->name()),
                       " protocol cannot read: ", result.error.message())));
      return;
    }
    offset += result.consumed;
    if (result.kind == DecodeResult::Kind::kRejected) {
      EndId(result.id,
            absl::InternalError(absl::StrCat("the server's answer is not "
                                             "valid: ",
                                             result.error.message())));
      continue;
    }
    OnFrame(frame);
  }
  input->erase(0, offset);
}

void SocketTransport::OnFrame(Frame& frame) {
  switch (frame.kind) {
    case FrameKind::kReply: {
      auto it = calls_.find(frame.id);
      if (it == calls_.end()) return;
      std::shared_ptr<PendingCall> call = std::move(it->second);
      calls_.erase(it);
      CountReceived(*call->method, frame.payload_bytes);
      call->Finish(absl::OkStatus(), frame.message.get());
      return;
    }
    case FrameKind::kStatus:
      if (frame.id == 0) {
        // Said about the connection as a whole, which the server closes.
        server_farewell_ = frame.status;
        return;
      }
      EndId(frame.id, frame.status);
      return;
    case FrameKind::kEvent: {
      auto it = streams_.find(frame.id);
      if (it == streams_.end()) return;
      CountReceived(SubscribeMethod(), frame.payload_bytes);
      if (it->second->callbacks.on_event) {
        it->second->callbacks.on_event(
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
    case FrameKind::kPong:
    case FrameKind::kRequest:
    case FrameKind::kCancel:
      return;
  }
}

void SocketTransport::EndId(uint64_t id, const absl::Status& status) {
  if (auto call = calls_.find(id); call != calls_.end()) {
    std::shared_ptr<PendingCall> ended = std::move(call->second);
    calls_.erase(call);
    ended->Finish(status, nullptr);
    return;
  }
  if (auto stream = streams_.find(id); stream != streams_.end()) {
    EndStream(std::shared_ptr<OpenStream>(stream->second), status);
  }
}

void SocketTransport::EndStream(const std::shared_ptr<OpenStream>& stream,
                                const absl::Status& status) {
  if (stream->ended.load()) return;
  if (stream->id != 0) streams_.erase(stream->id);
  EventStream::Callbacks callbacks = std::move(stream->callbacks);
  stream->ended.store(true);
  if (callbacks.on_done) callbacks.on_done(status);
}

void SocketTransport::OnClosed(const absl::Status& why) {
  socket_.reset();
  absl::Status status = why;
  if (!server_farewell_.ok()) {
    status = absl::UnavailableError(absl::StrCat(
        why.message(), " (the server said: ", server_farewell_.message(), ")"));
  }
  auto calls = std::move(calls_);
  calls_.clear();
  auto streams = std::move(streams_);
  streams_.clear();
  for (auto& [id, call] : calls) call->Finish(status, nullptr);
  for (auto& [id, stream] : streams) EndStream(stream, status);
}

}  // namespace parley
