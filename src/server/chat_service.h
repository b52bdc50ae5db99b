// Parley's chat rules, independent of the transport: sending, reading, marking read, listing
// conversations and accounts, history, deletion of messages and accounts, and opening event
// streams. The gRPC adapter (grpc_adapter.h) only authenticates, moves work onto the worker
// pool and maps statuses; every rule lives here.
//
// Events flow one way: a change commits to the store, then goes to the Hub, then to streams.
// Changes that produce events (send, delete messages, delete account) commit and publish under
// one lock, so every stream sees events in commit order and message ids only grow.
//
// Thread safety: safe for concurrent use. Dependencies are not owned and must outlive this.
// Errors: absl::Status codes as documented on each RPC in proto/chat/v1/chat.proto.
#ifndef PARLEY_SERVER_CHAT_SERVICE_H_
#define PARLEY_SERVER_CHAT_SERVICE_H_

#include <cstdint>
#include <memory>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "chat/v1/chat.pb.h"
#include "common/clock.h"
#include "server/hub.h"
#include "server/principal.h"
#include "server/service_options.h"
#include "server/session_cache.h"
#include "server/subscription.h"
#include "server/worker_pool.h"
#include "store/store.h"

namespace parley {

class ChatService {
 public:
  ChatService(store::Store* store, Hub* hub, SessionCache* sessions, WorkerPool* pool,
              Clock clock, const ServiceOptions& options);
  ChatService(const ChatService&) = delete;
  ChatService& operator=(const ChatService&) = delete;

  absl::Status SendMessage(const Principal& caller, const chat::v1::SendMessageRequest& request,
                           chat::v1::SendMessageResponse* response);
  absl::Status ReadMessages(const Principal& caller,
                            const chat::v1::ReadMessagesRequest& request,
                            chat::v1::ReadMessagesResponse* response);
  absl::Status MarkRead(const Principal& caller, const chat::v1::MarkReadRequest& request,
                        chat::v1::MarkReadResponse* response);
  absl::Status ListConversations(const Principal& caller,
                                 chat::v1::ListConversationsResponse* response);
  absl::Status GetHistory(const Principal& caller, const chat::v1::GetHistoryRequest& request,
                          chat::v1::GetHistoryResponse* response);
  absl::Status DeleteMessages(const Principal& caller,
                              const chat::v1::DeleteMessagesRequest& request,
                              chat::v1::DeleteMessagesResponse* response);
  absl::Status DeleteAccount(const Principal& caller,
                             chat::v1::DeleteAccountResponse* response);
  absl::Status ListAccounts(const chat::v1::ListAccountsRequest& request,
                            chat::v1::ListAccountsResponse* response);

  // A stream for the caller writing through `writer`; the caller then calls Start() on it.
  // INVALID_ARGUMENT for a negative after_id.
  absl::StatusOr<std::shared_ptr<Subscription>> OpenSubscription(const Principal& caller,
                                                 const chat::v1::SubscribeRequest& request,
                                                 StreamWriter* writer);

 private:
  absl::StatusOr<store::AccountRecord> FindPeer(const std::string& name, const char* field);
  absl::StatusOr<int> PageSize(int requested) const;
  absl::Status CheckIds(const google::protobuf::RepeatedField<int64_t>& ids) const;

  store::Store* const store_;
  Hub* const hub_;
  SessionCache* const sessions_;
  WorkerPool* const pool_;
  const Clock clock_;
  const ServiceOptions options_;

  // Held from a store commit until its events are handed to the hub.
  absl::Mutex commit_mu_;
};

}  // namespace parley

#endif  // PARLEY_SERVER_CHAT_SERVICE_H_
