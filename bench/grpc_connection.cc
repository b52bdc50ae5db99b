#include "grpc_connection.h"

#include <chrono>

#include "client/grpc/grpc_channel.h"
#include "wire/methods.h"

namespace parley::bench {
namespace {

constexpr auto kCallDeadline = std::chrono::seconds(60);

std::shared_ptr<grpc::Channel> OwnChannel(const std::string& address,
                                          ByteCounter* bytes) {
  // One TCP connection per GrpcConnection (see the header).
  return CreateGrpcChannel(address, grpc::InsecureChannelCredentials(),
                           {.bytes = bytes, .own_connection = true});
}

const google::protobuf::MethodDescriptor& Method(std::string_view name) {
  return *wire::MethodByName(name)->descriptor;
}

}  // namespace

struct GrpcConnection::SendCall {
  grpc::ClientContext context;
  chat::v1::SendMessageRequest request;
  chat::v1::SendMessageResponse response;
};

struct GrpcConnection::HealthCall {
  grpc::ClientContext context;
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
};

GrpcConnection::GrpcConnection(const std::string& address, ByteCounter* bytes)
    : channel_(OwnChannel(address, bytes)),
      messages_(chat::v1::MessageService::NewStub(channel_)),
      health_(grpc::health::v1::Health::NewStub(channel_)),
      transport_(channel_) {}

bool GrpcConnection::WaitConnected(absl::Duration timeout) {
  return channel_->WaitForConnected(std::chrono::system_clock::now() +
                                    absl::ToChronoMilliseconds(timeout));
}

void GrpcConnection::SendMessage(const BenchAccount& from,
                                 const std::string& recipient,
                                 const std::string& text, Done done) {
  auto* c = new SendCall;
  c->context.AddMetadata("authorization", from.authorization);
  c->context.set_deadline(std::chrono::system_clock::now() + kCallDeadline);
  c->request.set_recipient(recipient);
  c->request.set_text(text);
  messages_->async()->SendMessage(
      &c->context, &c->request, &c->response,
      [c, done = std::move(done)](const grpc::Status& status) {
        const int64_t id = c->response.id();
        delete c;
        done(status.error_code(), id);
      });
}

void GrpcConnection::NoOp(const BenchAccount& from, Done done) {
  auto* c = new HealthCall;
  // The same metadata as a send, so both carry the same headers.
  c->context.AddMetadata("authorization", from.authorization);
  c->context.set_deadline(std::chrono::system_clock::now() + kCallDeadline);
  health_->async()->Check(
      &c->context, &c->request, &c->response,
      [c, done = std::move(done)](const grpc::Status& status) {
        delete c;
        done(status.error_code(), 0);
      });
}

std::unique_ptr<EventStream> GrpcConnection::Subscribe(
    const BenchAccount& account, EventStream::Callbacks callbacks) {
  // No after_id: live events only.
  return transport_.Subscribe(account.token, chat::v1::SubscribeRequest(),
                              std::move(callbacks));
}

absl::Status GrpcConnection::ReadMessages(
    const BenchAccount& account, int limit,
    chat::v1::ReadMessagesResponse* response) {
  chat::v1::ReadMessagesRequest request;
  request.set_limit(limit);
  return transport_.Call(Method("ReadMessages"), account.token, request,
                         response, absl::Now() + absl::Seconds(60));
}

absl::Status GrpcConnection::DeleteAccount(const BenchAccount& account) {
  chat::v1::DeleteAccountResponse response;
  return transport_.Call(Method("DeleteAccount"), account.token,
                         chat::v1::DeleteAccountRequest(), &response,
                         absl::Now() + absl::Seconds(60));
}

}  // namespace parley::bench
