#include "server/socket/socket_connection.h"

#include <chrono>
#include <utility>

#include "absl/strings/str_cat.h"
#include "chat/v1/chat.pb.h"
#include "common/log.h"
#include "server/socket/socket_stream_writer.h"

namespace parley {

using wire::DecodeResult;
using wire::Frame;
using wire::FrameKind;

namespace {

constexpr char kSubscribePath[] = "/chat.v1.SubscriptionService/Subscribe";

}  // namespace

SocketConnection::SocketConnection(std::string peer, const wire::Codec* codec,
                                   const RuleDispatcher* rules,
                                   const ConnectionSetup& setup)
    : peer_(std::move(peer)),
      codec_(codec),
      rules_(rules),
      bytes_(setup.bytes),
      calls_(setup.calls),
      protocol_(setup.protocol) {}

SocketConnection::~SocketConnection() = default;

void SocketConnection::Send(Frame& frame, Written written) {
  std::string bytes;
  codec_->Encode(frame, &bytes);
  if (bytes_ != nullptr) {
    if (frame.kind == FrameKind::kReply) {
      bytes_->AddSent(wire::GrpcMethodPath(*frame.method),
                      static_cast<int64_t>(frame.payload_bytes));
    } else if (frame.kind == FrameKind::kEvent) {
      bytes_->AddSent(kSubscribePath,
                      static_cast<int64_t>(frame.payload_bytes));
    }
  }
  bool kick = false;
  bool accepted = false;
  // `written` when it runs here: queued within kEagerOutput (written now),
  // or closed before the bytes were queued (the write will never complete).
  Written now;
  {
    absl::MutexLock lock(&mu_);
    if (!closed()) {
      output_.append(bytes);
      accepted = output_.size() <= kEagerOutput;
      if (written && !accepted) {
        output_done_.push_back(std::move(written));
      } else {
        now = std::move(written);
      }
      kick = !writing_;
      writing_ = true;
    } else {
      now = std::move(written);
    }
  }
  if (kick) KickWriter();
  if (now) std::move(now)(accepted);
}

bool SocketConnection::TakeOutput(std::string* bytes,
                                  std::vector<Written>* done) {
  absl::MutexLock lock(&mu_);
  if (output_.empty() || closed()) {
    writing_ = false;
    return false;
  }
  bytes->swap(output_);
  output_.clear();
  done->swap(output_done_);
  output_done_.clear();
  return true;
}

void SocketConnection::WriteDone(std::vector<Written>& done, bool ok) {
  for (Written& written : done) std::move(written)(ok);
  done.clear();
  if (ok && ShouldResume()) ResumeReading();
}

CallContext SocketConnection::NewCallContext() const {
  CallContext call;
  call.token = token_;
  call.peer = peer_;
  call.cancelled = [weak = weak_from_this()] {
    std::shared_ptr<const SocketConnection> connection = weak.lock();
    return connection == nullptr || connection->closed();
  };
  return call;
}

SocketConnection::ReadNext SocketConnection::OnBytes(std::string* input) {
  size_t offset = 0;
  ReadNext next = ReadNext::kRead;
  // A closed connection (aborted while its reader was paused) handles no more.
  while (offset < input->size() && next == ReadNext::kRead && !closed()) {
    Frame frame;
    const DecodeResult result =
        codec_->Decode(std::string_view{*input}.substr(offset), &frame,
                       /*calls=*/nullptr);
    if (result.kind == DecodeResult::Kind::kNeedMore) break;
    if (result.kind == DecodeResult::Kind::kFatal) {
      Refuse(result.id, result.error);
      PARLEY_LOG(kInfo) << codec_->name() << " connection from " << peer_
                        << " closed: " << result.error.message();
      next = ReadNext::kClose;
      break;
    }
    offset += result.consumed;
    if (result.kind == DecodeResult::Kind::kRejected) {
      PARLEY_LOG(kDebug) << codec_->name() << " frame from " << peer_
                         << " refused: " << result.error.message();
      Refuse(result.id, result.error);
      continue;
    }
    Handle(frame);
    if (!CanRead()) next = ReadNext::kPause;
  }
  input->erase(0, offset);
  return next;
}

bool SocketConnection::CanRead() {
  absl::MutexLock lock(&mu_);
  paused_ = calls_in_flight_ >= kMaxCallsInFlight ||
            output_.size() > kMaxBufferedOutput;
  return !paused_;
}

bool SocketConnection::ShouldResume() {
  absl::MutexLock lock(&mu_);
  return paused_ && calls_in_flight_ < kMaxCallsInFlight &&
         output_.size() <= kMaxBufferedOutput;
}

void SocketConnection::CountCall(std::string_view method,
                                 const absl::Status& status,
                                 double seconds) const {
  if (calls_ != nullptr) {
    calls_->Record(protocol_, method, status.code(), seconds);
  }
}

void SocketConnection::Refuse(uint64_t id, const absl::Status& status) {
  CountCall({}, status, 0);
  Frame reply;
  reply.kind = FrameKind::kStatus;
  reply.id = id;
  reply.status = status;
  Send(reply);
}

void SocketConnection::Handle(Frame& frame) {
  if (frame.token) token_ = *frame.token;
  if (bytes_ != nullptr && frame.kind == FrameKind::kRequest) {
    const std::string path = wire::GrpcMethodPath(*frame.method);
    bytes_->AddCall(path);
    bytes_->AddReceived(path, static_cast<int64_t>(frame.payload_bytes));
  }
  switch (frame.kind) {
    case FrameKind::kRequest:
      if (frame.method->server_streaming) {
        OpenStream(frame);
      } else {
        CallUnary(frame);
      }
      return;
    case FrameKind::kCancel: {
      std::shared_ptr<SocketStreamWriter> writer;
      {
        absl::MutexLock lock(&mu_);
        auto it = streams_.find(frame.id);
        if (it != streams_.end()) writer = it->second;
      }
      if (writer) {
        writer->stream().Close(absl::CancelledError("the client cancelled"));
      }
      return;
    }
    case FrameKind::kPing: {
      Frame pong;
      pong.kind = FrameKind::kPong;
      pong.id = frame.id;
      Send(pong);
      return;
    }
    case FrameKind::kReply:
    case FrameKind::kStatus:
    case FrameKind::kEvent:
    case FrameKind::kPong:
      Refuse(frame.id, absl::InvalidArgumentError(
                           "a client sends requests, cancels and pings only"));
      return;
  }
}

void SocketConnection::CallUnary(Frame& frame) {
  {
    absl::MutexLock lock(&mu_);
    ++calls_in_flight_;
  }
  rules_->Call(*frame.method, NewCallContext(), *frame.message,
               [self = shared_from_this(), id = frame.id, method = frame.method,
                start = std::chrono::steady_clock::now()](
                   absl::StatusOr<MessagePtr> result) {
                 self->CountCall(wire::GrpcMethodPath(*method), result.status(),
                                 std::chrono::duration<double>(
                                     std::chrono::steady_clock::now() - start)
                                     .count());
                 Frame reply;
                 reply.id = id;
                 if (result.ok()) {
                   reply.kind = FrameKind::kReply;
                   reply.method = method;
                   reply.message = *std::move(result);
                 } else {
                   reply.kind = FrameKind::kStatus;
                   reply.status = result.status();
                 }
                 self->Send(reply);
                 {
                   absl::MutexLock lock(&self->mu_);
                   --self->calls_in_flight_;
                 }
                 if (self->ShouldResume()) self->ResumeReading();
               });
}

void SocketConnection::OpenStream(Frame& frame) {
  auto writer =
      std::make_shared<SocketStreamWriter>(weak_from_this(), frame.id);
  bool added;
  {
    absl::MutexLock lock(&mu_);
    added = streams_.emplace(frame.id, writer).second;
  }
  if (!added) {
    Refuse(frame.id, absl::InvalidArgumentError(absl::StrCat(
                         "call id ", frame.id, " is already in use")));
    return;
  }
  std::shared_ptr<EventStream> stream =
      rules_->subscriptions()->NewStream(writer.get());
  writer->set_stream(stream);
  rules_->subscriptions()->Open(
      stream, NewCallContext(),
      static_cast<const chat::v1::SubscribeRequest&>(*frame.message));
}

void SocketConnection::StreamFinished(uint64_t id) {
  absl::MutexLock lock(&mu_);
  streams_.erase(id);
}

void SocketConnection::OnClosed() {
  std::vector<Written> pending;
  std::vector<std::shared_ptr<SocketStreamWriter>> streams;
  {
    absl::MutexLock lock(&mu_);
    pending.swap(output_done_);
    output_.clear();
    for (const auto& [id, writer] : streams_) streams.push_back(writer);
  }
  WriteDone(pending, false);
  for (const std::shared_ptr<SocketStreamWriter>& writer : streams) {
    writer->stream().Close(absl::CancelledError("the connection closed"));
  }
}

void SocketStreamWriter::WriteEvent(const chat::v1::Event* event) {
  std::shared_ptr<SocketConnection> connection = connection_.lock();
  if (connection == nullptr) {
    stream_->OnWriteDone(false);
    return;
  }
  Frame frame;
  frame.kind = FrameKind::kEvent;
  frame.id = id_;
  frame.borrowed = event;
  connection->Send(frame,
                   [stream = stream_](bool ok) { stream->OnWriteDone(ok); });
}

void SocketStreamWriter::FinishStream(const absl::Status& status) {
  // The last call the stream makes: the writer may go once it returns.
  std::shared_ptr<SocketStreamWriter> self = std::move(keep_alive_);
  if (std::shared_ptr<SocketConnection> connection = connection_.lock()) {
    Frame frame;
    frame.kind = FrameKind::kStatus;
    frame.id = id_;
    frame.status = status;
    connection->CountCall(kSubscribePath, status, 0);
    // The id is free again once the client can see the status.
    connection->StreamFinished(id_);
    connection->Send(frame);
  }
  stream_->Detach();
}

void SocketStreamWriter::CancelWrite() {
  if (std::shared_ptr<SocketConnection> connection = connection_.lock()) {
    connection->Abort("the client stopped reading a Subscribe stream");
  }
}

}  // namespace parley
