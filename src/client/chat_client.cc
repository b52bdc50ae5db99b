#include "client/chat_client.h"

#include <chrono>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/crypto.h"
#include "common/scram.h"
#include "interceptors/byte_counting_interceptor.h"

namespace parley {
namespace {

constexpr size_t kSaltSize = 16;

template <typename Response, typename Invoke>
absl::StatusOr<Response> Unary(std::unique_ptr<grpc::ClientContext> context,
                               Invoke invoke) {
  Response response;
  grpc::Status status = invoke(context.get(), &response);
  if (!status.ok()) return FromGrpcStatus(status);
  return response;
}

}  // namespace

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      status.error_message());
}

absl::StatusOr<std::unique_ptr<ChatClient>> ChatClient::Connect(
    const ClientOptions& options) {
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  if (options.tls_ca_path.empty()) {
    credentials = grpc::InsecureChannelCredentials();
  } else {
    std::ifstream in(options.tls_ca_path, std::ios::binary);
    if (!in) {
      return absl::InvalidArgumentError(
          absl::StrCat("cannot read ", options.tls_ca_path));
    }
    std::ostringstream pem;
    pem << in.rdbuf();
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = pem.str();
    credentials = grpc::SslCredentials(ssl);
  }
  grpc::ChannelArguments args;
  // Keep idle connections alive so a live stream notices a dead server within a
  // minute.
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 30'000);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 10'000);
  args.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  std::vector<
      std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
      interceptors;
  if (options.bytes != nullptr) {
    interceptors.push_back(
        std::make_unique<ByteCountingClientInterceptorFactory>(options.bytes));
  }
  std::shared_ptr<grpc::Channel> channel =
      grpc::experimental::CreateCustomChannelWithInterceptors(
          options.address, credentials, args, std::move(interceptors));
  return std::unique_ptr<ChatClient>(
      new ChatClient(options, std::move(channel)));
}

ChatClient::ChatClient(const ClientOptions& options,
                       std::shared_ptr<grpc::Channel> channel)
    : options_(options),
      channel_(std::move(channel)),
      accounts_(chat::v1::AccountService::NewStub(channel_)),
      messages_(chat::v1::MessageService::NewStub(channel_)),
      subscriptions_(chat::v1::SubscriptionService::NewStub(channel_)) {}

std::unique_ptr<grpc::ClientContext> ChatClient::NewContext() const {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() +
                        absl::ToChronoMilliseconds(options_.call_timeout));
  std::string token = this->token();
  if (!token.empty()) context->AddMetadata("authorization", "Bearer " + token);
  return context;
}

std::string ChatClient::token() const {
  absl::MutexLock lock(&mu_);
  return token_;
}

void ChatClient::set_token(std::string token) {
  absl::MutexLock lock(&mu_);
  token_ = std::move(token);
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
  return Unary<chat::v1::CreateAccountResponse>(
      NewContext(), [&](grpc::ClientContext* c, auto* r) {
        return accounts_->CreateAccount(c, request, r);
      });
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
      Unary<chat::v1::BeginLoginResponse>(
          NewContext(), [&](grpc::ClientContext* c, auto* r) {
            return accounts_->BeginLogin(c, begin, r);
          });
  if (!challenge.ok()) return challenge.status();
  absl::StatusOr<std::string> client_final =
      (*scram)->Respond(challenge->server_first());
  if (!client_final.ok()) return client_final.status();
  chat::v1::CompleteLoginRequest complete;
  complete.set_login_id(challenge->login_id());
  complete.set_client_final(*std::move(client_final));
  absl::StatusOr<chat::v1::CompleteLoginResponse> done =
      Unary<chat::v1::CompleteLoginResponse>(
          NewContext(), [&](grpc::ClientContext* c, auto* r) {
            return accounts_->CompleteLogin(c, complete, r);
          });
  if (!done.ok()) return done.status();
  if (absl::Status s = (*scram)->VerifyServer(done->server_final()); !s.ok())
    return s;
  set_token(done->session_token());
  return done;
}

absl::Status ChatClient::Logout() {
  absl::StatusOr<chat::v1::LogoutResponse> done =
      Unary<chat::v1::LogoutResponse>(
          NewContext(), [&](grpc::ClientContext* c, auto* r) {
            return accounts_->Logout(c, chat::v1::LogoutRequest(), r);
          });
  if (done.ok()) set_token("");
  return done.status();
}

