// Paging, as ListAccounts and GetHistory share it: the page size a request
// asks for, opaque page tokens (what a client passes back to get the next
// page), and trimming a page read one row long to tell whether more follow.
// A token carries a kind tag, so a token from one RPC is refused by another.
//
// Thread safety: pure functions.
#ifndef PARLEY_SERVER_RULES_PAGING_H_
#define PARLEY_SERVER_RULES_PAGING_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace parley {

std::string EncodePageToken(absl::string_view kind, absl::string_view position);
// The position inside a token of `kind`; "" for an empty token.
// INVALID_ARGUMENT otherwise.
absl::StatusOr<std::string> DecodePageToken(absl::string_view kind,
                                            absl::string_view token);

// `requested`, or `default_size` for 0. INVALID_ARGUMENT outside 1..max_size.
absl::StatusOr<int> PageSize(int requested, int default_size, int max_size);

// For a page read with a limit of page_size + 1: drops the extra row and
// returns whether there was one (more pages follow).
template <typename Row>
bool TrimPage(std::vector<Row>& rows, int page_size) {
  if (rows.size() <= static_cast<size_t>(page_size)) return false;
  rows.resize(page_size);
  return true;
}

}  // namespace parley

#endif  // PARLEY_SERVER_RULES_PAGING_H_
