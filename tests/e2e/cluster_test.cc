// End-to-end with several servers on one PostgreSQL database (a schema of its
// own in the one PARLEY_TEST_PG_URL names): what is committed through one
// server reaches the streams and caches of the others live (LISTEN/NOTIFY,
// docs/postgres.md "Several servers").
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "support/pg_test_schema.h"
#include "support/protocols.h"
#include "support/test_server.h"

namespace parley::testing {
namespace {

using State = LiveSubscription::State;

// `count` servers speaking `protocol` on one fresh schema.
class Cluster {
 public:
  Cluster(size_t count, Protocol protocol) {
    for (size_t i = 0; i < count; ++i) {
      servers_.push_back(std::make_unique<TestServer>(
          protocol,
          [this](ServerOptions& options) { options.db_path = schema_.url(); }));
    }
  }
  TestServer& operator[](size_t i) { return *servers_[i]; }
  size_t size() const { return servers_.size(); }
  const PgTestSchema& schema() const { return schema_; }

 private:
  PgTestSchema schema_;
  std::vector<std::unique_ptr<TestServer>> servers_;
};

auto MessageCount(size_t n) {
  return [n](const std::vector<chat::v1::Event>& events) {
    return static_cast<size_t>(std::count_if(
               events.begin(), events.end(),
               [](const auto& e) { return e.has_message(); })) >= n;
  };
}

auto Has(chat::v1::Event::KindCase kind) {
  return [kind](const std::vector<chat::v1::Event>& events) {
    return std::any_of(events.begin(), events.end(),
                       [kind](const auto& e) { return e.kind_case() == kind; });
  };
}

std::vector<int64_t> IdsOf(const std::vector<chat::v1::Message>& messages) {
  std::vector<int64_t> ids;
  ids.reserve(messages.size());
  for (const chat::v1::Message& m : messages) ids.push_back(m.id());
  return ids;
}

// A client of `server` that uses the session `token` of a client elsewhere.
std::unique_ptr<ChatClient> SameSession(const TestServer& server,
                                        const ChatClient& signed_in) {
  std::unique_ptr<ChatClient> client = server.NewClient();
  client->set_token(signed_in.token());
  return client;
}

PROTOCOL_TEST_CASE(
    "a message sent through one server arrives live on another server's "
    "stream",
    "[cluster]") {
  Cluster cluster(2, TestType::kProtocol);
  auto alice = cluster[0].SignedIn("alice");
  auto bob = cluster[1].SignedIn("bob");
  EventRecorder on_bob;
  auto live = bob->Subscribe(std::nullopt, on_bob.Callbacks());
  REQUIRE(on_bob.WaitForState(State::kLive));

  const auto sent = ASSERT_OK_AND_GET(alice->SendMessage("bob", "via A"));

  REQUIRE(on_bob.WaitFor(MessageCount(1)));
  const auto messages = on_bob.messages();
  REQUIRE(messages.size() == 1);
  CHECK(messages[0].id() == sent.id());
  CHECK(messages[0].text() == "via A");
  CHECK(messages[0].sender() == "alice");
}

TEST_CASE(
    "devices of one account on two servers both receive a message sent "
    "through a third",
    "[cluster]") {
  Cluster cluster(3, Protocol::kGrpc);
  cluster[0].SignedIn("bob");
  auto phone = cluster[0].NewClient();
  REQUIRE(phone->Login("bob", "pw-bob").ok());
  auto laptop = cluster[1].NewClient();
  REQUIRE(laptop->Login("bob", "pw-bob").ok());
  auto alice = cluster[2].SignedIn("alice");
  EventRecorder on_phone;
  EventRecorder on_laptop;
  auto phone_live = phone->Subscribe(std::nullopt, on_phone.Callbacks());
  auto laptop_live = laptop->Subscribe(std::nullopt, on_laptop.Callbacks());
  REQUIRE(on_phone.WaitForState(State::kLive));
  REQUIRE(on_laptop.WaitForState(State::kLive));

  REQUIRE(alice->SendMessage("bob", "to both").ok());

  REQUIRE(on_phone.WaitFor(MessageCount(1)));
  REQUIRE(on_laptop.WaitFor(MessageCount(1)));
  CHECK(on_phone.messages()[0].text() == "to both");
  CHECK(on_laptop.messages()[0].text() == "to both");
}

TEST_CASE(
    "a stream opened on another server with after_id replays exactly what "
    "was missed",
    "[cluster]") {
  Cluster cluster(2, Protocol::kGrpc);
  auto alice = cluster[0].SignedIn("alice");
  auto bob = cluster[0].SignedIn("bob");
  int64_t last_seen = 0;
  {
    EventRecorder on_bob;
    auto live = bob->Subscribe(0, on_bob.Callbacks());
    REQUIRE(on_bob.WaitForState(State::kLive));
    REQUIRE(alice->SendMessage("bob", "seen").ok());
    REQUIRE(on_bob.WaitFor(MessageCount(1)));
    last_seen = on_bob.messages().back().id();
  }
  for (const char* text : {"one", "two", "three"}) {
    REQUIRE(alice->SendMessage("bob", text).ok());
  }

  auto bob_elsewhere = SameSession(cluster[1], *bob);
  EventRecorder on_bob;
  auto live = bob_elsewhere->Subscribe(last_seen, on_bob.Callbacks());
  REQUIRE(on_bob.WaitForState(State::kLive));
  REQUIRE(alice->SendMessage("bob", "four").ok());

  REQUIRE(on_bob.WaitFor(MessageCount(4)));
  std::vector<std::string> texts;
  for (const auto& m : on_bob.messages()) texts.push_back(m.text());
  CHECK(texts == std::vector<std::string>{"one", "two", "three", "four"});
  CHECK(on_bob.caught_up_count() == 1);
}

TEST_CASE(
    "signing out on one server ends that session's streams and cached "
    "session on another",
    "[cluster]") {
  Cluster cluster(2, Protocol::kGrpc);
  auto bob = cluster[0].SignedIn("bob");
  auto bob_elsewhere = SameSession(cluster[1], *bob);
  EventRecorder on_bob;
  auto live = bob_elsewhere->Subscribe(std::nullopt, on_bob.Callbacks());
  REQUIRE(on_bob.WaitForState(State::kLive));
  // The second server now holds the session in its cache.
  REQUIRE(bob_elsewhere->ListConversations().ok());

  REQUIRE(bob->Logout().ok());

  REQUIRE(on_bob.WaitForState(State::kStopped));
  CHECK(on_bob.last_status().code() == absl::StatusCode::kUnauthenticated);
  CHECK(bob_elsewhere->ListConversations().status().code() ==
        absl::StatusCode::kUnauthenticated);
}

TEST_CASE(
    "deleting an account on one server ends its streams on another, tells "
    "its peers there, and frees its name",
    "[cluster]") {
  Cluster cluster(2, Protocol::kGrpc);
  auto bob = cluster[0].SignedIn("bob");
  auto alice = cluster[1].SignedIn("alice");
  REQUIRE(alice->SendMessage("bob", "before").ok());
  auto bob_elsewhere = SameSession(cluster[1], *bob);
  EventRecorder on_bob;
  EventRecorder on_alice;
  auto bob_live = bob_elsewhere->Subscribe(std::nullopt, on_bob.Callbacks());
  auto alice_live = alice->Subscribe(std::nullopt, on_alice.Callbacks());
  REQUIRE(on_bob.WaitForState(State::kLive));
  REQUIRE(on_alice.WaitForState(State::kLive));

  REQUIRE(bob->DeleteAccount().ok());

  REQUIRE(on_bob.WaitForState(State::kStopped));
  CHECK(on_bob.last_status().code() == absl::StatusCode::kUnauthenticated);
  REQUIRE(on_alice.WaitFor(Has(chat::v1::Event::kAccountDeleted)));
  CHECK(on_alice.events().back().account_deleted().username() == "bob");
  // A new bob, made through the first server, is the one the second server
  // sends to.
  auto new_bob = cluster[0].SignedIn("bob", "pw-new-bob");
  REQUIRE(alice->SendMessage("bob", "to the new bob").ok());
  const auto read = ASSERT_OK_AND_GET(new_bob->ReadMessages(10, ""));
  REQUIRE(read.messages_size() == 1);
  CHECK(read.messages(0).text() == "to the new bob");
}

TEST_CASE(
    "deleting messages on one server tells both sides' streams on another",
    "[cluster]") {
  Cluster cluster(2, Protocol::kGrpc);
  auto alice = cluster[0].SignedIn("alice");
  auto bob = cluster[1].SignedIn("bob");
  const auto sent = ASSERT_OK_AND_GET(alice->SendMessage("bob", "oops"));
  auto alice_elsewhere = SameSession(cluster[1], *alice);
  EventRecorder on_alice;
  EventRecorder on_bob;
  auto alice_live =
      alice_elsewhere->Subscribe(std::nullopt, on_alice.Callbacks());
  auto bob_live = bob->Subscribe(std::nullopt, on_bob.Callbacks());
  REQUIRE(on_alice.WaitForState(State::kLive));
  REQUIRE(on_bob.WaitForState(State::kLive));

  REQUIRE(alice->DeleteMessages({sent.id()}).ok());

  REQUIRE(on_alice.WaitFor(Has(chat::v1::Event::kMessagesDeleted)));
  REQUIRE(on_bob.WaitFor(Has(chat::v1::Event::kMessagesDeleted)));
  const chat::v1::MessagesDeleted to_bob =
      on_bob.events().back().messages_deleted();
  CHECK(std::vector<int64_t>(to_bob.ids().begin(), to_bob.ids().end()) ==
        std::vector<int64_t>{sent.id()});
  CHECK(to_bob.peer() == "alice");
  CHECK(to_bob.deleted_by() == "alice");
  CHECK(on_alice.events().back().messages_deleted().peer() == "bob");
}

TEST_CASE(
    "senders on every server to one recipient: each stream gets every "
    "message once, in id order, with no gap",
    "[cluster]") {
  constexpr int kSendersPerServer = 3;
  constexpr int kMessagesPerSender = 60;
  Cluster cluster(3, Protocol::kGrpc);
  cluster[0].SignedIn("bob");
  std::vector<std::unique_ptr<ChatClient>> bobs;
  std::vector<std::unique_ptr<EventRecorder>> recorders;
  std::vector<std::unique_ptr<LiveSubscription>> streams;
  for (size_t i = 0; i < cluster.size(); ++i) {
    bobs.push_back(cluster[i].NewClient());
    REQUIRE(bobs.back()->Login("bob", "pw-bob").ok());
    recorders.push_back(std::make_unique<EventRecorder>());
    streams.push_back(
        bobs.back()->Subscribe(std::nullopt, recorders.back()->Callbacks()));
    REQUIRE(recorders.back()->WaitForState(State::kLive));
  }
  std::vector<std::unique_ptr<ChatClient>> senders;
  for (size_t i = 0; i < cluster.size(); ++i) {
    for (int s = 0; s < kSendersPerServer; ++s) {
      senders.push_back(cluster[i].SignedIn(absl::StrCat("sender", i, "_", s)));
    }
  }

  absl::Mutex mu;
  std::set<int64_t> acknowledged;
  std::vector<std::thread> threads;
  threads.reserve(senders.size());
  for (auto& sender : senders) {
    threads.emplace_back([&, client = sender.get()] {
      for (int m = 0; m < kMessagesPerSender; ++m) {
        absl::StatusOr<chat::v1::SendMessageResponse> sent =
            client->SendMessage("bob", absl::StrCat("m", m));
        if (sent.ok()) {
          absl::MutexLock lock(&mu);
          acknowledged.insert(sent->id());
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();

  REQUIRE(acknowledged.size() == senders.size() * kMessagesPerSender);
  const std::vector<int64_t> expected(acknowledged.begin(), acknowledged.end());
  for (size_t i = 0; i < recorders.size(); ++i) {
    INFO("the stream on server " << i);
    REQUIRE(recorders[i]->WaitFor(MessageCount(expected.size()),
                                  absl::Seconds(30)));
    CHECK(IdsOf(recorders[i]->messages()) == expected);
  }
}

TEST_CASE(
    "a server whose listening connection was cut reads what was sent "
    "meanwhile",
    "[cluster]") {
  Cluster cluster(2, Protocol::kGrpc);
  auto alice = cluster[0].SignedIn("alice");
  auto bob = cluster[1].SignedIn("bob");
  EventRecorder on_bob;
  auto live = bob->Subscribe(std::nullopt, on_bob.Callbacks());
  REQUIRE(on_bob.WaitForState(State::kLive));
  const std::string listeners = absl::StrCat(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
      "application_name = 'parley_changes_",
      cluster.schema().name(), "'");

  // Both servers' listeners go; the send lands while they reconnect.
  REQUIRE(cluster.schema().Admin(listeners).size() == 2);
  const auto sent = ASSERT_OK_AND_GET(alice->SendMessage("bob", "meanwhile"));

  REQUIRE(on_bob.WaitFor(MessageCount(1)));
  CHECK(IdsOf(on_bob.messages()) == std::vector<int64_t>{sent.id()});
}

TEST_CASE("password guesses spread over two servers share one budget",
          "[cluster]") {
  Cluster cluster(2, Protocol::kGrpc);
  cluster[0].SignedIn("bob");
  // Five failures for the pair (bob, this address), alternating servers.
  for (int i = 0; i < 5; ++i) {
    auto guesser = cluster[i % 2].NewClient();
    CHECK(guesser->Login("bob", absl::StrCat("guess", i)).status().code() ==
          absl::StatusCode::kUnauthenticated);
  }
  // Each server saw at most three, yet both refuse the sixth.
  for (size_t server = 0; server < 2; ++server) {
    auto guesser = cluster[server].NewClient();
    const absl::Status sixth = guesser->Login("bob", "guess6").status();
    CHECK(sixth.code() == absl::StatusCode::kResourceExhausted);
    CHECK_THAT(std::string(sixth.message()),
               Catch::Contains("too many sign-in attempts"));
  }
}

// Ends the listening connection of the servers that connect as `role`.
void CutListener(const PgTestSchema& schema, const PgTestRole& role) {
  REQUIRE(schema
              .Admin(absl::StrCat("SELECT pg_terminate_backend(pid) FROM "
                                  "pg_stat_activity WHERE application_name = "
                                  "'parley_changes_",
                                  schema.name(), "' AND usename = '",
                                  role.name(), "'"))
              .size() == 1);
}

TEST_CASE(
    "deletions and sign-outs committed while a server cannot listen reach it "
    "when it listens again",
    "[cluster]") {
  PgTestSchema schema;
  PgTestRole role(schema);
  TestServer b(Protocol::kGrpc,
               [&](ServerOptions& options) { options.db_path = role.url(); });
  TestServer a(Protocol::kGrpc,
               [&](ServerOptions& options) { options.db_path = schema.url(); });
  auto alice = a.SignedIn("alice");
  auto bob = a.SignedIn("bob");
  const auto sent = ASSERT_OK_AND_GET(alice->SendMessage("bob", "oops"));
  auto alice_on_b = SameSession(b, *alice);
  auto bob_on_b = SameSession(b, *bob);
  EventRecorder on_alice;
  EventRecorder on_bob;
  auto alice_live = alice_on_b->Subscribe(std::nullopt, on_alice.Callbacks());
  auto bob_live = bob_on_b->Subscribe(std::nullopt, on_bob.Callbacks());
  REQUIRE(on_alice.WaitForState(State::kLive));
  REQUIRE(on_bob.WaitForState(State::kLive));
  REQUIRE(bob_on_b->ListConversations().ok());  // cached on B now

  // B can neither hear nor listen again until its role may log in.
  role.BlockLogins();
  CutListener(schema, role);
  REQUIRE(alice->DeleteMessages({sent.id()}).ok());
  REQUIRE(bob->Logout().ok());
  absl::SleepFor(absl::Milliseconds(300));
  CHECK_FALSE(Has(chat::v1::Event::kMessagesDeleted)(on_alice.events()));
  CHECK(bob_on_b->ListConversations().ok());  // B has not heard

  role.AllowLogins();

  REQUIRE(on_alice.WaitFor(Has(chat::v1::Event::kMessagesDeleted)));
  const auto deleted = on_alice.events().back().messages_deleted();
  CHECK(std::vector<int64_t>(deleted.ids().begin(), deleted.ids().end()) ==
        std::vector<int64_t>{sent.id()});
  CHECK(deleted.peer() == "bob");
  REQUIRE(on_bob.WaitForState(State::kStopped));
  CHECK(on_bob.last_status().code() == absl::StatusCode::kUnauthenticated);
  CHECK(bob_on_b->ListConversations().status().code() ==
        absl::StatusCode::kUnauthenticated);
}

TEST_CASE(
    "a server that missed changes the database no longer keeps ends its "
    "streams and forgets its cached sessions",
    "[cluster]") {
  PgTestSchema schema;
  PgTestRole role(schema);
  TestServer b(Protocol::kGrpc,
               [&](ServerOptions& options) { options.db_path = role.url(); });
  // A keeps no change once a newer one is logged.
  TestServer a(Protocol::kGrpc, [&](ServerOptions& options) {
    options.db_path = schema.url();
    options.postgres.change_retention = absl::ZeroDuration();
  });
  auto bob = a.SignedIn("bob");
  auto phone = a.NewClient();
  REQUIRE(phone->Login("bob", "pw-bob").ok());
  auto bob_on_b = SameSession(b, *bob);
  auto phone_on_b = SameSession(b, *phone);
  EventRecorder on_phone;
  auto live = phone_on_b->Subscribe(std::nullopt, on_phone.Callbacks());
  REQUIRE(on_phone.WaitForState(State::kLive));
  REQUIRE(bob_on_b->ListConversations().ok());

  role.BlockLogins();
  CutListener(schema, role);
  // Two changes: logging the second drops the first.
  auto tablet = a.NewClient();
  REQUIRE(tablet->Login("bob", "pw-bob").ok());
  REQUIRE(tablet->Logout().ok());
  REQUIRE(bob->Logout().ok());
  role.AllowLogins();

  // The phone's session is still good: its stream is ended to be opened
  // again, and it is.
  REQUIRE(on_phone.WaitForState(State::kReconnecting));
  CHECK(on_phone.last_status().code() == absl::StatusCode::kUnavailable);
  CHECK(bob_on_b->ListConversations().status().code() ==
        absl::StatusCode::kUnauthenticated);
  CHECK(phone_on_b->ListConversations().ok());
}

}  // namespace
}  // namespace parley::testing
