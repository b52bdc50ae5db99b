#include "store/sqlite/statement_util.h"

#include <string>

namespace parley::store {

void BindBlob(SQLite::Statement& statement, int index, std::string_view bytes) {
  // A null pointer would bind SQL NULL instead of an empty blob.
  statement.bind(index, bytes.empty() ? "" : bytes.data(),
                 static_cast<int>(bytes.size()));
}

void BindText(SQLite::Statement& statement, int index, std::string_view text) {
  statement.bind(index, std::string(text));
}

int64_t ReadCount(SQLite::Statement& query) {
  query.executeStep();
  return query.getColumn(0).getInt64();
}

}  // namespace parley::store
