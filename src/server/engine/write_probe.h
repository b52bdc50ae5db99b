// Whether the database takes writes, found by making one now and then
// (Store::ProbeWrite): a server that cannot write (a read-only file or
// database, a full disk, PostgreSQL down) then says so to health checks,
// NOT_SERVING, instead of SERVING while every send and sign-in fails, and
// says SERVING again by itself once writes go through.
//
// Thread safety: safe for concurrent use. Probes run on a worker of the pool,
// one at a time; a turn that finds the pool full is skipped. Ownership: the
// store, timer and pool are not owned; the probing ends when the timer stops
// (and before the pool shuts down, a task already queued finishes).
#ifndef PARLEY_SERVER_ENGINE_WRITE_PROBE_H_
#define PARLEY_SERVER_ENGINE_WRITE_PROBE_H_

#include <memory>

#include "absl/functional/any_invocable.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/engine/timer.h"
#include "server/engine/worker_pool.h"
#include "store/store.h"

namespace parley {

class WriteProbe {
 public:
  WriteProbe(store::Store* store, Timer* timer, WorkerPool* pool,
             absl::Duration every)
      : store_(store), timer_(timer), pool_(pool), every_(every) {}
  WriteProbe(const WriteProbe&) = delete;
  WriteProbe& operator=(const WriteProbe&) = delete;

  // Probes now and then every `every`, and calls `on_change` (on a worker)
  // with the first answer and with each change after it. At most once.
  void Start(absl::AnyInvocable<void(bool writable)> on_change);
  // The last answer; true before the first.
  bool writable();

 private:
  void Schedule(absl::Duration delay);
  void Probe();

  store::Store* const store_;
  Timer* const timer_;
  WorkerPool* const pool_;
  const absl::Duration every_;
  absl::Mutex mu_;
  absl::AnyInvocable<void(bool)> on_change_ ABSL_GUARDED_BY(mu_);
  bool known_ ABSL_GUARDED_BY(mu_) = false;
  bool writable_ ABSL_GUARDED_BY(mu_) = true;
};

}  // namespace parley

#endif  // PARLEY_SERVER_ENGINE_WRITE_PROBE_H_
