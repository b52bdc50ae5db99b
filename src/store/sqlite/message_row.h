// The one definition of a message row: the columns every statement that
// returns messages selects, the joins that bring in the sender's and the
// recipient's names, and the reader that turns such a row into a
// MessageRecord. A statement names the message `m` in its FROM clause and
// builds its text with ConcatSql (store/concat_sql.h):
//
//   ConcatSql("SELECT ", kMessageRowColumns, " FROM messages m ",
//             kMessageRowJoins, " WHERE ...")
//
// Thread safety: the reader only reads the statement it is given, which its
// caller uses alone.
#ifndef PARLEY_STORE_SQLITE_MESSAGE_ROW_H_
#define PARLEY_STORE_SQLITE_MESSAGE_ROW_H_

#include <SQLiteCpp/SQLiteCpp.h>

#include <vector>

#include "store/store.h"

namespace parley::store {

// In the order ReadMessageRow reads them.
inline constexpr char kMessageRowColumns[] =
    "m.id, m.sender_id, s.username, m.recipient_id, r.username, m.body, "
    "m.sent_at_us, m.read";

// The sender `s` and the recipient `r` of the message `m`.
inline constexpr char kMessageRowJoins[] =
    "JOIN accounts s ON s.id = m.sender_id "
    "JOIN accounts r ON r.id = m.recipient_id";

// The message in the current row of `row`, whose columns from `first` on are
// kMessageRowColumns. Throws SQLite::Exception if there is no current row.
MessageRecord ReadMessageRow(const SQLite::Statement& row, int first = 0);

// Steps `query`, whose columns are kMessageRowColumns, to its end and returns
// every message in the order of its rows. Throws SQLite::Exception if a step
// fails.
std::vector<MessageRecord> ReadMessageRows(SQLite::Statement& query);

}  // namespace parley::store

#endif  // PARLEY_STORE_SQLITE_MESSAGE_ROW_H_
