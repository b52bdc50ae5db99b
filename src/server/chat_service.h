// Parley's chat rules, independent of the transport: sending, reading, marking read, listing
// conversations and accounts, history, deletion of messages and accounts, and opening event
// streams. The gRPC adapter (grpc_adapter.h) only authenticates, moves work onto the worker
// pool and maps statuses; every rule lives here.
//
// Events flow one way: a change commits to the store, then goes to the Hub, then to streams.
// Changes that produce events (send, delete messages, delete account) commit and publish under
// one lock, so every stream sees events in commit order and message ids only grow.
//
// Account names are resolved through an in-memory cache (the store is read only on a miss), so
// a send costs no store read. Only DeleteAccount removes accounts, and it drops the entry; a
// lookup that raced with a deletion does not fill the cache, and a send that finds its cached
// recipient gone (NOT_FOUND from the store) drops the entry too.
//
// Sends are committed in groups: a send that arrives while another group is being committed
// waits, and the next group takes every send waiting then into one store transaction (one
// commit instead of one per message, which is most of a send's cost). Each SendMessage still
// returns only after its own message is committed.
//
// Thread safety: safe for concurrent use. Dependencies are not owned and must outlive this.
// Errors: absl::Status codes as documented on each RPC in proto/chat/v1/chat.proto.
#ifndef PARLEY_SERVER_CHAT_SERVICE_H_
#define PARLEY_SERVER_CHAT_SERVICE_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "absl/container/flat_hash_map.h"
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
  // One send waiting for its group's commit.
  struct PendingSend;

  absl::StatusOr<store::AccountRecord> FindPeer(const std::string& name, const char* field);
  // Drops a cached account (deleted, or found gone by a send).
  void ForgetName(const std::string& name);
  // Commits `group` in one transaction (or one by one if that fails for one of them), records
  // each send's outcome and queues the committed messages on the recipients' streams in id
  // order (the writes start later, from each send's own thread).
  void CommitAndQueue(const std::vector<PendingSend*>& group)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(commit_mu_);
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

  // Accounts by lower-cased name (names are ASCII and compare without regard to case).
  // `names_generation_` counts removals, so a lookup that raced with one does not fill the
  // cache with what it read before it.
  absl::Mutex names_mu_;
  absl::flat_hash_map<std::string, store::AccountRecord> names_ ABSL_GUARDED_BY(names_mu_);
  uint64_t names_generation_ ABSL_GUARDED_BY(names_mu_) = 0;

  // Sends waiting for the next group commit, and whether a group is being committed.
  absl::Mutex send_mu_;
  std::vector<PendingSend*> waiting_sends_ ABSL_GUARDED_BY(send_mu_);
  bool committing_sends_ ABSL_GUARDED_BY(send_mu_) = false;
};

}  // namespace parley

#endif  // PARLEY_SERVER_CHAT_SERVICE_H_
