#include "common/text_rules.h"

#include <cstdint>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace parley {
namespace {

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

}  // namespace

std::string NameKey(std::string_view name) {
  std::string key(name);
  absl::AsciiStrToLower(&key);
  return key;
}

absl::Status ValidateUsername(absl::string_view name, absl::string_view field) {
  if (name.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(field, " is required"));
  }
  if (name.size() > kMaxUsernameLength) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " must be at most ", kMaxUsernameLength,
                     " characters (got ", name.size(), ")"));
  }
  for (char c : name) {
    if (!IsNameChar(c)) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, " may only contain letters, digits, '_', '.' and '-'"));
    }
  }
  return absl::OkStatus();
}

std::optional<size_t> Utf8Length(absl::string_view text) {
  size_t count = 0;
  size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<uint8_t>(text[i]);
    size_t extra;
    uint32_t code_point;
    if (lead < 0x80) {
      extra = 0;
      code_point = lead;
    } else if ((lead & 0xE0) == 0xC0) {
      extra = 1;
      code_point = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      extra = 2;
      code_point = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      extra = 3;
      code_point = lead & 0x07;
    } else {
      return std::nullopt;
    }
    if (extra > text.size() - i - 1) return std::nullopt;
    for (size_t k = 1; k <= extra; ++k) {
      const auto next = static_cast<uint8_t>(text[i + k]);
      if ((next & 0xC0) != 0x80) return std::nullopt;
      code_point = (code_point << 6) | (next & 0x3F);
    }
    static constexpr uint32_t kMinForLength[] = {0, 0x80, 0x800, 0x10000};
    if (code_point < kMinForLength[extra] || code_point > 0x10FFFF ||
        (code_point >= 0xD800 && code_point <= 0xDFFF)) {
      return std::nullopt;
    }
    i += extra + 1;
    ++count;
  }
  return count;
}

absl::Status ValidateMessageText(absl::string_view text, size_t max_chars) {
  if (text.empty()) return absl::InvalidArgumentError("text must not be empty");
  std::optional<size_t> length = Utf8Length(text);
  if (!length) return absl::InvalidArgumentError("text must be valid UTF-8");
  if (*length > max_chars) {
    return absl::InvalidArgumentError(absl::StrCat(
        "text must be at most ", max_chars, " characters (got ", *length, ")"));
  }
  return absl::OkStatus();
}

}  // namespace parley
