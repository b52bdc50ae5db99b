#include "client/grpc/grpc_transport.h"

#include <grpcpp/alarm.h>

#include <chrono>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "client/grpc/grpc_channel.h"

namespace parley {
namespace {

// The absl::Status with the same code and message (the codes are the same).
absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      status.error_message());
}

void AddToken(const std::string& token, grpc::ClientContext* context) {
  if (!token.empty()) {
    context->AddMetadata("authorization", absl::StrCat("Bearer ", token));
  }
}

// "/chat.v1.MessageService/SendMessage", as the generated stubs name it.
std::string MethodPath(const google::protobuf::MethodDescriptor& method) {
  return absl::StrCat("/", method.service()->full_name(), "/", method.name());
}

// The stream's context while its call is running. The reactor deletes itself
// when the call ends, so the handle reaches it only through this cell, which
// the reactor clears first.
struct StreamCell {
  absl::Mutex mu;
  grpc::ClientContext* context ABSL_GUARDED_BY(mu) = nullptr;
};

// One Subscribe call on the callback API. Deletes itself in OnDone.
class SubscribeReactor final : public grpc::ClientReadReactor<chat::v1::Event> {
 public:
  SubscribeReactor(chat::v1::SubscriptionService::Stub* stub,
                   const std::string& token, chat::v1::SubscribeRequest request,
                   EventStream::Callbacks callbacks,
                   std::shared_ptr<StreamCell> cell)
      : request_(std::move(request)),
        callbacks_(std::move(callbacks)),
        cell_(std::move(cell)) {
    AddToken(token, &context_);
    {
      absl::MutexLock lock(&cell_->mu);
      cell_->context = &context_;
    }
    stub->async()->Subscribe(&context_, &request_, this);
    StartRead(&event_);
    StartCall();
  }

  void OnReadDone(bool ok) override {
    if (!ok) return;  // the stream is over; OnDone follows with the status
    if (callbacks_.on_event) callbacks_.on_event(event_);
    StartRead(&event_);
  }

  void OnDone(const grpc::Status& status) override {
    {
      absl::MutexLock lock(&cell_->mu);
      cell_->context = nullptr;
    }
    // Release the call (and its hold on the channel) before on_done, so that
    // whoever waits for on_done may destroy the channel right after.
    EventStream::Callbacks callbacks = std::move(callbacks_);
    const absl::Status final_status = FromGrpcStatus(status);
    delete this;
    if (callbacks.on_done) callbacks.on_done(final_status);
  }

 private:
  grpc::ClientContext context_;
  const chat::v1::SubscribeRequest request_;
  chat::v1::Event event_;
  EventStream::Callbacks callbacks_;
  const std::shared_ptr<StreamCell> cell_;
};

class GrpcEventStream final : public EventStream {
 public:
  explicit GrpcEventStream(std::shared_ptr<StreamCell> cell)
      : cell_(std::move(cell)) {}

  // EventStream
  void Cancel() override {
    absl::MutexLock lock(&cell_->mu);
    if (cell_->context != nullptr) cell_->context->TryCancel();
  }

 private:
  const std::shared_ptr<StreamCell> cell_;
};

class GrpcTimer final : public Timer {
 public:
  GrpcTimer(absl::Duration delay, std::function<void(bool fired)> done) {
    alarm_.Set(
        std::chrono::system_clock::now() + absl::ToChronoMilliseconds(delay),
        std::move(done));
  }

  // Timer
  void Cancel() override { alarm_.Cancel(); }

 private:
  grpc::Alarm alarm_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Transport>> GrpcTransport::Create(
    const ClientOptions& options) {
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      GrpcCredentials(options.tls_ca_path);
  if (!credentials.ok()) return credentials.status();
  return std::make_unique<GrpcTransport>(CreateGrpcChannel(
      options.address, *std::move(credentials), {.bytes = options.bytes}));
}

GrpcTransport::GrpcTransport(std::shared_ptr<grpc::Channel> channel)
    : channel_(std::move(channel)),
      generic_(channel_),
      subscriptions_(chat::v1::SubscriptionService::NewStub(channel_)) {}

absl::Status GrpcTransport::Call(
    const google::protobuf::MethodDescriptor& method, const std::string& token,
    const google::protobuf::Message& request,
    google::protobuf::Message* response, absl::Time deadline) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(deadline));
  AddToken(token, &context);
  // The caller's thread drives the call through a queue of its own, as a
  // generated stub's blocking call does.
  grpc::CompletionQueue queue;
  std::unique_ptr<grpc::ClientAsyncResponseReader<google::protobuf::Message>>
      call = generic_.PrepareUnaryCall(&context, MethodPath(method), request,
                                       &queue);
  call->StartCall();
  grpc::Status status;
  call->Finish(response, &status, nullptr);
  void* tag = nullptr;
  bool ok = false;
  queue.Next(&tag, &ok);
  queue.Shutdown();
  while (queue.Next(&tag, &ok)) {
  }
  return FromGrpcStatus(status);
}

std::unique_ptr<EventStream> GrpcTransport::Subscribe(
    const std::string& token, const chat::v1::SubscribeRequest& request,
    EventStream::Callbacks callbacks) {
  auto cell = std::make_shared<StreamCell>();
  new SubscribeReactor(subscriptions_.get(), token, request,
                       std::move(callbacks), cell);
  return std::make_unique<GrpcEventStream>(std::move(cell));
}

std::unique_ptr<Timer> GrpcTransport::StartTimer(
    absl::Duration delay, std::function<void(bool fired)> done) {
  return std::make_unique<GrpcTimer>(delay, std::move(done));
}

}  // namespace parley
