// The shared fixture of the rules' unit tests: a ChatCore (the engine and the
// rules, no transport) over a real SQLite file in a fresh temporary
// directory, with helpers that call a rule and wait for its reply, sign up
// through the real SCRAM exchange, and open event streams.
#ifndef PARLEY_TESTS_SERVER_RULES_CORE_FIXTURE_H_
#define PARLEY_TESTS_SERVER_RULES_CORE_FIXTURE_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "server/chat_core.h"
#include "store/sqlite/sqlite_store.h"
#include "support/recording_writer.h"
#include "support/test_server.h"

namespace parley::testing {

class CoreFixture {
 public:
  // `customize` may change the options before the core starts.
  explicit CoreFixture(
      const std::function<void(CoreOptions&)>& customize = nullptr);
  ~CoreFixture();

  ChatCore& core() { return *core_; }
  store::SqliteStore& store() { return *store_; }

  // Calls `rule` and waits for its reply (a hang guard of 10 s fails the
  // test).
  template <typename Rules, typename Request, typename Response>
  absl::StatusOr<Response> Call(
      Rules& rules,
      void (Rules::*rule)(const CallContext&, const Request&, Reply<Response>),
      const CallContext& call, const Request& request) {
    auto done = std::make_shared<absl::Notification>();
    auto result = std::make_shared<std::optional<absl::StatusOr<Response>>>();
    (rules.*rule)(call, request,
                  [done, result](absl::StatusOr<Response> reply) {
                    *result = std::move(reply);
                    done->Notify();
                  });
    if (!done->WaitForNotificationWithTimeout(absl::Seconds(10))) {
      return absl::DeadlineExceededError("the rule never replied");
    }
    return **result;
  }

  // Creates `name` with `password` and signs in through the rules' SCRAM
  // exchange; returns the signed-in caller's context.
  CallContext SignUp(const std::string& name,
                     const std::string& password = "secret");
  // Signs in an existing account again (another session), as a client at
  // `peer` (CallContext::peer's form; the throttling counts by it).
  absl::StatusOr<CallContext> SignIn(
      const std::string& name, const std::string& password = "secret",
      const std::string& peer = "ipv4:127.0.0.1:4000");
  // Step one only, as a client at `peer` that never completes the exchange.
  absl::Status BeginOnly(const std::string& name, const std::string& peer);

  // Opens an event stream for `caller` writing to `writer` (which completes
  // every write at once), replaying from `after_id` when set.
  std::shared_ptr<EventStream> Subscribe(const CallContext& caller,
                                         RecordingWriter* writer,
                                         std::optional<int64_t> after_id = {});

 private:
  TempDir dir_;
  std::unique_ptr<store::SqliteStore> store_;
  std::unique_ptr<ChatCore> core_;
};

}  // namespace parley::testing

#endif  // PARLEY_TESTS_SERVER_RULES_CORE_FIXTURE_H_
