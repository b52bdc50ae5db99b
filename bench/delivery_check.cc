#include "delivery_check.h"

#include <algorithm>
#include <atomic>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"

namespace parley::bench {
namespace {

// Message id to call number, for the acknowledged sends.
absl::flat_hash_map<int64_t, int64_t> CallsById(
    const std::vector<CallRecord>& records) {
  absl::flat_hash_map<int64_t, int64_t> by_id;
  by_id.reserve(records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    if (records[i].code == 0) {
      by_id[records[i].message_id] = static_cast<int64_t>(i);
    }
  }
  return by_id;
}

}  // namespace

std::string DeliveryCheck::Describe() const {
  return absl::StrCat(
      sends_ok, " sends acknowledged, ", sends_failed, " failed",
      sends_failed > 0 ? absl::StrCat(" (first code ", first_failure_code, ")")
                       : "",
      "; deliveries: ", expected, " expected, ", delivered, " delivered, ",
      missing, " missing, ", duplicates, " duplicated, ", misrouted,
      " misrouted, ", unknown, " unknown");
}

DeliveryCheck CheckDeliveries(const CallPlan& plan,
                              const std::vector<CallRecord>& records,
                              const std::vector<Delivery>& deliveries,
                              const std::vector<int>& stream_account,
                              int accounts) {
  DeliveryCheck check;
  // Each stream's position among its account's streams, and how many streams
  // each account has.
  std::vector<int> streams_of(accounts, 0);
  std::vector<int> slot(stream_account.size());
  for (size_t s = 0; s < stream_account.size(); ++s) {
    slot[s] = streams_of[stream_account[s]]++;
  }
  const int width =
      std::max(1, *std::max_element(streams_of.begin(), streams_of.end()));

  for (const CallRecord& r : records) {
    if (r.code == 0) {
      ++check.sends_ok;
    } else {
      if (check.sends_failed++ == 0) check.first_failure_code = r.code;
    }
  }
  for (int64_t i = 0; i < plan.size(); ++i) {
    if (records[i].code == 0) check.expected += streams_of[plan.recipient[i]];
  }
  const absl::flat_hash_map<int64_t, int64_t> by_id = CallsById(records);
  std::vector<uint8_t> count(static_cast<size_t>(plan.size()) * width, 0);
  check.latencies_ns.reserve(deliveries.size());
  for (const Delivery& d : deliveries) {
    check.last_received_ns = std::max(check.last_received_ns, d.received_ns);
    auto it = by_id.find(d.id);
    if (it == by_id.end()) {
      ++check.unknown;
      continue;
    }
    const int64_t call = it->second;
    if (stream_account[d.stream] != plan.recipient[call]) {
      ++check.misrouted;
      continue;
    }
    uint8_t& c = count[static_cast<size_t>(call) * width + slot[d.stream]];
    if (c > 0) {
      ++check.duplicates;
    } else {
      ++check.delivered;
      check.latencies_ns.push_back(d.received_ns - records[call].start_ns);
    }
    if (c < 255) ++c;
  }
  check.missing = check.expected - check.delivered;
  return check;
}

std::string StoreCheck::Describe() const {
  return absl::StrCat(
      "stored: ", expected, " expected, ", stored, " read back, ", missing,
      " missing, ", misplaced, " misplaced, ", extra, " extra (", read_calls,
      " ReadMessages calls)", error.empty() ? "" : "; error: ", error);
}

StoreCheck CheckStored(const CallPlan& plan,
                       const std::vector<CallRecord>& records,
                       const std::vector<BenchAccount>& accounts,
                       const std::vector<Connection*>& connections,
                       int threads) {
  StoreCheck check;
  // Which account read each id back (-1: none yet).
  absl::flat_hash_map<int64_t, int32_t> reader;
  absl::Mutex mu;
  std::atomic<int> next{0};
  std::atomic<int64_t> calls{0};
  auto work = [&] {
    for (int a = next++; a < static_cast<int>(accounts.size()); a = next++) {
      std::vector<int64_t> ids;
      for (;;) {
        chat::v1::ReadMessagesResponse response;
        const absl::Status status =
            connections[a]->ReadMessages(accounts[a], 100, &response);
        ++calls;
        if (!status.ok()) {
          absl::MutexLock lock(&mu);
          if (check.error.empty()) {
            check.error = absl::StrCat("ReadMessages for ", accounts[a].name,
                                       ": ", status.ToString());
          }
          return;
        }
        for (const chat::v1::Message& m : response.messages()) {
          ids.push_back(m.id());
        }
        if (response.remaining_unread() == 0 || response.messages_size() == 0) {
          break;
        }
      }
      absl::MutexLock lock(&mu);
      for (int64_t id : ids) {
        auto [it, inserted] = reader.try_emplace(id, a);
        if (!inserted) ++check.extra;  // the same unread message returned twice
      }
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < std::max(1, threads); ++t) pool.emplace_back(work);
  for (std::thread& t : pool) t.join();
  check.read_calls = calls.load();

  int64_t matched = 0;
  for (int64_t i = 0; i < plan.size(); ++i) {
    if (records[i].code != 0) continue;
    ++check.expected;
    auto it = reader.find(records[i].message_id);
    if (it == reader.end()) {
      ++check.missing;
    } else if (it->second != plan.recipient[i]) {
      ++check.misplaced;
      ++matched;
    } else {
      ++check.stored;
      ++matched;
    }
  }
  check.extra += static_cast<int64_t>(reader.size()) - matched;
  return check;
}

}  // namespace parley::bench
