// The rules for names and message text, and the limits the API documents,
// independent of any transport: the server enforces them and the clients use
// the same definitions to check input before sending it. Each check returns OK
// or INVALID_ARGUMENT with a message that names the rule that was broken.
//
// Thread safety: pure functions and constants, safe from any thread.
#ifndef PARLEY_COMMON_TEXT_RULES_H_
#define PARLEY_COMMON_TEXT_RULES_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace parley {

inline constexpr size_t kMaxUsernameLength = 32;
// The server's default for --max_message_chars (Unicode code points).
inline constexpr size_t kDefaultMaxMessageChars = 256;
// The server's default for --max_read_limit (ReadMessages.limit).
inline constexpr int kDefaultMaxReadLimit = 100;
// Longest ListAccounts pattern, in bytes.
inline constexpr size_t kMaxPatternLength = 64;

// The key under which a name is unique: names are ASCII and compare without
// regard to case, so "Alice" and "alice" are one account.
std::string NameKey(std::string_view name);

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
