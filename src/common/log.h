// Parley's one logger: leveled lines to stderr with a timestamp, safe from any
// thread. Use the PARLEY_LOG(level) << ... macro; lines below the global level
// cost one comparison.
//
// Repeated lines are rate-limited per source line, so that no client can
// flood the log: each place in the code writes at most a burst of lines per
// window (SetLogRate), and the first line it writes in a later window says
// how many were left out.
#ifndef PARLEY_COMMON_LOG_H_
#define PARLEY_COMMON_LOG_H_

#include <functional>
#include <sstream>
#include <string_view>

#include "absl/time/time.h"

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

// Lines one source line may write per window before the rest are counted
// instead of written: by default 20 per 10 s. Thread-safe.
void SetLogRate(int burst, absl::Duration window);

// Sends every written line (with its newline) to `sink` instead of stderr;
// nullptr restores stderr. For tests. Thread-safe; the sink is called under
// the logger's lock and must not log.
void SetLogSink(std::function<void(std::string_view)> sink);

// One log line; written (whole, under a lock) when destroyed, unless its
// source line is over its rate.
class LogLine {
 public:
  // `file` must be a string that lives for the whole program (as __FILE__
  // does).
  LogLine(LogLevel level, const char* file, int line);
  ~LogLine();
  LogLine(const LogLine&) = delete;
  LogLine& operator=(const LogLine&) = delete;

  std::ostream& stream() { return stream_; }

 private:
  LogLevel level_;
  const char* file_;
  int line_;
  std::ostringstream stream_;
};

}  // namespace parley

#define PARLEY_LOG(level)                                    \
  if (::parley::LogLevel::level < ::parley::GetLogLevel()) { \
  } else                                                     \
    ::parley::LogLine(::parley::LogLevel::level, __FILE__, __LINE__).stream()

#endif  // PARLEY_COMMON_LOG_H_
