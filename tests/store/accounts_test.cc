// The accounts part of the Store contract (store.h): creating, finding and
// deleting accounts, and listing them by wildcard, page by page. Each case runs
// against every implementation in store_harness.h, on a fresh store.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "store/store.h"
#include "store/store_harness.h"
#include "store/store_test_helpers.h"
#include "support/status_helpers.h"

namespace parley::store::testing {
namespace {

// Accounts.

TEMPLATE_TEST_CASE("FindAccount returns the credentials CreateAccount stored",
                   "[store]", PARLEY_STORE_HARNESSES) {
  TestType harness;
  Store& store = harness.store();
  const AccountRecord created = NewAccount(store, "alice");
  const AccountWithCredentials found =
      ASSERT_OK_AND_GET(store.FindAccount("alice"));
  CHECK(found.account.id == created.id);
  CHECK(found.account.username == "alice");
  CHECK(found.account.created_at_us == kNowUs);
  const Credentials expected = SomeCredentials();
  CHECK(found.credentials.salt == expected.salt);
  CHECK(found.credentials.iterations == expected.iterations);
  CHECK(found.credentials.stored_key == expected.stored_key);
  CHECK(found.credentials.server_key == expected.server_key);
}

TEMPLATE_TEST_CASE(
    "FindAccount finds a name in any case and keeps its spelling", "[store]",
    PARLEY_STORE_HARNESSES) {
  TestType harness;
  Store& store = harness.store();
  const AccountRecord created = NewAccount(store, "Alice");
  const AccountWithCredentials found =
      ASSERT_OK_AND_GET(store.FindAccount("aLIcE"));
  CHECK(found.account.id == created.id);
  CHECK(found.account.username == "Alice");
}

TEMPLATE_TEST_CASE("FindAccount answers NOT_FOUND for an unknown name",
                   "[store]", PARLEY_STORE_HARNESSES) {
  TestType harness;
  Store& store = harness.store();
  NewAccount(store, "alice");
  CHECK(store.FindAccount("bob").status().code() ==
        absl::StatusCode::kNotFound);
}

TEMPLATE_TEST_CASE("CreateAccount refuses a name taken in another case",
                   "[store]", PARLEY_STORE_HARNESSES) {
  TestType harness;
  Store& store = harness.store();
  NewAccount(store, "alice");
  const absl::StatusOr<AccountRecord> again =
      store.CreateAccount("ALICE", SomeCredentials(), kNowUs);
  CHECK(again.status().code() == absl::StatusCode::kAlreadyExists);
  CHECK(again.status().message() == "an account named 'ALICE' already exists");
}

TEMPLATE_TEST_CASE(
    "DeleteAccount removes the account with its sessions and messages",
    "[store]", PARLEY_STORE_HARNESSES) {
  TestType harness;
  Store& store = harness.store();
  const AccountRecord alice = NewAccount(store, "alice");
  const AccountRecord bob = NewAccount(store, "bob");
  Send(store, alice, bob, "hi bob");
  Send(store, bob, alice, "hi alice");
  ASSERT_OK(store.CreateSession("alice-token", alice.id, kNowUs + kHourUs));

  ASSERT_OK_AND_GET(store.DeleteAccount(alice.id));

  CHECK(store.FindAccount("alice").status().code() ==
        absl::StatusCode::kNotFound);
  CHECK(store.FindSession("alice-token", kNowUs).status().code() ==
        absl::StatusCode::kNotFound);
  CHECK(AllMessagesTo(store, bob).empty());
  CHECK(ASSERT_OK_AND_GET(store.ListConversations(bob.id)).empty());
}

TEMPLATE_TEST_CASE(
    "DeleteAccount reports the messages it removed and the peers", "[store]",
    PARLEY_STORE_HARNESSES) {
  TestType harness;
  Store& store = harness.store();
  const AccountRecord alice = NewAccount(store, "alice");
  const AccountRecord carol = NewAccount(store, "carol");
  const AccountRecord bob = NewAccount(store, "bob");
  Send(store, alice, bob, "one");
  Send(store, alice, bob, "two");
  Send(store, carol, alice, "three");
  Send(store, bob, carol, "not alice's");

  const DeletedAccount deleted =
      ASSERT_OK_AND_GET(store.DeleteAccount(alice.id));

  CHECK(deleted.deleted_messages == 3);
  CHECK(NamesOf(deleted.peers) == std::vector<std::string>{"bob", "carol"});
  CHECK(AllMessagesTo(store, carol).size() == 1);
}

TEMPLATE_TEST_CASE("DeleteAccount answers NOT_FOUND for an unknown account",
                   "[store]", PARLEY_STORE_HARNESSES) {
  TestType harness;
  Store& store = harness.store();
  const AccountRecord alice = NewAccount(store, "alice");
  CHECK(store.DeleteAccount(alice.id + 1).status().code() ==
        absl::StatusCode::kNotFound);
}

TEMPLATE_TEST_CASE(
    "A re-created name is a new account with a new id and no messages",
    "[store]", PARLEY_STORE_HARNESSES) {
  TestType harness;
  Store& store = harness.store();
  const AccountRecord bob = NewAccount(store, "bob");
  // Created last, so that a reused rowid would show.
  const AccountRecord alice = NewAccount(store, "alice");
  Send(store, bob, alice, "for the first alice");
  ASSERT_OK_AND_GET(store.DeleteAccount(alice.id));

  const AccountRecord again = NewAccount(store, "Alice");

  CHECK(again.id > alice.id);
  CHECK(ASSERT_OK_AND_GET(store.CountUnread(again.id)) == 0);
  CHECK(ASSERT_OK_AND_GET(store.ListConversations(again.id)).empty());
  CHECK(ASSERT_OK_AND_GET(store.ListConversations(bob.id)).empty());
}

// Listing accounts.

TEMPLATE_TEST_CASE(
    "ListAccounts orders names without regard to case and counts all",
    "[store]", PARLEY_STORE_HARNESSES) {
  TestType harness;
  Store& store = harness.store();
  for (const char* name : {"bob", "Alice", "carol", "alfred", "Al_x"}) {
    NewAccount(store, name);
  }
  const AccountPage page = ASSERT_OK_AND_GET(store.ListAccounts("*", "", 10));
  CHECK(NamesOf(page.accounts) ==
        std::vector<std::string>{"Al_x", "alfred", "Alice", "bob", "carol"});
  CHECK(page.total_count == 5);
}

TEMPLATE_TEST_CASE(
    "ListAccounts pages on from the last name of the previous page", "[store]",
    PARLEY_STORE_HARNESSES) {
  TestType harness;
  Store& store = harness.store();
  for (const char* name : {"bob", "Alice", "carol", "alfred", "dave"}) {
    NewAccount(store, name);
  }
  const AccountPage first = ASSERT_OK_AND_GET(store.ListAccounts("*", "", 2));
  CHECK(NamesOf(first.accounts) == std::vector<std::string>{"alfred", "Alice"});
  CHECK(first.total_count == 5);

  const AccountPage second =
      ASSERT_OK_AND_GET(store.ListAccounts("*", "ALICE", 2));
  CHECK(NamesOf(second.accounts) == std::vector<std::string>{"bob", "carol"});
  CHECK(second.total_count == 5);

  const AccountPage last =
      ASSERT_OK_AND_GET(store.ListAccounts("*", "carol", 2));
  CHECK(NamesOf(last.accounts) == std::vector<std::string>{"dave"});
  CHECK(ASSERT_OK_AND_GET(store.ListAccounts("*", "dave", 2)).accounts.empty());
}

TEMPLATE_TEST_CASE(
    "ListAccounts matches star as any run and question mark as one character",
    "[store]", PARLEY_STORE_HARNESSES) {
  TestType harness;
  Store& store = harness.store();
  for (const char* name : {"bob", "bobby", "alice", "alfred", "al"}) {
    NewAccount(store, name);
  }
  const AccountPage al = ASSERT_OK_AND_GET(store.ListAccounts("al*", "", 10));
  CHECK(NamesOf(al.accounts) ==
        std::vector<std::string>{"al", "alfred", "alice"});
  CHECK(al.total_count == 3);
  CHECK(
      NamesOf(ASSERT_OK_AND_GET(store.ListAccounts("b?b", "", 10)).accounts) ==
      std::vector<std::string>{"bob"});
  CHECK(
      NamesOf(ASSERT_OK_AND_GET(store.ListAccounts("*e*", "", 10)).accounts) ==
      std::vector<std::string>{"alfred", "alice"});
  CHECK(ASSERT_OK_AND_GET(store.ListAccounts("?", "", 10)).total_count == 0);
}

TEMPLATE_TEST_CASE("ListAccounts matches without regard to case", "[store]",
                   PARLEY_STORE_HARNESSES) {
  TestType harness;
  Store& store = harness.store();
  NewAccount(store, "Alice");
  CHECK(
      NamesOf(ASSERT_OK_AND_GET(store.ListAccounts("aLI*", "", 10)).accounts) ==
      std::vector<std::string>{"Alice"});
}

TEMPLATE_TEST_CASE("ListAccounts matches percent and underscore literally",
                   "[store]", PARLEY_STORE_HARNESSES) {
  TestType harness;
  Store& store = harness.store();
  for (const char* name : {"a_b", "axb", "a%b", "ab"}) NewAccount(store, name);
  CHECK(
      NamesOf(ASSERT_OK_AND_GET(store.ListAccounts("a_b", "", 10)).accounts) ==
      std::vector<std::string>{"a_b"});
  CHECK(
      NamesOf(ASSERT_OK_AND_GET(store.ListAccounts("a%b", "", 10)).accounts) ==
      std::vector<std::string>{"a%b"});
  CHECK(ASSERT_OK_AND_GET(store.ListAccounts("%", "", 10)).total_count == 0);
}

TEMPLATE_TEST_CASE("ListAccounts with an empty pattern matches every account",
                   "[store]", PARLEY_STORE_HARNESSES) {
  TestType harness;
  Store& store = harness.store();
  for (const char* name : {"bob", "alice"}) NewAccount(store, name);
  const AccountPage page = ASSERT_OK_AND_GET(store.ListAccounts("", "", 10));
  CHECK(NamesOf(page.accounts) == std::vector<std::string>{"alice", "bob"});
  CHECK(page.total_count == 2);
}

}  // namespace
}  // namespace parley::store::testing
