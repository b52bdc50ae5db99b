#include "client/chat_client.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "client/transport.h"
#include "common/crypto.h"
#include "common/scram.h"
#include "google/protobuf/descriptor.h"

namespace parley {
namespace {

constexpr size_t kSaltSize = 16;

// The unary chat.v1 RPC whose request is `request_type`; null if there is
// none. Each RPC of the API takes a request type of its own.
const google::protobuf::MethodDescriptor* UnaryMethodTaking(
    const google::protobuf::Descriptor* request_type) {
  const google::protobuf::FileDescriptor* api =
      chat::v1::SubscribeRequest::descriptor()->file();
  for (int s = 0; s < api->service_count(); ++s) {
    const google::protobuf::ServiceDescriptor* service = api->service(s);
    for (int m = 0; m < service->method_count(); ++m) {
      const google::protobuf::MethodDescriptor* method = service->method(m);
      if (method->input_type() == request_type && !method->client_streaming() &&
          !method->server_streaming()) {
        return method;
      }
    }
  }
  return nullptr;
}

}  // namespace

absl::StatusOr<std::unique_ptr<ChatClient>> ChatClient::Connect(
    const ClientOptions& options) {
  absl::StatusOr<std::unique_ptr<Transport>> transport = NewTransport(options);
  if (!transport.ok()) return transport.status();
  return std::unique_ptr<ChatClient>(
      new ChatClient(options, *std::move(transport)));
}

ChatClient::ChatClient(const ClientOptions& options,
                       std::unique_ptr<Transport> transport)
    : options_(options), transport_(std::move(transport)) {}

ChatClient::~ChatClient() = default;

std::string ChatClient::token() const {
  absl::MutexLock lock(&mu_);
  return token_;
}

void ChatClient::set_token(std::string token) {
  absl::MutexLock lock(&mu_);
  token_ = std::move(token);
}

absl::Status ChatClient::Call(const google::protobuf::Message& request,
                              google::protobuf::Message* response) {
  const google::protobuf::MethodDescriptor* method =
      UnaryMethodTaking(request.GetDescriptor());
  if (method == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "no unary chat.v1 RPC takes ", request.GetDescriptor()->full_name()));
  }
  if (response->GetDescriptor() != method->output_type()) {
    return absl::InvalidArgumentError(absl::StrCat(
        method->full_name(), " answers ", method->output_type()->full_name(),
        ", not ", response->GetDescriptor()->full_name()));
  }
  return transport_->Call(*method, token(), request, response,
                          absl::Now() + options_.call_timeout);
}

template <typename Response>
absl::StatusOr<Response> ChatClient::Unary(
    const google::protobuf::Message& request) {
  Response response;
  if (absl::Status status = Call(request, &response); !status.ok()) {
    return status;
  }
  return response;
}

absl::StatusOr<chat::v1::CreateAccountResponse> ChatClient::CreateAccount(
    std::string_view username, std::string_view password) {
  absl::StatusOr<ScramVerifier> verifier = DeriveScramVerifier(
      password, RandomBytes(kSaltSize), options_.scram_iterations);
  if (!verifier.ok()) return verifier.status();
  chat::v1::CreateAccountRequest request;
  request.set_username(std::string(username));
  request.set_salt(verifier->salt);
  request.set_iterations(verifier->iterations);
  request.set_stored_key(verifier->stored_key);
  request.set_server_key(verifier->server_key);
  return Unary<chat::v1::CreateAccountResponse>(request);
}

