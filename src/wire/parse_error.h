// The one message for a request whose body is not a valid message of its
// type, shared by both socket codecs so they answer as gRPC's edge does.
#ifndef PARLEY_WIRE_PARSE_ERROR_H_
#define PARLEY_WIRE_PARSE_ERROR_H_

#include <string_view>

#include "absl/status/status.h"
#include "google/protobuf/message.h"

namespace parley::wire {

// INVALID_ARGUMENT naming the expected type; `detail` says what was wrong
// when the parser told.
absl::Status ParseError(const google::protobuf::Message& expected,
                        std::string_view detail = "");

}  // namespace parley::wire

#endif  // PARLEY_WIRE_PARSE_ERROR_H_
