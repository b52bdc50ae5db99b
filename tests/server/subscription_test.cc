// The stream state machine against a real SQLite store and hub; only the
// transport is a stand-in that records writes and lets the test decide when
// each write completes.
#include "server/subscription.h"

#include <catch2/catch.hpp>

#include "store/sqlite/sqlite_store.h"
#include "support/test_server.h"

namespace parley {
namespace {

class RecordingWriter : public StreamWriter {
 public:
  void WriteEvent(const chat::v1::Event* event) override {
    absl::MutexLock lock(&mu_);
    written_.push_back(*event);
    in_flight_ = true;
  }
  void FinishStream(const absl::Status& status) override {
    absl::MutexLock lock(&mu_);
    finished_ = status;
  }
  void AbortIfStuck() override {
    absl::MutexLock lock(&mu_);
    aborted_ = true;
  }

  bool WaitForWrites(size_t n) {
    absl::MutexLock lock(&mu_);
    auto ready = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return written_.size() >= n;
    };
    return mu_.AwaitWithTimeout(absl::Condition(&ready), absl::Seconds(10));
  }
  std::vector<chat::v1::Event> written() {
    absl::MutexLock lock(&mu_);
    return written_;
  }
  std::optional<absl::Status> finished() {
    absl::MutexLock lock(&mu_);
    return finished_;
  }
  bool aborted() {
    absl::MutexLock lock(&mu_);
    return aborted_;
  }

 private:
  absl::Mutex mu_;
  std::vector<chat::v1::Event> written_ ABSL_GUARDED_BY(mu_);
  bool in_flight_ ABSL_GUARDED_BY(mu_) = false;
  std::optional<absl::Status> finished_ ABSL_GUARDED_BY(mu_);
  bool aborted_ ABSL_GUARDED_BY(mu_) = false;
};

struct Fixture {
  Fixture() {
    auto opened = store::SqliteStore::Open((dir.path() / "s.db").string(), {});
    REQUIRE(opened.ok());
    store = *std::move(opened);
    store::Credentials credentials{std::string(16, 's'), 4096,
                                   std::string(32, 'k'), std::string(32, 'k')};
    alice = store->CreateAccount("alice", credentials, 1)->id;
    bob = store->CreateAccount("bob", credentials, 1)->id;
  }

  EventPtr Message(int64_t id) {
    auto event = std::make_shared<chat::v1::Event>();
    event->mutable_message()->set_id(id);
    return event;
  }

  testing::TempDir dir;
  std::unique_ptr<store::SqliteStore> store;
  Hub hub;
  WorkerPool pool{1, 100};
  int64_t alice = 0;
  int64_t bob = 0;
};

TEST_CASE(
    "a stream that falls too far behind ends with RESOURCE_EXHAUSTED naming "
    "after_id",
    "[subscription]") {
  Fixture f;
  RecordingWriter writer;
  auto subscription = std::make_shared<Subscription>(
      Principal{f.bob, "bob", "session"}, std::nullopt,
      SubscriptionOptions{.max_queued_events = 4}, f.store.get(), &f.pool,
      &f.hub, &writer);
  subscription->Start();
  REQUIRE(writer.WaitForWrites(1));  // CaughtUp, in flight
  subscription->OnWriteDone(true);
  f.hub.Publish(f.bob, f.Message(7));  // written, and its write never completes
  REQUIRE(writer.WaitForWrites(2));
  for (int i = 0; i < 4; ++i) f.hub.Publish(f.bob, f.Message(8 + i));
  CHECK_FALSE(writer.finished().has_value());
  f.hub.Publish(f.bob,
                f.Message(20));  // the fifth queued event is one too many

  // The write is stuck, so the transport is asked to abort it rather than
  // Finish over it.
  CHECK(writer.aborted());
  CHECK_FALSE(writer.finished().has_value());
  subscription->OnWriteDone(false);
  auto status = writer.finished();
  REQUIRE(status.has_value());
  CHECK(absl::IsResourceExhausted(*status));
  CHECK_THAT(std::string(status->message()), Catch::Contains("after_id = 0"));
  CHECK(f.hub.SubscriberCount() == 0);
  subscription->Detach();
}

TEST_CASE(
    "live events that arrive during the replay wait for it and are not "
    "repeated",
    "[subscription]") {
  Fixture f;
  std::vector<store::NewMessage> stored;
  for (int i = 0; i < 3; ++i) stored.push_back({f.alice, f.bob, "m", 1});
  auto ids = f.store->AppendMessages(stored);
  REQUIRE(ids.ok());
  RecordingWriter writer;
  auto subscription =
      std::make_shared<Subscription>(Principal{f.bob, "bob", "session"}, 0,
                                     SubscriptionOptions{.replay_batch = 2},
                                     f.store.get(), &f.pool, &f.hub, &writer);
  subscription->Start();
  REQUIRE(writer.WaitForWrites(1));
  // A live copy of a stored message and a newer one arrive while the replay is
  // going on.
  f.hub.Publish(f.bob, f.Message((*ids)[2]));
  f.hub.Publish(f.bob, f.Message((*ids)[2] + 1));
  for (size_t n = 1; n < 6; ++n) {
    subscription->OnWriteDone(true);
    if (n < 5) REQUIRE(writer.WaitForWrites(n + 1));
  }
  auto written = writer.written();
  REQUIRE(written.size() == 5);
  CHECK(written[0].message().id() == (*ids)[0]);
  CHECK(written[1].message().id() == (*ids)[1]);
  CHECK(written[2].message().id() == (*ids)[2]);
  CHECK(written[3].has_caught_up());
  CHECK(written[3].caught_up().last_id() == (*ids)[2]);
  CHECK(written[3].caught_up().unread_count() == 3);
  CHECK(written[4].message().id() == (*ids)[2] + 1);
  subscription->Close(absl::CancelledError("done"));
  subscription->Detach();
}

}  // namespace
}  // namespace parley
