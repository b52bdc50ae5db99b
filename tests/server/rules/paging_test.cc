#include "server/rules/paging.h"

#include <catch2/catch.hpp>

namespace parley {
namespace {

TEST_CASE("a page token round-trips its position", "[paging]") {
  auto decoded =
      DecodePageToken("accounts", EncodePageToken("accounts", "bob"));
  REQUIRE(decoded.ok());
  CHECK(*decoded == "bob");
  CHECK(DecodePageToken("accounts", "")->empty());
}

TEST_CASE("a token from another RPC or garbage is refused", "[paging]") {
  CHECK(absl::IsInvalidArgument(
      DecodePageToken("history", EncodePageToken("accounts", "bob")).status()));
  CHECK(absl::IsInvalidArgument(DecodePageToken("history", "%%%").status()));
}

}  // namespace
}  // namespace parley
