// Parley's one logger: leveled lines to stderr with a timestamp, safe from any
// thread. Use the PARLEY_LOG(level) << ... macro; lines below the global level
// cost one comparison.
#ifndef PARLEY_COMMON_LOG_H_
#define PARLEY_COMMON_LOG_H_

#include <sstream>
#include <string_view>

namespace parley {

enum class LogLevel {
  kDebug = 0,
  kInfo = 1,
  kWarning = 2,
  kError = 3,
  kOff = 4
};

// Sets the minimum level written. Thread-safe.
void SetLogLevel(LogLevel level);
LogLevel GetLogLevel();
// Parses "debug", "info", "warning", "error" or "off". Returns false for
// anything else.
bool ParseLogLevel(std::string_view text, LogLevel* level);

// One log line; written (whole, under a lock) when destroyed.
class LogLine {
 public:
  LogLine(LogLevel level, const char* file, int line);
  ~LogLine();
  LogLine(const LogLine&) = delete;
  LogLine& operator=(const LogLine&) = delete;

  std::ostream& stream() { return stream_; }

 private:
  LogLevel level_;
  std::ostringstream stream_;
};

}  // namespace parley

#define PARLEY_LOG(level)                                    \
  if (::parley::LogLevel::level < ::parley::GetLogLevel()) { \
  } else                                                     \
    ::parley::LogLine(::parley::LogLevel::level, __FILE__, __LINE__).stream()

#endif  // PARLEY_COMMON_LOG_H_
