// Unit tests of the call metrics table: bounded series, codes, latencies.
#include "server/engine/call_metrics.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace parley {
namespace {

TEST_CASE(
    "call metrics count unknown methods as other, so made-up names add "
    "no series",
    "[metrics]") {
  CallMetrics calls({{"/a.A/Known", false}});
  calls.Record(EdgeProtocol::kJson, "/a.A/Known", absl::StatusCode::kOk, 0.1);
  calls.Record(EdgeProtocol::kJson, "/made/up", absl::StatusCode::kNotFound,
               0.1);
  calls.Record(EdgeProtocol::kJson, "/made/up/too",
               static_cast<absl::StatusCode>(99), 0.1);
  REQUIRE(calls.method_names() ==
          std::vector<std::string>{"/a.A/Known", "other"});
  const MethodCallCounts& other = calls.Counts(EdgeProtocol::kJson, 1);
  CHECK(
      other.by_code[static_cast<size_t>(absl::StatusCode::kNotFound)].value() ==
      1);
  CHECK(
      other.by_code[static_cast<size_t>(absl::StatusCode::kUnknown)].value() ==
      1);
  CHECK(calls.Counts(EdgeProtocol::kJson, 0).by_code[0].value() == 1);
  CHECK(calls.Counts(EdgeProtocol::kGrpc, 0).by_code[0].value() == 0);
}

TEST_CASE("a streaming method's duration is not recorded as a latency",
          "[metrics]") {
  CallMetrics calls({{"/a.A/Stream", true}});
  calls.Record(EdgeProtocol::kGrpc, "/a.A/Stream", absl::StatusCode::kOk, 60);
  CHECK(calls.Counts(EdgeProtocol::kGrpc, 0).seconds.Snapshot().count == 0);
}

}  // namespace
}  // namespace parley
