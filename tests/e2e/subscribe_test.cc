// End-to-end: the Subscribe stream (live delivery, replay, reconnects, deletion
// and account events) over each protocol.
#include <catch2/catch.hpp>
#include <cstddef>
#include <thread>

#include "absl/synchronization/notification.h"
#include "support/protocols.h"
#include "support/test_server.h"

namespace parley::testing {
namespace {

using State = LiveSubscription::State;

auto HasMessages(size_t n) {
  return [n](const std::vector<chat::v1::Event>& events) {
    return std::count_if(events.begin(), events.end(), [](const auto& e) {
             return e.has_message();
           }) >= static_cast<std::ptrdiff_t>(n);
  };
}

auto Has(chat::v1::Event::KindCase kind) {
  return [kind](const std::vector<chat::v1::Event>& events) {
    return std::any_of(events.begin(), events.end(),
                       [kind](const auto& e) { return e.kind_case() == kind; });
  };
}

PROTOCOL_TEST_CASE(
    "a message to an online user arrives on their stream at once",
    "[subscribe]") {
  TestServer server(TestType::kProtocol);
  auto alice = server.SignedIn("alice");
  auto bob = server.SignedIn("bob");
  EventRecorder recorder;
  auto live = bob->Subscribe(std::nullopt, recorder.Callbacks());
  REQUIRE(recorder.WaitForState(State::kLive));
  auto sent = ASSERT_OK_AND_GET(alice->SendMessage("bob", "hi bob"));
  REQUIRE(recorder.WaitFor(HasMessages(1)));
  auto messages = recorder.messages();
  CHECK(messages[0].id() == sent.id());
  CHECK(messages[0].text() == "hi bob");
  CHECK(messages[0].sender() == "alice");
  CHECK_FALSE(messages[0].read());
  // Delivered live is not read: it stays unread until ReadMessages or MarkRead.
  CHECK(ASSERT_OK_AND_GET(bob->ListConversations()).total_unread() == 1);
  CHECK(ASSERT_OK_AND_GET(bob->MarkRead({sent.id()})).remaining_unread() == 0);
}

PROTOCOL_TEST_CASE(
    "a stream without after_id starts with CaughtUp and then only live events",
    "[subscribe]") {
  TestServer server(TestType::kProtocol);
  auto alice = server.SignedIn("alice");
  auto bob = server.SignedIn("bob");
  ASSERT_OK_AND_GET(alice->SendMessage("bob", "before"));
  EventRecorder recorder;
  auto live = bob->Subscribe(std::nullopt, recorder.Callbacks());
  REQUIRE(recorder.WaitForState(State::kLive));
  ASSERT_OK_AND_GET(alice->SendMessage("bob", "after"));
  REQUIRE(recorder.WaitFor(HasMessages(1)));
  auto events = recorder.events();
  REQUIRE(events.size() == 2);
  CHECK(events[0].has_caught_up());
  CHECK(events[0].caught_up().unread_count() == 1);
  CHECK(events[1].message().text() == "after");
}

PROTOCOL_TEST_CASE("every device of an account gets each live message",
                   "[subscribe]") {
  TestServer server(TestType::kProtocol);
  auto alice = server.SignedIn("alice");
  auto phone = server.SignedIn("bob");
  auto laptop = server.NewClient();
  ASSERT_OK_AND_GET(laptop->Login("bob", "pw-bob"));
  EventRecorder on_phone, on_laptop;
  auto s1 = phone->Subscribe(std::nullopt, on_phone.Callbacks());
  auto s2 = laptop->Subscribe(std::nullopt, on_laptop.Callbacks());
  REQUIRE(on_phone.WaitForState(State::kLive));
  REQUIRE(on_laptop.WaitForState(State::kLive));
  ASSERT_OK_AND_GET(alice->SendMessage("bob", "to both"));
  REQUIRE(on_phone.WaitFor(HasMessages(1)));
  REQUIRE(on_laptop.WaitFor(HasMessages(1)));
  CHECK(on_phone.messages()[0].text() == "to both");
  CHECK(on_laptop.messages()[0].text() == "to both");
  CHECK(server.server().subscriber_count() == 2);
}

PROTOCOL_TEST_CASE(
    "resubscribing with after_id replays exactly what was missed",
    "[subscribe]") {
  TestServer server(TestType::kProtocol);
  auto alice = server.SignedIn("alice");
  auto bob = server.SignedIn("bob");
  int64_t last_seen;
  {
    EventRecorder recorder;
    auto live = bob->Subscribe(0, recorder.Callbacks());
    REQUIRE(recorder.WaitForState(State::kLive));
    ASSERT_OK_AND_GET(alice->SendMessage("bob", "seen"));
    REQUIRE(recorder.WaitFor(HasMessages(1)));
    last_seen = recorder.messages().back().id();
  }
  for (const char* text : {"missed 1", "missed 2"}) {
    ASSERT_OK_AND_GET(alice->SendMessage("bob", text));
  }
  EventRecorder recorder;
  auto live = bob->Subscribe(last_seen, recorder.Callbacks());
  REQUIRE(recorder.WaitForState(State::kLive));
  ASSERT_OK_AND_GET(alice->SendMessage("bob", "live again"));
  REQUIRE(recorder.WaitFor(HasMessages(3)));
  std::vector<std::string> texts;
  for (const auto& m : recorder.messages()) texts.push_back(m.text());
  CHECK(texts ==
        std::vector<std::string>{"missed 1", "missed 2", "live again"});
  CHECK(recorder.caught_up_count() == 1);
}

PROTOCOL_TEST_CASE(
    "a long backlog is replayed in order with nothing lost or repeated",
    "[subscribe]") {
  TestServer server(TestType::kProtocol);
  auto alice = server.SignedIn("alice");
  auto bob = server.SignedIn("bob");
  constexpr int kBacklog = 700;  // more than two replay batches
  for (int i = 0; i < kBacklog; ++i) {
    ASSERT_OK_AND_GET(alice->SendMessage("bob", std::to_string(i)));
  }
  EventRecorder recorder;
  auto live = bob->Subscribe(0, recorder.Callbacks());
  REQUIRE(recorder.WaitForState(State::kLive, absl::Seconds(30)));
  auto messages = recorder.messages();
  REQUIRE(messages.size() == kBacklog);
  for (int i = 0; i < kBacklog; ++i) {
    CHECK(messages[i].text() == std::to_string(i));
  }
}

PROTOCOL_TEST_CASE(
    "messages sent while a stream replays are delivered once, in order",
    "[subscribe]") {
  TestServer server(TestType::kProtocol);
  auto alice = server.SignedIn("alice");
  auto bob = server.SignedIn("bob");
  for (int i = 0; i < 300; ++i) {
    ASSERT_OK_AND_GET(alice->SendMessage("bob", "old"));
  }
  EventRecorder recorder;
  std::atomic<int> failures{0};
  std::thread sender([&] {
    for (int i = 0; i < 100; ++i) {
      failures += alice->SendMessage("bob", "new").ok() ? 0 : 1;
    }
  });
  auto live = bob->Subscribe(0, recorder.Callbacks());
  sender.join();
  REQUIRE(failures == 0);
  REQUIRE(recorder.WaitFor(HasMessages(400), absl::Seconds(30)));
  auto messages = recorder.messages();
  CHECK(messages.size() == 400);
  for (size_t i = 1; i < messages.size(); ++i) {
    CHECK(messages[i - 1].id() < messages[i].id());
  }
}

PROTOCOL_TEST_CASE("deleting messages tells both parties' streams",
                   "[subscribe]") {
  TestServer server(TestType::kProtocol);
  auto alice = server.SignedIn("alice");
  auto bob = server.SignedIn("bob");
  EventRecorder on_alice, on_bob;
  auto s1 = alice->Subscribe(std::nullopt, on_alice.Callbacks());
  auto s2 = bob->Subscribe(std::nullopt, on_bob.Callbacks());
  REQUIRE(on_alice.WaitForState(State::kLive));
  REQUIRE(on_bob.WaitForState(State::kLive));
  auto id = ASSERT_OK_AND_GET(alice->SendMessage("bob", "oops")).id();
  ASSERT_OK_AND_GET(alice->DeleteMessages({id}));
  REQUIRE(on_alice.WaitFor(Has(chat::v1::Event::kMessagesDeleted)));
  REQUIRE(on_bob.WaitFor(Has(chat::v1::Event::kMessagesDeleted)));
  auto bob_event = on_bob.events().back().messages_deleted();
  CHECK(bob_event.ids_size() == 1);
  CHECK(bob_event.ids(0) == id);
  CHECK(bob_event.peer() == "alice");
  CHECK(bob_event.deleted_by() == "alice");
  CHECK(on_alice.events().back().messages_deleted().peer() == "bob");
}

PROTOCOL_TEST_CASE("deleting an account ends its streams and tells its peers",
                   "[subscribe]") {
  TestServer server(TestType::kProtocol);
  auto alice = server.SignedIn("alice");
  auto bob = server.SignedIn("bob");
  ASSERT_OK_AND_GET(alice->SendMessage("bob", "hi"));
  EventRecorder on_alice, on_bob;
  auto s1 = alice->Subscribe(std::nullopt, on_alice.Callbacks());
  auto s2 = bob->Subscribe(std::nullopt, on_bob.Callbacks());
  REQUIRE(on_alice.WaitForState(State::kLive));
  REQUIRE(on_bob.WaitForState(State::kLive));
  ASSERT_OK_AND_GET(bob->DeleteAccount());
  REQUIRE(on_alice.WaitFor(Has(chat::v1::Event::kAccountDeleted)));
  CHECK(on_alice.events().back().account_deleted().username() == "bob");
  REQUIRE(on_bob.WaitForState(State::kStopped));
  CHECK(on_bob.last_status().code() == absl::StatusCode::kUnauthenticated);
}

PROTOCOL_TEST_CASE("logging out ends that session's streams only",
                   "[subscribe]") {
  TestServer server(TestType::kProtocol);
  auto phone = server.SignedIn("bob");
  auto laptop = server.NewClient();
  ASSERT_OK_AND_GET(laptop->Login("bob", "pw-bob"));
  EventRecorder on_phone, on_laptop;
  auto s1 = phone->Subscribe(std::nullopt, on_phone.Callbacks());
  auto s2 = laptop->Subscribe(std::nullopt, on_laptop.Callbacks());
  REQUIRE(on_phone.WaitForState(State::kLive));
  REQUIRE(on_laptop.WaitForState(State::kLive));
  REQUIRE(phone->Logout().ok());
  REQUIRE(on_phone.WaitForState(State::kStopped));
  CHECK(on_phone.last_status().code() == absl::StatusCode::kUnauthenticated);
  CHECK(laptop->ListConversations().ok());
  // A message sent after the logout reaches the laptop's stream: it was not
  // closed, not even late.
  auto carol = server.SignedIn("carol");
  ASSERT_OK_AND_GET(carol->SendMessage("bob", "still there?"));
  CHECK(on_laptop.WaitFor([](const std::vector<chat::v1::Event>& events) {
    return !events.empty() && events.back().has_message() &&
           events.back().message().text() == "still there?";
  }));
  CHECK(on_laptop.last_status().ok());
}

PROTOCOL_TEST_CASE(
    "a reader that falls behind is ended with RESOURCE_EXHAUSTED naming where "
    "to resume, and resumes there without a gap",
    "[subscribe][backpressure]") {
  TestServer server(TestType::kProtocol, [](ServerOptions& options) {
    options.service.max_queued_events = 16;
  });
  auto alice = server.SignedIn("alice");
  auto bob = server.SignedIn("bob");
  // Bob's client stops reading at the first message until the gate opens, so
  // the socket's buffers fill and then the server's queue for the stream.
  absl::Notification gate;
  EventRecorder recorder;
  LiveSubscription::Callbacks callbacks = recorder.Callbacks();
  callbacks.on_event =
      [&gate, record = callbacks.on_event](const chat::v1::Event& event) {
        if (event.has_message()) gate.WaitForNotification();
        record(event);
      };
  auto live = bob->Subscribe(std::nullopt, callbacks,
                             {absl::Milliseconds(50), absl::Milliseconds(200)});
  REQUIRE(recorder.WaitForState(State::kLive));

  std::atomic<bool> stop{false};
  std::atomic<int> sent{0};
  constexpr int kSenders = 4;
  std::vector<std::thread> senders;
  senders.reserve(kSenders);
  for (int i = 0; i < kSenders; ++i) {
    senders.emplace_back([&] {
      auto client = server.NewClient();
      client->set_token(alice->token());
      while (!stop) {
        if (client->SendMessage("bob", std::string(200, 'x')).ok()) ++sent;
      }
    });
  }
  // The overflowing stream leaves the hub at once; its last write is still
  // stuck, and must be let go within the server's grace for a stuck write.
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  while (server.server().subscriber_count() > 0 && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(2));
  }
  const bool overflowed = server.server().subscriber_count() == 0;
  gate.Notify();
  stop = true;
  for (std::thread& sender : senders) sender.join();
  REQUIRE(overflowed);

