#include "process_stats.h"

#include <dirent.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

namespace parley::bench {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)),
                     std::istreambuf_iterator<char>());
}

// The value of a "Name:   1234 kB" line of /proc/<pid>/status, in bytes.
int64_t StatusKilobytes(const std::string& status, const std::string& name) {
  const size_t at = status.find(name + ":");
  if (at == std::string::npos) return 0;
  std::istringstream in(status.substr(at + name.size() + 1));
  int64_t kb = 0;
  in >> kb;
  return kb * 1024;
}

// The fields of /proc/<pid>/stat this file needs, in clock ticks.
struct Stat {
  int ppid = 0;
  int64_t own_ticks = 0;     // utime + stime
  int64_t reaped_ticks = 0;  // cutime + cstime: children it has waited for
  bool ok = false;           // false: no such process (any more)
};

Stat ReadStat(const std::string& pid) {
  Stat stat;
  const std::string text = ReadFile("/proc/" + pid + "/stat");
  // The fields after the command name, which is in parentheses and may hold
  // spaces.
  const size_t close = text.rfind(')');
  if (close == std::string::npos || close + 2 > text.size()) return stat;
  std::istringstream fields(text.substr(close + 2));
  std::string field;
  // The first field read is field 3 (state); ppid is 4, utime 14, stime 15,
  // cutime 16, cstime 17.
  for (int i = 3; i <= 17 && fields >> field; ++i) {
    const int64_t value = std::strtoll(field.c_str(), nullptr, 10);
    if (i == 4) stat.ppid = static_cast<int>(value);
    if (i == 14 || i == 15) stat.own_ticks += value;
    if (i == 16 || i == 17) stat.reaped_ticks += value;
    if (i == 17) stat.ok = true;
  }
  return stat;
}

// CPU ticks of the live children of `parents`.
int64_t ChildrenTicks(const std::set<int>& parents) {
  int64_t ticks = 0;
  DIR* proc = opendir("/proc");
  if (proc == nullptr) return 0;
  while (const dirent* entry = readdir(proc)) {
    const std::string name = entry->d_name;
    if (name.empty() || name.find_first_not_of("0123456789") != name.npos) {
      continue;
    }
    const Stat stat = ReadStat(name);
    if (stat.ok && parents.contains(stat.ppid)) ticks += stat.own_ticks;
  }
  closedir(proc);
  return ticks;
}

}  // namespace

ProcessSample ProcessStats::Read() const {
  ProcessSample sample;
  int64_t ticks = 0;
  for (int pid : pids_) {
    const std::string id = std::to_string(pid);
    const Stat stat = ReadStat(id);
    ticks += stat.own_ticks;
    if (children_) ticks += stat.reaped_ticks;
    const std::string status = ReadFile("/proc/" + id + "/status");
    sample.rss_bytes += StatusKilobytes(status, "VmRSS");
    sample.peak_rss_bytes += StatusKilobytes(status, "VmHWM");
  }
  if (children_) ticks += ChildrenTicks({pids_.begin(), pids_.end()});
  sample.cpu_seconds =
      static_cast<double>(ticks) / static_cast<double>(sysconf(_SC_CLK_TCK));
  return sample;
}

bool ProcessStats::ResetPeak() const {
  bool reset = valid();
  for (int pid : pids_) {
    std::ofstream out("/proc/" + std::to_string(pid) + "/clear_refs");
    out << "5";
    out.flush();
    reset &= static_cast<bool>(out);
  }
  return reset;
}

}  // namespace parley::bench
