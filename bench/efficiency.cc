// Scenario 1, efficiency: the notebook's workflow (section 3.2) through the
// client library. Two clients create TestUser1 and TestUser2, sign in,
// TestUser1 sends 20 messages to TestUser2, TestUser2 reads all 20 at once, and
// both accounts are deleted. Reported: elapsed time (whole and per phase; the
// first run includes connecting), payload bytes as the interceptor counts them
// (as the notebook did) and bytes on the TCP wire, per operation.
#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <thread>

#include "absl/strings/str_cat.h"
#include "client/chat_client.h"
#include "latency.h"
#include "progress.h"
#include "scenarios.h"
#include "wire_counter.h"

namespace parley::bench {
namespace {

constexpr int kMessages = 20;
// The notebook's gRPC column of Table 1.
constexpr int64_t kNotebookSent = 2220;
constexpr int64_t kNotebookReceived = 1088;
constexpr double kNotebookSeconds = 0.030;

std::string MessageText(int i) { return absl::StrCat("message ", i + 1); }

struct Phases {
  double accounts_ms =
      0;  // create both, sign both in (four PBKDF2 derivations on the client)
  double messages_ms = 0;  // 20 sends and the read
  double delete_ms = 0;
  double total_ms = 0;
};

// One operation kind of the workflow and the gRPC methods it calls.
struct OpKind {
  std::string name;
  std::vector<std::string> methods;
};

const std::vector<OpKind>& OpKinds() {
  static const auto* kinds = new std::vector<OpKind>{
      {"CreateAccount", {"/chat.v1.AccountService/CreateAccount"}},
      {"Login",
       {"/chat.v1.AccountService/BeginLogin",
        "/chat.v1.AccountService/CompleteLogin"}},
      {"SendMessage", {"/chat.v1.MessageService/SendMessage"}},
      {"ReadMessages", {"/chat.v1.MessageService/ReadMessages"}},
      {"DeleteAccount", {"/chat.v1.AccountService/DeleteAccount"}},
  };
  return *kinds;
}

class Workflow {
 public:
  Workflow(ChatClient* one, ChatClient* two, const WireCounter* wire)
      : one_(one), two_(two), wire_(wire) {}

  // Runs the workflow once. With `per_op_wire`, the wire counters are read
  // around every operation (after letting the connection go quiet), which slows
  // the run: not timed then.
  absl::StatusOr<Phases> Run(std::map<std::string, WireBytes>* per_op_wire) {
    Phases phases;
    const int64_t start = NowNanos();
    absl::Status s;
    auto step = [&](const std::string& kind,
                    const std::function<absl::Status()>& op) {
      if (!s.ok()) return;
      WireBytes before;
      if (per_op_wire != nullptr) before = Quiet();
      s = op();
      if (per_op_wire != nullptr && s.ok()) {
        WireBytes delta = Quiet() - before;
        WireBytes& sum = (*per_op_wire)[kind];
        sum.sent += delta.sent;
        sum.received += delta.received;
        sum.segments_out += delta.segments_out;
        sum.segments_in += delta.segments_in;
        sum.connections = delta.connections;
      }
    };
    step("CreateAccount", [&] {
      return one_->CreateAccount("TestUser1", "password1").status();
    });
    step("CreateAccount", [&] {
      return two_->CreateAccount("TestUser2", "password2").status();
    });
    step("Login",
         [&] { return one_->Login("TestUser1", "password1").status(); });
    step("Login",
         [&] { return two_->Login("TestUser2", "password2").status(); });
    const int64_t accounts_done = NowNanos();
    for (int i = 0; i < kMessages; ++i) {
      step("SendMessage", [&] {
        return one_->SendMessage("TestUser2", MessageText(i)).status();
      });
    }
    step("ReadMessages", [&]() -> absl::Status {
      absl::StatusOr<chat::v1::ReadMessagesResponse> read =
          two_->ReadMessages(kMessages, "");
      if (!read.ok()) return read.status();
      if (read->messages_size() != kMessages) {
        return absl::InternalError(absl::StrCat("read ", read->messages_size(),
                                                " messages, not ", kMessages));
      }
      for (int i = 0; i < kMessages; ++i) {
        if (read->messages(i).text() != MessageText(i)) {
          return absl::InternalError(absl::StrCat(
              "message ", i, " came back as '", read->messages(i).text(), "'"));
        }
      }
      return absl::OkStatus();
    });
    const int64_t messages_done = NowNanos();
    step("DeleteAccount", [&] { return two_->DeleteAccount().status(); });
    step("DeleteAccount", [&] { return one_->DeleteAccount().status(); });
    const int64_t end = NowNanos();
    if (!s.ok()) return s;
    phases.accounts_ms = static_cast<double>(accounts_done - start) / 1e6;
    phases.messages_ms =
        static_cast<double>(messages_done - accounts_done) / 1e6;
    phases.delete_ms = static_cast<double>(end - messages_done) / 1e6;
    phases.total_ms = static_cast<double>(end - start) / 1e6;
    return phases;
  }

