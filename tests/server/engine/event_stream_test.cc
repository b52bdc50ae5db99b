// The event stream state machine against a real SQLite store and hub; only the
// transport is a stand-in that records writes and lets the test decide when
// each write completes.
#include "server/engine/event_stream.h"

#include <catch2/catch.hpp>

#include "store/sqlite/sqlite_store.h"
#include "support/recording_writer.h"
#include "support/test_server.h"

namespace parley {
namespace {

using testing::RecordingWriter;

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

  std::shared_ptr<EventStream> NewStream(EventStreamOptions options,
                                         StreamWriter* writer) {
    return std::make_shared<EventStream>(options, store.get(), &pool, &hub,
                                         &timer, writer);
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
  Timer timer;
  int64_t alice = 0;
  int64_t bob = 0;
};

TEST_CASE(
    "a stream that falls too far behind ends with RESOURCE_EXHAUSTED naming "
    "after_id",
    "[event_stream]") {
  Fixture f;
  RecordingWriter writer;
  auto subscription = f.NewStream(
      EventStreamOptions{.max_queued_events = 4,
                         .stuck_write_grace = absl::Milliseconds(1)},
      &writer);
  subscription->Start(Principal{f.bob, "bob", "session"}, std::nullopt);
  REQUIRE(writer.WaitForWrites(1));  // CaughtUp, in flight
  subscription->OnWriteDone(true);
  f.hub.Publish(f.bob, f.Message(7));  // written, and its write never completes
  REQUIRE(writer.WaitForWrites(2));
  for (int i = 0; i < 4; ++i) f.hub.Publish(f.bob, f.Message(8 + i));
  CHECK_FALSE(writer.finished().has_value());
  f.hub.Publish(f.bob,
                f.Message(20));  // the fifth queued event is one too many

  // The write is stuck, so after the grace period the transport is asked to
  // abandon it rather than Finish over it.
  CHECK(writer.WaitForCancel());
  CHECK_FALSE(writer.finished().has_value());
  subscription->OnWriteDone(false);
  // The stream finishes on whichever thread drives it then (the timer's,
  // if it is still there), so the test waits for it.
  auto status = writer.WaitForFinish();
  REQUIRE(status.has_value());
  CHECK(absl::IsResourceExhausted(*status));
  CHECK_THAT(std::string(status->message()), Catch::Contains("after_id = 0"));
  CHECK(f.hub.SubscriberCount() == 0);
  subscription->Detach();
}

TEST_CASE(
    "live events that arrive during the replay wait for it and are not "
    "repeated",
    "[event_stream]") {
  Fixture f;
  std::vector<store::NewMessage> stored;
  stored.reserve(3);
  for (int i = 0; i < 3; ++i) stored.push_back({f.alice, f.bob, "m", 1});
  auto ids = f.store->AppendMessages(stored);
  REQUIRE(ids.ok());
  RecordingWriter writer;
  auto subscription =
      f.NewStream(EventStreamOptions{.replay_batch = 2}, &writer);
  subscription->Start(Principal{f.bob, "bob", "session"}, 0);
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

TEST_CASE(
    "an overflowing stream names the last id actually written, including a "
    "write that was in flight",
    "[event_stream]") {
  Fixture f;
  RecordingWriter writer;
  auto subscription =
      f.NewStream(EventStreamOptions{.max_queued_events = 2}, &writer);
  subscription->Start(Principal{f.bob, "bob", "session"}, std::nullopt);
  REQUIRE(writer.WaitForWrites(1));  // CaughtUp
  subscription->OnWriteDone(true);
  f.hub.Publish(f.bob, f.Message(7));  // in flight
  REQUIRE(writer.WaitForWrites(2));
  for (int i = 0; i < 3; ++i) f.hub.Publish(f.bob, f.Message(8 + i));
  // The write of 7 completes after the overflow: the client has 7, so the
  // resume point is 7, not the 0 that was written when the queue overflowed.
  CHECK_FALSE(writer.finished().has_value());
  subscription->OnWriteDone(true);
  auto status = writer.WaitForFinish();
  REQUIRE(status.has_value());
  CHECK(absl::IsResourceExhausted(*status));
  CHECK_THAT(std::string(status->message()), Catch::Contains("after_id = 7"));
  CHECK(writer.written().size() == 2);
  subscription->Detach();
}

TEST_CASE("a live message at or below one the stream already sent is dropped",
          "[event_stream]") {
  Fixture f;
  RecordingWriter writer;
  auto subscription = f.NewStream(EventStreamOptions{}, &writer);
  subscription->Start(Principal{f.bob, "bob", "session"}, std::nullopt);
  REQUIRE(writer.WaitForWrites(1));  // CaughtUp
  subscription->OnWriteDone(true);

  // Another server's message can arrive late, after one the stream's replay
  // (or a later commit) already carried.
  f.hub.Publish(f.bob, f.Message(7));
  REQUIRE(writer.WaitForWrites(2));
  subscription->OnWriteDone(true);
  f.hub.Publish(f.bob, f.Message(7));
  f.hub.Publish(f.bob, f.Message(5));
  f.hub.Publish(f.bob, f.Message(8));
  REQUIRE(writer.WaitForWrites(3));
  subscription->OnWriteDone(true);

  const std::vector<chat::v1::Event> written = writer.written();
  REQUIRE(written.size() == 3);
  CHECK(written[1].message().id() == 7);
  CHECK(written[2].message().id() == 8);
  subscription->Detach();
}

TEST_CASE("a stream closed before it starts finishes with that status",
          "[event_stream]") {
  Fixture f;
  RecordingWriter writer;
  auto subscription = f.NewStream(EventStreamOptions{}, &writer);
  subscription->Close(absl::UnauthenticatedError("not signed in"));
  subscription->Start(Principal{f.bob, "bob", "session"}, std::nullopt);
  auto status = writer.finished();
  REQUIRE(status.has_value());
  CHECK(absl::IsUnauthenticated(*status));
  CHECK(writer.written().empty());
  CHECK(f.hub.SubscriberCount() == 0);
  subscription->Detach();
}

}  // namespace
}  // namespace parley
