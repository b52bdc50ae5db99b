#include "common/text_rules.h"

#include <catch2/catch.hpp>

namespace parley {
namespace {

TEST_CASE("usernames are 1 to 32 characters of letters, digits, _ . -",
          "[rules]") {
  CHECK(ValidateUsername("a", "username").ok());
  CHECK(ValidateUsername("Az09_.-", "username").ok());
  CHECK(ValidateUsername(std::string(32, 'x'), "username").ok());
  CHECK(absl::IsInvalidArgument(ValidateUsername("", "username")));
  CHECK(absl::IsInvalidArgument(
      ValidateUsername(std::string(33, 'x'), "username")));
  for (const char* bad : {"a b", "a/b", "a@b", "a%b", "a*b", "\xC3\xA9"}) {
    INFO(bad);
    CHECK(absl::IsInvalidArgument(ValidateUsername(bad, "username")));
  }
}

TEST_CASE("an error names the field it is about", "[rules]") {
  CHECK(std::string(ValidateUsername("", "recipient").message())
            .find("recipient") == 0);
}

TEST_CASE("UTF-8 length counts code points", "[rules]") {
  CHECK(Utf8Length("") == 0u);
  CHECK(Utf8Length("abc") == 3u);
  CHECK(Utf8Length("\xC3\xA9") == 1u);          // é
  CHECK(Utf8Length("\xE2\x82\xAC") == 1u);      // €
  CHECK(Utf8Length("\xF0\x9F\x98\x80") == 1u);  // 😀
}

TEST_CASE("invalid UTF-8 is detected", "[rules]") {
  for (const std::string& bad :
       {std::string("\x80"), std::string("\xC3"), std::string("\xC3\x28"),
        std::string("\xC0\xAF"),          // overlong '/'
        std::string("\xED\xA0\x80"),      // surrogate
        std::string("\xF4\x90\x80\x80"),  // past U+10FFFF
        std::string("\xF8\x88\x80\x80\x80")}) {
    CHECK_FALSE(Utf8Length(bad).has_value());
  }
}

TEST_CASE("message text is 1 to max characters of valid UTF-8", "[rules]") {
  CHECK(ValidateMessageText("hi", 2).ok());
  CHECK(ValidateMessageText("\xE2\x82\xAC\xE2\x82\xAC", 2).ok());
  CHECK(absl::IsInvalidArgument(ValidateMessageText("", 2)));
  CHECK(absl::IsInvalidArgument(ValidateMessageText("abc", 2)));
  CHECK(absl::IsInvalidArgument(ValidateMessageText("\xC3", 2)));
}

}  // namespace
}  // namespace parley
