// The end-to-end suite's one parameter: the protocol its clients speak. Each
// case is written once as a PROTOCOL_TEST_CASE and runs against the same
// server over gRPC, the binary protocol and JSON, as three Catch2 test cases
// named "<name> - OverGrpc", "- OverBinary" and "- OverJson"; the body reads
// the protocol as TestType::kProtocol.
#ifndef PARLEY_TESTS_SUPPORT_PROTOCOLS_H_
#define PARLEY_TESTS_SUPPORT_PROTOCOLS_H_

#include <catch2/catch.hpp>

#include "client/protocol.h"

namespace parley::testing {

struct OverGrpc {
  static constexpr Protocol kProtocol = Protocol::kGrpc;
};
struct OverBinary {
  static constexpr Protocol kProtocol = Protocol::kBinary;
};
struct OverJson {
  static constexpr Protocol kProtocol = Protocol::kJson;
};

}  // namespace parley::testing

// A test case run once per protocol (see above).
#define PROTOCOL_TEST_CASE(name, tags) \
  TEMPLATE_TEST_CASE(name, tags, OverGrpc, OverBinary, OverJson)

#endif  // PARLEY_TESTS_SUPPORT_PROTOCOLS_H_
