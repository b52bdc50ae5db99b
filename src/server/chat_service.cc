#include "server/chat_service.h"

#include <map>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/text_rules.h"
#include "server/page_token.h"
#include "server/proto_convert.h"

namespace parley {
namespace {

constexpr char kAccountsToken[] = "accounts";
constexpr char kHistoryToken[] = "history";
// Cached accounts before the cache is emptied and refilled from the store
// (bounds memory).
constexpr size_t kMaxCachedNames = 100'000;

EventPtr MessageEvent(int64_t id, const std::string& sender,
                      const std::string& recipient, const std::string& text,
                      int64_t sent_at_us) {
  auto event = std::make_shared<chat::v1::Event>();
  chat::v1::Message* message = event->mutable_message();
  message->set_id(id);
  message->set_sender(sender);
  message->set_recipient(recipient);
  message->set_text(text);
  ToTimestamp(sent_at_us, message->mutable_sent_at());
  return event;
}

}  // namespace

ChatService::ChatService(store::Store* store, Hub* hub, SessionCache* sessions,
                         WorkerPool* pool, Clock clock,
                         const ServiceOptions& options)
    : store_(store),
      hub_(hub),
      sessions_(sessions),
      pool_(pool),
      clock_(std::move(clock)),
      options_(options),
      sends_("parley-send", options.max_queued_sends,
             [this](std::vector<std::unique_ptr<PendingSend>>& group) {
               HandleSends(group);
             }) {}

ChatService::~ChatService() { Shutdown(); }

void ChatService::Shutdown() { sends_.Stop(); }

std::optional<absl::StatusOr<store::AccountRecord>> ChatService::FindCachedPeer(
    const std::string& name, const char* field) {
  if (absl::Status s = ValidateUsername(name, field); !s.ok()) return s;
  absl::MutexLock lock(&names_mu_);
  auto it = names_.find(NameKey(name));
  if (it == names_.end()) return std::nullopt;
  return it->second;
}

absl::StatusOr<store::AccountRecord> ChatService::FindPeer(
    const std::string& name, const char* field) {
  if (std::optional<absl::StatusOr<store::AccountRecord>> cached =
          FindCachedPeer(name, field)) {
    return *std::move(cached);
  }
  uint64_t generation;
  {
    absl::MutexLock lock(&names_mu_);
    generation = names_generation_;
  }
  absl::StatusOr<store::AccountWithCredentials> found =
      store_->FindAccount(name);
  if (!found.ok()) {
    if (absl::IsNotFound(found.status())) {
      return absl::NotFoundError(
          absl::StrCat("there is no account named '", name, "'"));
    }
    return found.status();
  }
  absl::MutexLock lock(&names_mu_);
  if (names_generation_ == generation) {
    if (names_.size() >= kMaxCachedNames) names_.clear();
    names_.emplace(NameKey(name), found->account);
  }
  return std::move(found->account);
}

void ChatService::ForgetName(const std::string& name) {
  absl::MutexLock lock(&names_mu_);
  names_.erase(NameKey(name));
  ++names_generation_;
}

absl::StatusOr<int> ChatService::PageSize(int requested) const {
  if (requested == 0) return options_.default_page_size;
  if (requested < 1 || requested > options_.max_page_size) {
    return absl::InvalidArgumentError(absl::StrCat(
        "page_size must be between 1 and ", options_.max_page_size, " (got ",
        requested, "); 0 means ", options_.default_page_size));
  }
  return requested;
}

absl::Status ChatService::CheckIds(
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

struct ChatService::PendingSend {
  Principal sender;
  const chat::v1::SendMessageRequest* request = nullptr;
  chat::v1::SendMessageResponse* response = nullptr;
  Done done;
  store::AccountRecord recipient;
  // Set by the send thread.
  absl::Status status;
  int64_t id = 0;
  int64_t sent_at_us = 0;
  // The recipient's streams on which the message was queued and that need
  // Flush().
  std::vector<std::shared_ptr<Subscriber>> to_flush;
};

void ChatService::SendMessage(Principal caller,
                              const chat::v1::SendMessageRequest& request,
                              chat::v1::SendMessageResponse* response,
                              Done done) {
  if (absl::Status s =
          ValidateMessageText(request.text(), options_.max_message_chars);
      !s.ok()) {
    done(s);
    return;
  }
  auto send = std::make_unique<PendingSend>();
  send->sender = std::move(caller);
  send->request = &request;
  send->response = response;
  send->done = std::move(done);
  if (std::optional<absl::StatusOr<store::AccountRecord>> recipient =
          FindCachedPeer(request.recipient(), "recipient")) {
    Queue(std::move(send), *std::move(recipient));
    return;
  }
  // A name not in memory is looked up on a worker: on the send thread, which
  // every send waits for, a store read per unknown name would hold up all of
  // them.
  auto holder = std::make_shared<std::unique_ptr<PendingSend>>(std::move(send));
  if (!pool_->TrySubmit([this, holder] {
        absl::StatusOr<store::AccountRecord> recipient =
            FindPeer((*holder)->request->recipient(), "recipient");
        Queue(std::move(*holder), std::move(recipient));
      })) {
    (*holder)->done(
        absl::ResourceExhaustedError("the server is busy; try again shortly"));
  }
}

void ChatService::Queue(std::unique_ptr<PendingSend> send,
                        absl::StatusOr<store::AccountRecord> recipient) {
  if (!recipient.ok()) {
    send->done(recipient.status());
    return;
  }
  send->recipient = *std::move(recipient);
  if (std::optional<std::unique_ptr<PendingSend>> refused =
          sends_.TrySubmit(std::move(send))) {
    (*refused)->done(absl::ResourceExhaustedError(
        "the server is busy: too many messages are waiting to be stored; try "
        "again shortly"));
  }
}

void ChatService::HandleSends(
    std::vector<std::unique_ptr<PendingSend>>& group) {
  std::vector<PendingSend*> sends;
  sends.reserve(group.size());
  for (const std::unique_ptr<PendingSend>& send : group) {
    sends.push_back(send.get());
  }
  {
    absl::MutexLock lock(&commit_mu_);
    CommitAndQueue(sends);
  }
  // The writes and replies (a socket write each, about as costly as the commit)
  // go to the pool, so the send thread can commit the next group meanwhile, on
  // the other core.
  auto committed = std::make_shared<std::vector<std::unique_ptr<PendingSend>>>(
      std::move(group));
  if (!pool_->TrySubmit([committed] { Report(*committed); })) {
    Report(*committed);
  }
}

void ChatService::Report(
    const std::vector<std::unique_ptr<PendingSend>>& group) {
  // The event already holds its place in each stream's queue (commit order);
  // deliveries start before the replies, since a delivery is what a person
  // waits for.
  for (const std::unique_ptr<PendingSend>& send : group) {
    for (const std::shared_ptr<Subscriber>& subscriber : send->to_flush) {
      subscriber->Flush();
    }
  }
  for (const std::unique_ptr<PendingSend>& send : group) {
    if (send->status.ok()) {
      send->response->set_id(send->id);
      ToTimestamp(send->sent_at_us, send->response->mutable_sent_at());
    }
    send->done(send->status);
  }
}

void ChatService::CommitAndQueue(const std::vector<PendingSend*>& group) {
  const int64_t now = clock_();
  std::vector<store::NewMessage> messages;
  messages.reserve(group.size());
  for (const PendingSend* send : group) {
    messages.push_back(store::NewMessage{send->sender.account_id,
                                         send->recipient.id,
                                         send->request->text(), now});
  }
  // One outcome per send: the group's transaction, or, if that failed because
  // an account of one send vanished (nothing was stored then), each send in a
  // transaction of its own so the others do not fail with it.
  std::vector<absl::StatusOr<int64_t>> outcomes;
  absl::StatusOr<std::vector<int64_t>> ids = store_->AppendMessages(messages);
  if (ids.ok()) {
    outcomes.assign(ids->begin(), ids->end());
  } else if (group.size() > 1 && absl::IsNotFound(ids.status())) {
    for (const store::NewMessage& message : messages) {
      absl::StatusOr<std::vector<int64_t>> one =
          store_->AppendMessages({&message, 1});
      if (one.ok()) {
        outcomes.push_back(one->front());
      } else {
        outcomes.push_back(one.status());
      }
    }
  } else {
    outcomes.assign(group.size(), ids.status());
  }
  for (size_t i = 0; i < group.size(); ++i) {
    PendingSend& send = *group[i];
    if (!outcomes[i].ok()) {
      send.status = outcomes[i].status();
      // The cached recipient may be what vanished.
      if (absl::IsNotFound(send.status)) ForgetName(send.recipient.username);
      continue;
    }
    send.id = *outcomes[i];
    send.sent_at_us = now;
    hub_->Enqueue(
        send.recipient.id,
        MessageEvent(send.id, send.sender.username, send.recipient.username,
                     send.request->text(), now),
        &send.to_flush);
  }
}

absl::Status ChatService::ReadMessages(
    const Principal& caller, const chat::v1::ReadMessagesRequest& request,
    chat::v1::ReadMessagesResponse* response) {
  if (request.limit() < 1 || request.limit() > options_.max_read_limit) {
    return absl::InvalidArgumentError(
        absl::StrCat("limit must be between 1 and ", options_.max_read_limit,
                     " (got ", request.limit(), ")"));
  }
  std::optional<int64_t> peer_id;
  if (!request.peer().empty()) {
    absl::StatusOr<store::AccountRecord> peer =
        FindPeer(request.peer(), "peer");
    if (!peer.ok()) return peer.status();
    peer_id = peer->id;
  }
  absl::StatusOr<store::UnreadBatch> batch =
      store_->ReadUnread(caller.account_id, peer_id, request.limit());
  if (!batch.ok()) return batch.status();
  for (const store::MessageRecord& record : batch->messages) {
    ToProto(record, response->add_messages());
  }
  response->set_remaining_unread(batch->remaining_unread);
  return absl::OkStatus();
}

absl::Status ChatService::MarkRead(const Principal& caller,
                                   const chat::v1::MarkReadRequest& request,
                                   chat::v1::MarkReadResponse* response) {
  if (absl::Status s = CheckIds(request.ids()); !s.ok()) return s;
  absl::StatusOr<store::MarkReadResult> result = store_->MarkRead(
      caller.account_id,
      {request.ids().data(), static_cast<size_t>(request.ids().size())});
  if (!result.ok()) return result.status();
  response->set_marked(result->marked);
  response->set_remaining_unread(result->remaining_unread);
  return absl::OkStatus();
}

absl::Status ChatService::ListConversations(
    const Principal& caller, chat::v1::ListConversationsResponse* response) {
  absl::StatusOr<std::vector<store::ConversationSummary>> conversations =
      store_->ListConversations(caller.account_id);
  if (!conversations.ok()) return conversations.status();
  int64_t total_unread = 0;
  for (const store::ConversationSummary& summary : *conversations) {
    chat::v1::Conversation* out = response->add_conversations();
    out->set_peer(summary.peer.username);
    out->set_unread_count(summary.unread_count);
    out->set_message_count(summary.message_count);
    ToProto(summary.last_message, out->mutable_last_message());
    total_unread += summary.unread_count;
  }
  response->set_total_unread(total_unread);
  return absl::OkStatus();
}

absl::Status ChatService::GetHistory(const Principal& caller,
                                     const chat::v1::GetHistoryRequest& request,
                                     chat::v1::GetHistoryResponse* response) {
  absl::StatusOr<store::AccountRecord> peer = FindPeer(request.peer(), "peer");
  if (!peer.ok()) return peer.status();
  absl::StatusOr<int> page_size = PageSize(request.page_size());
  if (!page_size.ok()) return page_size.status();
  absl::StatusOr<std::string> position =
      DecodePageToken(kHistoryToken, request.page_token());
  if (!position.ok()) return position.status();
  int64_t before_id = 0;
  if (!position->empty() &&
      (!absl::SimpleAtoi(*position, &before_id) || before_id <= 0)) {
    return absl::InvalidArgumentError("page_token is not valid here");
  }
  absl::StatusOr<std::vector<store::MessageRecord>> page = store_->GetHistory(
      caller.account_id, peer->id, before_id, *page_size + 1);
  if (!page.ok()) return page.status();
  const bool more = page->size() > static_cast<size_t>(*page_size);
  if (more) page->pop_back();
  for (const store::MessageRecord& record : *page) {
    ToProto(record, response->add_messages());
  }
  if (more) {
    response->set_next_page_token(
        EncodePageToken(kHistoryToken, absl::StrCat(page->back().id)));
  }
  return absl::OkStatus();
}

absl::Status ChatService::DeleteMessages(
    const Principal& caller, const chat::v1::DeleteMessagesRequest& request,
    chat::v1::DeleteMessagesResponse* response) {
  if (absl::Status s = CheckIds(request.ids()); !s.ok()) return s;
  absl::MutexLock lock(&commit_mu_);
  absl::StatusOr<std::vector<store::MessageRecord>> deleted =
      store_->DeleteMessages(
          caller.account_id,
          {request.ids().data(), static_cast<size_t>(request.ids().size())});
  if (!deleted.ok()) return deleted.status();

  // One event per party per conversation, naming the other party as the peer.
  struct Party {
    int64_t account_id;
    std::string peer;
    bool operator<(const Party& other) const {
      return std::tie(account_id, peer) <
             std::tie(other.account_id, other.peer);
    }
  };
  std::map<Party, std::vector<int64_t>> by_party;
  for (const store::MessageRecord& record : *deleted) {
    by_party[{record.sender_id, record.recipient}].push_back(record.id);
    if (record.recipient_id != record.sender_id) {
      by_party[{record.recipient_id, record.sender}].push_back(record.id);
    }
  }
  for (auto& [party, ids] : by_party) {
    auto event = std::make_shared<chat::v1::Event>();
    chat::v1::MessagesDeleted* out = event->mutable_messages_deleted();
    out->mutable_ids()->Add(ids.begin(), ids.end());
    out->set_peer(party.peer);
    out->set_deleted_by(caller.username);
    hub_->Publish(party.account_id, event);
  }
  response->set_deleted(static_cast<int64_t>(deleted->size()));
  return absl::OkStatus();
}

absl::Status ChatService::DeleteAccount(
    const Principal& caller, chat::v1::DeleteAccountResponse* response) {
  absl::MutexLock lock(&commit_mu_);
  absl::StatusOr<store::DeletedAccount> deleted =
      store_->DeleteAccount(caller.account_id);
  if (!deleted.ok()) return deleted.status();
  ForgetName(caller.username);
  sessions_->ForgetAccount(caller.account_id);
  hub_->CloseAccount(caller.account_id,
                     absl::UnauthenticatedError(
                         "this account was deleted; its sessions ended"));
  auto event = std::make_shared<chat::v1::Event>();
  event->mutable_account_deleted()->set_username(caller.username);
  for (const store::AccountRecord& peer : deleted->peers) {
    if (peer.id != caller.account_id) hub_->Publish(peer.id, event);
  }
  response->set_deleted_messages(deleted->deleted_messages);
  return absl::OkStatus();
}

absl::Status ChatService::ListAccounts(
    const chat::v1::ListAccountsRequest& request,
    chat::v1::ListAccountsResponse* response) {
  if (request.pattern().size() > kMaxPatternLength) {
    return absl::InvalidArgumentError(absl::StrCat(
        "pattern must be at most ", kMaxPatternLength, " characters"));
  }
  absl::StatusOr<int> page_size = PageSize(request.page_size());
  if (!page_size.ok()) return page_size.status();
  absl::StatusOr<std::string> after =
      DecodePageToken(kAccountsToken, request.page_token());
  if (!after.ok()) return after.status();
  const std::string pattern =
      request.pattern().empty() ? "*" : request.pattern();
  absl::StatusOr<store::AccountPage> page =
      store_->ListAccounts(pattern, *after, *page_size + 1);
  if (!page.ok()) return page.status();
  const bool more = page->accounts.size() > static_cast<size_t>(*page_size);
  if (more) page->accounts.pop_back();
  for (const store::AccountRecord& account : page->accounts) {
    ToProto(account, response->add_accounts());
  }
  if (more) {
    response->set_next_page_token(
        EncodePageToken(kAccountsToken, page->accounts.back().username));
  }
  response->set_total_count(page->total_count);
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<Subscription>> ChatService::OpenSubscription(
    const Principal& caller, const chat::v1::SubscribeRequest& request,
    StreamWriter* writer) {
  std::optional<int64_t> after_id;
  if (request.has_after_id()) {
    if (request.after_id() < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "after_id must be 0 or more (got ", request.after_id(), ")"));
    }
    after_id = request.after_id();
  }
  SubscriptionOptions options;
  options.max_queued_events = options_.max_queued_events;
  return std::make_shared<Subscription>(caller, after_id, options, store_,
                                        pool_, hub_, writer);
}

}  // namespace parley
