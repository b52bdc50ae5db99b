#include "common/log.h"

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace parley {
namespace {

std::atomic<int> g_level{static_cast<int>(LogLevel::kInfo)};

// What one source line has written in its current window.
struct SiteRate {
  absl::Time window_start;
  int written = 0;
  int64_t suppressed = 0;
};

// The writer's state, behind one lock. Sites are source locations, a set the
// program's text bounds, so the map stays small.
struct Writer {
  absl::Mutex mu;
  std::function<void(std::string_view)> sink ABSL_GUARDED_BY(mu);
  int burst ABSL_GUARDED_BY(mu) = 20;
  absl::Duration window ABSL_GUARDED_BY(mu) = absl::Seconds(10);
  absl::flat_hash_map<std::pair<const char*, int>, SiteRate> sites
      ABSL_GUARDED_BY(mu);
};

Writer& TheWriter() {
  static Writer* writer = new Writer;
  return *writer;
}

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "DEBUG";
    case LogLevel::kInfo:
      return "INFO";
    case LogLevel::kWarning:
      return "WARN";
    case LogLevel::kError:
      return "ERROR";
    case LogLevel::kOff:
      break;
  }
  return "OFF";
}

}  // namespace

void SetLogLevel(LogLevel level) {
  g_level.store(static_cast<int>(level), std::memory_order_relaxed);
}

LogLevel GetLogLevel() {
  return static_cast<LogLevel>(g_level.load(std::memory_order_relaxed));
}

bool ParseLogLevel(std::string_view text, LogLevel* level) {
  if (text == "debug") {
    *level = LogLevel::kDebug;
  } else if (text == "info") {
    *level = LogLevel::kInfo;
  } else if (text == "warning" || text == "warn") {
    *level = LogLevel::kWarning;
  } else if (text == "error") {
    *level = LogLevel::kError;
  } else if (text == "off") {
    *level = LogLevel::kOff;
  } else {
    return false;
  }
  return true;
}

void SetLogSink(std::function<void(std::string_view)> sink) {
  Writer& writer = TheWriter();
  absl::MutexLock lock(&writer.mu);
  writer.sink = std::move(sink);
}

void SetLogRate(int burst, absl::Duration window) {
  Writer& writer = TheWriter();
  absl::MutexLock lock(&writer.mu);
  writer.burst = burst;
  writer.window = window;
}

LogLine::LogLine(LogLevel level, const char* file, int line)
    : level_(level), file_(file), line_(line) {
  const char* base = std::strrchr(file, '/');
  stream_ << absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ ", absl::Now(),
                              absl::UTCTimeZone())
          << LevelName(level_) << ' ' << (base ? base + 1 : file) << ':' << line
          << "] ";
}

LogLine::~LogLine() {
  Writer& writer = TheWriter();
  const absl::Time now = absl::Now();
  absl::MutexLock lock(&writer.mu);
  SiteRate& rate = writer.sites[{file_, line_}];
  if (now - rate.window_start >= writer.window) {
    rate.window_start = now;
    rate.written = 0;
  }
  if (rate.written >= writer.burst) {
    ++rate.suppressed;
    return;
  }
  ++rate.written;
  if (rate.suppressed > 0) {
    stream_ << " (" << rate.suppressed
            << " similar lines from here were left out)";
    rate.suppressed = 0;
  }
  stream_ << '\n';
  const std::string text = stream_.str();
  if (writer.sink) {
    writer.sink(text);
  } else {
    std::fwrite(text.data(), 1, text.size(), stderr);
  }
}

}  // namespace parley
