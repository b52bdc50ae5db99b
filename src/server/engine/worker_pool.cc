#include "server/engine/worker_pool.h"

#include <pthread.h>

#include <algorithm>
#include <utility>

namespace parley {

absl::Status ServerBusyError() {
  return absl::ResourceExhaustedError("the server is busy; try again shortly");
}

WorkerPool::WorkerPool(int threads, size_t max_queued, int max_threads)
    : max_queued_(max_queued),
      max_threads_(std::max({threads, max_threads, 1})) {
  absl::MutexLock lock(&mu_);
  threads = std::max(threads, 1);
  threads_.reserve(max_threads_);
  for (int i = 0; i < threads; ++i) StartThread();
}

WorkerPool::~WorkerPool() { Shutdown(); }

void WorkerPool::StartThread() {
  threads_.emplace_back([this] { Run(); });
}

bool WorkerPool::TrySubmit(absl::AnyInvocable<void() &&> task) {
  absl::MutexLock lock(&mu_);
  if (stopping_ || queue_.size() >= max_queued_) return false;
  queue_.push_back(std::move(task));
  // One waiting thread for one task (a shared condition would make every unlock
  // re-check it for every waiting thread).
  if (idle_ > 0) work_.Signal();
  // Every thread is running (or waiting inside) a task, and the ones about to
  // take a task are fewer than the tasks queued: one more thread gets this task
  // going now.
  if (idle_ < static_cast<int>(queue_.size()) &&
      static_cast<int>(threads_.size()) < max_threads_) {
    StartThread();
  }
  return true;
}

size_t WorkerPool::queued_count() {
  absl::MutexLock lock(&mu_);
  return queue_.size();
}

int WorkerPool::thread_count() {
  absl::MutexLock lock(&mu_);
  return static_cast<int>(threads_.size());
}

void WorkerPool::Shutdown() {
  std::vector<std::thread> threads;
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    work_.SignalAll();
    // No thread starts once stopping_ is set, so this takes them all.
    threads.swap(threads_);
  }
  for (std::thread& thread : threads) thread.join();
}

void WorkerPool::Run() {
  // A thread inherits its creator's name (a gRPC thread's, for threads added on
  // demand).
  pthread_setname_np(pthread_self(), "parley-worker");
  for (;;) {
    absl::AnyInvocable<void() &&> task;
    {
      absl::MutexLock lock(&mu_);
      ++idle_;
      while (!stopping_ && queue_.empty()) work_.Wait(&mu_);
      --idle_;
      if (queue_.empty()) return;
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    std::move(task)();
  }
}

}  // namespace parley
