// Live Subscribe streams held open by the bench, over the connection's
// protocol (no thread per stream, so 10,000 of them cost memory, not
// threads). Every message event is recorded with the time it arrived, for the
// delivery checks and latencies.
//
// Thread safety: all methods may be called from any thread. Streams live until
// the set is destroyed (which cancels those still open and waits for them).
#ifndef PARLEY_BENCH_STREAM_SET_H_
#define PARLEY_BENCH_STREAM_SET_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "account_setup.h"
#include "connection.h"

namespace parley::bench {

// One message event as a stream saw it.
struct Delivery {
  int64_t id = 0;           // the message id
  int64_t received_ns = 0;  // NowNanos() when the event was read
  int32_t stream = 0;       // which stream of the set
};

class StreamSet {
 public:
  StreamSet();
  ~StreamSet();
  StreamSet(const StreamSet&) = delete;
  StreamSet& operator=(const StreamSet&) = delete;

  // Opens a live stream (no replay) for `account`, on `connection`, which must
  // outlive the set. `account_index` is the scenario's number for the account.
  // Returns the stream index.
  int Open(Connection* connection, const BenchAccount& account,
           int account_index);

  // Waits until every stream opened so far is live (has received CaughtUp).
  // False on timeout or if a stream ended first.
  bool WaitLive(absl::Duration timeout);
  // Waits until at least `count` message events have arrived in all; false on
  // timeout.
  bool WaitMessages(int64_t count, absl::Duration timeout) const;
  int64_t messages() const { return messages_.load(std::memory_order_acquire); }
  // Moves out every delivery recorded since the last call.
  std::vector<Delivery> TakeDeliveries();

  int size() const;
  int account_of(int stream) const;
  // Streams that ended without being cancelled by the set, and the first such
  // status.
  int failed() const;
  std::string first_failure() const;

  // Cancels every open stream and waits until all have ended.
  void CancelAll();

 private:
  class Stream;
  void OnLive();
  void OnDone(bool cancelled_by_us, const std::string& status);

  std::atomic<int64_t> messages_{0};
  mutable absl::Mutex mu_;
  std::vector<std::unique_ptr<Stream>> streams_ ABSL_GUARDED_BY(mu_);
  int live_ ABSL_GUARDED_BY(mu_) = 0;
  int done_ ABSL_GUARDED_BY(mu_) = 0;
  int failed_ ABSL_GUARDED_BY(mu_) = 0;
  std::string first_failure_ ABSL_GUARDED_BY(mu_);
};

}  // namespace parley::bench

#endif  // PARLEY_BENCH_STREAM_SET_H_
