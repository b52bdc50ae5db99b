#include "server/rules/subscription_rules.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"

namespace parley {

SubscriptionRules::SubscriptionRules(SubscriptionRulesDeps deps,
                                     EventStreamOptions options)
    : deps_(deps), options_(options) {}

std::shared_ptr<EventStream> SubscriptionRules::NewStream(
    StreamWriter* writer) {
  return std::make_shared<EventStream>(options_, deps_.store,
                                       deps_.runner->pool(), deps_.hub,
                                       deps_.timer, writer);
}

void SubscriptionRules::Open(const std::shared_ptr<EventStream>& stream,
                             const CallContext& call,
                             const chat::v1::SubscribeRequest& request) {
  std::optional<int64_t> after_id;
  if (request.has_after_id()) after_id = request.after_id();
  deps_.runner->WithCaller(
      call, [stream, after_id](absl::StatusOr<Principal> caller) {
        if (!caller.ok()) {
          stream->Close(caller.status());
          return;
        }
        if (after_id && *after_id < 0) {
          stream->Close(absl::InvalidArgumentError(absl::StrCat(
              "after_id must be 0 or more (got ", *after_id, ")")));
          return;
        }
        stream->Start(*std::move(caller), after_id);
      });
}

}  // namespace parley
