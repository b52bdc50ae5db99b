// The SQL behind the account methods of PostgresStore: creating, finding,
// deleting and listing accounts, plus the account row reader the session and
// message queries share.
//
// Every method runs its statements on the connection it was given, inside the
// transaction the caller opened (PostgresStore commits or rolls it back).
// Errors: the Store codes (store.h) for what the data says; libpqxx's
// exceptions for any failure of the database itself, which the caller maps
// (postgres_errors.h).
//
// Thread safety: as the connection's, one thread at a time.
//
// Ownership: borrows the connection, which must outlive the AccountQueries.
#ifndef PARLEY_STORE_POSTGRES_ACCOUNT_QUERIES_H_
#define PARLEY_STORE_POSTGRES_ACCOUNT_QUERIES_H_

#include <cstdint>
#include <pqxx/pqxx>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "store/postgres/postgres_connection.h"
#include "store/store.h"

namespace parley::store::postgres {

class AccountQueries {
 public:
  explicit AccountQueries(PostgresConnection& c) : c_(c) {}

  // Store::CreateAccount, in a write transaction: ALREADY_EXISTS if the name
  // is taken in any case (the unique index refuses the row).
  absl::StatusOr<AccountRecord> Create(std::string_view username,
                                       const Credentials& credentials,
                                       int64_t now_us);
  // Store::FindAccount: NOT_FOUND if no account has the name in any case.
  absl::StatusOr<AccountWithCredentials> Find(std::string_view username);
  // The name of account `account_id` (names never change); NOT_FOUND if
  // there is no such account.
  absl::StatusOr<std::string> NameOf(int64_t account_id);
  // Store::DeleteAccount, in a write transaction: NOT_FOUND if absent. Locks
  // the account first, so that no message to or from it commits between the
  // count and the delete; its sessions and messages go with it (ON DELETE
  // CASCADE).
  absl::StatusOr<DeletedAccount> Delete(int64_t account_id);
  // Store::ListAccounts, in a snapshot so that the page and the total agree.
  AccountPage List(std::string_view pattern, std::string_view after_name,
                   int limit);

 private:
  PostgresConnection& c_;
};

// The account in `row`, whose columns from `first` on are id, username and
// created_at_us. Throws a pqxx exception if they do not convert.
AccountRecord ReadAccountRow(const pqxx::row& row, int first = 0);

}  // namespace parley::store::postgres

#endif  // PARLEY_STORE_POSTGRES_ACCOUNT_QUERIES_H_
