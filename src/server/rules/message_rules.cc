#include "server/rules/message_rules.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/text_rules.h"
#include "server/engine/events.h"
#include "server/engine/proto_convert.h"
#include "server/rules/paging.h"
#include "store/change_feed.h"

namespace parley {
namespace {

constexpr char kHistoryToken[] = "history";

std::span<const int64_t> Ids(
    const google::protobuf::RepeatedField<int64_t>& ids) {
  return {ids.data(), static_cast<size_t>(ids.size())};
}

}  // namespace

MessageRules::MessageRules(MessageRulesDeps deps, ServiceOptions options)
    : deps_(deps), options_(options) {}

absl::Status MessageRules::CheckIds(
    const google::protobuf::RepeatedField<int64_t>& ids) const {
  if (ids.empty()) {
    return absl::InvalidArgumentError("ids must name at least one message");
  }
  if (ids.size() > options_.max_ids_per_call) {
    return absl::InvalidArgumentError(
        absl::StrCat("at most ", options_.max_ids_per_call,
                     " ids per call (got ", ids.size(), ")"));
  }
  for (int64_t id : ids) {
    if (id <= 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("message ids are positive (got ", id, ")"));
    }
  }
  return absl::OkStatus();
}

void MessageRules::SendMessage(const CallContext& call,
                               const chat::v1::SendMessageRequest& request,
                               Reply<chat::v1::SendMessageResponse> reply) {
  // Unlike the other calls, no check for a cancelled call: a send the client
  // stopped waiting for may already be committing, and is stored either way
  // (as any call whose reply is lost); the client finds it in its history.
  deps_.runner->WithCaller(call, [this, recipient = request.recipient(),
                                  text = request.text(),
                                  reply = std::move(reply)](
                                     absl::StatusOr<Principal> caller) mutable {
    if (!caller.ok()) {
      std::move(reply)(caller.status());
      return;
    }
    if (absl::Status s = ValidateMessageText(text, options_.max_message_chars);
        !s.ok()) {
      std::move(reply)(s);
      return;
    }
    if (absl::Status s = ValidateUsername(recipient, "recipient"); !s.ok()) {
      std::move(reply)(s);
      return;
    }
    if (std::optional<store::AccountRecord> cached =
            deps_.directory->FindCached(recipient)) {
      Queue(*caller, std::move(text), *std::move(cached), std::move(reply));
      return;
    }
    // A name not in memory is looked up on a worker: on the send thread,
    // which every send waits for, a store read per unknown name would
    // hold up all of them.
    auto shared = std::make_shared<Reply<chat::v1::SendMessageResponse>>(
        std::move(reply));
    if (!deps_.runner->pool()->TrySubmit([this, caller = *std::move(caller),
                                          recipient = std::move(recipient),
                                          text = std::move(text),
                                          shared]() mutable {
          Queue(caller, std::move(text), deps_.directory->Find(recipient),
                std::move(*shared));
        })) {
      std::move (*shared)(ServerBusyError());
    }
  });
}

void MessageRules::Queue(const Principal& caller, std::string text,
                         absl::StatusOr<store::AccountRecord> recipient,
                         Reply<chat::v1::SendMessageResponse> reply) {
  if (!recipient.ok()) {
    std::move(reply)(recipient.status());
    return;
  }
  deps_.sends->Submit(OutgoingMessage{
      caller, *std::move(recipient), std::move(text),
      [reply = std::move(reply)](absl::StatusOr<SentMessage> sent) mutable {
        if (!sent.ok()) {
          std::move(reply)(sent.status());
          return;
        }
        chat::v1::SendMessageResponse response;
        response.set_id(sent->id);
        ToTimestamp(sent->sent_at_us, response.mutable_sent_at());
        std::move(reply)(std::move(response));
      }});
}

void MessageRules::ReadMessages(const CallContext& call,
                                const chat::v1::ReadMessagesRequest& request,
                                Reply<chat::v1::ReadMessagesResponse> reply) {
  deps_.runner->RunSignedIn<chat::v1::ReadMessagesResponse>(
      call,
      [this, request](const Principal& caller) {
        return DoReadMessages(caller, request);
      },
      std::move(reply));
}

void MessageRules::MarkRead(const CallContext& call,
                            const chat::v1::MarkReadRequest& request,
                            Reply<chat::v1::MarkReadResponse> reply) {
  deps_.runner->RunSignedIn<chat::v1::MarkReadResponse>(
      call,
      [this, request](const Principal& caller) {
        return DoMarkRead(caller, request);
      },
      std::move(reply));
}

void MessageRules::ListConversations(
    const CallContext& call,
    const chat::v1::ListConversationsRequest& /*request*/,
    Reply<chat::v1::ListConversationsResponse> reply) {
  deps_.runner->RunSignedIn<chat::v1::ListConversationsResponse>(
      call,
      [this](const Principal& caller) { return DoListConversations(caller); },
      std::move(reply));
}

void MessageRules::GetHistory(const CallContext& call,
                              const chat::v1::GetHistoryRequest& request,
                              Reply<chat::v1::GetHistoryResponse> reply) {
  deps_.runner->RunSignedIn<chat::v1::GetHistoryResponse>(
      call,
      [this, request](const Principal& caller) {
        return DoGetHistory(caller, request);
      },
      std::move(reply));
}

void MessageRules::DeleteMessages(
    const CallContext& call, const chat::v1::DeleteMessagesRequest& request,
    Reply<chat::v1::DeleteMessagesResponse> reply) {
  deps_.runner->RunSignedIn<chat::v1::DeleteMessagesResponse>(
      call,
      [this, request](const Principal& caller) {
        return DoDeleteMessages(caller, request);
      },
      std::move(reply));
}

