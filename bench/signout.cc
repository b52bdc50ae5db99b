// Scenario 5, sign-out across instances (servers on one PostgreSQL database):
// how long a logout through one instance takes to end the streams opened with
// that session on another. Each round signs one account in on the first
// instance, opens a live stream with the same session on the second, logs out
// on the first and times until the second ends the stream (UNAUTHENTICATED).
// Account deletion takes the same path (one commit, one announcement), so its
// figure is this one.
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "client/chat_client.h"
#include "client/live_subscription.h"
#include "latency.h"
#include "progress.h"
#include "scenarios.h"

namespace parley::bench {
namespace {

constexpr char kPassword[] = "signout-bench-password";

ClientOptions OptionsFor(const BenchContext& context, int instance) {
  ClientOptions options;
  options.protocol = context.endpoint.protocol;
  options.address = context.endpoint.address(instance);
  return options;
}

// One round: the time from sending the logout on instance 0 until the stream
// on instance 1 ended, or why it could not be measured.
absl::StatusOr<int64_t> Round(const BenchContext& context,
                              const std::string& name) {
  absl::StatusOr<std::unique_ptr<ChatClient>> here =
      ChatClient::Connect(OptionsFor(context, 0));
  if (!here.ok()) return here.status();
  absl::StatusOr<chat::v1::CompleteLoginResponse> login =
      (*here)->Login(name, kPassword);
  if (!login.ok()) return login.status();
  absl::StatusOr<std::unique_ptr<ChatClient>> there =
      ChatClient::Connect(OptionsFor(context, 1));
  if (!there.ok()) return there.status();
  (*there)->set_token((*here)->token());
  absl::Notification live;
  absl::Notification ended;
  absl::Status ended_with;
  std::unique_ptr<LiveSubscription> stream = (*there)->Subscribe(
      std::nullopt,
      {.on_event = [](const chat::v1::Event&) {},
       .on_state =
           [&](LiveSubscription::State state, const absl::Status& status) {
             if (state == LiveSubscription::State::kLive &&
                 !live.HasBeenNotified()) {
               live.Notify();
             }
             if (state == LiveSubscription::State::kStopped &&
                 !ended.HasBeenNotified()) {
               ended_with = status;
               ended.Notify();
             }
           }});
  if (!live.WaitForNotificationWithTimeout(absl::Seconds(10))) {
    return absl::DeadlineExceededError("the stream never went live");
  }
  const int64_t start = NowNanos();
  if (absl::Status out = (*here)->Logout(); !out.ok()) return out;
  if (!ended.WaitForNotificationWithTimeout(absl::Seconds(10))) {
    return absl::DeadlineExceededError(
        "the stream on the other instance did not end within 10 s");
  }
  const int64_t took = NowNanos() - start;
  if (!absl::IsUnauthenticated(ended_with)) {
    return absl::InternalError(absl::StrCat("the stream ended with ",
                                            ended_with.ToString(),
                                            ", not UNAUTHENTICATED"));
  }
  return took;
}

}  // namespace

ScenarioResult RunSignOut(const BenchContext& context, int rounds) {
  ScenarioResult r;
  if (context.endpoint.instances() < 2) {
    r.ok = false;
    r.failure = "the sign-out scenario needs two instances (--address a,b)";
    return r;
  }
  Progress("sign-out: creating the account");
  const std::string name = "signout_bench";
  {
    absl::StatusOr<std::unique_ptr<ChatClient>> client =
        ChatClient::Connect(OptionsFor(context, 0));
    absl::Status created =
        client.ok() ? (*client)->CreateAccount(name, kPassword).status()
                    : client.status();
    if (!created.ok()) {
      r.ok = false;
      r.failure =
          absl::StrCat("cannot create the account: ", created.ToString());
      return r;
    }
  }
  std::vector<int64_t> nanos;
  for (int i = 0; i < rounds; ++i) {
    Progress(absl::StrCat("sign-out: round ", i + 1, " of ", rounds));
    absl::StatusOr<int64_t> took = Round(context, name);
    if (!took.ok()) {
      r.ok = false;
      r.failure = absl::StrCat("round ", i + 1, ": ", took.status().ToString());
      return r;
    }
    nanos.push_back(*took);
  }
  const LatencySummary s = Summarize(nanos);
  r.json.Set("rounds", rounds).Set("logout_to_stream_end", ToJson(s));
  r.targets.push_back(
      {"logout on one instance ends its streams on another",
       "<= 1 s (max of the rounds)",
       absl::StrCat("p50 ", Fixed(s.p50_us / 1000, 2), " ms, max ",
                    Fixed(s.max_us / 1000, 2), " ms over ", rounds, " rounds"),
       s.max_us <= 1e6});
  r.markdown = absl::StrCat(
      "### Sign-out across instances\n\n", rounds,
      " rounds: a logout through one instance until the stream opened with "
      "that session on the other ended (UNAUTHENTICATED): p50 ",
      Fixed(s.p50_us / 1000, 2), " ms, p90 ", Fixed(s.p90_us / 1000, 2),
      " ms, max ", Fixed(s.max_us / 1000, 2), " ms.\n\n");
  return r;
}

}  // namespace parley::bench
