#include "store/sqlite/statement_util.h"

#include <string>
#include <unordered_set>

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

std::vector<int64_t> Distinct(std::span<const int64_t> ids) {
  std::vector<int64_t> distinct;
  std::unordered_set<int64_t> seen;
  for (const int64_t id : ids) {
    if (seen.insert(id).second) distinct.push_back(id);
  }
  return distinct;
}

}  // namespace parley::store
