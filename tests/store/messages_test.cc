// The messages part of the Store contract (store.h) that stores and deletes:
// AppendMessages and its ids, text kept byte for byte, DeleteMessages, and
// writers on many threads at once. Each case runs against every implementation
// in store_harness.h, on a fresh store.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <thread>
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

// Appending messages.

TEMPLATE_TEST_CASE("AppendMessages returns increasing ids in input order",
                   "[store]", PARLEY_STORE_HARNESSES) {
  TestType harness;
  Store& store = harness.store();
  const AccountRecord alice = NewAccount(store, "alice");
  const AccountRecord bob = NewAccount(store, "bob");
  const std::vector<NewMessage> batch = {{alice.id, bob.id, "one", kNowUs},
                                         {bob.id, alice.id, "two", kNowUs},
                                         {alice.id, bob.id, "three", kNowUs}};

  const std::vector<int64_t> ids =
      ASSERT_OK_AND_GET(store.AppendMessages(batch));
  const int64_t later = Send(store, alice, bob, "four");

  REQUIRE(ids.size() == 3);
  CHECK(ids[0] < ids[1]);
  CHECK(ids[1] < ids[2]);
  CHECK(ids[2] < later);
  const std::vector<MessageRecord> to_bob = AllMessagesTo(store, bob);
  CHECK(IdsOf(to_bob) == std::vector<int64_t>{ids[0], ids[2], later});
  CHECK(to_bob[0].text == "one");
  CHECK(to_bob[0].sender == "alice");
  CHECK(to_bob[0].recipient == "bob");
  CHECK(to_bob[0].sent_at_us == kNowUs);
  CHECK_FALSE(to_bob[0].read);
}

TEMPLATE_TEST_CASE(
    "AppendMessages with an unknown recipient stores nothing and answers "
    "NOT_FOUND",
    "[store]", PARLEY_STORE_HARNESSES) {
  TestType harness;
  Store& store = harness.store();
  const AccountRecord alice = NewAccount(store, "alice");
  const AccountRecord bob = NewAccount(store, "bob");
  const int64_t nobody = bob.id + 1;
  const std::vector<NewMessage> batch = {{alice.id, bob.id, "fine", kNowUs},
                                         {alice.id, nobody, "lost", kNowUs}};

  const absl::StatusOr<std::vector<int64_t>> ids = store.AppendMessages(batch);

  CHECK(ids.status().code() == absl::StatusCode::kNotFound);
  CHECK(ids.status().message() ==
        absl::StrCat("account ", nobody, " does not exist"));
  CHECK(AllMessagesTo(store, bob).empty());
}

TEMPLATE_TEST_CASE("AppendMessages with no messages returns no ids", "[store]",
                   PARLEY_STORE_HARNESSES) {
  TestType harness;
  Store& store = harness.store();
  CHECK(ASSERT_OK_AND_GET(store.AppendMessages({})).empty());
}

TEMPLATE_TEST_CASE("Message text is stored byte for byte", "[store]",
                   PARLEY_STORE_HARNESSES) {
  TestType harness;
  Store& store = harness.store();
  const AccountRecord alice = NewAccount(store, "alice");
  const AccountRecord bob = NewAccount(store, "bob");
  const std::vector<std::string> texts = {
      "Robert'); DROP TABLE messages;--",
      "h\xc3\xa9llo \xf0\x9f\x91\x8b\xf0\x9f\x8f\xbd \xe4\xb8\x96\xe7\x95\x8c",
      "she said \"hi\", then 'bye' \\ % _ * ?",
      "line one\nline two\r\n\ttabbed",
      std::string("nul\0inside", 10),
      ""};
  for (const std::string& text : texts) Send(store, alice, bob, text);

  std::vector<std::string> stored;
  for (const MessageRecord& message : AllMessagesTo(store, bob)) {
    stored.push_back(message.text);
  }
  CHECK(stored == texts);
}

TEMPLATE_TEST_CASE(
    "Message ids are not reused after the newest message is deleted", "[store]",
    PARLEY_STORE_HARNESSES) {
  TestType harness;
  Store& store = harness.store();
  const AccountRecord alice = NewAccount(store, "alice");
  const AccountRecord bob = NewAccount(store, "bob");
  const int64_t first = Send(store, alice, bob, "first");
  const std::vector<int64_t> ids = {first};
  ASSERT_OK_AND_GET(store.DeleteMessages(alice.id, ids));

  CHECK(Send(store, alice, bob, "second") > first);
}

// Deleting messages.

