// Issues the unary calls of a scenario asynchronously and records when
// each started and finished: SendMessage (the real work) or
// the protocol's no-op (the floor; see Connection::NoOp), over the
// scenario's connections, with each account's own session token.
//
// Three ways to drive them:
//  - lanes: each lane issues its calls one after another (a closed loop per
//  lane); lanes run
//    at once. The scaling scenario gives each account a lane, as the notebook's
//    clients did.
//  - slots: `in_flight` closed loops draw calls from one plan until a deadline
//  (peak rate).
//  - paced: an open loop; call i is due at start + i / rate whatever happened
//  to earlier ones,
//    and its latency counts from when it was due, so a stall shows up in the
//    latencies instead of silently lowering the offered rate (no coordinated
//    omission).
//
// Thread safety: Run* must be called from one thread at a time; records() only
// after WaitIdle() returned true.
#ifndef PARLEY_BENCH_CALL_DRIVER_H_
#define PARLEY_BENCH_CALL_DRIVER_H_

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "account_setup.h"
#include "connection.h"

namespace parley::bench {

enum class CallKind { kSendMessage, kNoOp };

// Who sends what: call i goes from account sender[i] to account recipient[i].
struct CallPlan {
  std::vector<int32_t> sender;
  std::vector<int32_t> recipient;
  int64_t size() const { return static_cast<int64_t>(sender.size()); }
  void Add(int32_t from, int32_t to) {
    sender.push_back(from);
    recipient.push_back(to);
  }
};

struct CallRecord {
  int64_t start_ns = 0;  // when issued (closed loops) or when due (paced)
  int64_t done_ns = 0;
  int64_t message_id = 0;  // SendMessage's reply
  int32_t code = -1;       // the status code; -1 until finished
};

class CallDriver {
 public:
  // `connections[a]` and `accounts[a]` are account a's connection and account;
  // they must outlive the driver. `text` is the text of every message.
  CallDriver(CallKind kind, std::vector<Connection*> connections,
             const std::vector<BenchAccount>* accounts, std::string text);
  ~CallDriver();
  CallDriver(const CallDriver&) = delete;
  CallDriver& operator=(const CallDriver&) = delete;

  // Each lane is a list of call numbers of `plan`.
  void RunLanes(const CallPlan* plan, std::vector<std::vector<int64_t>> lanes);
  void RunSlots(const CallPlan* plan, int in_flight, int64_t until_ns);
  // Issues calls 0..plan->size()-1 from this thread, call i due at start_ns + i
  // / rate. Stops early, returning false, when more than `max_outstanding`
  // calls are unfinished (the server has fallen hopelessly behind); the calls
  // issued are then a prefix of the plan.
  bool RunPaced(const CallPlan* plan, double rate, int64_t start_ns,
                int64_t max_outstanding);

  // Waits until every call issued has finished; false on timeout.
  bool WaitIdle(absl::Duration timeout);
  int64_t issued() const { return issued_.load(std::memory_order_acquire); }
  int64_t completed() const {
    return completed_.load(std::memory_order_acquire);
  }
  const std::vector<CallRecord>& records() const { return records_; }

 private:
  void Prepare(const CallPlan* plan);
  void Issue(int64_t call, int64_t start_ns, int chain);
  void Finished(int64_t call, int code, int64_t message_id, int chain);
  void Continue(int chain);

  const CallKind kind_;
  const std::vector<Connection*> connections_;
  const std::vector<BenchAccount>* const accounts_;
  const std::string text_;

  const CallPlan* plan_ = nullptr;
  std::vector<CallRecord> records_;
  std::vector<std::vector<int64_t>> lanes_;
  std::vector<size_t> lane_next_;
  bool slots_ = false;
  int64_t until_ns_ = 0;
  std::atomic<int64_t> next_call_{0};
  std::atomic<int> active_chains_{0};
  std::atomic<int64_t> issued_{0};
  std::atomic<int64_t> completed_{0};
};

}  // namespace parley::bench

#endif  // PARLEY_BENCH_CALL_DRIVER_H_
