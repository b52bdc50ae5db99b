// A unary call to the server every 200 ms on a connection of its own, for as
// long as the bench runs, so that gRPC's callback machinery on both sides never
// sits idle for a second.
//
// Why: in gRPC 1.51 the callback API hands completions to two "nexting" threads
// that wait with a one-second deadline and, when it passes with nothing to do,
// sleep 100 ms before waiting again. Both time out together after a quiet
// second, so for 100 ms nobody runs callbacks: the first calls after any pause
// of a second or more took up to 100 ms (measured in both the bench and the
// server). A completion at least every 200 ms keeps one of the threads awake.
// The heartbeat costs 5 no-op calls a second; bench/README.md discusses the
// stall itself.
//
// Thread safety: Start and Stop are called by one thread.
#ifndef PARLEY_BENCH_HEARTBEAT_H_
#define PARLEY_BENCH_HEARTBEAT_H_

#include <grpcpp/alarm.h>

#include <memory>
#include <string>

#include "absl/synchronization/mutex.h"
#include "grpc_connection.h"

namespace parley::bench {

class Heartbeat {
 public:
  explicit Heartbeat(const std::string& address);
  ~Heartbeat();  // stops

  void Start();
  void Stop();
  // Connects now; false if not connected within `timeout`.
  bool WaitConnected(absl::Duration timeout) {
    return connection_.WaitConnected(timeout);
  }

 private:
  void Beat();
  void Done();

  GrpcConnection connection_;
  grpc::Alarm alarm_;
  std::unique_ptr<grpc::ClientContext> context_;
  grpc::health::v1::HealthCheckRequest request_;
  grpc::health::v1::HealthCheckResponse response_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool busy_ ABSL_GUARDED_BY(mu_) = false;  // a call or a wait is pending
};

}  // namespace parley::bench

#endif  // PARLEY_BENCH_HEARTBEAT_H_
