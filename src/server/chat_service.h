// Parley's chat rules, independent of the transport: sending, reading, marking
// read, listing conversations and accounts, history, deletion of messages and
// accounts, and opening event streams. The gRPC adapter (grpc_adapter.h) only
// authenticates, moves work onto the worker pool and maps statuses; every rule
// lives here.
//
// Events flow one way: a change commits to the store, then goes to the Hub,
// then to streams. Changes that produce events (send, delete messages, delete
// account) commit and publish under one lock, so every stream sees events in
// commit order and message ids only grow.
//
// Account names are resolved through an in-memory cache (the store is read only
// on a miss), so a send costs no store read. Only DeleteAccount removes
// accounts, and it drops the entry; a lookup that raced with a deletion does
// not fill the cache, and a send that finds its cached recipient gone
// (NOT_FOUND from the store) drops the entry too.
//
// Sends are asynchronous and committed in groups by a thread of the service's
// own (the send thread, batch_thread.h): SendMessage only checks the request,
// finds the recipient (in the cache, or on a worker after a miss) and queues
// it, so the calling thread never waits for the disk, and every send
// queued while one group commits goes into the next group's single transaction
// (one commit instead of one per message, which is most of a send's cost). The
// send thread then queues each message on its recipient's streams in commit
// order and hands the group to the worker pool, which starts those writes and
// reports each send's outcome, only after its own message is committed.
//
// Thread safety: safe for concurrent use. Dependencies are not owned and must
// outlive this; the store must outlive Shutdown(). Errors: absl::Status codes
// as documented on each RPC in proto/chat/v1/chat.proto.
#ifndef PARLEY_SERVER_CHAT_SERVICE_H_
#define PARLEY_SERVER_CHAT_SERVICE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "chat/v1/chat.pb.h"
#include "common/clock.h"
#include "server/batch_thread.h"
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
  // Receives the outcome of an asynchronous call, exactly once.
  using Done = std::function<void(const absl::Status&)>;

  // Starts the send thread.
  ChatService(store::Store* store, Hub* hub, SessionCache* sessions,
              WorkerPool* pool, Clock clock, const ServiceOptions& options);
  // Shutdown().
  ~ChatService();
  ChatService(const ChatService&) = delete;
  ChatService& operator=(const ChatService&) = delete;

  // Stores the message, queues it on the recipient's open streams and then
  // calls `done`: on a worker or the send thread, or on the calling thread at
  // once if the request is invalid or too many sends are waiting
  // (RESOURCE_EXHAUSTED). Never blocks. `request` and `response` must stay
  // valid until `done` runs; `response` is filled in only on success.
  void SendMessage(Principal caller,
                   const chat::v1::SendMessageRequest& request,
                   chat::v1::SendMessageResponse* response, Done done);
  absl::Status ReadMessages(const Principal& caller,
                            const chat::v1::ReadMessagesRequest& request,
                            chat::v1::ReadMessagesResponse* response);
  absl::Status MarkRead(const Principal& caller,
                        const chat::v1::MarkReadRequest& request,
                        chat::v1::MarkReadResponse* response);
  absl::Status ListConversations(const Principal& caller,
                                 chat::v1::ListConversationsResponse* response);
  absl::Status GetHistory(const Principal& caller,
                          const chat::v1::GetHistoryRequest& request,
                          chat::v1::GetHistoryResponse* response);
  absl::Status DeleteMessages(const Principal& caller,
                              const chat::v1::DeleteMessagesRequest& request,
                              chat::v1::DeleteMessagesResponse* response);
  absl::Status DeleteAccount(const Principal& caller,
                             chat::v1::DeleteAccountResponse* response);
  absl::Status ListAccounts(const chat::v1::ListAccountsRequest& request,
                            chat::v1::ListAccountsResponse* response);

  // A stream for the caller writing through `writer`; the caller then calls
  // Start() on it. INVALID_ARGUMENT for a negative after_id.
  absl::StatusOr<std::shared_ptr<Subscription>> OpenSubscription(
      const Principal& caller, const chat::v1::SubscribeRequest& request,
      StreamWriter* writer);

  // Commits and reports every send already accepted, then stops the send
  // thread; later sends are refused. Idempotent.
  void Shutdown();

 private:
  // One accepted send, from SendMessage until its `done` runs.
  struct PendingSend;

  // Queues `send` for the send thread once its recipient is known, or reports
  // why it cannot be sent.
  void Queue(std::unique_ptr<PendingSend> send,
             absl::StatusOr<store::AccountRecord> recipient);
  // The send thread's work for one group: commits it, queues the events and
  // hands the group to a worker for the writes and replies.
  void HandleSends(std::vector<std::unique_ptr<PendingSend>>& group);
  // Starts the stream writes of a committed group and reports every outcome.
  static void Report(const std::vector<std::unique_ptr<PendingSend>>& group);

  // The account named `name` when that needs no store read (a name that is not
  // valid, or one in the cache); nullopt when only FindPeer can tell.
  std::optional<absl::StatusOr<store::AccountRecord>> FindCachedPeer(
      const std::string& name, const char* field);
  absl::StatusOr<store::AccountRecord> FindPeer(const std::string& name,
                                                const char* field);
  // Drops a cached account (deleted, or found gone by a send).
  void ForgetName(const std::string& name);
  // Commits `group` in one transaction (or one by one if that fails for one of
  // them), records each send's outcome and queues the committed messages on the
  // recipients' streams in id order (the writes start after the commit lock is
  // released).
  void CommitAndQueue(const std::vector<PendingSend*>& group)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(commit_mu_);
  absl::StatusOr<int> PageSize(int requested) const;
  absl::Status CheckIds(
      const google::protobuf::RepeatedField<int64_t>& ids) const;

  store::Store* const store_;
  Hub* const hub_;
  SessionCache* const sessions_;
  WorkerPool* const pool_;
  const Clock clock_;
  const ServiceOptions options_;

  // Held from a store commit until its events are handed to the hub.
  absl::Mutex commit_mu_;

  // Accounts by lower-cased name (names are ASCII and compare without regard to
  // case). `names_generation_` counts removals, so a lookup that raced with one
  // does not fill the cache with what it read before it.
  absl::Mutex names_mu_;
  absl::flat_hash_map<std::string, store::AccountRecord> names_
      ABSL_GUARDED_BY(names_mu_);
  uint64_t names_generation_ ABSL_GUARDED_BY(names_mu_) = 0;

  // Last: its thread uses everything above, and it is stopped first.
  BatchThread<std::unique_ptr<PendingSend>> sends_;
};

}  // namespace parley

#endif  // PARLEY_SERVER_CHAT_SERVICE_H_
