#include "config_comparison.h"

#include <algorithm>
#include <set>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "report.h"

namespace parley::bench {
namespace {

// The rate the cluster's latency target is stated at.
constexpr double kTargetRate = 2000;

struct ConfigResults {
  std::string label;  // for the tables
  std::vector<CsvRow> scaling, sustained;
};

// "postgres-2/grpc" -> "PostgreSQL, 2 instances (grpc)"; other names as they
// are.
std::string Label(const std::string& name) {
  const std::vector<std::string> parts = absl::StrSplit(name, '/');
  const std::vector<std::string> store = absl::StrSplit(parts[0], '-');
  int instances = 0;
  if (store.size() != 2 || !absl::SimpleAtoi(store[1], &instances) ||
      (store[0] != "sqlite" && store[0] != "postgres")) {
    return name;
  }
  return absl::StrCat(
      store[0] == "sqlite" ? "SQLite" : "PostgreSQL", ", ", instances,
      instances == 1 ? " instance" : " instances",
      parts.size() > 1 ? absl::StrCat(" (", parts[1], ")") : "");
}

absl::Status Load(const std::string& dir, const std::string& part,
                  std::vector<CsvRow>* rows) {
  absl::StatusOr<std::vector<CsvRow>> read =
      ReadCsv(absl::StrCat(dir, "/", part, ".csv"));
  if (absl::IsNotFound(read.status())) return absl::OkStatus();
  if (!read.ok()) return read.status();
  *rows = *std::move(read);
  return absl::OkStatus();
}

// Microseconds of CPU per message, or "-" when the process was not measured
// (the database with SQLite, which runs inside the server).
std::string PerMessage(const CsvRow& row, const std::string& column,
                       double messages) {
  if (Field(row, column).empty() || messages <= 0) return "-";
  return Fixed(Number(row, column) * 1e6 / messages, 1);
}

std::string ScalingSection(const std::vector<ConfigResults>& all) {
  std::set<int> ks;
  for (const ConfigResults& c : all) {
    for (const CsvRow& row : c.scaling) {
      ks.insert(static_cast<int>(Number(row, "k")));
    }
  }
  if (ks.empty()) return "";
  std::string md = absl::StrCat(
      "### Scaling (every pair of k accounts exchanges one message)\n\n"
      "Message traffic only. CPU is user + system time over the traffic, per "
      "message (a durable store and a live delivery each): the servers' "
      "summed over the instances, the database's over PostgreSQL's processes "
      "(SQLite's is in the server's). Across instances: messages whose "
      "sender and recipient are on different instances. The rate is also "
      "given relative to ",
      all.front().label,
      ".\n\n"
      "| k | configuration | traffic s | msgs/s | relative | delivery p50 / "
      "p99 / max ms | server CPU us/msg | database CPU us/msg | together "
      "us/msg | across instances | exactly once + stored |\n"
      "|---:|---|---:|---:|---:|---|---:|---:|---:|---:|---|\n");
  for (int k : ks) {
    double reference = 0;
    for (const ConfigResults& c : all) {
      const CsvRow* row = nullptr;
      for (const CsvRow& r : c.scaling) {
        if (static_cast<int>(Number(r, "k")) == k) row = &r;
      }
      if (row == nullptr) continue;
      const double messages = Number(*row, "messages");
      const double rate = Number(*row, "msgs_per_s");
      if (&c == &all.front()) reference = rate;
      const double together = Number(*row, "server_cpu_traffic_s") +
                              Number(*row, "database_cpu_traffic_s");
      absl::StrAppend(
          &md, "| ", k, " | ", c.label, " | ",
          Fixed(Number(*row, "traffic_s"), 3), " | ", Fixed(rate, 0), " | ",
          reference > 0 ? Fixed(rate / reference, 2) : "-", " | ",
          Fixed(Number(*row, "delivery_p50_ms"), 2), " / ",
          Fixed(Number(*row, "delivery_p99_ms"), 2), " / ",
          Fixed(Number(*row, "delivery_max_ms"), 1), " | ",
          PerMessage(*row, "server_cpu_traffic_s", messages), " | ",
          PerMessage(*row, "database_cpu_traffic_s", messages), " | ",
          messages > 0 ? Fixed(together * 1e6 / messages, 1) : "-", " | ",
          Number(*row, "instances") > 1 ? Field(*row, "cross_instance_messages")
                                        : "-",
          " | ",
          Field(*row, "exactly_once") == "yes" && Field(*row, "stored") == "yes"
              ? "yes"
              : "**NO**",
          " |\n");
    }
  }
  return md + "\n";
}

// The last paced send step at `rate` (a failed step is tried again; the
// second attempt is the one the ladder and the targets go by).
const CsvRow* PacedSend(const ConfigResults& c, double rate) {
  const CsvRow* found = nullptr;
  for (const CsvRow& row : c.sustained) {
    if (Field(row, "kind") == "send" && Field(row, "mode") == "paced" &&
        Number(row, "offered_per_s") == rate) {
      found = &row;
    }
  }
  return found;
}

std::string SustainedSection(const std::vector<ConfigResults>& all,
                             double p99_limit_ms) {
  std::set<double> rates;
  for (const ConfigResults& c : all) {
    for (const CsvRow& row : c.sustained) {
      if (Field(row, "kind") == "send" && Field(row, "mode") == "paced") {
        rates.insert(Number(row, "offered_per_s"));
      }
    }
  }
  if (rates.empty()) return "";
  std::string md = absl::StrCat(
      "### Sustained sends (paced, open loop)\n\n"
      "Held: the highest paced rate whose p99 send-to-delivery latency stayed "
      "within ",
      Fixed(p99_limit_ms, 0),
      " ms with every message delivered once. Peak: closed loop, 16 sends in "
      "flight. With several instances every message is delivered across "
      "instances. CPU per message at 2,000/s is the cores busy during that "
      "step over the rate achieved.\n\n"
      "| configuration | send held/s | send peak/s | at 2,000/s: achieved/s "
      "| delivery p50 / p99 / max ms | server CPU us/msg | database CPU "
      "us/msg | together us/msg |\n"
      "|---|---:|---:|---:|---|---:|---:|---:|\n");
  for (const ConfigResults& c : all) {
    double held = 0, peak = 0;
    for (const CsvRow& row : c.sustained) {
      if (Field(row, "kind") != "send") continue;
      if (Field(row, "mode") == "paced" && Field(row, "held") == "yes") {
        held = std::max(held, Number(row, "offered_per_s"));
      } else if (Field(row, "mode") == "peak") {
        peak = std::max(peak, Number(row, "achieved_per_s"));
      }
    }
    absl::StrAppend(&md, "| ", c.label, " | ", Fixed(held, 0), " | ",
                    Fixed(peak, 0), " | ");
    const CsvRow* at = PacedSend(c, kTargetRate);
    const double achieved = at ? Number(*at, "achieved_per_s") : 0;
    if (at == nullptr || achieved <= 0) {
      absl::StrAppend(&md, "- | - | - | - | - |\n");
      continue;
    }
    // Cores over messages per second: CPU seconds per message.
    auto per_message = [&](const std::string& column) -> std::string {
      if (Field(*at, column).empty()) return "-";
      return Fixed(Number(*at, column) * 1e6 / achieved, 1);
    };
    absl::StrAppend(
        &md, Fixed(achieved, 0), " | ",
        Fixed(Number(*at, "delivery_p50_ms"), 2), " / ",
        Fixed(Number(*at, "delivery_p99_ms"), 2), " / ",
        Fixed(Number(*at, "delivery_max_ms"), 1), " | ",
        per_message("server_cores"), " | ", per_message("database_cores"),
        " | ",
        Fixed((Number(*at, "server_cores") + Number(*at, "database_cores")) *
                  1e6 / achieved,
              1),
        " |\n");
  }
  absl::StrAppend(&md,
                  "\nThe ladder: p99 send-to-delivery latency in ms at each "
                  "offered rate (the last attempt; * held).\n\n| offered/s |");
  std::string rule = "|---:|";
  for (const ConfigResults& c : all) {
    absl::StrAppend(&md, " ", c.label, " |");
    absl::StrAppend(&rule, "---:|");
  }
  absl::StrAppend(&md, "\n", rule, "\n");
  for (double rate : rates) {
    absl::StrAppend(&md, "| ", Fixed(rate, 0), " |");
    for (const ConfigResults& c : all) {
      const CsvRow* row = PacedSend(c, rate);
      absl::StrAppend(
          &md, " ",
          row ? absl::StrCat(Fixed(Number(*row, "delivery_p99_ms"), 2),
                             Field(*row, "held") == "yes" ? " *" : "")
              : "-",
          " |");
    }
    absl::StrAppend(&md, "\n");
  }
  return md + "\n";
}

}  // namespace

absl::Status WriteConfigComparison(const std::string& dir,
                                   const std::vector<std::string>& configs,
                                   double p99_limit_ms) {
  std::vector<ConfigResults> all;
  for (const std::string& name : configs) {
    ConfigResults c;
    c.label = Label(name);
    const std::string sub = absl::StrCat(dir, "/", name);
    if (absl::Status s = Load(sub, "scaling", &c.scaling); !s.ok()) return s;
    if (absl::Status s = Load(sub, "sustained", &c.sustained); !s.ok()) {
      return s;
    }
    if (!c.scaling.empty() || !c.sustained.empty()) all.push_back(std::move(c));
  }
  if (all.empty()) {
    return absl::NotFoundError(absl::StrCat("no results under ", dir));
  }
  std::string md =
      "## The server configurations side by side\n\n"
      "One server build; each scenario ran on a fresh database once per "
      "configuration, one configuration after another, in the same run. "
      "PostgreSQL runs on the same two cores as the servers and the bench "
      "(bench/README.md, \"Several servers on one PostgreSQL\", discusses "
      "what that means).\n\n";
  absl::StrAppend(&md, ScalingSection(all));
  absl::StrAppend(&md, SustainedSection(all, p99_limit_ms));
  return WriteResult(dir, "comparison.md", md);
}

}  // namespace parley::bench
