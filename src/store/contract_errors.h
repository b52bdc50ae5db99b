// The errors of the Store contract (store.h) that depend on the data rather
// than on the database, worded once so that every implementation answers a
// client in the same words.
//
// Thread safety: pure functions, safe from any thread.
#ifndef PARLEY_STORE_CONTRACT_ERRORS_H_
#define PARLEY_STORE_CONTRACT_ERRORS_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace parley::store {

// NOT_FOUND: the account with this id does not exist (any method that takes
// an account id and needs it to exist).
absl::Status NoSuchAccount(int64_t account_id);
// ALREADY_EXISTS: CreateAccount with a name taken in any case.
absl::Status NameTaken(std::string_view username);
// NOT_FOUND: FindAccount with a name no account has.
absl::Status NoAccountNamed(std::string_view username);
// NOT_FOUND: FindSession with no live session for the hash.
absl::Status NoLiveSession();
// NOT_FOUND: MarkRead with an id that is not a message to the account.
absl::Status NotAMessageToYou(int64_t message_id);
// NOT_FOUND: DeleteMessages with an id outside the account's conversations.
absl::Status NotInYourConversations(int64_t message_id);

// `ids` without repeats, in the order of their first appearance: MarkRead and
// DeleteMessages count a repeated id once.
std::vector<int64_t> DistinctIds(std::span<const int64_t> ids);

}  // namespace parley::store

#endif  // PARLEY_STORE_CONTRACT_ERRORS_H_
