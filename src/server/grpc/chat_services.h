// The three chat.v1 services on gRPC's callback API. Each method only decodes
// (gRPC already parsed the request), calls the transport-neutral rule with the
// call's context and encodes the rule's reply (unary_call.h); no rule and no
// blocking lives here.
//
// Ownership: the services hold pointers to the rules, which must outlive
// them.
#ifndef PARLEY_SERVER_GRPC_CHAT_SERVICES_H_
#define PARLEY_SERVER_GRPC_CHAT_SERVICES_H_

#include "chat/v1/chat.grpc.pb.h"
#include "server/rules/account_rules.h"
#include "server/rules/message_rules.h"
#include "server/rules/subscription_rules.h"

namespace parley {

class AccountServiceImpl final
    : public chat::v1::AccountService::CallbackService {
 public:
  explicit AccountServiceImpl(AccountRules* rules) : rules_(rules) {}

  grpc::ServerUnaryReactor* CreateAccount(
      grpc::CallbackServerContext* context,
      const chat::v1::CreateAccountRequest* request,
      chat::v1::CreateAccountResponse* response) override;
  grpc::ServerUnaryReactor* BeginLogin(
      grpc::CallbackServerContext* context,
      const chat::v1::BeginLoginRequest* request,
      chat::v1::BeginLoginResponse* response) override;
  grpc::ServerUnaryReactor* CompleteLogin(
      grpc::CallbackServerContext* context,
      const chat::v1::CompleteLoginRequest* request,
      chat::v1::CompleteLoginResponse* response) override;
  grpc::ServerUnaryReactor* Logout(grpc::CallbackServerContext* context,
                                   const chat::v1::LogoutRequest* request,
                                   chat::v1::LogoutResponse* response) override;
  grpc::ServerUnaryReactor* DeleteAccount(
      grpc::CallbackServerContext* context,
      const chat::v1::DeleteAccountRequest* request,
      chat::v1::DeleteAccountResponse* response) override;
  grpc::ServerUnaryReactor* ListAccounts(
      grpc::CallbackServerContext* context,
      const chat::v1::ListAccountsRequest* request,
      chat::v1::ListAccountsResponse* response) override;

 private:
  AccountRules* const rules_;
};

class MessageServiceImpl final
    : public chat::v1::MessageService::CallbackService {
 public:
  explicit MessageServiceImpl(MessageRules* rules) : rules_(rules) {}

  grpc::ServerUnaryReactor* SendMessage(
      grpc::CallbackServerContext* context,
      const chat::v1::SendMessageRequest* request,
      chat::v1::SendMessageResponse* response) override;
  grpc::ServerUnaryReactor* ReadMessages(
      grpc::CallbackServerContext* context,
      const chat::v1::ReadMessagesRequest* request,
      chat::v1::ReadMessagesResponse* response) override;
  grpc::ServerUnaryReactor* MarkRead(
      grpc::CallbackServerContext* context,
      const chat::v1::MarkReadRequest* request,
      chat::v1::MarkReadResponse* response) override;
  grpc::ServerUnaryReactor* ListConversations(
      grpc::CallbackServerContext* context,
      const chat::v1::ListConversationsRequest* request,
      chat::v1::ListConversationsResponse* response) override;
  grpc::ServerUnaryReactor* GetHistory(
      grpc::CallbackServerContext* context,
      const chat::v1::GetHistoryRequest* request,
      chat::v1::GetHistoryResponse* response) override;
  grpc::ServerUnaryReactor* DeleteMessages(
      grpc::CallbackServerContext* context,
      const chat::v1::DeleteMessagesRequest* request,
      chat::v1::DeleteMessagesResponse* response) override;

 private:
  MessageRules* const rules_;
};

class SubscriptionServiceImpl final
    : public chat::v1::SubscriptionService::CallbackService {
 public:
  explicit SubscriptionServiceImpl(SubscriptionRules* rules) : rules_(rules) {}

  grpc::ServerWriteReactor<chat::v1::Event>* Subscribe(
      grpc::CallbackServerContext* context,
      const chat::v1::SubscribeRequest* request) override;

 private:
  SubscriptionRules* const rules_;
};

}  // namespace parley

#endif  // PARLEY_SERVER_GRPC_CHAT_SERVICES_H_
