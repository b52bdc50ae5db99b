#include "store/postgres/account_queries.h"

#include <exception>
#include <string>

#include "store/contract_errors.h"
#include "store/postgres/postgres_errors.h"
#include "store/wildcard.h"

namespace parley::store::postgres {
namespace {

// Names are compared as lower(username COLLATE "C"): ASCII case folded, bytes
// otherwise, as the unique index accounts_by_name has them.

constexpr Statement kInsertAccount = {"parley_insert_account", R"sql(
  INSERT INTO accounts
    (username, salt, iterations, stored_key, server_key, created_at_us)
  VALUES ($1, $2, $3, $4, $5, $6)
  RETURNING id
)sql"};

constexpr Statement kFindAccount = {"parley_find_account", R"sql(
  SELECT id, username, created_at_us, salt, iterations, stored_key, server_key
  FROM accounts
  WHERE lower(username COLLATE "C") = lower($1::text COLLATE "C")
)sql"};

constexpr Statement kNameOf = {"parley_account_name",
                               "SELECT username FROM accounts WHERE id = $1"};

// FOR UPDATE waits for every transaction that holds a message to or from the
// account (their foreign keys lock it FOR KEY SHARE), and makes later ones
// wait for the delete.
constexpr Statement kLockAccount = {
    "parley_lock_account_for_delete",
    "SELECT 1 FROM accounts WHERE id = $1 FOR UPDATE"};

constexpr Statement kPeers = {"parley_account_peers", R"sql(
  SELECT id, username, created_at_us FROM accounts
  WHERE id IN (SELECT recipient_id FROM messages WHERE sender_id = $1
               UNION
               SELECT sender_id FROM messages WHERE recipient_id = $1)
    AND id <> $1
  ORDER BY lower(username COLLATE "C")
)sql"};

// Two counts, so that each can use an index; a message to oneself counts once.
constexpr Statement kCountMessagesOf = {"parley_count_messages_of", R"sql(
  SELECT (SELECT count(*) FROM messages WHERE sender_id = $1) +
         (SELECT count(*) FROM messages
          WHERE recipient_id = $1 AND sender_id <> $1)
)sql"};

// Sessions and messages go with the account (ON DELETE CASCADE).
constexpr Statement kDeleteAccount = {"parley_delete_account",
                                      "DELETE FROM accounts WHERE id = $1"};

constexpr Statement kListAccounts = {"parley_list_accounts", R"sql(
  SELECT id, username, created_at_us FROM accounts
  WHERE lower(username COLLATE "C") LIKE lower($1::text COLLATE "C") ESCAPE '\'
    AND lower(username COLLATE "C") > lower($2::text COLLATE "C")
  ORDER BY lower(username COLLATE "C")
  LIMIT $3
)sql"};

constexpr Statement kCountAccounts = {"parley_count_accounts", R"sql(
  SELECT count(*) FROM accounts
  WHERE lower(username COLLATE "C") LIKE lower($1::text COLLATE "C") ESCAPE '\'
)sql"};

constexpr char kUniqueViolation[] = "23505";

pqxx::binarystring Bytes(const std::string& bytes) {
  return pqxx::binarystring(bytes);
}

}  // namespace

absl::StatusOr<AccountRecord> AccountQueries::Create(
    std::string_view username, const Credentials& credentials, int64_t now_us) {
  const std::string name(username);
  pqxx::result inserted;
  try {
    inserted = c_.Exec(kInsertAccount, name, Bytes(credentials.salt),
                       static_cast<int64_t>(credentials.iterations),
                       Bytes(credentials.stored_key),
                       Bytes(credentials.server_key), now_us);
  } catch (const std::exception& e) {
    if (!IsConstraintViolation(e, kUniqueViolation)) throw;
    return NameTaken(username);
  }
  AccountRecord account;
  account.id = inserted[0][0].as<int64_t>();
  account.username = name;
  account.created_at_us = now_us;
  return account;
}

absl::StatusOr<AccountWithCredentials> AccountQueries::Find(
    std::string_view username) {
  const pqxx::result rows = c_.Exec(kFindAccount, std::string(username));
  if (rows.empty()) return NoAccountNamed(username);
  const pqxx::row row = rows[0];
  AccountWithCredentials found;
  found.account = ReadAccountRow(row);
  found.credentials.salt = pqxx::binarystring(row[3]).str();
  found.credentials.iterations = static_cast<uint32_t>(row[4].as<int64_t>());
  found.credentials.stored_key = pqxx::binarystring(row[5]).str();
  found.credentials.server_key = pqxx::binarystring(row[6]).str();
  return found;
}

absl::StatusOr<std::string> AccountQueries::NameOf(int64_t account_id) {
  const pqxx::result rows = c_.Exec(kNameOf, account_id);
  if (rows.empty()) return NoSuchAccount(account_id);
  return rows[0][0].as<std::string>();
}

absl::StatusOr<DeletedAccount> AccountQueries::Delete(int64_t account_id) {
  if (c_.Exec(kLockAccount, account_id).empty()) {
    return NoSuchAccount(account_id);
  }
  DeletedAccount deleted;
  for (const pqxx::row& row : c_.Exec(kPeers, account_id)) {
    deleted.peers.push_back(ReadAccountRow(row));
  }
  deleted.deleted_messages =
      c_.Exec(kCountMessagesOf, account_id)[0][0].as<int64_t>();
  c_.Exec(kDeleteAccount, account_id);
  return deleted;
}

AccountPage AccountQueries::List(std::string_view pattern,
                                 std::string_view after_name, int limit) {
  const std::string like = WildcardToLike(pattern);
  AccountPage page;
  for (const pqxx::row& row :
       c_.Exec(kListAccounts, like, std::string(after_name), limit)) {
    page.accounts.push_back(ReadAccountRow(row));
  }
  page.total_count = c_.Exec(kCountAccounts, like)[0][0].as<int64_t>();
  return page;
}

AccountRecord ReadAccountRow(const pqxx::row& row, int first) {
  AccountRecord account;
  account.id = row[first].as<int64_t>();
  account.username = row[first + 1].as<std::string>();
  account.created_at_us = row[first + 2].as<int64_t>();
  return account;
}

}  // namespace parley::store::postgres
