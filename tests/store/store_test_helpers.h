// What the store suites share besides their harness: fixed times and
// credentials, one-line ways to create an account, send a message and list an
// account's messages (each failing the test if the store refuses), and the ids
// or names of what a call returned, for comparing with what a test expects.
//
// Thread safety: the helpers only call the Store they are given.
#ifndef PARLEY_TESTS_STORE_STORE_TEST_HELPERS_H_
#define PARLEY_TESTS_STORE_STORE_TEST_HELPERS_H_

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/store.h"
#include "support/status_helpers.h"

namespace parley::store::testing {

// The time the suites' accounts are created and their messages sent at.
inline constexpr int64_t kNowUs = 1'700'000'000'000'000;
inline constexpr int64_t kHourUs = 3'600'000'000;

// Credentials with a NUL and a high byte in the salt, which must survive.
inline Credentials SomeCredentials() {
  Credentials credentials;
  credentials.salt = std::string("s\0alt\xff", 6);
  credentials.iterations = 4096;
  credentials.stored_key = std::string(32, '\x01');
  credentials.server_key = std::string(32, '\x02');
  return credentials;
}

inline std::vector<int64_t> IdsOf(const std::vector<MessageRecord>& messages) {
  std::vector<int64_t> ids;
  ids.reserve(messages.size());
  for (const MessageRecord& message : messages) ids.push_back(message.id);
  return ids;
}

inline std::vector<std::string> NamesOf(
    const std::vector<AccountRecord>& accounts) {
  std::vector<std::string> names;
  names.reserve(accounts.size());
  for (const AccountRecord& account : accounts) {
    names.push_back(account.username);
  }
  return names;
}

// Creates the account `name` with SomeCredentials() at kNowUs.
inline AccountRecord NewAccount(Store& store, std::string_view name) {
  return ASSERT_OK_AND_GET(
      store.CreateAccount(name, SomeCredentials(), kNowUs));
}

// Stores one message sent at kNowUs and returns its id.
inline int64_t Send(Store& store, const AccountRecord& from,
                    const AccountRecord& to, std::string text) {
  const NewMessage message{from.id, to.id, std::move(text), kNowUs};
  return ASSERT_OK_AND_GET(store.AppendMessages({&message, 1})).front();
}

// Every message to `account`, oldest first.
inline std::vector<MessageRecord> AllMessagesTo(Store& store,
                                                const AccountRecord& account) {
  return ASSERT_OK_AND_GET(store.MessagesAfter(account.id, 0, 100000));
}

}  // namespace parley::store::testing

#endif  // PARLEY_TESTS_STORE_STORE_TEST_HELPERS_H_
