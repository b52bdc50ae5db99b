// The threads that run store work for every transport's edge, so no event loop
// or reaction ever blocks on the database. The queue is bounded: when it is
// full, TrySubmit refuses and the caller answers RESOURCE_EXHAUSTED
// (ServerBusyError) instead of letting latency grow without limit.
//
// The pool starts with `threads` threads and adds one (up to `max_threads`)
// whenever a task is queued while every thread is busy. Busy includes waiting:
// store writes queue for SQLite's one writer (a ReadMessages marks messages
// read, so it writes too), and while a handful of them wait, the quick tasks
// behind them (starting the stream writes and replies of committed sends)
// should not. Added threads stay for the life of the pool.
//
// Thread safety: all methods may be called from any thread. Tasks run on the
// pool's threads, several at once; they must not call Shutdown.
#ifndef PARLEY_SERVER_ENGINE_WORKER_POOL_H_
#define PARLEY_SERVER_ENGINE_WORKER_POOL_H_

#include <cstddef>
#include <deque>
#include <thread>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"

namespace parley {

// The one answer to a call the server has no room for right now
// (RESOURCE_EXHAUSTED; the client should retry shortly).
absl::Status ServerBusyError();

class WorkerPool {
 public:
  // Starts `threads` workers (at least 1) with room for `max_queued` waiting
  // tasks; grows to at most max(threads, max_threads) workers.
  WorkerPool(int threads, size_t max_queued,
             int max_threads = kDefaultMaxThreads);
  // Runs what is queued, then joins the threads.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  static constexpr int kDefaultMaxThreads = 64;

  // Queues `task`. Returns false, dropping it, if the queue is full or the pool
  // is shut down.
  bool TrySubmit(absl::AnyInvocable<void() &&> task);
  // Stops taking tasks, runs every task already queued, and joins the threads.
  // Idempotent.
  void Shutdown();

  // Threads started so far.
  int thread_count();
  // Tasks waiting for a thread now.
  size_t queued_count();

 private:
  void Run();
  void StartThread() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const size_t max_queued_;
  const int max_threads_;
  absl::Mutex mu_;
  std::deque<absl::AnyInvocable<void() &&>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  absl::CondVar work_;                 // signalled when a task is queued
  int idle_ ABSL_GUARDED_BY(mu_) = 0;  // threads waiting for a task
  std::vector<std::thread> threads_ ABSL_GUARDED_BY(mu_);
};

}  // namespace parley

#endif  // PARLEY_SERVER_ENGINE_WORKER_POOL_H_
