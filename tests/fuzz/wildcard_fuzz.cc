// libFuzzer target: the account search's wildcard patterns
// (src/store/wildcard.h). The input is a pattern and a name, split at the
// first NUL byte. The LIKE pattern WildcardToLike makes must match the name
// exactly when the wildcard does, judged by two small reference matchers
// written from the rules (the wildcard's `*` and `?`, and SQL LIKE's `%`, `_`
// and `\` escape); both compare bytes and ASCII case-insensitively, as
// SQLite's LIKE does for ASCII. Run by scripts/fuzz.sh.
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "store/wildcard.h"

namespace {

enum class Token { kAny, kOne, kByte };
struct Item {
  Token token;
  char byte;
};

bool SameByte(char a, char b) {
  return std::tolower(static_cast<unsigned char>(a)) ==
         std::tolower(static_cast<unsigned char>(b));
}

// Whether `items` matches all of `name`, by dynamic programming (no
// exponential backtracking on patterns like "*a*a*a*b").
bool Matches(const std::vector<Item>& items, std::string_view name) {
  std::vector<bool> row(name.size() + 1, false);
  row[0] = true;
  for (const Item& item : items) {
    std::vector<bool> next(name.size() + 1, false);
    for (size_t j = 0; j <= name.size(); ++j) {
      if (item.token == Token::kAny) {
        next[j] = row[j] || (j > 0 && next[j - 1]);
      } else if (j > 0) {
        next[j] = row[j - 1] && (item.token == Token::kOne ||
                                 SameByte(item.byte, name[j - 1]));
      }
    }
    row = std::move(next);
  }
  return row[name.size()];
}

std::vector<Item> ParseWildcard(std::string_view pattern) {
  std::vector<Item> items;
  for (const char c : pattern) {
    items.push_back({c == '*'   ? Token::kAny
                     : c == '?' ? Token::kOne
                                : Token::kByte,
                     c});
  }
  return items;
}

std::vector<Item> ParseLike(std::string_view like) {
  std::vector<Item> items;
  for (size_t i = 0; i < like.size(); ++i) {
    const char c = like[i];
    if (c == '\\') {
      // WildcardToLike never ends a pattern with a lone escape.
      if (i + 1 == like.size()) std::abort();
      items.push_back({Token::kByte, like[++i]});
    } else {
      items.push_back({c == '%'   ? Token::kAny
                       : c == '_' ? Token::kOne
                                  : Token::kByte,
                       c});
    }
  }
  return items;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t nul = input.find('\0');
  const std::string_view pattern = input.substr(0, nul);
  const std::string_view name = nul == std::string_view::npos
                                    ? std::string_view()
                                    : input.substr(nul + 1);

  const std::string like = parley::store::WildcardToLike(pattern);
  // An empty pattern matches everything.
  const std::vector<Item> wildcard = pattern.empty()
                                         ? std::vector<Item>{{Token::kAny, '*'}}
                                         : ParseWildcard(pattern);
  if (Matches(wildcard, name) != Matches(ParseLike(like), name)) std::abort();
  return 0;
}
