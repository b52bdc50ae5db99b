// What `parley watch` says while its stream reconnects: one line when the
// stream is lost, not one per retry while the server stays down, and one when
// it is live again.
//
// Thread safety: not thread-safe; the caller serializes OnState (watch holds
// its print lock).
#ifndef PARLEY_CLIENT_CLI_RECONNECT_NOTICE_H_
#define PARLEY_CLIENT_CLI_RECONNECT_NOTICE_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "client/live_subscription.h"

namespace parley::cli {

class ReconnectNotice {
 public:
  // The line to print for the subscription's new `state` (with the status it
  // reported), or nothing.
  std::optional<std::string> OnState(LiveSubscription::State state,
                                     const absl::Status& status);

 private:
  bool reconnecting_ = false;
};

}  // namespace parley::cli

#endif  // PARLEY_CLIENT_CLI_RECONNECT_NOTICE_H_
