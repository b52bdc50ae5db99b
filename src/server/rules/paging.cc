#include "server/rules/paging.h"

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace parley {

std::string EncodePageToken(absl::string_view kind,
                            absl::string_view position) {
  return absl::WebSafeBase64Escape(absl::StrCat(kind, ":", position));
}

absl::StatusOr<std::string> DecodePageToken(absl::string_view kind,
                                            absl::string_view token) {
  if (token.empty()) return std::string();
  std::string raw;
  const std::string prefix = absl::StrCat(kind, ":");
  if (!absl::WebSafeBase64Unescape(token, &raw) ||
      !absl::StartsWith(raw, prefix) || raw.size() == prefix.size()) {
    return absl::InvalidArgumentError(
        "page_token is not valid here; pass the next_page_token of the "
        "previous page");
  }
  return raw.substr(prefix.size());
}

absl::StatusOr<int> PageSize(int requested, int default_size, int max_size) {
  if (requested == 0) return default_size;
  if (requested < 1 || requested > max_size) {
    return absl::InvalidArgumentError(
        absl::StrCat("page_size must be between 1 and ", max_size, " (got ",
                     requested, "); 0 means ", default_size));
  }
  return requested;
}

}  // namespace parley
