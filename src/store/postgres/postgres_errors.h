// What a failure of libpqxx or PostgreSQL means for a Store call: the status
// the caller gets, whether the connection may be used again, and whether the
// call may simply run again.
//
// Thread safety: pure functions, safe from any thread.
#ifndef PARLEY_STORE_POSTGRES_POSTGRES_ERRORS_H_
#define PARLEY_STORE_POSTGRES_POSTGRES_ERRORS_H_

#include <exception>
#include <string_view>

#include "absl/status/status.h"

namespace parley::store::postgres {

struct DatabaseFailure {
  // UNAVAILABLE when the server cannot be reached, went away, or is shutting
  // down (and when a commit's outcome is unknown, which the message says);
  // INTERNAL, with PostgreSQL's message, for anything else.
  absl::Status status;
  // The connection is broken and must be closed, not reused; the other idle
  // connections of the pool are probably broken too.
  bool connection_lost = false;
  // A deadlock or serialization failure: PostgreSQL undid the transaction,
  // and running the call again may succeed.
  bool retryable = false;
};

// Classifies `e`, thrown by a libpqxx call.
DatabaseFailure DescribeFailure(const std::exception& e);

// True if `e` is a violation of the constraint class `sqlstate` names
// ("23505" unique, "23503" foreign key).
bool IsConstraintViolation(const std::exception& e, std::string_view sqlstate);

}  // namespace parley::store::postgres

#endif  // PARLEY_STORE_POSTGRES_POSTGRES_ERRORS_H_
