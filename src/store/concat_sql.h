// Joins SQL fragments into one constant text at compile time, so that
// statements can share a fragment (sqlite/message_row.h has one) and each still
// be a single string: each store keys its cache of prepared statements by the
// text.
//
// Thread safety: a pure constexpr function.
#ifndef PARLEY_STORE_CONCAT_SQL_H_
#define PARLEY_STORE_CONCAT_SQL_H_

#include <array>
#include <cstddef>
#include <string_view>

namespace parley::store {

// `parts` one after another and a terminating NUL, to be passed to Prepare as
// .data(). Each part is a string literal or a constexpr char array.
template <size_t... kSizes>
constexpr std::array<char, (kSizes + ...) - sizeof...(kSizes) + 1> ConcatSql(
    const char (&... parts)[kSizes]) {
  std::array<char, (kSizes + ...) - sizeof...(kSizes) + 1> text{};
  size_t end = 0;
  for (const std::string_view part : {std::string_view(parts, kSizes - 1)...}) {
    for (const char c : part) text[end++] = c;
  }
  return text;
}

}  // namespace parley::store

#endif  // PARLEY_STORE_CONCAT_SQL_H_
