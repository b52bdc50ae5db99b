#include "server/grpc_adapter.h"

#include <grpcpp/alarm.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/synchronization/mutex.h"
#include "server/status_mapping.h"

namespace parley {
namespace {

using chat::v1::Event;

constexpr char kBusy[] = "the server is busy; try again shortly";
// How long a stream that must end may keep a write stuck on a client that
// stopped reading.
constexpr auto kStuckWriteGrace = std::chrono::seconds(5);

// The token from an "authorization: Bearer <token>" entry; empty if there is
// none.
std::string BearerToken(const grpc::CallbackServerContext* context) {
  const auto& metadata = context->client_metadata();
  auto it = metadata.find("authorization");
  if (it == metadata.end()) return "";
  absl::string_view value(it->second.data(), it->second.size());
  constexpr absl::string_view kScheme = "bearer ";
  if (value.size() <= kScheme.size() ||
      !absl::EqualsIgnoreCase(value.substr(0, kScheme.size()), kScheme)) {
    return "";
  }
  return std::string{absl::StripAsciiWhitespace(value.substr(kScheme.size()))};
}

// One Subscribe call. Authentication runs on the pool; once it succeeds, a
// Subscription drives the stream through the StreamWriter methods. Deleted in
// OnDone.
class SubscribeReactor final : public grpc::ServerWriteReactor<Event>,
                               public StreamWriter {
 public:
  SubscribeReactor(CallRunner* runner, ChatService* chat,
                   grpc::CallbackServerContext* context,
                   const chat::v1::SubscribeRequest* request)
      : chat_(chat), context_(std::make_shared<CallHandle>()) {
    context_->call = context;
    std::string token = BearerToken(context);
    if (!runner->pool()->TrySubmit(
            [this, runner, request, token = std::move(token)] {
              Open(runner->auth(), *request, token);
            })) {
      Finish(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED, kBusy));
    }
  }

  void WriteEvent(const Event* event) override { StartWrite(event); }
  void AbortIfStuck() override {
    abort_alarm_.Set(std::chrono::system_clock::now() + kStuckWriteGrace,
                     [context = context_](bool fired) {
                       absl::MutexLock lock(&context->mu);
                       if (fired && context->call != nullptr) {
                         context->call->TryCancel();
                       }
                     });
  }
  void FinishStream(const absl::Status& status) override {
    Finish(ToGrpcStatus(status));
  }

  void OnWriteDone(bool ok) override { subscription()->OnWriteDone(ok); }

  void OnCancel() override {
    std::shared_ptr<Subscription> subscription;
    {
      absl::MutexLock lock(&mu_);
      cancelled_ = true;
      subscription = subscription_;
    }
    if (subscription) {
      subscription->Close(absl::CancelledError("the client cancelled"));
    }
  }

  void OnDone() override {
    {
      absl::MutexLock lock(&context_->mu);
      context_->call = nullptr;
    }
    if (std::shared_ptr<Subscription> s = subscription()) s->Detach();
    delete this;
  }

 private:
  void Open(AuthService* auth, const chat::v1::SubscribeRequest& request,
            const std::string& token) {
    absl::StatusOr<Principal> principal = auth->Authenticate(token);
    if (!principal.ok()) {
      Finish(ToGrpcStatus(principal.status()));
      return;
    }
    absl::StatusOr<std::shared_ptr<Subscription>> opened =
        chat_->OpenSubscription(*principal, request, this);
    if (!opened.ok()) {
      Finish(ToGrpcStatus(opened.status()));
      return;
    }
    std::shared_ptr<Subscription> subscription = *std::move(opened);
    {
      absl::MutexLock lock(&mu_);
      if (cancelled_) {
        Finish(grpc::Status::CANCELLED);
        return;
      }
      subscription_ = subscription;
    }
    subscription->Start();
  }

  std::shared_ptr<Subscription> subscription() {
    absl::MutexLock lock(&mu_);
    return subscription_;
  }

  // The call's context for the abort alarm, which may fire after this reactor
  // is gone.
  struct CallHandle {
    absl::Mutex mu;
    grpc::CallbackServerContext* call ABSL_GUARDED_BY(mu) = nullptr;
  };

  ChatService* chat_;
  std::shared_ptr<CallHandle> context_;
  grpc::Alarm abort_alarm_;
  absl::Mutex mu_;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  std::shared_ptr<Subscription> subscription_ ABSL_GUARDED_BY(mu_);
};

}  // namespace

grpc::ServerUnaryReactor* CallRunner::Public(
    grpc::CallbackServerContext* context, std::function<absl::Status()> work) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  if (!pool_->TrySubmit([reactor, context, work = std::move(work)] {
        if (context->IsCancelled()) {
          reactor->Finish(grpc::Status::CANCELLED);
          return;
        }
        reactor->Finish(ToGrpcStatus(work()));
      })) {
    reactor->Finish(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED, kBusy));
  }
  return reactor;
}

grpc::ServerUnaryReactor* CallRunner::Authenticated(
    grpc::CallbackServerContext* context,
    std::function<absl::Status(const Principal&)> work) {
  std::string token = BearerToken(context);
  return Public(
      context, [this, token = std::move(token), work = std::move(work)] {
        absl::StatusOr<Principal> principal = auth_->Authenticate(token);
        if (!principal.ok()) return principal.status();
        return work(*principal);
      });
}

