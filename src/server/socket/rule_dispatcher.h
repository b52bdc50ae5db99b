// The socket edges' one table from a chat.v1 method to its transport-neutral
// rule: a decoded request of the method's type goes in, the rule's reply comes
// back as a message of the method's response type. The gRPC edge names each
// rule in its generated service; the socket protocols carry the method as data
// (wire/methods.h), so they look it up here.
//
// Thread safety: safe for concurrent use. The rules are not owned and must
// outlive the dispatcher.
#ifndef PARLEY_SERVER_SOCKET_RULE_DISPATCHER_H_
#define PARLEY_SERVER_SOCKET_RULE_DISPATCHER_H_

#include <functional>
#include <memory>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "server/engine/call_context.h"
#include "server/rules/account_rules.h"
#include "server/rules/message_rules.h"
#include "server/rules/subscription_rules.h"
#include "wire/methods.h"

namespace parley {

using MessagePtr = std::unique_ptr<google::protobuf::Message>;
using GenericReply = absl::AnyInvocable<void(absl::StatusOr<MessagePtr>) &&>;

class RuleDispatcher {
 public:
  RuleDispatcher(AccountRules* accounts, MessageRules* messages,
                 SubscriptionRules* subscriptions);
  RuleDispatcher(const RuleDispatcher&) = delete;
  RuleDispatcher& operator=(const RuleDispatcher&) = delete;

  // Runs the unary rule of `method` on `request` (a message of its request
  // type) and answers through `reply`, exactly once, from any thread, as the
  // rule does. UNIMPLEMENTED for a streaming method (use subscriptions()).
  void Call(const wire::MethodInfo& method, const CallContext& call,
            const google::protobuf::Message& request, GenericReply reply) const;

  SubscriptionRules* subscriptions() const { return subscriptions_; }

 private:
  using Thunk = std::function<void(
      const CallContext&, const google::protobuf::Message&, GenericReply)>;

  SubscriptionRules* const subscriptions_;
  // By method number.
  std::vector<Thunk> thunks_;
};

}  // namespace parley

#endif  // PARLEY_SERVER_SOCKET_RULE_DISPATCHER_H_
