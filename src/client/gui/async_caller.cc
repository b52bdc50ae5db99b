#include "client/gui/async_caller.h"

namespace parley::gui {

AsyncCaller::AsyncCaller(std::function<void()> wake)
    : queue_(std::move(wake)) {}

void AsyncCaller::Post(uint64_t epoch, std::function<void()> task) {
  queue_.Post([this, epoch, task = std::move(task)]() {
    if (epoch == epoch_) task();
  });
}

}  // namespace parley::gui
