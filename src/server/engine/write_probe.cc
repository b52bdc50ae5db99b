#include "server/engine/write_probe.h"

#include <utility>

#include "common/log.h"

namespace parley {

void WriteProbe::Start(absl::AnyInvocable<void(bool writable)> on_change) {
  {
    absl::MutexLock lock(&mu_);
    on_change_ = std::move(on_change);
  }
  Schedule(absl::ZeroDuration());
}

bool WriteProbe::writable() {
  absl::MutexLock lock(&mu_);
  return writable_;
}

void WriteProbe::Schedule(absl::Duration delay) {
  timer_->After(delay, [this] {
    if (!pool_->TrySubmit([this] { Probe(); })) Schedule(every_);
  });
}

void WriteProbe::Probe() {
  const absl::Status probed = store_->ProbeWrite();
  const bool writable = probed.ok();
  {
    absl::MutexLock lock(&mu_);
    if (!known_ || writable != writable_) {
      writable_ = writable;
      if (writable && known_) {
        PARLEY_LOG(kInfo) << "the database takes writes again: serving";
      } else if (!writable) {
        PARLEY_LOG(kError) << "the database takes no writes (" << probed
                           << "): health checks answer NOT_SERVING until it "
                              "does";
      }
      known_ = true;
      // Under mu_, so that changes arrive in order; the callback is short.
      on_change_(writable);
    }
  }
  Schedule(every_);
}

}  // namespace parley
