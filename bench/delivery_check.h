// The bench's proof that nothing was lost or repeated: every acknowledged send
// is matched, by message id, with its live deliveries (exactly one per stream
// of the recipient), and, when asked, with what the server returns from storage
// (ReadMessages).
#ifndef PARLEY_BENCH_DELIVERY_CHECK_H_
#define PARLEY_BENCH_DELIVERY_CHECK_H_

#include <cstdint>
#include <string>
#include <vector>

#include "account_setup.h"
#include "call_driver.h"
#include "connection.h"
#include "stream_set.h"

namespace parley::bench {

struct DeliveryCheck {
  int64_t sends_ok = 0;
  int64_t sends_failed = 0;
  int32_t first_failure_code = 0;
  int64_t expected =
      0;  // (message, stream) pairs: one per stream of each recipient
  int64_t delivered = 0;   // pairs delivered at least once
  int64_t missing = 0;     // pairs never delivered
  int64_t duplicates = 0;  // deliveries beyond the first of a pair
  int64_t misrouted = 0;   // deliveries to a stream of another account
  int64_t unknown = 0;     // deliveries of ids no acknowledged send returned
  int64_t last_received_ns = 0;
  // Per delivered pair: arrival minus the send's start (see CallRecord).
  std::vector<int64_t> latencies_ns;

  bool exactly_once() const {
    return sends_failed == 0 && missing == 0 && duplicates == 0 &&
           misrouted == 0 && unknown == 0;
  }
  std::string Describe() const;
};

// `stream_account[s]` is the account of stream s; `deliveries` are all the
// streams saw.
DeliveryCheck CheckDeliveries(const CallPlan& plan,
                              const std::vector<CallRecord>& records,
                              const std::vector<Delivery>& deliveries,
                              const std::vector<int>& stream_account,
                              int accounts);

struct StoreCheck {
  int64_t expected = 0;  // acknowledged sends
  int64_t stored =
      0;  // of those, read back once from their recipient's unread messages
  int64_t missing = 0;
  int64_t misplaced = 0;  // read back by an account that was not the recipient
  int64_t extra = 0;      // unread messages the bench never sent
  int64_t read_calls = 0;
  std::string error;  // a failed ReadMessages, if any

  bool ok() const {
    return error.empty() && missing == 0 && misplaced == 0 && extra == 0;
  }
  std::string Describe() const;
};

// Reads every account's unread messages (ReadMessages, 100 at a time, on
// `threads` threads) and matches them with the acknowledged sends. Marks them
// read.
StoreCheck CheckStored(const CallPlan& plan,
                       const std::vector<CallRecord>& records,
                       const std::vector<BenchAccount>& accounts,
                       const std::vector<Connection*>& connections,
                       int threads);

}  // namespace parley::bench

#endif  // PARLEY_BENCH_DELIVERY_CHECK_H_
