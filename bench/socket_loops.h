// The event loops the bench's socket connections run on: a few threads, each
// running one asio::io_context, with the connections dealt out among them.
// This is the bench's counterpart of gRPC's callback threads, so both sides
// of a comparison drive thousands of connections from a couple of threads
// rather than a thread each (which Parley's ChatClient, built for one user,
// would use).
//
// Thread safety: Next may be called from any thread.
#ifndef PARLEY_BENCH_SOCKET_LOOPS_H_
#define PARLEY_BENCH_SOCKET_LOOPS_H_

#include <asio.hpp>
#include <atomic>
#include <memory>
#include <thread>
#include <vector>

namespace parley::bench {

class SocketLoops {
 public:
  // Starts `threads` loops (at least one).
  explicit SocketLoops(int threads);
  // Stops the loops and joins their threads; every connection on them must
  // be closed first.
  ~SocketLoops();
  SocketLoops(const SocketLoops&) = delete;
  SocketLoops& operator=(const SocketLoops&) = delete;

  // The loop for the next connection, round robin.
  asio::io_context& Next();

 private:
  struct Loop {
    asio::io_context io;
    asio::executor_work_guard<asio::io_context::executor_type> work{
        io.get_executor()};
    std::thread thread;
  };

  std::vector<std::unique_ptr<Loop>> loops_;
  std::atomic<size_t> next_{0};
};

}  // namespace parley::bench

#endif  // PARLEY_BENCH_SOCKET_LOOPS_H_