absl::StatusOr<chat::v1::ReadMessagesResponse> MessageRules::DoReadMessages(
    const Principal& caller, const chat::v1::ReadMessagesRequest& request) {
  if (request.limit() < 1 || request.limit() > options_.max_read_limit) {
    return absl::InvalidArgumentError(
        absl::StrCat("limit must be between 1 and ", options_.max_read_limit,
                     " (got ", request.limit(), ")"));
  }
  std::optional<int64_t> peer_id;
  if (!request.peer().empty()) {
    if (absl::Status s = ValidateUsername(request.peer(), "peer"); !s.ok()) {
      return s;
    }
    absl::StatusOr<store::AccountRecord> peer =
        deps_.directory->Find(request.peer());
    if (!peer.ok()) return peer.status();
    peer_id = peer->id;
  }
  absl::StatusOr<store::UnreadBatch> batch =
      deps_.store->ReadUnread(caller.account_id, peer_id, request.limit());
  if (!batch.ok()) return batch.status();
  chat::v1::ReadMessagesResponse response;
  for (const store::MessageRecord& record : batch->messages) {
    ToProto(record, response.add_messages());
  }
  response.set_remaining_unread(batch->remaining_unread);
  return response;
}

absl::StatusOr<chat::v1::MarkReadResponse> MessageRules::DoMarkRead(
    const Principal& caller, const chat::v1::MarkReadRequest& request) {
  if (absl::Status s = CheckIds(request.ids()); !s.ok()) return s;
  absl::StatusOr<store::MarkReadResult> result =
      deps_.store->MarkRead(caller.account_id, Ids(request.ids()));
  if (!result.ok()) return result.status();
  chat::v1::MarkReadResponse response;
  response.set_marked(result->marked);
  response.set_remaining_unread(result->remaining_unread);
  return response;
}

absl::StatusOr<chat::v1::ListConversationsResponse>
MessageRules::DoListConversations(const Principal& caller) {
  absl::StatusOr<std::vector<store::ConversationSummary>> conversations =
      deps_.store->ListConversations(caller.account_id);
  if (!conversations.ok()) return conversations.status();
  chat::v1::ListConversationsResponse response;
  int64_t total_unread = 0;
  for (const store::ConversationSummary& summary : *conversations) {
    chat::v1::Conversation* out = response.add_conversations();
    out->set_peer(summary.peer.username);
    out->set_unread_count(summary.unread_count);
    out->set_message_count(summary.message_count);
    ToProto(summary.last_message, out->mutable_last_message());
    total_unread += summary.unread_count;
  }
  response.set_total_unread(total_unread);
  return response;
}

absl::StatusOr<chat::v1::GetHistoryResponse> MessageRules::DoGetHistory(
    const Principal& caller, const chat::v1::GetHistoryRequest& request) {
  if (absl::Status s = ValidateUsername(request.peer(), "peer"); !s.ok()) {
    return s;
  }
  absl::StatusOr<store::AccountRecord> peer =
      deps_.directory->Find(request.peer());
  if (!peer.ok()) return peer.status();
  absl::StatusOr<int> page_size = PageSize(
      request.page_size(), options_.default_page_size, options_.max_page_size);
  if (!page_size.ok()) return page_size.status();
  absl::StatusOr<std::string> position =
      DecodePageToken(kHistoryToken, request.page_token());
  if (!position.ok()) return position.status();
  int64_t before_id = 0;
  if (!position->empty() &&
      (!absl::SimpleAtoi(*position, &before_id) || before_id <= 0)) {
    return absl::InvalidArgumentError("page_token is not valid here");
  }
  absl::StatusOr<std::vector<store::MessageRecord>> page =
      deps_.store->GetHistory(caller.account_id, peer->id, before_id,
                              *page_size + 1);
  if (!page.ok()) return page.status();
  chat::v1::GetHistoryResponse response;
  const bool more = TrimPage(*page, *page_size);
  for (const store::MessageRecord& record : *page) {
    ToProto(record, response.add_messages());
  }
  if (more) {
    response.set_next_page_token(
        EncodePageToken(kHistoryToken, absl::StrCat(page->back().id)));
  }
  return response;
}

absl::StatusOr<chat::v1::DeleteMessagesResponse> MessageRules::DoDeleteMessages(
    const Principal& caller, const chat::v1::DeleteMessagesRequest& request) {
  if (absl::Status s = CheckIds(request.ids()); !s.ok()) return s;
  CommitEvents events = deps_.sequencer->NewEvents();
  absl::StatusOr<size_t> deleted = deps_.sequencer->Run(
      &events, [&](CommitEvents& e) -> absl::StatusOr<size_t> {
        absl::StatusOr<std::vector<store::MessageRecord>> records =
            deps_.store->DeleteMessages(caller.account_id, Ids(request.ids()));
        if (!records.ok()) return records.status();
        for (const store::MessagesDeleted& change :
             store::DeletionsOf(*records, caller.username)) {
          e.Publish(
              change.account_id,
              MessagesDeletedEvent(change.ids, change.peer, change.deleted_by));
        }
        return records->size();
      });
  events.Start();
  if (!deleted.ok()) return deleted.status();
  chat::v1::DeleteMessagesResponse response;
  response.set_deleted(static_cast<int64_t>(*deleted));
  return response;
}

}  // namespace parley
