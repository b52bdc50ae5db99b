// The hub and the commit sequencer with a subscriber that records what it is
// asked to do: the only way to see that an event is queued (its place in the
// stream fixed) before any write starts.
#include "server/engine/hub.h"

#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "server/engine/commit_sequencer.h"

namespace parley {
namespace {

class FakeSubscriber : public Subscriber {
 public:
  explicit FakeSubscriber(std::string session) : session_(std::move(session)) {}

  bool Queue(const EventPtr& event) override {
    queued.push_back(event->message().id());
    return true;
  }
  void Flush() override { flushed_after = queued.size(); }
  void Close(const absl::Status& status) override { closed = status; }
  const std::string& session() const override { return session_; }

  std::vector<int64_t> queued;
  size_t flushed_after = 0;
  std::optional<absl::Status> closed;

 private:
  std::string session_;
};

EventPtr Message(int64_t id) {
  auto event = std::make_shared<chat::v1::Event>();
  event->mutable_message()->set_id(id);
  return event;
}

TEST_CASE("an event reaches every stream of its account and no other",
          "[hub]") {
  Hub hub;
  auto phone = std::make_shared<FakeSubscriber>("s1");
  auto laptop = std::make_shared<FakeSubscriber>("s2");
  auto other = std::make_shared<FakeSubscriber>("s3");
  hub.Add(1, phone);
  hub.Add(1, laptop);
  hub.Add(2, other);
  hub.Publish(1, Message(7));
  CHECK(phone->queued == std::vector<int64_t>{7});
  CHECK(laptop->queued == std::vector<int64_t>{7});
  CHECK(phone->flushed_after == 1);
  CHECK(other->queued.empty());
  CHECK(hub.SubscriberCount() == 3);

  hub.Remove(1, phone.get());
  hub.Publish(1, Message(8));
  CHECK(phone->queued == std::vector<int64_t>{7});
  CHECK(laptop->queued == std::vector<int64_t>{7, 8});
  CHECK(hub.SubscriberCount() == 2);
}

TEST_CASE("closing a session ends only that session's streams", "[hub]") {
  Hub hub;
  auto phone = std::make_shared<FakeSubscriber>("s1");
  auto laptop = std::make_shared<FakeSubscriber>("s2");
  hub.Add(1, phone);
  hub.Add(1, laptop);
  hub.CloseSession(1, "s1", absl::UnauthenticatedError("signed out"));
  CHECK(phone->closed.has_value());
  CHECK_FALSE(laptop->closed.has_value());
  hub.CloseAccount(1, absl::UnauthenticatedError("deleted"));
  CHECK(laptop->closed.has_value());
}

TEST_CASE("after the hub closes, a new stream is closed at once", "[hub]") {
  Hub hub;
  auto open = std::make_shared<FakeSubscriber>("s1");
  hub.Add(1, open);
  hub.CloseAll(absl::UnavailableError("shutting down"));
  CHECK(absl::IsUnavailable(*open->closed));
  auto late = std::make_shared<FakeSubscriber>("s2");
  hub.Add(1, late);
  REQUIRE(late->closed.has_value());
  CHECK(absl::IsUnavailable(*late->closed));
}

TEST_CASE("events of a commit are queued in order and written only after it",
          "[commit_sequencer]") {
  Hub hub;
  CommitSequencer sequencer(&hub);
  auto stream = std::make_shared<FakeSubscriber>("s1");
  hub.Add(1, stream);
  CommitEvents events = sequencer.NewEvents();
  sequencer.Run(&events, [&](CommitEvents& e) {
    e.Publish(1, Message(1));
    e.Publish(1, Message(2));
    e.CloseStreams(1, absl::UnauthenticatedError("deleted"));
    // Queued in order, nothing started while the commit lock is held.
    CHECK(stream->queued == std::vector<int64_t>{1, 2});
    CHECK(stream->flushed_after == 0);
    CHECK_FALSE(stream->closed.has_value());
  });
  events.Start();
  CHECK(stream->flushed_after == 2);
  CHECK(stream->closed.has_value());
}

}  // namespace
}  // namespace parley
