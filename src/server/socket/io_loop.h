// The event loop of the socket edges: one Asio io_context run by a few
// threads, shared by every listener and connection of both socket protocols.
// No thread belongs to a connection; a connection's work runs on whichever
// loop thread its strand gets.
//
// Thread safety: context() may be used from any thread; Stop from one.
#ifndef PARLEY_SERVER_SOCKET_IO_LOOP_H_
#define PARLEY_SERVER_SOCKET_IO_LOOP_H_

#include <asio.hpp>
#include <thread>
#include <vector>

namespace parley {

class IoLoop {
 public:
  // Starts `threads` threads (at least 1) running the context.
  explicit IoLoop(int threads);
  // Stop().
  ~IoLoop();
  IoLoop(const IoLoop&) = delete;
  IoLoop& operator=(const IoLoop&) = delete;

  asio::io_context& context() { return context_; }
  // Stops the context (abandoning what is still queued) and joins the
  // threads. Idempotent.
  void Stop();

 private:
  asio::io_context context_;
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  std::vector<std::thread> threads_;
};

}  // namespace parley

#endif  // PARLEY_SERVER_SOCKET_IO_LOOP_H_
