#include "server/engine/login_limiter.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/text_rules.h"

namespace parley {
namespace {

// A name key and an address cannot run together: names hold no NUL.
std::string PairKey(std::string_view name_key, std::string_view address) {
  std::string key(name_key);
  key.push_back('\0');
  key.append(address);
  return key;
}

absl::Status Throttled(std::string_view what, int64_t wait_us) {
  const int64_t wait_s = (wait_us + 999'999) / 1'000'000;
  return absl::ResourceExhaustedError(absl::StrCat(
      "too many sign-in attempts ", absl::string_view(what.data(), what.size()),
      "; try again in ", wait_s, " s"));
}

}  // namespace

LoginLimiter::LoginLimiter(const LoginLimiterOptions& options)
    : options_(options),
      pairs_(options.pair, options.slots),
      addresses_(options.address, options.slots),
      names_(options.name, options.slots) {}

absl::Status LoginLimiter::Admit(std::string_view name,
                                 std::string_view address, int64_t now_us) {
  const std::string name_key = NameKey(name);
  const std::string pair = PairKey(name_key, address);
  // Checking and charging under one lock makes attempts that begin together
  // count against each other.
  absl::MutexLock lock(&mu_);
  if (const int64_t wait = pairs_.WaitUs(pair, now_us); wait > 0) {
    refused_pair_.Add();
    return Throttled("for this name from this address", wait);
  }
  if (const int64_t wait = addresses_.WaitUs(address, now_us); wait > 0) {
    refused_address_.Add();
    return Throttled("from this address", wait);
  }
  const bool known = IsKnownDevice(pair, now_us);
  if (!known) {
    if (const int64_t wait = names_.WaitUs(name_key, now_us); wait > 0) {
      refused_name_.Add();
      return Throttled(
          "for this name from new addresses (a device that has signed in "
          "to it before is not affected)",
          wait);
    }
  }
  pairs_.Charge(pair, now_us);
  addresses_.Charge(address, now_us);
  // A known device does not spend the name's bucket, so it has nothing to
  // give back either: RecordSuccess refunds the name only when this charged it.
  if (!known) names_.Charge(name_key, now_us);
  return absl::OkStatus();
}

LoginLimiter::Refusals LoginLimiter::refusals() const {
  return Refusals{refused_pair_.value(), refused_address_.value(),
                  refused_name_.value()};
}

void LoginLimiter::RecordSuccess(std::string_view name,
                                 std::string_view address, int64_t now_us) {
  const std::string name_key = NameKey(name);
  const std::string pair = PairKey(name_key, address);
  absl::MutexLock lock(&mu_);
  pairs_.Refund(pair);
  addresses_.Refund(address);
  if (!IsKnownDevice(pair, now_us)) names_.Refund(name_key);
  RememberDevice(pair, now_us);
}

bool LoginLimiter::IsKnownDevice(const std::string& pair, int64_t now_us) {
  auto it = known_devices_.find(pair);
  return it != known_devices_.end() &&
         now_us - it->second <= options_.known_device_ttl_us;
}

void LoginLimiter::RememberDevice(const std::string& pair, int64_t now_us) {
  if (known_devices_.size() >= options_.max_known_devices &&
      !known_devices_.contains(pair)) {
    // Drop the older half: rare (only successful sign-ins add entries), and
    // a device forgotten here only goes back to the name's gentle limit.
    std::vector<int64_t> times;
    times.reserve(known_devices_.size());
    for (const auto& [key, at] : known_devices_) times.push_back(at);
    auto middle = times.begin() + static_cast<std::ptrdiff_t>(times.size() / 2);
    std::nth_element(times.begin(), middle, times.end());
    const int64_t cutoff = *middle;
    absl::erase_if(known_devices_, [cutoff](const auto& entry) {
      return entry.second <= cutoff;
    });
  }
  known_devices_[pair] = now_us;
}

}  // namespace parley
