#include "server/engine/memory_trim.h"

#include <malloc.h>

namespace parley {

void TrimMemoryEvery(absl::Duration every, Timer* timer, WorkerPool* pool) {
  timer->After(every, [every, timer, pool] {
    (void)pool->TrySubmit([] { malloc_trim(0); });
    TrimMemoryEvery(every, timer, pool);
  });
}

}  // namespace parley
