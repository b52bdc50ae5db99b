// JSON strings are Unicode text, so a string field holding bytes that are not
// valid UTF-8 cannot cross the JSON protocol as they are (protobuf's JSON
// printer would quietly send other characters). The JSON transport checks
// each request first and refuses it instead, as the server refuses such text
// over the other protocols.
//
// Thread safety: a pure function.
#ifndef PARLEY_CLIENT_SOCKET_UTF8_FIELDS_H_
#define PARLEY_CLIENT_SOCKET_UTF8_FIELDS_H_

#include "absl/status/status.h"
#include "google/protobuf/message.h"

namespace parley {

// OK when every string field of `message`, nested messages included, is
// valid UTF-8; else INVALID_ARGUMENT naming the first field that is not.
absl::Status CheckUtf8Fields(const google::protobuf::Message& message);

}  // namespace parley

#endif  // PARLEY_CLIENT_SOCKET_UTF8_FIELDS_H_
