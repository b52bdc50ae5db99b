// One thread that runs short tasks at given times, for the whole server: the
// engine's deadlines (such as giving a stuck stream write a grace period
// before it is abandoned) without a thread, or a timer of each transport's
// own, per stream.
//
// Thread safety: every method may be called from any thread, a task's
// included. Tasks run one at a time on the timer's thread, in deadline order;
// they must be quick and must not block (they typically hand work on).
#ifndef PARLEY_SERVER_ENGINE_TIMER_H_
#define PARLEY_SERVER_ENGINE_TIMER_H_

#include <cstdint>
#include <map>
#include <thread>

#include "absl/functional/any_invocable.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace parley {

class Timer {
 public:
  // Starts the thread.
  Timer();
  // Stop().
  ~Timer();
  Timer(const Timer&) = delete;
  Timer& operator=(const Timer&) = delete;

  // Runs `task` once `delay` has passed. Tasks scheduled after Stop never
  // run.
  void After(absl::Duration delay, absl::AnyInvocable<void() &&> task);
  // Drops every task not yet run and joins the thread. Idempotent; never
  // call it from a task.
  void Stop();

 private:
  void Run();

  absl::Mutex mu_;
  // Ordered by deadline; the sequence number keeps tasks with one deadline
  // in the order they were scheduled.
  std::map<std::pair<absl::Time, uint64_t>, absl::AnyInvocable<void() &&>>
      tasks_ ABSL_GUARDED_BY(mu_);
  uint64_t next_sequence_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  // Last: it starts running once everything above is constructed.
  std::thread thread_;
};

}  // namespace parley

#endif  // PARLEY_SERVER_ENGINE_TIMER_H_
