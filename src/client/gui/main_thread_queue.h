// The hand-off from background threads (RPC worker, gRPC stream callbacks) to
// the thread that owns the view-model: tasks are queued from anywhere and run
// on the owner's thread when it calls RunPending(), once per frame.
//
// Thread safety: Post() may be called from any thread at once; RunPending()
// only from the owning thread. The wake function runs on the posting thread
// after each Post(), outside the lock; it must be thread-safe and quick (e.g.
// glfwPostEmptyEvent) and must not call back in.
#ifndef PARLEY_CLIENT_GUI_MAIN_THREAD_QUEUE_H_
#define PARLEY_CLIENT_GUI_MAIN_THREAD_QUEUE_H_

#include <functional>
#include <vector>

#include "absl/synchronization/mutex.h"

namespace parley::gui {

class MainThreadQueue {
 public:
  // `wake` may be empty (nothing to wake: the owner polls).
  explicit MainThreadQueue(std::function<void()> wake);
  MainThreadQueue(const MainThreadQueue&) = delete;
  MainThreadQueue& operator=(const MainThreadQueue&) = delete;

  void Post(std::function<void()> task);

  // Runs, in order, the tasks queued before the call (tasks they post wait for
  // the next call). Returns whether any ran.
  bool RunPending();

 private:
  const std::function<void()> wake_;
  absl::Mutex mu_;
  std::vector<std::function<void()>> tasks_ ABSL_GUARDED_BY(mu_);
};

}  // namespace parley::gui

#endif  // PARLEY_CLIENT_GUI_MAIN_THREAD_QUEUE_H_
