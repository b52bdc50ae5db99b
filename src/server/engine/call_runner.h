// Where a call's work runs. A rule that reads or writes the store runs on the
// worker pool (no edge's thread ever blocks on the database); a rule that
// only queues (a send) runs on the calling thread. Both first need the
// caller: a session in memory is resolved at once, any other on a worker
// after a store read. This is the one place that answers a full pool with
// RESOURCE_EXHAUSTED and a cancelled call with CANCELLED, for every
// transport.
//
// Thread safety: safe for concurrent use. The pool and the session cache are
// not owned and must outlive the runner.
#ifndef PARLEY_SERVER_ENGINE_CALL_RUNNER_H_
#define PARLEY_SERVER_ENGINE_CALL_RUNNER_H_

#include <memory>
#include <utility>

#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "server/engine/call_context.h"
#include "server/engine/principal.h"
#include "server/engine/session_cache.h"
#include "server/engine/worker_pool.h"

namespace parley {

class CallRunner {
 public:
  CallRunner(WorkerPool* pool, SessionCache* sessions)
      : pool_(pool), sessions_(sessions) {}
  CallRunner(const CallRunner&) = delete;
  CallRunner& operator=(const CallRunner&) = delete;

  // Runs `work` on a worker and replies with what it returns; replies
  // RESOURCE_EXHAUSTED at once when the pool is full, and CANCELLED without
  // running `work` if the client gave up before a worker took it.
  template <typename T>
  void Run(const CallContext& call,
           absl::AnyInvocable<absl::StatusOr<T>() &&> work, Reply<T> reply) {
    auto shared = std::make_shared<Reply<T>>(std::move(reply));
    if (!pool_->TrySubmit([cancelled = call.cancelled, work = std::move(work),
                           shared]() mutable {
          if (cancelled && cancelled()) {
            std::move (*shared)(absl::CancelledError("the call was cancelled"));
            return;
          }
          std::move (*shared)(std::move(work)());
        })) {
      std::move (*shared)(ServerBusyError());
    }
  }

  // Run for a signed-in caller: `work` gets the caller's principal, and the
  // call is answered UNAUTHENTICATED without running it when the token names
  // no live session.
  template <typename T>
  void RunSignedIn(
      const CallContext& call,
      absl::AnyInvocable<absl::StatusOr<T>(const Principal&) &&> work,
      Reply<T> reply) {
    Run<T>(
        call,
        [this, token = call.token,
         work = std::move(work)]() mutable -> absl::StatusOr<T> {
          absl::StatusOr<Principal> caller = sessions_->Authenticate(token);
          if (!caller.ok()) return caller.status();
          return std::move(work)(*caller);
        },
        std::move(reply));
  }

  // Calls `next` with the caller's principal, or UNAUTHENTICATED: at once on
  // this thread when that needs no store read, else on a worker (or at once
  // with RESOURCE_EXHAUSTED when the pool is full). For work that never
  // blocks.
  void WithCaller(const CallContext& call,
                  absl::AnyInvocable<void(absl::StatusOr<Principal>) &&> next);

  WorkerPool* pool() const { return pool_; }

 private:
  WorkerPool* const pool_;
  SessionCache* const sessions_;
};

}  // namespace parley

#endif  // PARLEY_SERVER_ENGINE_CALL_RUNNER_H_