  REQUIRE(recorder.WaitForState(State::kReconnecting));
  const absl::Status ended = recorder.last_status();
  CHECK(ended.code() == absl::StatusCode::kResourceExhausted);
  CHECK_THAT(std::string(ended.message()),
             Catch::Contains("fell more than 16 events behind") &&
                 Catch::Contains("after_id"));
  REQUIRE(recorder.WaitFor(HasMessages(sent), absl::Seconds(60)));
  auto messages = recorder.messages();
  CHECK(messages.size() == static_cast<size_t>(sent));
  for (size_t i = 1; i < messages.size(); ++i) {
    CHECK(messages[i - 1].id() < messages[i].id());
  }
}

PROTOCOL_TEST_CASE("stopping a subscription ends its stream on the server",
                   "[subscribe]") {
  TestServer server(TestType::kProtocol);
  auto bob = server.SignedIn("bob");
  EventRecorder recorder;
  auto live = bob->Subscribe(std::nullopt, recorder.Callbacks());
  REQUIRE(recorder.WaitForState(State::kLive));
  REQUIRE(server.server().subscriber_count() == 1);
  live->Stop();
  CHECK(live->state() == State::kStopped);
  const absl::Time give_up = absl::Now() + absl::Seconds(10);
  while (server.server().subscriber_count() > 0 && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(5));
  }
  CHECK(server.server().subscriber_count() == 0);
  // The client goes on using the same connection.
  CHECK(bob->ListConversations().ok());
}

