// The rules of live event streams, for every transport: who may open one and
// from where it replays. The stream itself (replay, hand-over to live,
// backpressure, ending) is the engine's EventStream.
//
// Thread safety: safe for concurrent use. Dependencies are not owned and must
// outlive the rules and every stream they made.
#ifndef PARLEY_SERVER_RULES_SUBSCRIPTION_RULES_H_
#define PARLEY_SERVER_RULES_SUBSCRIPTION_RULES_H_

#include <memory>

#include "chat/v1/chat.pb.h"
#include "server/engine/call_runner.h"
#include "server/engine/event_stream.h"
#include "server/engine/hub.h"
#include "server/engine/timer.h"
#include "server/engine/worker_pool.h"
#include "store/store.h"

namespace parley {

// What the subscription rules work with.
struct SubscriptionRulesDeps {
  store::Store* store = nullptr;
  CallRunner* runner = nullptr;
  Hub* hub = nullptr;
  Timer* timer = nullptr;
};

class SubscriptionRules {
 public:
  SubscriptionRules(SubscriptionRulesDeps deps, EventStreamOptions options);
  SubscriptionRules(const SubscriptionRules&) = delete;
  SubscriptionRules& operator=(const SubscriptionRules&) = delete;

  // A new stream writing through `writer` (which must stay valid until the
  // stream's Detach). It does nothing until Open.
  std::shared_ptr<EventStream> NewStream(StreamWriter* writer);
  // Checks the caller and the request, then starts `stream`; or finishes it
  // with UNAUTHENTICATED, INVALID_ARGUMENT (a negative after_id) or
  // RESOURCE_EXHAUSTED. Never blocks: a session in memory is found at once.
  void Open(const std::shared_ptr<EventStream>& stream, const CallContext& call,
            const chat::v1::SubscribeRequest& request);

 private:
  const SubscriptionRulesDeps deps_;
  const EventStreamOptions options_;
};

}  // namespace parley

#endif  // PARLEY_SERVER_RULES_SUBSCRIPTION_RULES_H_
