// A thread of its own that handles submitted items in batches: every item
// submitted while a batch is being handled goes into the next one. Submitters
// never wait for the handler, and under load the handler's fixed cost per batch
// (a commit, say) is shared by every item that arrived during the previous one,
// without any timer: an idle thread takes the next item at once, so a lone item
// is not delayed.
//
// The queue is bounded: TrySubmit refuses an item when `max_queued` are already
// waiting, so a producer that outruns the handler gets told (and can answer
// RESOURCE_EXHAUSTED) instead of growing memory and latency without limit.
//
// Thread safety: TrySubmit may be called from any thread, the handler's
// included; Stop from one thread at a time, never the handler's. The handler
// runs on the batch thread only, one batch at a time.
#ifndef PARLEY_SERVER_ENGINE_BATCH_THREAD_H_
#define PARLEY_SERVER_ENGINE_BATCH_THREAD_H_

#include <pthread.h>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/synchronization/mutex.h"

namespace parley {

template <typename T>
class BatchThread {
 public:
  // Called with the items of one batch, oldest first; it may move them out of
  // the vector.
  using Handler = std::function<void(std::vector<T>& batch)>;

  // Starts the thread, named `name` (at most 15 characters, as Linux allows).
  BatchThread(std::string name, size_t max_queued, Handler handler)
      : max_queued_(max_queued),
        handler_(std::move(handler)),
        thread_([this, name = std::move(name)] {
          pthread_setname_np(pthread_self(), name.c_str());
          Run();
        }) {}
  // Stop().
  ~BatchThread() { Stop(); }
  BatchThread(const BatchThread&) = delete;
  BatchThread& operator=(const BatchThread&) = delete;

  // Queues `item` for a coming batch and returns nullopt, or returns `item`
  // back, refused, when the queue is full or the thread has been stopped.
  std::optional<T> TrySubmit(T item) {
    absl::MutexLock lock(&mu_);
    if (stopping_ || queued_.size() >= max_queued_) return item;
    queued_.push_back(std::move(item));
    // The thread only waits when it has nothing to do, so most submissions
    // under load wake no one.
    if (waiting_) wake_.Signal();
    return std::nullopt;
  }

  // Items waiting for the next batch now.
  size_t queued_count() {
    absl::MutexLock lock(&mu_);
    return queued_.size();
  }
  // Refuses new items, handles every item already queued, and joins the
  // thread. May be called again once it has returned; not from two threads at
  // once, nor from the handler.
  void Stop() {
    {
      absl::MutexLock lock(&mu_);
      stopping_ = true;
      wake_.Signal();
    }
    if (thread_.joinable()) thread_.join();
  }

 private:
  void Run() {
    std::vector<T> batch;
    for (;;) {
      {
        absl::MutexLock lock(&mu_);
        while (queued_.empty() && !stopping_) {
          waiting_ = true;
          wake_.Wait(&mu_);
          waiting_ = false;
        }
        if (queued_.empty()) return;
        batch.swap(queued_);
      }
      handler_(batch);
      batch.clear();
    }
  }

  const size_t max_queued_;
  const Handler handler_;
  absl::Mutex mu_;
  absl::CondVar wake_;
  std::vector<T> queued_ ABSL_GUARDED_BY(mu_);
  bool waiting_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  // Last: it starts running once everything above is constructed.
  std::thread thread_;
};

}  // namespace parley

#endif  // PARLEY_SERVER_ENGINE_BATCH_THREAD_H_
