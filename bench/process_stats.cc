#include "process_stats.h"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

namespace parley::bench {
namespace {

// The value of a "Name:   1234 kB" line of /proc/<pid>/status, in bytes.
int64_t StatusKilobytes(const std::string& status, const std::string& name) {
  const size_t at = status.find(name + ":");
  if (at == std::string::npos) return 0;
  std::istringstream in(status.substr(at + name.size() + 1));
  int64_t kb = 0;
  in >> kb;
  return kb * 1024;
}

}  // namespace

ProcessSample ProcessStats::Read() const {
  ProcessSample sample;
  if (!valid()) return sample;
  const std::string dir = "/proc/" + std::to_string(pid_);
  {
    std::ifstream in(dir + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)),
                     std::istreambuf_iterator<char>());
    // Fields after the command name, which is in parentheses and may hold
    // spaces.
    const size_t close = stat.rfind(')');
    if (close != std::string::npos) {
      std::istringstream fields(stat.substr(close + 2));
      std::string field;
      // utime and stime are fields 14 and 15; fields(0) is field 3 (state).
      int64_t utime = 0, stime = 0;
      for (int i = 3; i <= 15 && fields >> field; ++i) {
        if (i == 14) utime = std::stoll(field);
        if (i == 15) stime = std::stoll(field);
      }
      sample.cpu_seconds = static_cast<double>(utime + stime) /
                           static_cast<double>(sysconf(_SC_CLK_TCK));
    }
  }
  std::ifstream in(dir + "/status");
  std::string status((std::istreambuf_iterator<char>(in)),
                     std::istreambuf_iterator<char>());
  sample.rss_bytes = StatusKilobytes(status, "VmRSS");
  sample.peak_rss_bytes = StatusKilobytes(status, "VmHWM");
  return sample;
}

bool ProcessStats::ResetPeak() const {
  if (!valid()) return false;
  std::ofstream out("/proc/" + std::to_string(pid_) + "/clear_refs");
  out << "5";
  out.flush();
  return static_cast<bool>(out);
}

}  // namespace parley::bench
