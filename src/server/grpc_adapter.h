// The gRPC edge: the three services of chat.v1 on the callback API. Each unary
// call reads the bearer token, moves its work onto the WorkerPool (no reaction
// ever blocks on the store), runs the transport-neutral rule and finishes with
// the mapped status. SendMessage, whose rule never blocks, runs on the reaction
// thread itself when the session is in memory, and finishes from the send
// thread that committed it. Subscribe is one small reactor per stream; its
// state machine lives in subscription.h, and no thread waits on it.
//
// Ownership: the services hold pointers to the rules and the pool, which must
// outlive them.
#ifndef PARLEY_SERVER_GRPC_ADAPTER_H_
#define PARLEY_SERVER_GRPC_ADAPTER_H_

#include <functional>

#include "chat/v1/chat.grpc.pb.h"
#include "server/auth_service.h"
#include "server/chat_service.h"
#include "server/worker_pool.h"

namespace parley {

// Runs a unary call's work on the pool and finishes it.
class CallRunner {
 public:
  CallRunner(AuthService* auth, WorkerPool* pool) : auth_(auth), pool_(pool) {}

  grpc::ServerUnaryReactor* Public(grpc::CallbackServerContext* context,
                                   std::function<absl::Status()> work);
  grpc::ServerUnaryReactor* Authenticated(
      grpc::CallbackServerContext* context,
      std::function<absl::Status(const Principal&)> work);
  // For `work` that never blocks and reports through its Done: runs it at once
  // when the session is in memory, else on the pool once the store has
  // confirmed the session.
  grpc::ServerUnaryReactor* AuthenticatedAsync(
      grpc::CallbackServerContext* context,
      std::function<void(Principal, ChatService::Done)> work);

  AuthService* auth() const { return auth_; }
  WorkerPool* pool() const { return pool_; }

 private:
  AuthService* auth_;
  WorkerPool* pool_;
};

class AccountServiceImpl final
    : public chat::v1::AccountService::CallbackService {
 public:
  AccountServiceImpl(CallRunner* runner, ChatService* chat)
      : runner_(runner), chat_(chat) {}

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
  CallRunner* runner_;
  ChatService* chat_;
};

class MessageServiceImpl final
    : public chat::v1::MessageService::CallbackService {
 public:
  MessageServiceImpl(CallRunner* runner, ChatService* chat)
      : runner_(runner), chat_(chat) {}

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
  CallRunner* runner_;
  ChatService* chat_;
};

class SubscriptionServiceImpl final
    : public chat::v1::SubscriptionService::CallbackService {
 public:
  SubscriptionServiceImpl(CallRunner* runner, ChatService* chat)
      : runner_(runner), chat_(chat) {}

  grpc::ServerWriteReactor<chat::v1::Event>* Subscribe(
      grpc::CallbackServerContext* context,
      const chat::v1::SubscribeRequest* request) override;

 private:
  CallRunner* runner_;
  ChatService* chat_;
};

}  // namespace parley

#endif  // PARLEY_SERVER_GRPC_ADAPTER_H_
