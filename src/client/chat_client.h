// Parley's client library: one object per server connection, over the generated
// chat.v1 stub. It does the SCRAM-SHA-256 work (the password never leaves this
// process; only a verifier at registration and a proof at sign-in do), keeps
// the session token and sends it with every call, and opens live event streams
// (live_subscription.h). The CLI, the desktop app, the tests and the benchmark
// all use it.
//
// Thread safety: all methods may be called from any thread at once.
// Errors: the server's gRPC status, as an absl::Status with the same code and
// message; UNAVAILABLE when the server cannot be reached.
#ifndef PARLEY_CLIENT_CHAT_CLIENT_H_
#define PARLEY_CLIENT_CHAT_CLIENT_H_

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "chat/v1/chat.grpc.pb.h"
#include "client/live_subscription.h"
#include "interceptors/byte_counter.h"

namespace parley {

struct ClientOptions {
  std::string address = "127.0.0.1:50051";
  // PEM file of the CA that signed the server's certificate; empty means
  // plaintext.
  std::string tls_ca_path;
  // When set, every call's serialized bytes are counted here (not owned; must
  // outlive).
  ByteCounter* bytes = nullptr;
  // Deadline of each unary call.
  absl::Duration call_timeout = absl::Seconds(10);
  // PBKDF2 iterations for new accounts (RFC 7677 minimum by default).
  uint32_t scram_iterations = 4096;
};

// Turns a gRPC status into the absl::Status the library returns.
absl::Status FromGrpcStatus(const grpc::Status& status);

class ChatClient {
 public:
  // Builds the channel (connecting lazily). INVALID_ARGUMENT if the CA file
  // cannot be read.
  static absl::StatusOr<std::unique_ptr<ChatClient>> Connect(
      const ClientOptions& options);

  // Accounts and sessions.

  // Creates an account from a verifier derived here. ALREADY_EXISTS if the name
  // is taken.
  absl::StatusOr<chat::v1::CreateAccountResponse> CreateAccount(
      std::string_view username, std::string_view password);
  // Signs in with SCRAM and keeps the token. UNAUTHENTICATED for a wrong name
  // or password, or if the server fails to prove it knows the account's
  // verifier.
  absl::StatusOr<chat::v1::CompleteLoginResponse> Login(
      std::string_view username, std::string_view password);
  // Ends the session on the server and forgets the token.
  absl::Status Logout();
  absl::StatusOr<chat::v1::DeleteAccountResponse> DeleteAccount();
  absl::StatusOr<chat::v1::ListAccountsResponse> ListAccounts(
      std::string_view pattern, int page_size, std::string_view page_token);

  // Messages.

  absl::StatusOr<chat::v1::SendMessageResponse> SendMessage(
      std::string_view recipient, std::string_view text);
  absl::StatusOr<chat::v1::ReadMessagesResponse> ReadMessages(
      int limit, std::string_view peer);
  absl::StatusOr<chat::v1::MarkReadResponse> MarkRead(
      const std::vector<int64_t>& ids);
  absl::StatusOr<chat::v1::ListConversationsResponse> ListConversations();
  absl::StatusOr<chat::v1::GetHistoryResponse> GetHistory(
      std::string_view peer, int page_size, std::string_view page_token);
  absl::StatusOr<chat::v1::DeleteMessagesResponse> DeleteMessages(
      const std::vector<int64_t>& ids);

  // Opens a live event stream that reconnects by itself (see
  // live_subscription.h).
  std::unique_ptr<LiveSubscription> Subscribe(
      std::optional<int64_t> after_id, LiveSubscription::Callbacks callbacks,
      LiveSubscription::Backoff backoff = {});

  // The session token ("" when signed out); settable to resume a saved session.
  std::string token() const;
  void set_token(std::string token);

  chat::v1::AccountService::Stub* accounts() { return accounts_.get(); }
  chat::v1::MessageService::Stub* messages() { return messages_.get(); }
  chat::v1::SubscriptionService::Stub* subscriptions() {
    return subscriptions_.get();
  }

 private:
  ChatClient(const ClientOptions& options,
             std::shared_ptr<grpc::Channel> channel);
  // A context with the deadline and, when signed in, the bearer token.
  std::unique_ptr<grpc::ClientContext> NewContext() const;

  const ClientOptions options_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<chat::v1::AccountService::Stub> accounts_;
  std::unique_ptr<chat::v1::MessageService::Stub> messages_;
  std::unique_ptr<chat::v1::SubscriptionService::Stub> subscriptions_;
  mutable absl::Mutex mu_;
  std::string token_ ABSL_GUARDED_BY(mu_);
};

}  // namespace parley

#endif  // PARLEY_CLIENT_CHAT_CLIENT_H_
