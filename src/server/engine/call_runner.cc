#include "server/engine/call_runner.h"

#include <optional>

namespace parley {

void CallRunner::WithCaller(
    const CallContext& call,
    absl::AnyInvocable<void(absl::StatusOr<Principal>) &&> next) {
  if (std::optional<absl::StatusOr<Principal>> cached =
          sessions_->FindCached(call.token)) {
    std::move(next)(*std::move(cached));
    return;
  }
  auto shared =
      std::make_shared<absl::AnyInvocable<void(absl::StatusOr<Principal>) &&>>(
          std::move(next));
  if (!pool_->TrySubmit([this, token = call.token, shared] {
        std::move (*shared)(sessions_->Authenticate(token));
      })) {
    std::move (*shared)(ServerBusyError());
  }
}

}  // namespace parley
