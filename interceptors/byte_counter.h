// Counts a client's or server's traffic in one vocabulary for every protocol:
//
// - payload bytes per RPC method, in each direction: the size of each message
//   as the protocol carries it (serialized protobuf for gRPC and the binary
//   protocol, the JSON text of "params", "result" or "event" for JSON), as the
//   notebook measured them. Framing, headers, tokens, TLS and status messages
//   are not included. The gRPC interceptors (byte_counting_interceptor.h) and
//   the socket transports feed them.
// - TCP bytes per direction: every byte that crossed the TCP connections
//   (framing, headers, TLS records and pings included), as the kernel counts
//   them for a socket (tcp_info's bytes_sent and bytes_received, the figures
//   bench/wire_counter.h reads for the benchmark). The socket transports feed
//   them from their own sockets; gRPC keeps its sockets to itself, so its TCP
//   bytes are measured from outside, by the benchmark.
//
// Tests, the CLI, the GUI and the benchmark read them.
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

struct TcpBytes {
  int64_t sent = 0;
  int64_t received = 0;
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
  // Bytes that crossed TCP since the last call for the same connection.
  void AddTcp(int64_t sent, int64_t received);

  // A consistent-enough copy of every method's counts (each field is read
  // atomically).
  std::map<std::string, MethodBytes> Snapshot() const;
  // The sum over all methods.
  MethodBytes Total() const;
  // The TCP bytes counted so far.
  TcpBytes Tcp() const;
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

  std::atomic<int64_t> tcp_sent_{0};
  std::atomic<int64_t> tcp_received_{0};

  mutable absl::Mutex mu_;
  // Entries are never erased, so a Counts reference stays valid for the
  // counter's life.
  std::map<std::string, std::unique_ptr<Counts>, std::less<>> methods_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace parley

#endif  // PARLEY_INTERCEPTORS_BYTE_COUNTER_H_
