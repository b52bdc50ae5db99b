// The rules for names and message text, independent of any transport. Each
// check returns OK or INVALID_ARGUMENT with a message that names the rule that
// was broken.
#ifndef PARLEY_COMMON_TEXT_RULES_H_
#define PARLEY_COMMON_TEXT_RULES_H_

#include <cstddef>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace parley {

inline constexpr size_t kMaxUsernameLength = 32;

// 1 to 32 characters of [A-Za-z0-9_.-]. `field` names the request field in the
// error.
absl::Status ValidateUsername(absl::string_view name, absl::string_view field);

// The number of Unicode code points in `text`, or nullopt if it is not valid
// UTF-8 (overlong forms, surrogates and code points past U+10FFFF are invalid).
std::optional<size_t> Utf8Length(absl::string_view text);

// Valid UTF-8 of 1 to `max_chars` code points.
absl::Status ValidateMessageText(absl::string_view text, size_t max_chars);

}  // namespace parley

#endif  // PARLEY_COMMON_TEXT_RULES_H_
