// A fixed set of threads that run store work for the gRPC reactors, so no reaction ever blocks
// on SQLite. The queue is bounded: when it is full, TrySubmit refuses and the caller answers
// RESOURCE_EXHAUSTED instead of letting latency grow without limit.
//
// Thread safety: all methods may be called from any thread. Tasks run on the pool's threads,
// several at once; they must not call Shutdown.
#ifndef PARLEY_SERVER_WORKER_POOL_H_
#define PARLEY_SERVER_WORKER_POOL_H_

#include <cstddef>
#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"

namespace parley {

class WorkerPool {
 public:
  // Starts `threads` workers (at least 1) with room for `max_queued` waiting tasks.
  WorkerPool(int threads, size_t max_queued);
  // Runs what is queued, then joins the threads.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `task`. Returns false, dropping it, if the queue is full or the pool is shut down.
  bool TrySubmit(std::function<void()> task);
  // Stops taking tasks, runs every task already queued, and joins the threads. Idempotent.
  void Shutdown();

 private:
  void Run();

  const size_t max_queued_;
  absl::Mutex mu_;
  std::deque<std::function<void()>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace parley

#endif  // PARLEY_SERVER_WORKER_POOL_H_
