#include "server/engine/timer.h"

#include <pthread.h>

#include <utility>

#include "absl/time/clock.h"

namespace parley {

Timer::Timer() : thread_([this] { Run(); }) {}

Timer::~Timer() { Stop(); }

void Timer::After(absl::Duration delay, absl::AnyInvocable<void() &&> task) {
  absl::MutexLock lock(&mu_);
  if (stopping_) return;
  tasks_.emplace(std::make_pair(absl::Now() + delay, next_sequence_++),
                 std::move(task));
}

void Timer::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    tasks_.clear();
  }
  if (thread_.joinable()) thread_.join();
}

void Timer::Run() {
  pthread_setname_np(pthread_self(), "parley-timer");
  for (;;) {
    absl::AnyInvocable<void() &&> task;
    {
      absl::MutexLock lock(&mu_);
      // Wakes when a task is added or the first deadline passes; a new
      // earlier task is noticed because Await re-checks on every change.
      for (;;) {
        if (stopping_) return;
        if (!tasks_.empty() && tasks_.begin()->first.first <= absl::Now()) {
          break;
        }
        const absl::Time deadline = tasks_.empty()
                                        ? absl::InfiniteFuture()
                                        : tasks_.begin()->first.first;
        const size_t count = tasks_.size();
        auto changed = [this, count]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
          return stopping_ || tasks_.size() != count;
        };
        mu_.AwaitWithDeadline(absl::Condition(&changed), deadline);
      }
      auto first = tasks_.begin();
      task = std::move(first->second);
      tasks_.erase(first);
    }
    std::move(task)();
  }
}

}  // namespace parley
