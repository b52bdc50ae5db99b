// Opaque page tokens: what a client passes back to get the next page. The
// encoding carries a kind tag so a token from one RPC is refused by another.
#ifndef PARLEY_SERVER_PAGE_TOKEN_H_
#define PARLEY_SERVER_PAGE_TOKEN_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace parley {

std::string EncodePageToken(absl::string_view kind, absl::string_view position);
// The position inside a token of `kind`; "" for an empty token.
// INVALID_ARGUMENT otherwise.
absl::StatusOr<std::string> DecodePageToken(absl::string_view kind,
                                            absl::string_view token);

}  // namespace parley

#endif  // PARLEY_SERVER_PAGE_TOKEN_H_