TEST_CASE(
    "over a socket protocol a blocking call from a stream callback is "
    "refused, not deadlocked",
    "[subscribe]") {
  const Protocol protocol = GENERATE(Protocol::kBinary, Protocol::kJson);
  INFO("over " << ProtocolName(protocol));
  TestServer server(protocol);
  auto bob = server.SignedIn("bob");
  absl::Mutex mu;
  std::optional<absl::Status> from_callback;
  auto live =
      bob->Subscribe(std::nullopt, {.on_event =
                                        [&](const chat::v1::Event&) {
                                          absl::Status status =
                                              bob->ListConversations().status();
                                          absl::MutexLock lock(&mu);
                                          from_callback = status;
                                        },
                                    .on_state = nullptr});
  absl::MutexLock lock(&mu);
  REQUIRE(mu.AwaitWithTimeout(absl::Condition(
                                  +[](std::optional<absl::Status>* status) {
                                    return status->has_value();
                                  },
                                  &from_callback),
                              absl::Seconds(10)));
  CHECK(from_callback->code() == absl::StatusCode::kFailedPrecondition);
}

PROTOCOL_TEST_CASE("subscribing without a valid token is refused",
                   "[subscribe][security]") {
  TestServer server(TestType::kProtocol);
  server.SignedIn("bob");
  auto anonymous = server.NewClient();
  EventRecorder recorder;
  auto live = anonymous->Subscribe(0, recorder.Callbacks());
  REQUIRE(recorder.WaitForState(State::kStopped));
  CHECK(recorder.last_status().code() == absl::StatusCode::kUnauthenticated);
  CHECK(recorder.events().empty());
}

