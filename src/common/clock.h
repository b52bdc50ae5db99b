// Time as Parley's rules see it: microseconds since the Unix epoch, from a
// clock that tests can replace.
#ifndef PARLEY_COMMON_CLOCK_H_
#define PARLEY_COMMON_CLOCK_H_

#include <cstdint>
#include <functional>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace parley {

using Clock = std::function<int64_t()>;

inline int64_t RealNowMicros() { return absl::ToUnixMicros(absl::Now()); }

}  // namespace parley

#endif  // PARLEY_COMMON_CLOCK_H_
