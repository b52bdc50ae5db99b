// Reading conversations back in the Store contract (store.h): the summaries of
// ListConversations, GetHistory's pages, MessagesAfter and MessagesBetween.
// Each case runs against every implementation in store_harness.h, on a fresh
// store.
#include <catch2/catch.hpp>
#include <cstdint>
#include <vector>

#include "store/store.h"
#include "store/store_harness.h"
#include "store/store_test_helpers.h"
#include "support/status_helpers.h"

namespace parley::store::testing {
namespace {

TEMPLATE_TEST_CASE(
    "ListConversations gives one summary per peer, newest first, with counts",
    "[store]", PARLEY_STORE_HARNESSES) {
  TestType harness;
  Store& store = harness.store();
  const AccountRecord alice = NewAccount(store, "alice");
  const AccountRecord bob = NewAccount(store, "bob");
  const AccountRecord carol = NewAccount(store, "carol");
  NewAccount(store, "dave");
  Send(store, alice, bob, "a->b");
  Send(store, bob, alice, "b->a 1");
  Send(store, carol, alice, "c->a 1");
  Send(store, carol, alice, "c->a 2");
  const int64_t last_with_carol = Send(store, alice, carol, "a->c");
  const int64_t last_with_bob = Send(store, bob, alice, "b->a 2");
  Send(store, bob, carol, "not alice's");

  const std::vector<ConversationSummary> conversations =
      ASSERT_OK_AND_GET(store.ListConversations(alice.id));

  REQUIRE(conversations.size() == 2);
  CHECK(conversations[0].peer.id == bob.id);
  CHECK(conversations[0].peer.username == "bob");
  CHECK(conversations[0].unread_count == 2);
  CHECK(conversations[0].message_count == 3);
  CHECK(conversations[0].last_message.id == last_with_bob);
  CHECK(conversations[0].last_message.text == "b->a 2");
  CHECK(conversations[1].peer.id == carol.id);
  CHECK(conversations[1].unread_count == 2);
  CHECK(conversations[1].message_count == 3);
  CHECK(conversations[1].last_message.id == last_with_carol);
  CHECK(conversations[1].last_message.sender == "alice");
  CHECK(conversations[1].last_message.recipient == "carol");
}

TEMPLATE_TEST_CASE("ListConversations is empty for an account without messages",
                   "[store]", PARLEY_STORE_HARNESSES) {
  TestType harness;
  Store& store = harness.store();
  const AccountRecord alice = NewAccount(store, "alice");
  const AccountRecord bob = NewAccount(store, "bob");
  const AccountRecord carol = NewAccount(store, "carol");
  Send(store, bob, carol, "hi");
  CHECK(ASSERT_OK_AND_GET(store.ListConversations(alice.id)).empty());
}

TEMPLATE_TEST_CASE(
    "GetHistory pages both directions newest first with before_id", "[store]",
    PARLEY_STORE_HARNESSES) {
  TestType harness;
  Store& store = harness.store();
  const AccountRecord alice = NewAccount(store, "alice");
  const AccountRecord bob = NewAccount(store, "bob");
  const AccountRecord carol = NewAccount(store, "carol");
  const int64_t m1 = Send(store, alice, bob, "1");
  const int64_t m2 = Send(store, bob, alice, "2");
  Send(store, alice, carol, "elsewhere");
  const int64_t m3 = Send(store, bob, alice, "3");
  Send(store, carol, alice, "elsewhere");
  const int64_t m4 = Send(store, alice, bob, "4");
  const int64_t m5 = Send(store, bob, alice, "5");

  const std::vector<MessageRecord> first =
      ASSERT_OK_AND_GET(store.GetHistory(alice.id, bob.id, 0, 2));
  CHECK(IdsOf(first) == std::vector<int64_t>{m5, m4});
  const std::vector<MessageRecord> second =
      ASSERT_OK_AND_GET(store.GetHistory(alice.id, bob.id, m4, 2));
  CHECK(IdsOf(second) == std::vector<int64_t>{m3, m2});
  const std::vector<MessageRecord> third =
      ASSERT_OK_AND_GET(store.GetHistory(alice.id, bob.id, m2, 2));
  CHECK(IdsOf(third) == std::vector<int64_t>{m1});
  CHECK(ASSERT_OK_AND_GET(store.GetHistory(alice.id, bob.id, m1, 2)).empty());
}

TEMPLATE_TEST_CASE("GetHistory is the same from either side", "[store]",
                   PARLEY_STORE_HARNESSES) {
  TestType harness;
  Store& store = harness.store();
  const AccountRecord alice = NewAccount(store, "alice");
  const AccountRecord bob = NewAccount(store, "bob");
  Send(store, alice, bob, "1");
  Send(store, bob, alice, "2");
  Send(store, alice, bob, "3");
  CHECK(IdsOf(ASSERT_OK_AND_GET(store.GetHistory(alice.id, bob.id, 0, 10))) ==
        IdsOf(ASSERT_OK_AND_GET(store.GetHistory(bob.id, alice.id, 0, 10))));
}

TEMPLATE_TEST_CASE(
    "MessagesAfter returns messages to the account after an id, oldest first",
    "[store]", PARLEY_STORE_HARNESSES) {
  TestType harness;
  Store& store = harness.store();
  const AccountRecord alice = NewAccount(store, "alice");
  const AccountRecord bob = NewAccount(store, "bob");
  const AccountRecord carol = NewAccount(store, "carol");
  const int64_t m1 = Send(store, alice, bob, "1");
  const int64_t m2 = Send(store, carol, bob, "2");
  Send(store, bob, alice, "from bob");
  const int64_t m3 = Send(store, alice, bob, "3");
  const int64_t m4 = Send(store, carol, bob, "4");

  CHECK(IdsOf(ASSERT_OK_AND_GET(store.MessagesAfter(bob.id, m1, 2))) ==
        std::vector<int64_t>{m2, m3});
  CHECK(IdsOf(ASSERT_OK_AND_GET(store.MessagesAfter(bob.id, m3, 10))) ==
        std::vector<int64_t>{m4});
  CHECK(ASSERT_OK_AND_GET(store.MessagesAfter(bob.id, m4, 10)).empty());
}

TEMPLATE_TEST_CASE(
    "MessagesBetween returns every account's messages in an id range, oldest "
    "first",
    "[store]", PARLEY_STORE_HARNESSES) {
  TestType harness;
  Store& store = harness.store();
  const AccountRecord alice = NewAccount(store, "alice");
  const AccountRecord bob = NewAccount(store, "bob");
  const int64_t m1 = Send(store, alice, bob, "1");
  const int64_t m2 = Send(store, bob, alice, "2");
  const int64_t m3 = Send(store, alice, alice, "3");
  const int64_t m4 = Send(store, alice, bob, "4");

  const std::vector<MessageRecord> middle =
      ASSERT_OK_AND_GET(store.MessagesBetween(m1, m3, 10));
  CHECK(IdsOf(middle) == std::vector<int64_t>{m2, m3});
  REQUIRE(middle.size() == 2);
  CHECK(middle[0].sender == "bob");
  CHECK(middle[0].recipient == "alice");
  CHECK(middle[0].text == "2");
  CHECK(IdsOf(ASSERT_OK_AND_GET(store.MessagesBetween(0, m4, 3))) ==
        std::vector<int64_t>{m1, m2, m3});
  CHECK(ASSERT_OK_AND_GET(store.MessagesBetween(m4, m4 + 10, 10)).empty());
}

}  // namespace
}  // namespace parley::store::testing
