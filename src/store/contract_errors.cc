#include "store/contract_errors.h"

#include <string>
#include <unordered_set>

#include "absl/strings/str_cat.h"

namespace parley::store {

absl::Status NoSuchAccount(int64_t account_id) {
  return absl::NotFoundError(
      absl::StrCat("account ", account_id, " does not exist"));
}

absl::Status NameTaken(std::string_view username) {
  return absl::AlreadyExistsError(absl::StrCat(
      "an account named '", std::string(username), "' already exists"));
}

absl::Status NoAccountNamed(std::string_view username) {
  return absl::NotFoundError(
      absl::StrCat("no account named '", std::string(username), "'"));
}

absl::Status NoLiveSession() {
  return absl::NotFoundError("no live session for this token");
}

absl::Status NotAMessageToYou(int64_t message_id) {
  return absl::NotFoundError(
      absl::StrCat("message ", message_id, " is not a message to you"));
}

absl::Status NotInYourConversations(int64_t message_id) {
  return absl::NotFoundError(
      absl::StrCat("message ", message_id, " is not in your conversations"));
}

std::vector<int64_t> DistinctIds(std::span<const int64_t> ids) {
  std::vector<int64_t> distinct;
  std::unordered_set<int64_t> seen;
  for (const int64_t id : ids) {
    if (seen.insert(id).second) distinct.push_back(id);
  }
  return distinct;
}

}  // namespace parley::store
