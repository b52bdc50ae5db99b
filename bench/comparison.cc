#include "comparison.h"

#include <algorithm>
#include <map>
#include <optional>

#include "absl/strings/str_cat.h"
#include "report.h"

namespace parley::bench {
namespace {

// The notebook's figures (../shared/seed/, Tables 1-3), by the Parley
// protocol that stands in for each of its own: its custom wire protocol for
// the binary protocol, its JSON for JSON, its gRPC for gRPC.
struct NotebookEfficiency {
  const char* protocol;
  double elapsed_s;
  int64_t sent, received;
};
constexpr NotebookEfficiency kNotebookEfficiency[] = {
    {"binary", 25.396, 2267, 1070},
    {"json", 25.310, 4150, 2339},
    {"grpc", 0.030, 2220, 1088},
};

struct NotebookScaling {
  const char* protocol;
  int k;
  double elapsed_s, messages_per_s, max_latency_s;
};
constexpr NotebookScaling kNotebookScaling[] = {
    {"binary", 10, 21.579, 2.085, 1.231}, {"json", 10, 21.572, 2.086, 1.193},
    {"grpc", 10, 0.111, 404.069, 0.075},  {"binary", 20, 43.650, 4.353, 2.784},
    {"json", 20, 44.051, 4.313, 3.418},   {"grpc", 20, 0.214, 886.848, 0.152},
    {"binary", 30, 64.932, 6.699, 3.781}, {"json", 30, 65.961, 6.595, 5.060},
    {"grpc", 30, 0.374, 1162.195, 0.298}, {"binary", 40, 86.014, 9.068, 4.702},
    {"json", 40, 87.079, 8.957, 5.944},   {"grpc", 40, 0.665, 1172.181, 0.563},
};

// One protocol's results, as far as they exist.
struct ProtocolResults {
  std::string name;
  std::vector<CsvRow> efficiency, scaling, sustained;
};

absl::Status Load(const std::string& dir, const std::string& part,
                  std::vector<CsvRow>* rows) {
  absl::StatusOr<std::vector<CsvRow>> read =
      ReadCsv(absl::StrCat(dir, "/", part, ".csv"));
  if (absl::IsNotFound(read.status())) return absl::OkStatus();
  if (!read.ok()) return read.status();
  *rows = *std::move(read);
  return absl::OkStatus();
}

const CsvRow* Find(const std::vector<CsvRow>& rows, const std::string& column,
                   const std::string& value) {
  for (const CsvRow& row : rows) {
    if (Field(row, column) == value) return &row;
  }
  return nullptr;
}

// Per-call bytes of one operation of the efficiency workflow.
struct CallBytes {
  double payload = 0, wire = 0;
};
std::optional<CallBytes> PerCall(const ProtocolResults& p,
                                 const std::string& operation) {
  const CsvRow* row = Find(p.efficiency, "operation", operation);
  if (row == nullptr || Number(*row, "calls") == 0) return std::nullopt;
  const double calls = Number(*row, "calls");
  return CallBytes{
      (Number(*row, "payload_sent") + Number(*row, "payload_received")) / calls,
      (Number(*row, "wire_sent") + Number(*row, "wire_received")) / calls};
}

// A scaling row's derived figures.
struct ScalingFigures {
  double messages = 0, traffic_s = 0, cpu_us_per_message = 0;
  double payload_per_message = 0, wire_per_message = 0;
  bool exactly_once_and_stored = false;
};
ScalingFigures Figures(const CsvRow& row) {
  ScalingFigures f;
  f.messages = Number(row, "messages");
  f.traffic_s = Number(row, "traffic_s");
  if (f.messages > 0) {
    f.cpu_us_per_message =
        Number(row, "server_cpu_traffic_s") * 1e6 / f.messages;
    f.payload_per_message = (Number(row, "payload_sent_traffic") +
                             Number(row, "payload_received_traffic")) /
                            f.messages;
    f.wire_per_message = (Number(row, "wire_sent_traffic") +
                          Number(row, "wire_received_traffic")) /
                         f.messages;
  }
  f.exactly_once_and_stored =
      Field(row, "exactly_once") == "yes" && Field(row, "stored") == "yes";
  return f;
}

std::string Ms3(const CsvRow& row, const std::string& what) {
  return absl::StrCat(Fixed(Number(row, what + "_p50_ms"), 2), " / ",
                      Fixed(Number(row, what + "_p99_ms"), 2), " / ",
                      Fixed(Number(row, what + "_max_ms"), 1));
}

// The highest held paced rate and the best closed-loop peak of one kind.
struct Rates {
  double held = 0, peak = 0;
};
Rates RatesOf(const ProtocolResults& p, const std::string& kind) {
  Rates r;
  for (const CsvRow& row : p.sustained) {
    if (Field(row, "kind") != kind) continue;
    if (Field(row, "mode") == "paced" && Field(row, "held") == "yes") {
      r.held = std::max(r.held, Number(row, "offered_per_s"));
    } else if (Field(row, "mode") == "peak") {
      r.peak = std::max(r.peak, Number(row, "achieved_per_s"));
    }
  }
  return r;
}

std::string EfficiencySection(const std::vector<ProtocolResults>& all,
                              CsvTable* csv) {
  std::string md =
      "### Bytes per call (the efficiency workflow, warm connection)\n\n"
      "Payload is the serialized message (protobuf for gRPC and binary, the "
      "JSON text of params/result for JSON), as the notebook counted; TCP is "
      "everything that crossed the connection, sent plus received, per "
      "call.\n\n| operation |";
  std::string rule = "|---|";
  for (const ProtocolResults& p : all) {
    absl::StrAppend(&md, " ", p.name, " payload B | ", p.name, " TCP B |");
    absl::StrAppend(&rule, "---:|---:|");
  }
  absl::StrAppend(&md, "\n", rule, "\n");
  for (const char* op : {"CreateAccount", "Login", "SendMessage",
                         "ReadMessages", "DeleteAccount"}) {
    absl::StrAppend(&md, "| ", op, " |");
    for (const ProtocolResults& p : all) {
      std::optional<CallBytes> b = PerCall(p, op);
      if (!b) {
        absl::StrAppend(&md, " - | - |");
        continue;
      }
      absl::StrAppend(&md, " ", Fixed(b->payload, 1), " | ", Fixed(b->wire, 1),
                      " |");
      csv->Add({op, p.name, Fixed(b->payload, 1), Fixed(b->wire, 1)});
    }
    absl::StrAppend(&md, "\n");
  }
  absl::StrAppend(&md,
                  "\nThe notebook's Table 1 beside the whole workflow "
                  "(bytes sent / received over the workflow):\n\n"
                  "| protocol | Parley payload sent / received | Parley TCP "
                  "sent / received | notebook sent / received | notebook "
                  "elapsed s |\n|---|---:|---:|---:|---:|\n");
  for (const ProtocolResults& p : all) {
    const CsvRow* total =
        Find(p.efficiency, "operation", "total (warm connection)");
    if (total == nullptr) continue;
    std::string notebook = "- | -";
    for (const NotebookEfficiency& n : kNotebookEfficiency) {
      if (p.name == n.protocol) {
        notebook = absl::StrCat(n.sent, " / ", n.received, " | ",
                                Fixed(n.elapsed_s, 3));
      }
    }
    absl::StrAppend(&md, "| ", p.name, " | ", Field(*total, "payload_sent"),
                    " / ", Field(*total, "payload_received"), " | ",
                    Field(*total, "wire_sent"), " / ",
                    Field(*total, "wire_received"), " | ", notebook, " |\n");
  }
  return md + "\n";
}

std::string ScalingSection(const std::vector<ProtocolResults>& all,
                           CsvTable* csv) {
  std::vector<int> ks;
  for (const ProtocolResults& p : all) {
    for (const CsvRow& row : p.scaling) {
      const int k = static_cast<int>(Number(row, "k"));
      if (std::find(ks.begin(), ks.end(), k) == ks.end()) ks.push_back(k);
    }
  }
  std::sort(ks.begin(), ks.end());
  std::string md =
      "### Scaling (every pair of k accounts exchanges one message)\n\n"
      "Message traffic only (setup and teardown are timed apart, per "
      "protocol, in its own section below). Server CPU is user + system "
      "time of the server process over the traffic, per message: a durable "
      "store and a live delivery each.\n\n"
      "| k | protocol | traffic s | msgs/s | send p50 / p99 / max ms | "
      "delivery p50 / p99 / max ms | server CPU us/msg | payload B/msg | TCP "
      "B/msg | exactly once + stored | notebook: elapsed s, msgs/s, max "
      "latency s |\n|---:|---|---:|---:|---|---|---:|---:|---:|---|---|\n";
  for (int k : ks) {
    for (const ProtocolResults& p : all) {
      const CsvRow* row = Find(p.scaling, "k", std::to_string(k));
      if (row == nullptr) continue;
      const ScalingFigures f = Figures(*row);
      std::string notebook = "-";
      for (const NotebookScaling& n : kNotebookScaling) {
        if (n.k == k && p.name == n.protocol) {
          notebook = absl::StrCat(Fixed(n.elapsed_s, 3), ", ",
                                  Fixed(n.messages_per_s, 1), ", ",
                                  Fixed(n.max_latency_s, 3));
        }
      }
      absl::StrAppend(
          &md, "| ", k, " | ", p.name, " | ", Fixed(f.traffic_s, 3), " | ",
          Field(*row, "msgs_per_s"), " | ", Ms3(*row, "send"), " | ",
          Ms3(*row, "delivery"), " | ", Fixed(f.cpu_us_per_message, 1), " | ",
          Fixed(f.payload_per_message, 1), " | ", Fixed(f.wire_per_message, 1),
          " | ", f.exactly_once_and_stored ? "yes" : "NO", " | ", notebook,
          " |\n");
      csv->Add({std::to_string(k), p.name, Field(*row, "msgs_per_s"),
                Fixed(f.cpu_us_per_message, 2), Fixed(f.payload_per_message, 1),
                Fixed(f.wire_per_message, 1), Field(*row, "delivery_p99_ms")});
    }
  }
  return md + "\n";
}

std::string SustainedSection(const std::vector<ProtocolResults>& all) {
  if (std::all_of(all.begin(), all.end(), [](const ProtocolResults& p) {
        return p.sustained.empty();
      })) {
    return "";
  }
  std::string md =
      "### Sustained rates, each against its own protocol's no-op floor\n\n"
      "Held: the highest paced rate whose p99 reply latency stayed within "
      "5 ms. Peak: closed loop, 16 calls in flight. The no-op is gRPC's "
      "health check or the socket protocols' Ping, answered without the "
      "chat service.\n\n"
      "| protocol | send held/s | no-op held/s | held ratio | send peak/s | "
      "no-op peak/s | peak ratio |\n|---|---:|---:|---:|---:|---:|---:|\n";
  for (const ProtocolResults& p : all) {
    if (p.sustained.empty()) continue;
    const Rates send = RatesOf(p, "send");
    const Rates noop = RatesOf(p, "noop");
    absl::StrAppend(
        &md, "| ", p.name, " | ", Fixed(send.held, 0), " | ",
        Fixed(noop.held, 0), " | ",
        noop.held > 0 ? Fixed(send.held / noop.held, 2) : "-", " | ",
        Fixed(send.peak, 0), " | ", Fixed(noop.peak, 0), " | ",
        noop.peak > 0 ? Fixed(send.peak / noop.peak, 2) : "-", " |\n");
  }
  return md + "\n";
}

const ProtocolResults* Named(const std::vector<ProtocolResults>& all,
                             const std::string& name) {
  for (const ProtocolResults& p : all) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

// The largest k both protocols ran.
const CsvRow* LargestCommonK(const ProtocolResults& a, const ProtocolResults& b,
                             const CsvRow** other) {
  const CsvRow* best = nullptr;
  for (const CsvRow& row : a.scaling) {
    const CsvRow* match = Find(b.scaling, "k", Field(row, "k"));
    if (match == nullptr) continue;
    if (best == nullptr || Number(row, "k") > Number(*best, "k")) {
      best = &row;
      *other = match;
    }
  }
  return best;
}

std::vector<Target> Targets(const std::vector<ProtocolResults>& all) {
  std::vector<Target> targets;
  const ProtocolResults* grpc = Named(all, "grpc");
  const ProtocolResults* binary = Named(all, "binary");
  const ProtocolResults* json = Named(all, "json");
  if (grpc != nullptr && binary != nullptr) {
    std::optional<CallBytes> g = PerCall(*grpc, "SendMessage");
    std::optional<CallBytes> b = PerCall(*binary, "SendMessage");
    if (g && b) {
      targets.push_back(
          {"binary: TCP bytes per send and reply", "<= 1/4 of gRPC's",
           absl::StrCat(Fixed(b->wire, 1), " vs ", Fixed(g->wire, 1),
                        " bytes = ", Fixed(b->wire / g->wire, 3)),
           b->wire <= g->wire / 4});
    }
    const CsvRow* grpc_row = nullptr;
    if (const CsvRow* binary_row = LargestCommonK(*binary, *grpc, &grpc_row)) {
      const ScalingFigures fb = Figures(*binary_row);
      const ScalingFigures fg = Figures(*grpc_row);
      const std::string k = Field(*binary_row, "k");
      targets.push_back(
          {absl::StrCat("binary: server CPU per message, k=", k),
           "<= 1/4 of gRPC's",
           absl::StrCat(Fixed(fb.cpu_us_per_message, 1), " vs ",
                        Fixed(fg.cpu_us_per_message, 1), " us = ",
                        Fixed(fb.cpu_us_per_message /
                                  std::max(fg.cpu_us_per_message, 1e-9),
                              3)),
           fb.cpu_us_per_message <= fg.cpu_us_per_message / 4});
      const double speedup = fg.traffic_s / std::max(fb.traffic_s, 1e-9);
      targets.push_back(
          {absl::StrCat("binary: k=", k, " message traffic"),
           ">= 4x faster than gRPC, exactly once, all stored",
           absl::StrCat(
               Fixed(fb.traffic_s, 2), " vs ", Fixed(fg.traffic_s, 2),
               " s = ", Fixed(speedup, 2), "x; ",
               fb.exactly_once_and_stored ? "nothing lost" : "A CHECK FAILED"),
           speedup >= 4 && fb.exactly_once_and_stored});
    }
  }
  if (binary != nullptr && json != nullptr) {
    const CsvRow* binary_row = nullptr;
    if (const CsvRow* json_row = LargestCommonK(*json, *binary, &binary_row)) {
      const ScalingFigures fj = Figures(*json_row);
      const ScalingFigures fb = Figures(*binary_row);
      const double ratio =
          fj.cpu_us_per_message / std::max(fb.cpu_us_per_message, 1e-9);
      targets.push_back({absl::StrCat("JSON: server CPU per message, k=",
                                      Field(*json_row, "k")),
                         "<= 1.5x the binary protocol's",
                         absl::StrCat(Fixed(fj.cpu_us_per_message, 1), " vs ",
                                      Fixed(fb.cpu_us_per_message, 1),
                                      " us = ", Fixed(ratio, 2), "x"),
                         ratio <= 1.5});
    }
  }
  return targets;
}

}  // namespace

absl::Status WriteComparison(const std::string& dir,
                             const std::vector<std::string>& protocols) {
  std::vector<ProtocolResults> all;
  for (const std::string& name : protocols) {
    ProtocolResults p;
    p.name = name;
    const std::string sub = absl::StrCat(dir, "/", name);
    for (auto [part, rows] : {std::pair{"efficiency", &p.efficiency},
                              std::pair{"scaling", &p.scaling},
                              std::pair{"sustained", &p.sustained}}) {
      if (absl::Status s = Load(sub, part, rows); !s.ok()) return s;
    }
    if (!p.efficiency.empty() || !p.scaling.empty() || !p.sustained.empty()) {
      all.push_back(std::move(p));
    }
  }
  if (all.empty()) {
    return absl::NotFoundError(absl::StrCat("no results under ", dir));
  }
  CsvTable efficiency_csv({"operation", "protocol", "payload_bytes_per_call",
                           "wire_bytes_per_call"});
  CsvTable scaling_csv({"k", "protocol", "msgs_per_s", "server_cpu_us_per_msg",
                        "payload_bytes_per_msg", "wire_bytes_per_msg",
                        "delivery_p99_ms"});
  std::string md =
      "## The protocols side by side\n\n"
      "One server build serves all three protocols; each scenario ran on a "
      "fresh server once per protocol, one protocol after another, in the "
      "same run. docs/protocols/comparison.md explains the differences.\n\n";
  absl::StrAppend(&md, EfficiencySection(all, &efficiency_csv));
  absl::StrAppend(&md, ScalingSection(all, &scaling_csv));
  absl::StrAppend(&md, SustainedSection(all));
  const std::vector<Target> targets = Targets(all);
  std::string tsv;
  for (const Target& t : targets) {
    absl::StrAppend(&tsv, t.name, "\t", t.goal, "\t", t.figure, "\t",
                    t.met ? "met" : "NOT met", "\n");
  }
  for (auto [name, text] :
       {std::pair{"comparison.md", md},
        std::pair{"comparison_efficiency.csv", efficiency_csv.Text()},
        std::pair{"comparison_scaling.csv", scaling_csv.Text()},
        std::pair{"comparison.targets.tsv", tsv}}) {
    if (absl::Status s = WriteResult(dir, name, text); !s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace parley::bench
