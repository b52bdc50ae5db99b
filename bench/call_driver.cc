#include "call_driver.h"

#include <chrono>
#include <ctime>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "latency.h"
#include "progress.h"

namespace parley::bench {
namespace {

void SleepUntil(int64_t ns) {
  timespec ts;
  ts.tv_sec = ns / 1'000'000'000;
  ts.tv_nsec = ns % 1'000'000'000;
  while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr) ==
         EINTR) {
  }
}

}  // namespace

CallDriver::CallDriver(CallKind kind, std::vector<Connection*> connections,
                       const std::vector<BenchAccount>* accounts,
                       std::string text)
    : kind_(kind),
      connections_(std::move(connections)),
      accounts_(accounts),
      text_(std::move(text)) {}

CallDriver::~CallDriver() { WaitIdle(absl::Minutes(2)); }

void CallDriver::Prepare(const CallPlan* plan) {
  plan_ = plan;
  records_.assign(plan->size(), CallRecord{});
  issued_.store(0);
  completed_.store(0);
  next_call_.store(0);
  slots_ = false;
}

void CallDriver::Issue(int64_t call, int64_t start_ns, int chain) {
  records_[call].start_ns = start_ns;
  issued_.fetch_add(1, std::memory_order_acq_rel);
  const int32_t sender = plan_->sender[call];
  Connection* connection = connections_[sender];
  const BenchAccount& from = (*accounts_)[sender];
  auto finished = [this, call, chain](int code, int64_t id) {
    Finished(call, code, id, chain);
  };
  if (kind_ == CallKind::kSendMessage) {
    connection->SendMessage(from, (*accounts_)[plan_->recipient[call]].name,
                            text_, std::move(finished));
  } else {
    connection->NoOp(from, std::move(finished));
  }
}

void CallDriver::Finished(int64_t call, int code, int64_t message_id,
                          int chain) {
  CallRecord& record = records_[call];
  record.done_ns = NowNanos();
  record.message_id = message_id;
  record.code = code;
  completed_.fetch_add(1, std::memory_order_acq_rel);
  if (chain >= 0) Continue(chain);
}

void CallDriver::Continue(int chain) {
  if (slots_) {
    const int64_t now = NowNanos();
    const int64_t call =
        now < until_ns_ ? next_call_.fetch_add(1) : plan_->size();
    if (call < plan_->size()) {
      Issue(call, now, chain);
      return;
    }
  } else if (lane_next_[chain] < lanes_[chain].size()) {
    Issue(lanes_[chain][lane_next_[chain]++], NowNanos(), chain);
    return;
  }
  active_chains_.fetch_sub(1, std::memory_order_acq_rel);
}

void CallDriver::RunLanes(const CallPlan* plan,
                          std::vector<std::vector<int64_t>> lanes) {
  Prepare(plan);
  lanes_ = std::move(lanes);
  lane_next_.assign(lanes_.size(), 0);
  active_chains_.store(static_cast<int>(lanes_.size()));
  for (size_t l = 0; l < lanes_.size(); ++l) Continue(static_cast<int>(l));
}

void CallDriver::RunSlots(const CallPlan* plan, int in_flight,
                          int64_t until_ns) {
  Prepare(plan);
  slots_ = true;
  until_ns_ = until_ns;
  active_chains_.store(in_flight);
  for (int s = 0; s < in_flight; ++s) Continue(s);
}

bool CallDriver::RunPaced(const CallPlan* plan, double rate, int64_t start_ns,
                          int64_t max_outstanding) {
  Prepare(plan);
  const double interval_ns = 1e9 / rate;
  int64_t next_progress = start_ns;
  for (int64_t i = 0; i < plan->size(); ++i) {
    const int64_t due =
        start_ns + static_cast<int64_t>(static_cast<double>(i) * interval_ns);
    int64_t now = NowNanos();
    if (due > now) {
      SleepUntil(due);
      now = NowNanos();
    }
    if (issued() - completed() > max_outstanding) return false;
    Issue(i, due, -1);
    if (now >= next_progress) {
      Progress(absl::StrCat("offered ", static_cast<int64_t>(rate),
                            "/s: issued ", i + 1, "/", plan->size(),
                            ", finished ", completed(), ", behind by ",
                            (now - due) / 1000, " us"));
      next_progress = now + 250'000'000;
    }
  }
  return true;
}

bool CallDriver::WaitIdle(absl::Duration timeout) {
  const int64_t deadline = NowNanos() + absl::ToInt64Nanoseconds(timeout);
  while (active_chains_.load(std::memory_order_acquire) > 0 ||
         completed_.load(std::memory_order_acquire) <
             issued_.load(std::memory_order_acquire)) {
    if (NowNanos() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::microseconds(500));
  }
  return true;
}

}  // namespace parley::bench
