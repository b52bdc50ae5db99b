// What differs between two decoded frames, in words, for the codec tests and
// the fuzz targets: the kind, the call id, the method (of a request or a reply,
// the frames that carry one), the token, the status and the message (compared
// field by field with protobuf's MessageDifferencer, unknown fields included).
// payload_bytes is not compared: it counts bytes of one encoding, not what the
// frame means.
#ifndef PARLEY_TESTS_WIRE_FRAME_DIFFERENCE_H_
#define PARLEY_TESTS_WIRE_FRAME_DIFFERENCE_H_

#include <string>

#include "wire/frame.h"

namespace parley::wire::testing {

// Empty when `a` and `b` mean the same frame; otherwise one line per
// difference.
std::string FrameDifference(const Frame& a, const Frame& b);

}  // namespace parley::wire::testing

#endif  // PARLEY_TESTS_WIRE_FRAME_DIFFERENCE_H_
