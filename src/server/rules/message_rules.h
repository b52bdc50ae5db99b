// The rules of messages, for every transport: sending (stored, and live on
// the recipient's open streams), reading N unread at a time, marking read,
// the conversation list, a conversation's history, and deleting messages for
// both sides.
//
// Every method takes a decoded chat.v1 request, valid only during the call
// (what is needed later is copied), and answers through `reply` exactly once,
// from any thread: on the calling thread for a request refused at once, else
// on a worker (or, for a send, wherever its commit is reported). Every call
// needs a signed-in caller (UNAUTHENTICATED otherwise); the other error codes
// are those documented on each RPC in proto/chat/v1/chat.proto. Thread
// safety: safe for concurrent use. Dependencies are not owned and must
// outlive the rules.
#ifndef PARLEY_SERVER_RULES_MESSAGE_RULES_H_
#define PARLEY_SERVER_RULES_MESSAGE_RULES_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "chat/v1/chat.pb.h"
#include "server/engine/account_directory.h"
#include "server/engine/call_runner.h"
#include "server/engine/commit_sequencer.h"
#include "server/engine/send_pipeline.h"
#include "server/rules/service_options.h"
#include "store/store.h"

namespace parley {

// What the message rules work with.
struct MessageRulesDeps {
  store::Store* store = nullptr;
  CallRunner* runner = nullptr;
  AccountDirectory* directory = nullptr;
  CommitSequencer* sequencer = nullptr;
  SendPipeline* sends = nullptr;
};

class MessageRules {
 public:
  MessageRules(MessageRulesDeps deps, ServiceOptions options);
  MessageRules(const MessageRules&) = delete;
  MessageRules& operator=(const MessageRules&) = delete;

  // Stores the message and queues it on the recipient's open streams; replies
  // once it is committed. Never blocks: a session and a recipient in memory
  // are found on the calling thread. INVALID_ARGUMENT for empty, invalid or
  // too long text or a bad name, NOT_FOUND for an unknown recipient,
  // RESOURCE_EXHAUSTED when too many sends wait.
  void SendMessage(const CallContext& call,
                   const chat::v1::SendMessageRequest& request,
                   Reply<chat::v1::SendMessageResponse> reply);
  // The oldest unread messages to the caller (from one peer if named), now
  // marked read, with how many stay unread.
  void ReadMessages(const CallContext& call,
                    const chat::v1::ReadMessagesRequest& request,
                    Reply<chat::v1::ReadMessagesResponse> reply);
  // Marks messages to the caller read; NOT_FOUND, changing nothing, if any id
  // is not a message to the caller.
  void MarkRead(const CallContext& call,
                const chat::v1::MarkReadRequest& request,
                Reply<chat::v1::MarkReadResponse> reply);
  // One summary per peer, newest first, with the total unread.
  void ListConversations(const CallContext& call,
                         const chat::v1::ListConversationsRequest& request,
                         Reply<chat::v1::ListConversationsResponse> reply);
  // A page of the conversation with a peer, newest first.
  void GetHistory(const CallContext& call,
                  const chat::v1::GetHistoryRequest& request,
                  Reply<chat::v1::GetHistoryResponse> reply);
  // Deletes messages of the caller's conversations for both sides and tells
  // both sides' streams; NOT_FOUND, deleting nothing, if any id is not such a
  // message.
  void DeleteMessages(const CallContext& call,
                      const chat::v1::DeleteMessagesRequest& request,
                      Reply<chat::v1::DeleteMessagesResponse> reply);

 private:
  // Queues the send once its recipient is known.
  void Queue(const Principal& caller, std::string text,
             absl::StatusOr<store::AccountRecord> recipient,
             Reply<chat::v1::SendMessageResponse> reply);
  absl::StatusOr<chat::v1::ReadMessagesResponse> DoReadMessages(
      const Principal& caller, const chat::v1::ReadMessagesRequest& request);
  absl::StatusOr<chat::v1::MarkReadResponse> DoMarkRead(
      const Principal& caller, const chat::v1::MarkReadRequest& request);
  absl::StatusOr<chat::v1::ListConversationsResponse> DoListConversations(
      const Principal& caller);
  absl::StatusOr<chat::v1::GetHistoryResponse> DoGetHistory(
      const Principal& caller, const chat::v1::GetHistoryRequest& request);
  absl::StatusOr<chat::v1::DeleteMessagesResponse> DoDeleteMessages(
      const Principal& caller, const chat::v1::DeleteMessagesRequest& request);
  absl::Status CheckIds(
      const google::protobuf::RepeatedField<int64_t>& ids) const;

  const MessageRulesDeps deps_;
  const ServiceOptions options_;
};

}  // namespace parley

#endif  // PARLEY_SERVER_RULES_MESSAGE_RULES_H_
