#include "client/gui/main_thread_queue.h"

#include <utility>

namespace parley::gui {

MainThreadQueue::MainThreadQueue(std::function<void()> wake)
    : wake_(std::move(wake)) {}

void MainThreadQueue::Post(std::function<void()> task) {
  {
    absl::MutexLock lock(&mu_);
    tasks_.push_back(std::move(task));
  }
  if (wake_) wake_();
}

bool MainThreadQueue::RunPending() {
  std::vector<std::function<void()>> batch;
  {
    absl::MutexLock lock(&mu_);
    batch.swap(tasks_);
  }
  for (std::function<void()>& task : batch) task();
  return !batch.empty();
}

}  // namespace parley::gui
