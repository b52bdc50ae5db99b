// The CLI's questions: a new password typed twice must match.
#include "client/cli/terminal.h"

#include <catch2/catch.hpp>

namespace parley::cli {
namespace {

TEST_CASE("a new password typed the same twice is taken", "[cli]") {
  absl::StatusOr<std::string> password = ConfirmedPassword("s3cret", "s3cret");
  REQUIRE(password.ok());
  CHECK(*password == "s3cret");
}

TEST_CASE(
    "a new password typed differently the second time is refused "
    "with a plain reason",
    "[cli]") {
  absl::StatusOr<std::string> password = ConfirmedPassword("s3cret", "s3cert");
  REQUIRE_FALSE(password.ok());
  CHECK(password.status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(password.status().message() ==
        "the two passwords differ; nothing was created, try again");
}

}  // namespace
}  // namespace parley::cli