 private:
  // The wire counters once the connection is quiet (late WINDOW_UPDATEs and
  // PING acks land).
  WireBytes Quiet() {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    absl::StatusOr<WireBytes> now = wire_->Read();
    return now.ok() ? *now : WireBytes{};
  }

  ChatClient* one_;
  ChatClient* two_;
  const WireCounter* wire_;
};

MethodBytes Sum(const std::map<std::string, MethodBytes>& snapshot,
                const std::vector<std::string>& methods) {
  MethodBytes sum;
  for (const std::string& m : methods) {
    auto it = snapshot.find(m);
    if (it != snapshot.end()) sum += it->second;
  }
  return sum;
}

}  // namespace

ScenarioResult RunEfficiency(const BenchContext& context, int repetitions) {
  SetProgressScope("efficiency");
  ScenarioResult result;
  ByteCounter bytes;
  ClientOptions options;
  // Two clients on one server: the workflow's bytes do not depend on the
  // instances.
  options.address = context.endpoint.address(0);
  options.protocol = context.endpoint.protocol;
  options.bytes = &bytes;
  absl::StatusOr<std::unique_ptr<ChatClient>> one =
      ChatClient::Connect(options);
  absl::StatusOr<std::unique_ptr<ChatClient>> two =
      ChatClient::Connect(options);
  if (!one.ok() || !two.ok()) {
    result.ok = false;
    result.failure = "cannot make clients";
    return result;
  }
  WireCounter wire(context.server_ports, context.heartbeat_ports);
  Workflow workflow(one->get(), two->get(), &wire);

  // Timed runs: the first connects (cold), the others reuse the connection
  // (warm).
  std::vector<Phases> runs;
  MethodBytes payload_first;
  WireBytes wire_first;
  for (int r = 0; r < std::max(1, repetitions); ++r) {
    Progress(absl::StrCat("timed run ", r + 1, "/", repetitions));
    bytes.Reset();
    absl::StatusOr<WireBytes> wire_before = wire.Read();
    absl::StatusOr<Phases> phases = workflow.Run(nullptr);
    if (!phases.ok()) {
      result.ok = false;
      result.failure =
          absl::StrCat("workflow failed: ", phases.status().ToString());
      return result;
    }
    if (r == 0) {
      payload_first = bytes.Total();
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      absl::StatusOr<WireBytes> wire_after = wire.Read();
      if (wire_before.ok() && wire_after.ok()) {
        wire_first = *wire_after - *wire_before;
      }
    }
    runs.push_back(*phases);
  }
  // One more run with the wire read around each operation, for the
  // per-operation table.
  Progress("per-operation run");
  bytes.Reset();
  std::map<std::string, WireBytes> per_op_wire;
  absl::StatusOr<WireBytes> wire_before = wire.Read();
  if (absl::StatusOr<Phases> p = workflow.Run(&per_op_wire); !p.ok()) {
    result.ok = false;
    result.failure = absl::StrCat("workflow failed: ", p.status().ToString());
    return result;
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  absl::StatusOr<WireBytes> wire_after = wire.Read();
  WireBytes wire_warm;
  if (wire_before.ok() && wire_after.ok()) {
    wire_warm = *wire_after - *wire_before;
  }
  const std::map<std::string, MethodBytes> snapshot = bytes.Snapshot();
  const MethodBytes payload = bytes.Total();

  std::vector<double> totals;
  for (size_t r = 1; r < runs.size(); ++r) totals.push_back(runs[r].total_ms);
  std::sort(totals.begin(), totals.end());
  const double warm_median_ms =
      totals.empty() ? runs[0].total_ms : totals[totals.size() / 2];
  const Phases& warm = runs.size() > 1 ? runs[1] : runs[0];

  CsvTable csv({"operation", "calls", "payload_sent", "payload_received",
                "wire_sent", "wire_received", "segments_out", "segments_in"});
  Json ops = Json::Array();
  std::string table =
      "| operation | calls | payload sent | payload received | wire sent | "
      "wire received |\n"
      "|---|---:|---:|---:|---:|---:|\n";
  for (const OpKind& kind : OpKinds()) {
    const MethodBytes m = Sum(snapshot, kind.methods);
    const WireBytes w = per_op_wire[kind.name];
    csv.Add({kind.name, absl::StrCat(m.calls), absl::StrCat(m.sent_bytes),
             absl::StrCat(m.received_bytes), absl::StrCat(w.sent),
             absl::StrCat(w.received), absl::StrCat(w.segments_out),
             absl::StrCat(w.segments_in)});
    ops.Push(Json::Object()
                 .Set("operation", kind.name)
                 .Set("payload", ToJson(m))
                 .Set("wire", ToJson(w)));
    absl::StrAppend(&table, "| ", kind.name, " | ", m.calls, " | ",
                    m.sent_bytes, " | ", m.received_bytes, " | ", w.sent, " | ",
                    w.received, " |\n");
  }
  csv.Add({"total (warm connection)", absl::StrCat(payload.calls),
           absl::StrCat(payload.sent_bytes),
           absl::StrCat(payload.received_bytes), absl::StrCat(wire_warm.sent),
           absl::StrCat(wire_warm.received),
           absl::StrCat(wire_warm.segments_out),
           absl::StrCat(wire_warm.segments_in)});
  csv.Add({"total (first run, connecting)", absl::StrCat(payload_first.calls),
           absl::StrCat(payload_first.sent_bytes),
           absl::StrCat(payload_first.received_bytes),
           absl::StrCat(wire_first.sent), absl::StrCat(wire_first.received),
           absl::StrCat(wire_first.segments_out),
           absl::StrCat(wire_first.segments_in)});
  absl::StrAppend(&table, "| **total**, warm connection | ", payload.calls,
                  " | ", payload.sent_bytes, " | ", payload.received_bytes,
                  " | ", wire_warm.sent, " | ", wire_warm.received, " |\n");
  absl::StrAppend(&table, "| **total**, first run (connecting) | ",
                  payload_first.calls, " | ", payload_first.sent_bytes, " | ",
                  payload_first.received_bytes, " | ", wire_first.sent, " | ",
                  wire_first.received, " |\n");
  if (absl::Status s =
          WriteResult(context.out_dir, "efficiency.csv", csv.Text());
      !s.ok()) {
    Note(s.ToString());
  }

  Json timing = Json::Array();
  for (const Phases& p : runs) {
    timing.Push(Json::Object()
                    .Set("total_ms", p.total_ms)
                    .Set("accounts_ms", p.accounts_ms)
                    .Set("messages_ms", p.messages_ms)
                    .Set("delete_ms", p.delete_ms));
  }
  result.json.Set("messages", kMessages)
      .Set("message_text_example", MessageText(0))
      .Set("runs", timing)
      .Set("first_run_ms", runs[0].total_ms)
      .Set("warm_median_ms", warm_median_ms)
      .Set("payload_sent", payload.sent_bytes)
      .Set("payload_received", payload.received_bytes)
      .Set("wire_warm", ToJson(wire_warm))
      .Set("wire_first_run", ToJson(wire_first))
      .Set("operations", ops)
      .Set("notebook", Json::Object()
                           .Set("seconds", kNotebookSeconds)
                           .Set("payload_sent", kNotebookSent)
                           .Set("payload_received", kNotebookReceived));

  result.targets.push_back(
      Target{"efficiency: payload bytes sent",
             absl::StrCat("< ", kNotebookSent / 2, " bytes"),
             absl::StrCat(payload.sent_bytes, " bytes"),
             payload.sent_bytes < kNotebookSent / 2});

  result.markdown = absl::StrCat(
      "## Efficiency (the notebook's workflow)\n\n", "Elapsed: first run ",
      Fixed(runs[0].total_ms, 1), " ms (connecting), warm median ",
      Fixed(warm_median_ms, 1), " ms; a warm run: accounts ",
      Fixed(warm.accounts_ms, 1),
      " ms (4 PBKDF2 derivations on the client), 20 sends + read ",
      Fixed(warm.messages_ms, 1), " ms, deletes ", Fixed(warm.delete_ms, 1),
      " ms. Notebook (gRPC): ", Fixed(kNotebookSeconds * 1000, 0), " ms, ",
      kNotebookSent, " bytes sent, ", kNotebookReceived, " received.\n\n",
      table, "\n");
  Note(absl::StrCat("payload ", payload.sent_bytes, " sent / ",
                    payload.received_bytes, " received; wire ", wire_warm.sent,
                    " / ", wire_warm.received, "; warm median ",
                    Fixed(warm_median_ms, 1), " ms"));
  return result;
}

}  // namespace parley::bench