absl::StatusOr<chat::v1::CompleteLoginResponse> ChatClient::Login(
    std::string_view username, std::string_view password) {
  absl::StatusOr<std::unique_ptr<ScramClient>> scram =
      ScramClient::Start(username, password);
  if (!scram.ok()) return scram.status();
  chat::v1::BeginLoginRequest begin;
  begin.set_username(std::string(username));
  begin.set_client_first((*scram)->client_first());
  absl::StatusOr<chat::v1::BeginLoginResponse> challenge =
      Unary<chat::v1::BeginLoginResponse>(begin);
  if (!challenge.ok()) return challenge.status();
  absl::StatusOr<std::string> client_final =
      (*scram)->Respond(challenge->server_first());
  if (!client_final.ok()) return client_final.status();
  chat::v1::CompleteLoginRequest complete;
  complete.set_login_id(challenge->login_id());
  complete.set_client_final(*std::move(client_final));
  absl::StatusOr<chat::v1::CompleteLoginResponse> done =
      Unary<chat::v1::CompleteLoginResponse>(complete);
  if (!done.ok()) return done.status();
  if (absl::Status s = (*scram)->VerifyServer(done->server_final()); !s.ok()) {
    return s;
  }
  set_token(done->session_token());
  return done;
}

absl::Status ChatClient::Logout() {
  absl::StatusOr<chat::v1::LogoutResponse> done =
      Unary<chat::v1::LogoutResponse>(chat::v1::LogoutRequest());
  if (done.ok()) set_token("");
  return done.status();
}

absl::StatusOr<chat::v1::DeleteAccountResponse> ChatClient::DeleteAccount() {
  absl::StatusOr<chat::v1::DeleteAccountResponse> done =
      Unary<chat::v1::DeleteAccountResponse>(chat::v1::DeleteAccountRequest());
  if (done.ok()) set_token("");
  return done;
}

absl::StatusOr<chat::v1::ListAccountsResponse> ChatClient::ListAccounts(
    std::string_view pattern, int page_size, std::string_view page_token) {
  chat::v1::ListAccountsRequest request;
  request.set_pattern(std::string(pattern));
  request.set_page_size(page_size);
  request.set_page_token(std::string(page_token));
  return Unary<chat::v1::ListAccountsResponse>(request);
}

absl::StatusOr<chat::v1::SendMessageResponse> ChatClient::SendMessage(
    std::string_view recipient, std::string_view text) {
  chat::v1::SendMessageRequest request;
  request.set_recipient(std::string(recipient));
  request.set_text(std::string(text));
  return Unary<chat::v1::SendMessageResponse>(request);
}

absl::StatusOr<chat::v1::ReadMessagesResponse> ChatClient::ReadMessages(
    int limit, std::string_view peer) {
  chat::v1::ReadMessagesRequest request;
  request.set_limit(limit);
  request.set_peer(std::string(peer));
  return Unary<chat::v1::ReadMessagesResponse>(request);
}

absl::StatusOr<chat::v1::MarkReadResponse> ChatClient::MarkRead(
    const std::vector<int64_t>& ids) {
  chat::v1::MarkReadRequest request;
  request.mutable_ids()->Add(ids.begin(), ids.end());
  return Unary<chat::v1::MarkReadResponse>(request);
}

absl::StatusOr<chat::v1::ListConversationsResponse>
ChatClient::ListConversations() {
  return Unary<chat::v1::ListConversationsResponse>(
      chat::v1::ListConversationsRequest());
}

absl::StatusOr<chat::v1::GetHistoryResponse> ChatClient::GetHistory(
    std::string_view peer, int page_size, std::string_view page_token) {
  chat::v1::GetHistoryRequest request;
  request.set_peer(std::string(peer));
  request.set_page_size(page_size);
  request.set_page_token(std::string(page_token));
  return Unary<chat::v1::GetHistoryResponse>(request);
}

absl::StatusOr<chat::v1::DeleteMessagesResponse> ChatClient::DeleteMessages(
    const std::vector<int64_t>& ids) {
  chat::v1::DeleteMessagesRequest request;
  request.mutable_ids()->Add(ids.begin(), ids.end());
  return Unary<chat::v1::DeleteMessagesResponse>(request);
}

std::unique_ptr<LiveSubscription> ChatClient::Subscribe(
    std::optional<int64_t> after_id, LiveSubscription::Callbacks callbacks,
    LiveSubscription::Backoff backoff) {
  auto subscription = std::make_unique<LiveSubscription>(
      transport_.get(), token(), after_id, std::move(callbacks), backoff);
  subscription->Start();
  return subscription;
}

}  // namespace parley
