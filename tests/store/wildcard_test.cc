// Unit tests of WildcardToLike: the user's wildcards become LIKE's, everything
// else stays literal.
#include "store/wildcard.h"

#include <catch2/catch.hpp>

namespace parley::store {
namespace {

TEST_CASE("An empty wildcard pattern matches everything") {
  CHECK(WildcardToLike("") == "%");
}

TEST_CASE("A star becomes LIKE's any-run wildcard") {
  CHECK(WildcardToLike("*") == "%");
  CHECK(WildcardToLike("al*") == "al%");
}

TEST_CASE("A question mark becomes LIKE's one-character wildcard") {
  CHECK(WildcardToLike("?") == "_");
  CHECK(WildcardToLike("b?b") == "b_b");
}

TEST_CASE("Plain characters pass through unchanged") {
  CHECK(WildcardToLike("Alice.B-2") == "Alice.B-2");
}

TEST_CASE("LIKE's percent and underscore are escaped to match literally") {
  CHECK(WildcardToLike("100%") == "100\\%");
  CHECK(WildcardToLike("a_b") == "a\\_b");
}

TEST_CASE("A backslash is escaped to match itself") {
  CHECK(WildcardToLike("a\\b") == "a\\\\b");
  CHECK(WildcardToLike("\\*") == "\\\\%");
}

TEST_CASE("Wildcards and literals mix in one pattern") {
  CHECK(WildcardToLike("*_?%*") == "%\\__\\%%");
}

}  // namespace
}  // namespace parley::store
