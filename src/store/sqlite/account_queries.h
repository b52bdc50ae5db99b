// The SQL behind the account methods of SqliteStore: creating, finding,
// deleting and listing accounts, plus the account checks and row reader the
// session and message queries share.
//
// Every method runs its statements on the connection it was given, inside the
// transaction the caller opened (SqliteStore commits or rolls it back).
// Errors: the Store codes (store.h) for what the data says; SQLite::Exception
// for any failure of SQLite itself, which the caller turns into INTERNAL.
//
// Thread safety: as the connection's, one thread at a time.
//
// Ownership: borrows the connection, which must outlive the AccountQueries.
#ifndef PARLEY_STORE_SQLITE_ACCOUNT_QUERIES_H_
#define PARLEY_STORE_SQLITE_ACCOUNT_QUERIES_H_

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "store/sqlite/sqlite_connection.h"
#include "store/store.h"

namespace parley::store {

class AccountQueries {
 public:
  explicit AccountQueries(SqliteConnection& c) : c_(c) {}

  // Store::CreateAccount: ALREADY_EXISTS if the name is taken in any case.
  absl::StatusOr<AccountRecord> Create(std::string_view username,
                                       const Credentials& credentials,
                                       int64_t now_us);
  // Store::FindAccount: NOT_FOUND if no account has the name in any case.
  absl::StatusOr<AccountWithCredentials> Find(std::string_view username);
  // Store::DeleteAccount, in a write transaction: NOT_FOUND if absent. The
  // account's sessions and messages go with it (ON DELETE CASCADE).
  absl::StatusOr<DeletedAccount> Delete(int64_t account_id);
  // Store::ListAccounts, in a read transaction so that the page and the
  // total agree.
  AccountPage List(std::string_view pattern, std::string_view after_name,
                   int limit);
  // Whether an account with this id exists.
  bool Exists(int64_t account_id);

 private:
  SqliteConnection& c_;
};

// The account in the current row of `row`, whose columns from `first` on are
// id, username and created_at_us. Throws SQLite::Exception if there is no
// current row.
AccountRecord ReadAccountRow(const SQLite::Statement& row, int first = 0);

}  // namespace parley::store

#endif  // PARLEY_STORE_SQLITE_ACCOUNT_QUERIES_H_
