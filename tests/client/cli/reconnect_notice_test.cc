// What `parley watch` prints while its stream reconnects.
#include "client/cli/reconnect_notice.h"

#include <catch2/catch.hpp>

namespace parley::cli {
namespace {

using State = LiveSubscription::State;

TEST_CASE("watch says once that the connection is lost, however many retries",
          "[cli]") {
  ReconnectNotice notice;
  const absl::Status down = absl::UnavailableError("connection refused");
  CHECK_FALSE(notice.OnState(State::kConnecting, absl::OkStatus()));
  CHECK_FALSE(notice.OnState(State::kLive, absl::OkStatus()));
  CHECK(notice.OnState(State::kReconnecting, down) ==
        "[connection lost: connection refused; reconnecting until Ctrl-C]");
  for (int retry = 0; retry < 5; ++retry) {
    CHECK_FALSE(notice.OnState(State::kConnecting, absl::OkStatus()));
    CHECK_FALSE(notice.OnState(State::kReconnecting, down));
  }
}

TEST_CASE("watch says when it is live again, and a later loss is told again",
          "[cli]") {
  ReconnectNotice notice;
  const absl::Status down = absl::UnavailableError("server restarting");
  REQUIRE(notice.OnState(State::kReconnecting, down));
  CHECK(notice.OnState(State::kLive, absl::OkStatus()) == "[reconnected]");
  CHECK(notice.OnState(State::kReconnecting, down));
}

}  // namespace
}  // namespace parley::cli
