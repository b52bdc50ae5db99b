// Counts serialized protobuf bytes per RPC method, in each direction. The
// counting interceptors (byte_counting_interceptor.h) feed it; tests, the CLI,
// the GUI and the benchmark read it.
//
// These are payload bytes, the size of each serialized message, as the notebook
// measured them; HTTP/2 framing, headers and TLS are not included.
//
// Thread safety: all methods are safe to call concurrently. Counting is
// lock-free once a method has been seen; the first sighting of a method takes a
// lock.
#ifndef PARLEY_INTERCEPTORS_BYTE_COUNTER_H_
#define PARLEY_INTERCEPTORS_BYTE_COUNTER_H_

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "absl/synchronization/mutex.h"

namespace parley {

struct MethodBytes {
  int64_t calls = 0;
  int64_t sent_messages = 0;
  int64_t sent_bytes = 0;
  int64_t received_messages = 0;
  int64_t received_bytes = 0;

  MethodBytes& operator+=(const MethodBytes& other);
};

class ByteCounter {
 public:
  ByteCounter() = default;
  ByteCounter(const ByteCounter&) = delete;
  ByteCounter& operator=(const ByteCounter&) = delete;

  // `method` is the full gRPC method name, e.g.
  // "/chat.v1.MessageService/SendMessage". "Sent" and "received" are from the
  // point of view of the side that owns this counter.
  void AddCall(std::string_view method);
  void AddSent(std::string_view method, int64_t bytes);
  void AddReceived(std::string_view method, int64_t bytes);

  // A consistent-enough copy of every method's counts (each field is read
  // atomically).
  std::map<std::string, MethodBytes> Snapshot() const;
  // The sum over all methods.
  MethodBytes Total() const;
  // Zeroes every count.
  void Reset();

 private:
  struct Counts {
    std::atomic<int64_t> calls{0};
    std::atomic<int64_t> sent_messages{0};
    std::atomic<int64_t> sent_bytes{0};
    std::atomic<int64_t> received_messages{0};
    std::atomic<int64_t> received_bytes{0};
  };

  Counts& For(std::string_view method);

  mutable absl::Mutex mu_;
  // Entries are never erased, so a Counts reference stays valid for the
  // counter's life.
  std::map<std::string, std::unique_ptr<Counts>, std::less<>> methods_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace parley

#endif  // PARLEY_INTERCEPTORS_BYTE_COUNTER_H_
