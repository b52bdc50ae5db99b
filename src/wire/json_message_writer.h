// chat.v1 messages written as JSON by protobuf's proto3 JSON mapping, straight
// from the message by reflection into a RapidJSON writer: the same text as
// protobuf's MessageToJsonString with default options (fields in field-number
// order under their JSON names, fields at their defaults left out unless they
// have presence, 64-bit integers as quoted decimals, bytes as base64,
// Timestamps as RFC 3339 in UTC), without its detour through the binary
// encoding and a type resolver, which allocates at every field and was most of
// the JSON edge's cost (docs/protocols/comparison.md). Strings are escaped as
// RapidJSON escapes them (quote, backslash, control characters), which is
// valid JSON that parses to the same text.
//
// Covers what chat.v1 holds: scalars, strings, bytes, enums, nested and
// repeated messages, oneofs and google.protobuf.Timestamp. Map fields and the
// other well-known types are not in chat.v1 and are not handled.
//
// Thread safety: a pure function.
#ifndef PARLEY_WIRE_JSON_MESSAGE_WRITER_H_
#define PARLEY_WIRE_JSON_MESSAGE_WRITER_H_

#include <string>

#include "google/protobuf/message.h"

namespace parley::wire {

// Appends the JSON object for `message` to `*out`.
void AppendMessageJson(const google::protobuf::Message& message,
                       std::string* out);

}  // namespace parley::wire

#endif  // PARLEY_WIRE_JSON_MESSAGE_WRITER_H_
