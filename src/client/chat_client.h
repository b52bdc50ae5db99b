// Parley's client library: one object per server connection, speaking chat.v1
// messages whatever the wire (transport.h). It does the SCRAM-SHA-256 work (the
// password never leaves this process; only a verifier at registration and a
// proof at sign-in do), keeps the session token and sends it with every call,
// and opens live event streams (live_subscription.h). The CLI, the desktop app,
// the tests and the benchmark all use it; register_or_sign_in.h builds the
// notebook's "register" flow on it.
//
// Thread safety: every method may be called from any thread at once; calls do
// not wait for each other. A LiveSubscription's callbacks must not make
// blocking calls (over the binary and JSON protocols they run on the thread
// that would carry the answer: FAILED_PRECONDITION). Errors: the server's
// status (the codes of docs/api.md), UNAVAILABLE when the server cannot be
// reached, DEADLINE_EXCEEDED after ClientOptions::call_timeout.
#ifndef PARLEY_CLIENT_CHAT_CLIENT_H_
#define PARLEY_CLIENT_CHAT_CLIENT_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "chat/v1/chat.pb.h"
#include "client/client_options.h"
#include "client/live_subscription.h"
#include "google/protobuf/message.h"

namespace parley {

class Transport;

class ChatClient {
 public:
  // A client of options.address over options.protocol; the connection opens
  // with the first call. INVALID_ARGUMENT if the CA file cannot be read or,
  // for the binary and JSON protocols, the address is not host:port.
  static absl::StatusOr<std::unique_ptr<ChatClient>> Connect(
      const ClientOptions& options);

  // Every LiveSubscription this client opened must be gone first.
  ~ChatClient();
  ChatClient(const ChatClient&) = delete;
  ChatClient& operator=(const ChatClient&) = delete;

  // --- Accounts and sessions ---

  // Creates an account from a verifier derived here (the password is not
  // sent). ALREADY_EXISTS if the name is taken in any case; INVALID_ARGUMENT
  // naming the rule for a malformed name.
  absl::StatusOr<chat::v1::CreateAccountResponse> CreateAccount(
      std::string_view username, std::string_view password);
  // Signs in with SCRAM and keeps the token for the calls that follow.
  // UNAUTHENTICATED for a wrong name or password, or if the server fails to
  // prove it knows the account's verifier; RESOURCE_EXHAUSTED after too many
  // failures for the name.
  absl::StatusOr<chat::v1::CompleteLoginResponse> Login(
      std::string_view username, std::string_view password);
  // Ends the session on the server and then forgets the token (kept on error).
  // UNAUTHENTICATED if the session had already ended.
  absl::Status Logout();
  // Deletes the signed-in account with every message it sent or received, and
  // forgets the token. UNAUTHENTICATED when signed out.
  absl::StatusOr<chat::v1::DeleteAccountResponse> DeleteAccount();
  // One page of the accounts matching a wildcard `pattern` (* and ?);
  // page_size 0 means the server's default. INVALID_ARGUMENT for a bad pattern
  // or page token; UNAUTHENTICATED when signed out.
  absl::StatusOr<chat::v1::ListAccountsResponse> ListAccounts(
      std::string_view pattern, int page_size, std::string_view page_token);

  // --- Messages (all UNAUTHENTICATED when signed out) ---

  // Stores a message for `recipient`. NOT_FOUND for an unknown recipient;
  // INVALID_ARGUMENT for text the rules refuse (common/text_rules.h);
  // RESOURCE_EXHAUSTED when too many messages wait to be stored.
  absl::StatusOr<chat::v1::SendMessageResponse> SendMessage(
      std::string_view recipient, std::string_view text);
  // Returns and marks read the `limit` oldest unread messages, from `peer`
  // only unless it is empty. INVALID_ARGUMENT for a limit out of range;
  // NOT_FOUND for an unknown peer.
  absl::StatusOr<chat::v1::ReadMessagesResponse> ReadMessages(
      int limit, std::string_view peer);
  // Marks messages to the signed-in account read, all or none. NOT_FOUND if
  // one is not such a message (or was deleted); INVALID_ARGUMENT for no ids
  // or too many.
  absl::StatusOr<chat::v1::MarkReadResponse> MarkRead(
      const std::vector<int64_t>& ids);
  // One entry per peer, with unread counts and the last message.
  absl::StatusOr<chat::v1::ListConversationsResponse> ListConversations();
  // One page of the conversation with `peer`, newest first; page_size 0 means
  // the server's default. INVALID_ARGUMENT for a bad page token; NOT_FOUND for
  // an unknown peer.
  absl::StatusOr<chat::v1::GetHistoryResponse> GetHistory(
      std::string_view peer, int page_size, std::string_view page_token);
  // Deletes messages of the signed-in account's conversations for both sides,
  // all or none. NOT_FOUND if one is not in them; INVALID_ARGUMENT for no ids
  // or too many.
  absl::StatusOr<chat::v1::DeleteMessagesResponse> DeleteMessages(
      const std::vector<int64_t>& ids);

  // --- Anything else ---

  // Sends `request` exactly as given (nothing checked or derived) to the unary
  // chat.v1 RPC that takes its type, with the token and the deadline, and
  // parses the answer into `response`: for requests the methods above would
  // never build, such as the malformed ones tests send. INVALID_ARGUMENT,
  // with nothing sent, if no unary RPC takes that type or `response` is not
  // its answer's type; otherwise as the RPC. `response` is not owned.
  absl::Status Call(const google::protobuf::Message& request,
                    google::protobuf::Message* response);

  // Opens a live event stream with the current token that reconnects by
  // itself (live_subscription.h), replaying stored messages after `after_id`
  // first when it is set. Never fails here: errors arrive as its states. The
  // caller owns it and must destroy it before this client.
  std::unique_ptr<LiveSubscription> Subscribe(
      std::optional<int64_t> after_id, LiveSubscription::Callbacks callbacks,
      LiveSubscription::Backoff backoff = {});

  // The session token ("" when signed out).
  std::string token() const;
  // Replaces the token, e.g. to resume a saved session ("" signs out locally).
  void set_token(std::string token);

 private:
  ChatClient(const ClientOptions& options,
             std::unique_ptr<Transport> transport);

  // Call() for the typed methods.
  template <typename Response>
  absl::StatusOr<Response> Unary(const google::protobuf::Message& request);

  const ClientOptions options_;
  const std::unique_ptr<Transport> transport_;
  mutable absl::Mutex mu_;
  std::string token_ ABSL_GUARDED_BY(mu_);
};

}  // namespace parley

#endif  // PARLEY_CLIENT_CHAT_CLIENT_H_
