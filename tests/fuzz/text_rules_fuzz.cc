// libFuzzer target: the text rules every request's names and messages pass
// (src/common/text_rules.h). Arbitrary bytes must never crash, and the rules
// must agree with each other and with a reference UTF-8 decoder written from
// RFC 3629 (no overlong forms, no surrogates, nothing past U+10FFFF). Run by
// scripts/fuzz.sh.
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "common/text_rules.h"

namespace {

// The number of code points, or nullopt for invalid UTF-8.
std::optional<size_t> ReferenceUtf8Length(std::string_view text) {
  size_t count = 0;
  size_t i = 0;
  while (i < text.size()) {
    const auto b = static_cast<unsigned char>(text[i]);
    size_t length;
    uint32_t code;
    if (b < 0x80) {
      length = 1;
      code = b;
    } else if ((b & 0xE0) == 0xC0) {
      length = 2;
      code = b & 0x1F;
    } else if ((b & 0xF0) == 0xE0) {
      length = 3;
      code = b & 0x0F;
    } else if ((b & 0xF8) == 0xF0) {
      length = 4;
      code = b & 0x07;
    } else {
      return std::nullopt;
    }
    if (i + length > text.size()) return std::nullopt;
    for (size_t k = 1; k < length; ++k) {
      const auto c = static_cast<unsigned char>(text[i + k]);
      if ((c & 0xC0) != 0x80) return std::nullopt;
      code = (code << 6) | (c & 0x3F);
    }
    const uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < least[length] || code > 0x10FFFF ||
        (code >= 0xD800 && code <= 0xDFFF)) {
      return std::nullopt;
    }
    ++count;
    i += length;
  }
  return count;
}

bool ReferenceUsername(std::string_view name) {
  if (name.empty() || name.size() > parley::kMaxUsernameLength) return false;
  for (const char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' &&
        c != '-') {
      return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const absl::string_view view(text.data(), text.size());

  const std::optional<size_t> length = parley::Utf8Length(view);
  if (length != ReferenceUtf8Length(text)) std::abort();

  for (const size_t max_chars : {size_t{1}, size_t{16}, size_t{256}}) {
    const absl::Status message = parley::ValidateMessageText(view, max_chars);
    const bool valid =
        length.has_value() && *length >= 1 && *length <= max_chars;
    if (message.ok() != valid) std::abort();
    if (!message.ok() && message.code() != absl::StatusCode::kInvalidArgument) {
      std::abort();
    }
  }

  const absl::Status username = parley::ValidateUsername(view, "username");
  if (username.ok() != ReferenceUsername(text)) std::abort();
  if (username.ok()) {
    // The uniqueness key of a valid name is a valid name, and its own key.
    const std::string key = parley::NameKey(text);
    if (!ReferenceUsername(key) || parley::NameKey(key) != key) std::abort();
  }
  return 0;
}
