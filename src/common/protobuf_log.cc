#include "common/protobuf_log.h"

#include <google/protobuf/stubs/logging.h>

#include <mutex>
#include <string>

#include "common/log.h"

namespace parley {
namespace {

void Handle(google::protobuf::LogLevel level, const char* filename, int line,
            const std::string& message) {
  LogLevel ours = LogLevel::kWarning;
  if (level == google::protobuf::LOGLEVEL_INFO) ours = LogLevel::kDebug;
  if (level == google::protobuf::LOGLEVEL_FATAL) ours = LogLevel::kError;
  if (ours < GetLogLevel()) return;
  LogLine(ours, filename, line).stream() << "libprotobuf: " << message;
}

}  // namespace

void RouteProtobufLogs() {
  static std::once_flag once;
  std::call_once(once, [] { google::protobuf::SetLogHandler(&Handle); });
}

}  // namespace parley
