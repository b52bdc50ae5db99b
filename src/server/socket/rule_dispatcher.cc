#include "server/socket/rule_dispatcher.h"

#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"

namespace parley {
namespace {

// A rule as a thunk over generic messages.
template <typename Rules, typename Request, typename Response>
std::function<void(const CallContext&, const google::protobuf::Message&,
                   GenericReply)>
Bind(Rules* rules,
     void (Rules::*rule)(const CallContext&, const Request&, Reply<Response>)) {
  return [rules, rule](const CallContext& call,
                       const google::protobuf::Message& request,
                       GenericReply reply) {
    (rules->*rule)(
        call, static_cast<const Request&>(request),
        [reply = std::move(reply)](absl::StatusOr<Response> result) mutable {
          if (!result.ok()) {
            std::move(reply)(result.status());
            return;
          }
          std::move(reply)(std::make_unique<Response>(*std::move(result)));
        });
  };
}

}  // namespace

RuleDispatcher::RuleDispatcher(AccountRules* accounts, MessageRules* messages,
                               SubscriptionRules* subscriptions)
    : subscriptions_(subscriptions) {
  const std::pair<std::string_view, Thunk> rules[] = {
      {"CreateAccount", Bind(accounts, &AccountRules::CreateAccount)},
      {"BeginLogin", Bind(accounts, &AccountRules::BeginLogin)},
      {"CompleteLogin", Bind(accounts, &AccountRules::CompleteLogin)},
      {"Logout", Bind(accounts, &AccountRules::Logout)},
      {"DeleteAccount", Bind(accounts, &AccountRules::DeleteAccount)},
      {"ListAccounts", Bind(accounts, &AccountRules::ListAccounts)},
      {"SendMessage", Bind(messages, &MessageRules::SendMessage)},
      {"ReadMessages", Bind(messages, &MessageRules::ReadMessages)},
      {"MarkRead", Bind(messages, &MessageRules::MarkRead)},
      {"ListConversations", Bind(messages, &MessageRules::ListConversations)},
      {"GetHistory", Bind(messages, &MessageRules::GetHistory)},
      {"DeleteMessages", Bind(messages, &MessageRules::DeleteMessages)},
  };
  thunks_.resize(wire::AllMethods().size() + 1);
  for (const auto& [name, thunk] : rules) {
    thunks_[wire::MethodByName(name)->number] = thunk;
  }
}

void RuleDispatcher::Call(const wire::MethodInfo& method,
                          const CallContext& call,
                          const google::protobuf::Message& request,
                          GenericReply reply) const {
  const Thunk& thunk = thunks_[method.number];
  if (!thunk) {
    std::move(reply)(absl::UnimplementedError(absl::StrCat(
        std::string(method.name), " is a stream, not a unary call")));
    return;
  }
  thunk(call, request, std::move(reply));
}

}  // namespace parley