PROTOCOL_TEST_CASE("a negative after_id answers INVALID_ARGUMENT",
                   "[subscribe]") {
  TestServer server(TestType::kProtocol);
  auto bob = server.SignedIn("bob");
  EventRecorder recorder;
  auto live = bob->Subscribe(-5, recorder.Callbacks());
  REQUIRE(recorder.WaitForState(State::kStopped));
  CHECK(recorder.last_status().code() == absl::StatusCode::kInvalidArgument);
}

PROTOCOL_TEST_CASE(
    "a stream reconnects after a server restart and misses nothing",
    "[subscribe]") {
  TestServer server(TestType::kProtocol);
  auto alice = server.SignedIn("alice");
  auto bob = server.SignedIn("bob");
  EventRecorder recorder;
  auto live = bob->Subscribe(0, recorder.Callbacks(),
                             {absl::Milliseconds(50), absl::Milliseconds(200)});
  REQUIRE(recorder.WaitForState(State::kLive));
  ASSERT_OK_AND_GET(alice->SendMessage("bob", "before restart"));
  REQUIRE(recorder.WaitFor(HasMessages(1)));
  server.Stop();
  REQUIRE(recorder.WaitForState(State::kReconnecting));
  CHECK(recorder.last_status().code() == absl::StatusCode::kUnavailable);
  server.Restart();
  auto alice_again = server.NewClient();
  alice_again->set_token(alice->token());
  ASSERT_OK_AND_GET(alice_again->SendMessage("bob", "after restart"));
  REQUIRE(recorder.WaitFor(HasMessages(2), absl::Seconds(20)));
  auto messages = recorder.messages();
  REQUIRE(messages.size() == 2);
  CHECK(messages[1].text() == "after restart");
}

}  // namespace
}  // namespace parley::testing
