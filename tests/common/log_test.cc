// The logger's rate limit per source line, and libprotobuf's lines routed
// into it.
#include "common/log.h"

#include <catch2/catch.hpp>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/synchronization/mutex.h"
#include "chat/v1/chat.pb.h"
#include "common/protobuf_log.h"

namespace parley {
namespace {

// Collects written lines while alive.
class CapturedLog {
 public:
  CapturedLog() {
    SetLogSink([this](std::string_view line) {
      absl::MutexLock lock(&mu_);
      lines_.emplace_back(line);
    });
  }
  ~CapturedLog() {
    SetLogSink(nullptr);
    SetLogRate(20, absl::Seconds(10));
  }
  std::vector<std::string> lines() {
    absl::MutexLock lock(&mu_);
    return lines_;
  }

 private:
  absl::Mutex mu_;
  std::vector<std::string> lines_;
};

void LogFromOnePlace(int i) { PARLEY_LOG(kWarning) << "flood " << i; }
void LogFromAnother() { PARLEY_LOG(kWarning) << "something else"; }

TEST_CASE(
    "a line repeated from one place is cut to its burst, and a later "
    "line says how many were left out",
    "[log]") {
  CapturedLog log;
  SetLogRate(5, absl::Milliseconds(200));
  for (int i = 0; i < 1000; ++i) LogFromOnePlace(i);
  LogFromAnother();
  std::vector<std::string> lines = log.lines();
  REQUIRE(lines.size() == 6);
  CHECK_THAT(lines[4], Catch::Contains("flood 4"));
  CHECK_THAT(lines[5], Catch::Contains("something else"));

  std::this_thread::sleep_for(std::chrono::milliseconds(250));
  LogFromOnePlace(1000);
  lines = log.lines();
  REQUIRE(lines.size() == 7);
  CHECK_THAT(lines[6], Catch::Contains("flood 1000") &&
                           Catch::Contains("995 similar lines from here were "
                                           "left out"));
}

TEST_CASE(
    "libprotobuf's complaint about invalid UTF-8 comes out in Parley's "
    "format",
    "[log]") {
  CapturedLog log;
  RouteProtobufLogs();
  chat::v1::SendMessageRequest bad;
  bad.set_text("\xff\xfe not UTF-8");
  const std::string wire = bad.SerializeAsString();
  chat::v1::SendMessageRequest parsed;
  CHECK_FALSE(parsed.ParseFromString(wire));
  std::vector<std::string> lines = log.lines();
  REQUIRE_FALSE(lines.empty());
  bool found = false;
  for (const std::string& line : lines) {
    CHECK_FALSE(absl::StrContains(line, "[libprotobuf"));
    if (absl::StrContains(line, " WARN ") &&
        absl::StrContains(line, "libprotobuf: ") &&
        absl::StrContains(line, "invalid UTF-8")) {
      found = true;
    }
  }
  CHECK(found);
}

}  // namespace
}  // namespace parley
