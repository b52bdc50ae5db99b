// The read state of messages in the Store contract (store.h): ReadUnread,
// MarkRead and CountUnread. Each case runs against every implementation in
// store_harness.h, on a fresh store.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "store/store.h"
#include "store/store_harness.h"
#include "store/store_test_helpers.h"
#include "support/status_helpers.h"

namespace parley::store::testing {
namespace {

TEMPLATE_TEST_CASE(
    "ReadUnread returns the oldest unread first up to the limit and counts the "
    "rest",
    "[store]", PARLEY_STORE_HARNESSES) {
  TestType harness;
  Store& store = harness.store();
  const AccountRecord alice = NewAccount(store, "alice");
  const AccountRecord bob = NewAccount(store, "bob");
  std::vector<int64_t> sent;
  sent.reserve(5);
  for (int i = 0; i < 5; ++i) sent.push_back(Send(store, alice, bob, "m"));

  const UnreadBatch batch =
      ASSERT_OK_AND_GET(store.ReadUnread(bob.id, std::nullopt, 3));

  CHECK(IdsOf(batch.messages) ==
        std::vector<int64_t>{sent[0], sent[1], sent[2]});
  CHECK(batch.remaining_unread == 2);
  CHECK(std::all_of(batch.messages.begin(), batch.messages.end(),
                    [](const MessageRecord& m) { return m.read; }));
}

TEMPLATE_TEST_CASE("ReadUnread marks what it returns read", "[store]",
                   PARLEY_STORE_HARNESSES) {
  TestType harness;
  Store& store = harness.store();
  const AccountRecord alice = NewAccount(store, "alice");
  const AccountRecord bob = NewAccount(store, "bob");
  std::vector<int64_t> sent;
  sent.reserve(3);
  for (int i = 0; i < 3; ++i) sent.push_back(Send(store, alice, bob, "m"));
  ASSERT_OK_AND_GET(store.ReadUnread(bob.id, std::nullopt, 2));

  const UnreadBatch rest =
      ASSERT_OK_AND_GET(store.ReadUnread(bob.id, std::nullopt, 2));

  CHECK(IdsOf(rest.messages) == std::vector<int64_t>{sent[2]});
  CHECK(rest.remaining_unread == 0);
  CHECK(ASSERT_OK_AND_GET(store.CountUnread(bob.id)) == 0);
  CHECK(ASSERT_OK_AND_GET(store.ReadUnread(bob.id, std::nullopt, 2))
            .messages.empty());
  CHECK(AllMessagesTo(store, bob).back().read);
}

TEMPLATE_TEST_CASE(
    "ReadUnread from a peer returns and counts only that peer's messages",
    "[store]", PARLEY_STORE_HARNESSES) {
  TestType harness;
  Store& store = harness.store();
  const AccountRecord alice = NewAccount(store, "alice");
  const AccountRecord bob = NewAccount(store, "bob");
  const AccountRecord carol = NewAccount(store, "carol");
  Send(store, alice, bob, "a1");
  const int64_t c1 = Send(store, carol, bob, "c1");
  Send(store, alice, bob, "a2");
  Send(store, carol, bob, "c2");

  const UnreadBatch batch =
      ASSERT_OK_AND_GET(store.ReadUnread(bob.id, carol.id, 1));

  CHECK(IdsOf(batch.messages) == std::vector<int64_t>{c1});
  CHECK(batch.remaining_unread == 1);
  CHECK(ASSERT_OK_AND_GET(store.CountUnread(bob.id)) == 3);
}

TEMPLATE_TEST_CASE(
    "MarkRead marks messages read and counts only those that were unread",
    "[store]", PARLEY_STORE_HARNESSES) {
  TestType harness;
  Store& store = harness.store();
  const AccountRecord alice = NewAccount(store, "alice");
  const AccountRecord bob = NewAccount(store, "bob");
  const int64_t m1 = Send(store, alice, bob, "1");
  const int64_t m2 = Send(store, alice, bob, "2");
  Send(store, alice, bob, "3");

  const std::vector<int64_t> first = {m1};
  const MarkReadResult once = ASSERT_OK_AND_GET(store.MarkRead(bob.id, first));
  CHECK(once.marked == 1);
  CHECK(once.remaining_unread == 2);

  const std::vector<int64_t> second = {m1, m2, m2};
  const MarkReadResult twice =
      ASSERT_OK_AND_GET(store.MarkRead(bob.id, second));
  CHECK(twice.marked == 1);
  CHECK(twice.remaining_unread == 1);
}

TEMPLATE_TEST_CASE(
    "MarkRead changes nothing and answers NOT_FOUND if an id is not a message "
    "to the account",
    "[store]", PARLEY_STORE_HARNESSES) {
  TestType harness;
  Store& store = harness.store();
  const AccountRecord alice = NewAccount(store, "alice");
  const AccountRecord bob = NewAccount(store, "bob");
  const int64_t to_bob = Send(store, alice, bob, "for bob");
  const int64_t from_bob = Send(store, bob, alice, "from bob");

  const std::vector<int64_t> ids = {to_bob, from_bob, from_bob + 100};
  const absl::StatusOr<MarkReadResult> result = store.MarkRead(bob.id, ids);

  CHECK(result.status().code() == absl::StatusCode::kNotFound);
  CHECK(result.status().message() ==
        absl::StrCat("message ", from_bob, " is not a message to you"));
  CHECK(ASSERT_OK_AND_GET(store.CountUnread(bob.id)) == 1);
}

TEMPLATE_TEST_CASE("CountUnread counts only unread messages to the account",
                   "[store]", PARLEY_STORE_HARNESSES) {
  TestType harness;
  Store& store = harness.store();
  const AccountRecord alice = NewAccount(store, "alice");
  const AccountRecord bob = NewAccount(store, "bob");
  const int64_t m1 = Send(store, alice, bob, "1");
  Send(store, alice, bob, "2");
  Send(store, bob, alice, "3");
  CHECK(ASSERT_OK_AND_GET(store.CountUnread(bob.id)) == 2);

  const std::vector<int64_t> ids = {m1};
  ASSERT_OK_AND_GET(store.MarkRead(bob.id, ids));

  CHECK(ASSERT_OK_AND_GET(store.CountUnread(bob.id)) == 1);
  CHECK(ASSERT_OK_AND_GET(store.CountUnread(alice.id)) == 1);
}

}  // namespace
}  // namespace parley::store::testing
