#include "client/cli/reconnect_notice.h"

#include "absl/strings/str_cat.h"

namespace parley::cli {

std::optional<std::string> ReconnectNotice::OnState(
    LiveSubscription::State state, const absl::Status& status) {
  switch (state) {
    case LiveSubscription::State::kReconnecting:
      if (reconnecting_) return std::nullopt;
      reconnecting_ = true;
      return absl::StrCat("[connection lost: ", status.message(),
                          "; reconnecting until Ctrl-C]");
    case LiveSubscription::State::kLive:
      if (!reconnecting_) return std::nullopt;
      reconnecting_ = false;
      return "[reconnected]";
    case LiveSubscription::State::kConnecting:
    case LiveSubscription::State::kStopped:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace parley::cli