grpc::ServerUnaryReactor* CallRunner::AuthenticatedAsync(
    grpc::CallbackServerContext* context,
    std::function<void(Principal, ChatService::Done)> work) {
  // Unlike Public, no check for a cancelled call: a send the client stopped
  // waiting for may already be committing, and is stored either way (as any
  // call whose reply is lost); the client finds it in its history.
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  ChatService::Done done = [reactor](const absl::Status& status) {
    reactor->Finish(ToGrpcStatus(status));
  };
  std::string token = BearerToken(context);
  if (std::optional<absl::StatusOr<Principal>> cached =
          auth_->AuthenticateCached(token)) {
    if (cached->ok()) {
      work(**std::move(cached), std::move(done));
    } else {
      done(cached->status());
    }
    return reactor;
  }
  if (!pool_->TrySubmit(
          [this, token = std::move(token), work = std::move(work), done] {
            absl::StatusOr<Principal> principal = auth_->Authenticate(token);
            if (!principal.ok()) {
              done(principal.status());
              return;
            }
            work(*std::move(principal), done);
          })) {
    reactor->Finish(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED, kBusy));
  }
  return reactor;
}

grpc::ServerUnaryReactor* AccountServiceImpl::CreateAccount(
    grpc::CallbackServerContext* context,
    const chat::v1::CreateAccountRequest* request,
    chat::v1::CreateAccountResponse* response) {
  return runner_->Public(context, [this, request, response] {
    return runner_->auth()->CreateAccount(*request, response);
  });
}

grpc::ServerUnaryReactor* AccountServiceImpl::BeginLogin(
    grpc::CallbackServerContext* context,
    const chat::v1::BeginLoginRequest* request,
    chat::v1::BeginLoginResponse* response) {
  return runner_->Public(context, [this, request, response] {
    return runner_->auth()->BeginLogin(*request, response);
  });
}

grpc::ServerUnaryReactor* AccountServiceImpl::CompleteLogin(
    grpc::CallbackServerContext* context,
    const chat::v1::CompleteLoginRequest* request,
    chat::v1::CompleteLoginResponse* response) {
  return runner_->Public(context, [this, request, response] {
    return runner_->auth()->CompleteLogin(*request, response);
  });
}

grpc::ServerUnaryReactor* AccountServiceImpl::Logout(
    grpc::CallbackServerContext* context, const chat::v1::LogoutRequest*,
    chat::v1::LogoutResponse*) {
  return runner_->Authenticated(context, [this](const Principal& caller) {
    return runner_->auth()->Logout(caller);
  });
}

grpc::ServerUnaryReactor* AccountServiceImpl::DeleteAccount(
    grpc::CallbackServerContext* context, const chat::v1::DeleteAccountRequest*,
    chat::v1::DeleteAccountResponse* response) {
  return runner_->Authenticated(context,
                                [this, response](const Principal& caller) {
                                  return chat_->DeleteAccount(caller, response);
                                });
}

grpc::ServerUnaryReactor* AccountServiceImpl::ListAccounts(
    grpc::CallbackServerContext* context,
    const chat::v1::ListAccountsRequest* request,
    chat::v1::ListAccountsResponse* response) {
  return runner_->Authenticated(
      context, [this, request, response](const Principal&) {
        return chat_->ListAccounts(*request, response);
      });
}

grpc::ServerUnaryReactor* MessageServiceImpl::SendMessage(
    grpc::CallbackServerContext* context,
    const chat::v1::SendMessageRequest* request,
    chat::v1::SendMessageResponse* response) {
  return runner_->AuthenticatedAsync(context, [this, request, response](
                                                  Principal caller,
                                                  ChatService::Done done) {
    chat_->SendMessage(std::move(caller), *request, response, std::move(done));
  });
}

grpc::ServerUnaryReactor* MessageServiceImpl::ReadMessages(
    grpc::CallbackServerContext* context,
    const chat::v1::ReadMessagesRequest* request,
    chat::v1::ReadMessagesResponse* response) {
  return runner_->Authenticated(
      context, [this, request, response](const Principal& caller) {
        return chat_->ReadMessages(caller, *request, response);
      });
}

grpc::ServerUnaryReactor* MessageServiceImpl::MarkRead(
    grpc::CallbackServerContext* context,
    const chat::v1::MarkReadRequest* request,
    chat::v1::MarkReadResponse* response) {
  return runner_->Authenticated(
      context, [this, request, response](const Principal& caller) {
        return chat_->MarkRead(caller, *request, response);
      });
}

grpc::ServerUnaryReactor* MessageServiceImpl::ListConversations(
    grpc::CallbackServerContext* context,
    const chat::v1::ListConversationsRequest*,
    chat::v1::ListConversationsResponse* response) {
  return runner_->Authenticated(
      context, [this, response](const Principal& caller) {
        return chat_->ListConversations(caller, response);
      });
}

grpc::ServerUnaryReactor* MessageServiceImpl::GetHistory(
    grpc::CallbackServerContext* context,
    const chat::v1::GetHistoryRequest* request,
    chat::v1::GetHistoryResponse* response) {
  return runner_->Authenticated(
      context, [this, request, response](const Principal& caller) {
        return chat_->GetHistory(caller, *request, response);
      });
}

grpc::ServerUnaryReactor* MessageServiceImpl::DeleteMessages(
    grpc::CallbackServerContext* context,
    const chat::v1::DeleteMessagesRequest* request,
    chat::v1::DeleteMessagesResponse* response) {
  return runner_->Authenticated(
      context, [this, request, response](const Principal& caller) {
        return chat_->DeleteMessages(caller, *request, response);
      });
}

grpc::ServerWriteReactor<Event>* SubscriptionServiceImpl::Subscribe(
    grpc::CallbackServerContext* context,
    const chat::v1::SubscribeRequest* request) {
  return new SubscribeReactor(runner_, chat_, context, request);
}

}  // namespace parley
