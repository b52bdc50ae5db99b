// The one definition of a message row in the PostgreSQL store: the columns
// every statement that returns messages selects, the joins that bring in the
// sender's and the recipient's names, and the reader that turns such a row
// into a MessageRecord. A statement names the message `m` in its FROM clause
// and builds its text with ConcatSql (store/concat_sql.h):
//
//   ConcatSql("SELECT ", kMessageRowColumns, " FROM messages m ",
//             kMessageRowJoins, " WHERE ...")
//
// Thread safety: the reader only reads the result it is given.
#ifndef PARLEY_STORE_POSTGRES_MESSAGE_ROW_H_
#define PARLEY_STORE_POSTGRES_MESSAGE_ROW_H_

#include <pqxx/pqxx>
#include <vector>

#include "store/store.h"

namespace parley::store::postgres {

// In the order ReadMessageRow reads them.
inline constexpr char kMessageRowColumns[] =
    "m.id, m.sender_id, s.username, m.recipient_id, r.username, m.body, "
    "m.sent_at_us, m.read";

// The sender `s` and the recipient `r` of the message `m`.
inline constexpr char kMessageRowJoins[] =
    "JOIN accounts s ON s.id = m.sender_id "
    "JOIN accounts r ON r.id = m.recipient_id";

// The message in `row`, whose columns from `first` on are kMessageRowColumns.
// Throws a pqxx exception if they do not convert.
MessageRecord ReadMessageRow(const pqxx::row& row, int first = 0);

// Every message of `rows`, whose columns are kMessageRowColumns, in order.
std::vector<MessageRecord> ReadMessageRows(const pqxx::result& rows);

}  // namespace parley::store::postgres

#endif  // PARLEY_STORE_POSTGRES_MESSAGE_ROW_H_
