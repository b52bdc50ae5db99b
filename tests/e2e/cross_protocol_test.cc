// End-to-end: the three protocols share one core, so what a client of one
// sends reaches the live streams of every other, in the same order.
#include <catch2/catch.hpp>
#include <map>

#include "absl/strings/str_cat.h"
#include "support/test_server.h"

namespace parley::testing {
namespace {

using State = LiveSubscription::State;

TEST_CASE(
    "a message sent over any protocol reaches live subscribers of every "
    "protocol, in one order",
    "[subscribe][protocols]") {
  TestServer server;
  // Bob signed in on one device per protocol, each with a live stream.
  std::map<Protocol, std::unique_ptr<ChatClient>> bob;
  std::map<Protocol, EventRecorder> on_bob;
  std::map<Protocol, std::unique_ptr<LiveSubscription>> streams;
  bob[Protocol::kGrpc] = server.SignedIn(Protocol::kGrpc, "bob");
  for (Protocol protocol : kAllProtocols) {
    if (protocol != Protocol::kGrpc) {
      bob[protocol] = server.NewClient(protocol);
      ASSERT_OK_AND_GET(bob[protocol]->Login("bob", "pw-bob"));
    }
    streams[protocol] =
        bob[protocol]->Subscribe(std::nullopt, on_bob[protocol].Callbacks());
  }
  for (Protocol protocol : kAllProtocols) {
    REQUIRE(on_bob[protocol].WaitForState(State::kLive));
  }
  // Alice sends one message over each protocol.
  auto alice = server.SignedIn(Protocol::kGrpc, "alice");
  std::vector<int64_t> sent_ids;
  for (Protocol protocol : kAllProtocols) {
    auto sender = server.NewClient(protocol);
    sender->set_token(alice->token());
    sent_ids.push_back(
        ASSERT_OK_AND_GET(
            sender->SendMessage(
                "bob", absl::StrCat("sent over ", ProtocolName(protocol))))
            .id());
  }
  for (Protocol receiver : kAllProtocols) {
    INFO("received over " << ProtocolName(receiver));
    REQUIRE(on_bob[receiver].WaitFor([](const auto& events) {
      return std::count_if(events.begin(), events.end(),
                           [](const auto& e) { return e.has_message(); }) >= 3;
    }));
    const std::vector<chat::v1::Message> messages = on_bob[receiver].messages();
    REQUIRE(messages.size() == 3);
    for (size_t i = 0; i < messages.size(); ++i) {
      const Protocol sender = kAllProtocols[i];
      INFO("sent over " << ProtocolName(sender));
      CHECK(messages[i].id() == sent_ids[i]);
      CHECK(messages[i].sender() == "alice");
      CHECK(messages[i].text() ==
            absl::StrCat("sent over ", ProtocolName(sender)));
    }
  }
  CHECK(server.server().subscriber_count() == 3);
}

TEST_CASE(
    "a client that speaks the wrong protocol for a port gets UNAVAILABLE, "
    "and the server goes on",
    "[protocols]") {
  TestServer server;
  for (size_t i = 0; i < kAllProtocols.size(); ++i) {
    const Protocol spoken = kAllProtocols[i];
    const Protocol listener = kAllProtocols[(i + 1) % kAllProtocols.size()];
    INFO(ProtocolName(spoken)
         << " to the " << ProtocolName(listener) << " port");
    ClientOptions options = server.ClientOptionsFor(spoken);
    options.address = server.address(listener);
    options.call_timeout = absl::Seconds(5);
    auto confused = ASSERT_OK_AND_GET(ChatClient::Connect(options));
    CHECK(confused->ListConversations().status().code() ==
          absl::StatusCode::kUnavailable);
  }
  for (Protocol protocol : kAllProtocols) {
    INFO(ProtocolName(protocol));
    CHECK(
        server.NewClient(protocol)->ListAccounts("*", 0, "").status().code() ==
        absl::StatusCode::kUnauthenticated);
  }
}

}  // namespace
}  // namespace parley::testing
