// Messages of every chat.v1 type with every field set to a value other than
// its default, for round-trip tests of the socket codecs: a field a codec
// drops or mangles then shows up as a difference.
#ifndef PARLEY_TESTS_WIRE_SAMPLES_H_
#define PARLEY_TESTS_WIRE_SAMPLES_H_

#include <memory>
#include <string>
#include <vector>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace parley::wire::testing {

// Messages of `type`: each sets every field (repeated fields get two
// elements, nested messages are filled the same way, proto3 optional fields
// are present). A type with a oneof gets one message per member of the oneof,
// so every member is covered. Strings hold non-ASCII UTF-8, quotes, a
// backslash and a newline; bytes hold 0x00 and 0xff; 64-bit integers are
// beyond 2^53 (where JSON numbers lose precision); timestamps are valid for
// the proto3 JSON mapping.
std::vector<std::unique_ptr<google::protobuf::Message>> FilledSamples(
    const google::protobuf::Descriptor& type);

// The fields of `message` (recursively, as "Outer.inner.field") that hold
// their default value or are absent, other than members of a oneof other than
// the one set. Empty for a message FilledSamples made.
std::vector<std::string> UnsetFields(const google::protobuf::Message& message);

}  // namespace parley::wire::testing

#endif  // PARLEY_TESTS_WIRE_SAMPLES_H_
