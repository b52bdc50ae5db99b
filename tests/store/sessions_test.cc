// The sessions part of the Store contract (store.h): a session is found by its
// token's hash until it expires, and goes when deleted or expired. Each case
// runs against every implementation in store_harness.h, on a fresh store.
#include <catch2/catch.hpp>
#include <string>

#include "absl/status/status.h"
#include "store/store.h"
#include "store/store_harness.h"
#include "store/store_test_helpers.h"
#include "support/status_helpers.h"

namespace parley::store::testing {
namespace {

TEMPLATE_TEST_CASE("FindSession finds a live session with its account's name",
                   "[store]", PARLEY_STORE_HARNESSES) {
  TestType harness;
  Store& store = harness.store();
  const AccountRecord alice = NewAccount(store, "alice");
  const std::string hash("\0\x01hash\xfe", 7);
  ASSERT_OK(store.CreateSession(hash, alice.id, kNowUs + kHourUs));

  const SessionRecord session =
      ASSERT_OK_AND_GET(store.FindSession(hash, kNowUs));

  CHECK(session.account_id == alice.id);
  CHECK(session.username == "alice");
  CHECK(session.expires_at_us == kNowUs + kHourUs);
}

TEMPLATE_TEST_CASE("FindSession answers NOT_FOUND from the expiry time on",
                   "[store]", PARLEY_STORE_HARNESSES) {
  TestType harness;
  Store& store = harness.store();
  const AccountRecord alice = NewAccount(store, "alice");
  ASSERT_OK(store.CreateSession("hash", alice.id, kNowUs));
  CHECK(store.FindSession("hash", kNowUs - 1).ok());
  CHECK(store.FindSession("hash", kNowUs).status().code() ==
        absl::StatusCode::kNotFound);
}

TEMPLATE_TEST_CASE("FindSession answers NOT_FOUND for an unknown hash",
                   "[store]", PARLEY_STORE_HARNESSES) {
  TestType harness;
  Store& store = harness.store();
  const AccountRecord alice = NewAccount(store, "alice");
  ASSERT_OK(store.CreateSession("hash", alice.id, kNowUs + kHourUs));
  CHECK(store.FindSession("other", kNowUs).status().code() ==
        absl::StatusCode::kNotFound);
}

TEMPLATE_TEST_CASE("CreateSession answers NOT_FOUND for an unknown account",
                   "[store]", PARLEY_STORE_HARNESSES) {
  TestType harness;
  Store& store = harness.store();
  const AccountRecord alice = NewAccount(store, "alice");
  CHECK(store.CreateSession("hash", alice.id + 1, kNowUs + kHourUs).code() ==
        absl::StatusCode::kNotFound);
}

TEMPLATE_TEST_CASE("DeleteSession removes a session and is OK when it is gone",
                   "[store]", PARLEY_STORE_HARNESSES) {
  TestType harness;
  Store& store = harness.store();
  const AccountRecord alice = NewAccount(store, "alice");
  ASSERT_OK(store.CreateSession("hash", alice.id, kNowUs + kHourUs));

  ASSERT_OK(store.DeleteSession("hash"));

  CHECK(store.FindSession("hash", kNowUs).status().code() ==
        absl::StatusCode::kNotFound);
  ASSERT_OK(store.DeleteSession("hash"));
}

TEMPLATE_TEST_CASE(
    "DeleteExpiredSessions removes only expired sessions and counts them",
    "[store]", PARLEY_STORE_HARNESSES) {
  TestType harness;
  Store& store = harness.store();
  const AccountRecord alice = NewAccount(store, "alice");
  ASSERT_OK(store.CreateSession("old", alice.id, kNowUs - kHourUs));
  ASSERT_OK(store.CreateSession("just", alice.id, kNowUs));
  ASSERT_OK(store.CreateSession("live", alice.id, kNowUs + 1));

  CHECK(ASSERT_OK_AND_GET(store.DeleteExpiredSessions(kNowUs)) == 2);

  CHECK(store.FindSession("live", kNowUs).ok());
  CHECK(ASSERT_OK_AND_GET(store.DeleteExpiredSessions(kNowUs)) == 0);
}

}  // namespace
}  // namespace parley::store::testing
