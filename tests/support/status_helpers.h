// Checks of absl::Status and absl::StatusOr results in Catch2 tests, which
// report the status when they fail, and the printing of absl::StatusCode by
// name in Catch's messages.
#ifndef PARLEY_TESTS_SUPPORT_STATUS_HELPERS_H_
#define PARLEY_TESTS_SUPPORT_STATUS_HELPERS_H_

#include <catch2/catch.hpp>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace Catch {
template <>
struct StringMaker<absl::StatusCode> {
  static std::string convert(absl::StatusCode code) {
    return absl::StatusCodeToString(code);
  }
};
}  // namespace Catch

// Requires `expr`, an absl::Status, to be OK, failing the test with the status
// if it is not.
#define ASSERT_OK(expr)                     \
  do {                                      \
    const absl::Status _status = (expr);    \
    INFO("status: " << _status.ToString()); \
    REQUIRE(_status.ok());                  \
  } while (false)

// Unwraps a StatusOr in a test, failing the test with the status if it is not
// OK.
#define ASSERT_OK_AND_GET(expr)                      \
  ([&]() {                                           \
    auto _result = (expr);                           \
    INFO("status: " << _result.status().ToString()); \
    REQUIRE(_result.ok());                           \
    return *std::move(_result);                      \
  }())

#endif  // PARLEY_TESTS_SUPPORT_STATUS_HELPERS_H_
