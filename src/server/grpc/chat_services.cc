#include "server/grpc/chat_services.h"

#include "server/grpc/subscribe_reactor.h"
#include "server/grpc/unary_call.h"

namespace parley {

grpc::ServerUnaryReactor* AccountServiceImpl::CreateAccount(
    grpc::CallbackServerContext* context,
    const chat::v1::CreateAccountRequest* request,
    chat::v1::CreateAccountResponse* response) {
  return RunUnary(context, request, response, rules_,
                  &AccountRules::CreateAccount);
}

grpc::ServerUnaryReactor* AccountServiceImpl::BeginLogin(
    grpc::CallbackServerContext* context,
    const chat::v1::BeginLoginRequest* request,
    chat::v1::BeginLoginResponse* response) {
  return RunUnary(context, request, response, rules_,
                  &AccountRules::BeginLogin);
}

grpc::ServerUnaryReactor* AccountServiceImpl::CompleteLogin(
    grpc::CallbackServerContext* context,
    const chat::v1::CompleteLoginRequest* request,
    chat::v1::CompleteLoginResponse* response) {
  return RunUnary(context, request, response, rules_,
                  &AccountRules::CompleteLogin);
}

grpc::ServerUnaryReactor* AccountServiceImpl::Logout(
    grpc::CallbackServerContext* context,
    const chat::v1::LogoutRequest* request,
    chat::v1::LogoutResponse* response) {
  return RunUnary(context, request, response, rules_, &AccountRules::Logout);
}

grpc::ServerUnaryReactor* AccountServiceImpl::DeleteAccount(
    grpc::CallbackServerContext* context,
    const chat::v1::DeleteAccountRequest* request,
    chat::v1::DeleteAccountResponse* response) {
  return RunUnary(context, request, response, rules_,
                  &AccountRules::DeleteAccount);
}

grpc::ServerUnaryReactor* AccountServiceImpl::ListAccounts(
    grpc::CallbackServerContext* context,
    const chat::v1::ListAccountsRequest* request,
    chat::v1::ListAccountsResponse* response) {
  return RunUnary(context, request, response, rules_,
                  &AccountRules::ListAccounts);
}

grpc::ServerUnaryReactor* MessageServiceImpl::SendMessage(
    grpc::CallbackServerContext* context,
    const chat::v1::SendMessageRequest* request,
    chat::v1::SendMessageResponse* response) {
  return RunUnary(context, request, response, rules_,
                  &MessageRules::SendMessage);
}

grpc::ServerUnaryReactor* MessageServiceImpl::ReadMessages(
    grpc::CallbackServerContext* context,
    const chat::v1::ReadMessagesRequest* request,
    chat::v1::ReadMessagesResponse* response) {
  return RunUnary(context, request, response, rules_,
                  &MessageRules::ReadMessages);
}

grpc::ServerUnaryReactor* MessageServiceImpl::MarkRead(
    grpc::CallbackServerContext* context,
    const chat::v1::MarkReadRequest* request,
    chat::v1::MarkReadResponse* response) {
  return RunUnary(context, request, response, rules_, &MessageRules::MarkRead);
}

grpc::ServerUnaryReactor* MessageServiceImpl::ListConversations(
    grpc::CallbackServerContext* context,
    const chat::v1::ListConversationsRequest* request,
    chat::v1::ListConversationsResponse* response) {
  return RunUnary(context, request, response, rules_,
                  &MessageRules::ListConversations);
}

grpc::ServerUnaryReactor* MessageServiceImpl::GetHistory(
    grpc::CallbackServerContext* context,
    const chat::v1::GetHistoryRequest* request,
    chat::v1::GetHistoryResponse* response) {
  return RunUnary(context, request, response, rules_,
                  &MessageRules::GetHistory);
}

grpc::ServerUnaryReactor* MessageServiceImpl::DeleteMessages(
    grpc::CallbackServerContext* context,
    const chat::v1::DeleteMessagesRequest* request,
    chat::v1::DeleteMessagesResponse* response) {
  return RunUnary(context, request, response, rules_,
                  &MessageRules::DeleteMessages);
}

grpc::ServerWriteReactor<chat::v1::Event>* SubscriptionServiceImpl::Subscribe(
    grpc::CallbackServerContext* context,
    const chat::v1::SubscribeRequest* request) {
  return new SubscribeReactor(rules_, context, request);
}

}  // namespace parley
