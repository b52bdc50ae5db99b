// Small helpers for binding values to SQLite statements and reading results,
// shared by the query files (account_queries.h, session_queries.h,
// message_queries.h).
//
// Thread safety: each works on the one statement it is given, which its
// caller uses alone.
#ifndef PARLEY_STORE_SQLITE_STATEMENT_UTIL_H_
#define PARLEY_STORE_SQLITE_STATEMENT_UTIL_H_

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <string_view>

namespace parley::store {

// Binds `bytes` as a BLOB at the 1-based `index`; empty bytes bind an empty
// blob, not NULL. SQLite copies the bytes. Throws SQLite::Exception on failure.
void BindBlob(SQLite::Statement& statement, int index, std::string_view bytes);

// Binds `text` as TEXT at the 1-based `index`. SQLite keeps its own copy.
// Throws SQLite::Exception on failure.
void BindText(SQLite::Statement& statement, int index, std::string_view text);

// Steps `query`, a SELECT of one integer in one row, and returns that integer.
// Throws SQLite::Exception if the step fails or yields no row.
int64_t ReadCount(SQLite::Statement& query);

}  // namespace parley::store

#endif  // PARLEY_STORE_SQLITE_STATEMENT_UTIL_H_