absl::StatusOr<chat::v1::DeleteAccountResponse> ChatClient::DeleteAccount() {
  absl::StatusOr<chat::v1::DeleteAccountResponse> done =
      Unary<chat::v1::DeleteAccountResponse>(
          NewContext(), [&](grpc::ClientContext* c, auto* r) {
            return accounts_->DeleteAccount(c, chat::v1::DeleteAccountRequest(),
                                            r);
          });
  if (done.ok()) set_token("");
  return done;
}

absl::StatusOr<chat::v1::ListAccountsResponse> ChatClient::ListAccounts(
    std::string_view pattern, int page_size, std::string_view page_token) {
  chat::v1::ListAccountsRequest request;
  request.set_pattern(std::string(pattern));
  request.set_page_size(page_size);
  request.set_page_token(std::string(page_token));
  return Unary<chat::v1::ListAccountsResponse>(
      NewContext(), [&](grpc::ClientContext* c, auto* r) {
        return accounts_->ListAccounts(c, request, r);
      });
}

absl::StatusOr<chat::v1::SendMessageResponse> ChatClient::SendMessage(
    std::string_view recipient, std::string_view text) {
  chat::v1::SendMessageRequest request;
  request.set_recipient(std::string(recipient));
  request.set_text(std::string(text));
  return Unary<chat::v1::SendMessageResponse>(
      NewContext(), [&](grpc::ClientContext* c, auto* r) {
        return messages_->SendMessage(c, request, r);
      });
}

absl::StatusOr<chat::v1::ReadMessagesResponse> ChatClient::ReadMessages(
    int limit, std::string_view peer) {
  chat::v1::ReadMessagesRequest request;
  request.set_limit(limit);
  request.set_peer(std::string(peer));
  return Unary<chat::v1::ReadMessagesResponse>(
      NewContext(), [&](grpc::ClientContext* c, auto* r) {
        return messages_->ReadMessages(c, request, r);
      });
}

absl::StatusOr<chat::v1::MarkReadResponse> ChatClient::MarkRead(
    const std::vector<int64_t>& ids) {
  chat::v1::MarkReadRequest request;
  request.mutable_ids()->Add(ids.begin(), ids.end());
  return Unary<chat::v1::MarkReadResponse>(
      NewContext(), [&](grpc::ClientContext* c, auto* r) {
        return messages_->MarkRead(c, request, r);
      });
}

absl::StatusOr<chat::v1::ListConversationsResponse>
ChatClient::ListConversations() {
  return Unary<chat::v1::ListConversationsResponse>(
      NewContext(), [&](grpc::ClientContext* c, auto* r) {
        return messages_->ListConversations(
            c, chat::v1::ListConversationsRequest(), r);
      });
}

absl::StatusOr<chat::v1::GetHistoryResponse> ChatClient::GetHistory(
    std::string_view peer, int page_size, std::string_view page_token) {
  chat::v1::GetHistoryRequest request;
  request.set_peer(std::string(peer));
  request.set_page_size(page_size);
  request.set_page_token(std::string(page_token));
  return Unary<chat::v1::GetHistoryResponse>(
      NewContext(), [&](grpc::ClientContext* c, auto* r) {
        return messages_->GetHistory(c, request, r);
      });
}

absl::StatusOr<chat::v1::DeleteMessagesResponse> ChatClient::DeleteMessages(
    const std::vector<int64_t>& ids) {
  chat::v1::DeleteMessagesRequest request;
  request.mutable_ids()->Add(ids.begin(), ids.end());
  return Unary<chat::v1::DeleteMessagesResponse>(
      NewContext(), [&](grpc::ClientContext* c, auto* r) {
        return messages_->DeleteMessages(c, request, r);
      });
}

std::unique_ptr<LiveSubscription> ChatClient::Subscribe(
    std::optional<int64_t> after_id, LiveSubscription::Callbacks callbacks,
    LiveSubscription::Backoff backoff) {
  auto subscription = std::make_unique<LiveSubscription>(
      subscriptions_.get(), token(), after_id, std::move(callbacks), backoff);
  subscription->Start();
  return subscription;
}

}  // namespace parley
