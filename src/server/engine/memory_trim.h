// Gives freed heap memory back to the system now and then. After a flood
// (thousands of half-open streams, large requests) is over, glibc's allocator
// keeps the freed memory mapped: a server that peaked at 400 MB stayed there.
// malloc_trim returns it.
//
// Thread safety: call once, from any thread. Ownership: `timer` and `pool`
// are not owned and must outlive the schedule, which ends when the timer
// stops.
#ifndef PARLEY_SERVER_ENGINE_MEMORY_TRIM_H_
#define PARLEY_SERVER_ENGINE_MEMORY_TRIM_H_

#include "absl/time/time.h"
#include "server/engine/timer.h"
#include "server/engine/worker_pool.h"

namespace parley {

// Every `every`, runs malloc_trim on a worker of `pool` (skipped when the pool
// is full: it can wait for the next turn).
void TrimMemoryEvery(absl::Duration every, Timer* timer, WorkerPool* pool);

}  // namespace parley

#endif  // PARLEY_SERVER_ENGINE_MEMORY_TRIM_H_