TEMPLATE_TEST_CASE(
    "DeleteMessages lets sender and recipient delete and returns the messages",
    "[store]", PARLEY_STORE_HARNESSES) {
  TestType harness;
  Store& store = harness.store();
  const AccountRecord alice = NewAccount(store, "alice");
  const AccountRecord bob = NewAccount(store, "bob");
  const int64_t m1 = Send(store, alice, bob, "one");
  const int64_t m2 = Send(store, alice, bob, "two");

  const std::vector<int64_t> by_sender = {m1};
  const std::vector<MessageRecord> sender_deleted =
      ASSERT_OK_AND_GET(store.DeleteMessages(alice.id, by_sender));
  const std::vector<int64_t> by_recipient = {m2};
  const std::vector<MessageRecord> recipient_deleted =
      ASSERT_OK_AND_GET(store.DeleteMessages(bob.id, by_recipient));

  REQUIRE(sender_deleted.size() == 1);
  CHECK(sender_deleted[0].id == m1);
  CHECK(sender_deleted[0].text == "one");
  CHECK(sender_deleted[0].sender == "alice");
  CHECK(sender_deleted[0].recipient == "bob");
  CHECK(IdsOf(recipient_deleted) == std::vector<int64_t>{m2});
  CHECK(AllMessagesTo(store, bob).empty());
}

TEMPLATE_TEST_CASE(
    "DeleteMessages deletes nothing and answers NOT_FOUND if an id is outside "
    "the account's conversations",
    "[store]", PARLEY_STORE_HARNESSES) {
  TestType harness;
  Store& store = harness.store();
  const AccountRecord alice = NewAccount(store, "alice");
  const AccountRecord bob = NewAccount(store, "bob");
  const AccountRecord carol = NewAccount(store, "carol");
  const int64_t mine = Send(store, alice, bob, "mine");
  const int64_t theirs = Send(store, bob, carol, "theirs");

  const std::vector<int64_t> ids = {mine, theirs + 100, theirs};
  const absl::StatusOr<std::vector<MessageRecord>> deleted =
      store.DeleteMessages(alice.id, ids);

  CHECK(deleted.status().code() == absl::StatusCode::kNotFound);
  CHECK(
      deleted.status().message() ==
      absl::StrCat("message ", theirs + 100, " is not in your conversations"));
  CHECK(IdsOf(AllMessagesTo(store, bob)) == std::vector<int64_t>{mine});
  CHECK(IdsOf(AllMessagesTo(store, carol)) == std::vector<int64_t>{theirs});
}

TEMPLATE_TEST_CASE("DeleteMessages counts a repeated id once", "[store]",
                   PARLEY_STORE_HARNESSES) {
  TestType harness;
  Store& store = harness.store();
  const AccountRecord alice = NewAccount(store, "alice");
  const AccountRecord bob = NewAccount(store, "bob");
  const int64_t m1 = Send(store, alice, bob, "one");

  const std::vector<int64_t> ids = {m1, m1};
  CHECK(IdsOf(ASSERT_OK_AND_GET(store.DeleteMessages(alice.id, ids))) ==
        std::vector<int64_t>{m1});
}

// Concurrency.

TEMPLATE_TEST_CASE("Concurrent AppendMessages from many threads loses nothing",
                   "[store]", PARLEY_STORE_HARNESSES) {
  TestType harness;
  Store& store = harness.store();
  constexpr int kThreads = 8;
  constexpr int kPerThread = 200;
  constexpr size_t kMessages = size_t{kThreads} * kPerThread;
  const AccountRecord alice = NewAccount(store, "alice");
  const AccountRecord bob = NewAccount(store, "bob");
  std::vector<std::vector<int64_t>> ids(kThreads);
  std::vector<absl::Status> failures(kThreads);

  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const NewMessage message{alice.id, bob.id, absl::StrCat(t, "/", i),
                                 kNowUs};
        absl::StatusOr<std::vector<int64_t>> appended =
            store.AppendMessages({&message, 1});
        if (!appended.ok()) {
          failures[t] = appended.status();
          return;
        }
        ids[t].push_back(appended->front());
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  for (const absl::Status& failure : failures) ASSERT_OK(failure);
  std::set<int64_t> distinct;
  for (const std::vector<int64_t>& thread_ids : ids) {
    CHECK(std::is_sorted(thread_ids.begin(), thread_ids.end()));
    distinct.insert(thread_ids.begin(), thread_ids.end());
  }
  CHECK(distinct.size() == kMessages);
  std::set<std::string> texts;
  for (const MessageRecord& message : AllMessagesTo(store, bob)) {
    texts.insert(message.text);
  }
  CHECK(texts.size() == kMessages);
}

}  // namespace
}  // namespace parley::store::testing
