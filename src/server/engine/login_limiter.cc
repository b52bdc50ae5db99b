#include "server/engine/login_limiter.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/text_rules.h"

namespace parley {

std::string LoginLimiter::Key(std::string_view name) { return NameKey(name); }

absl::Status LoginLimiter::Check(std::string_view name, int64_t now_us) {
  absl::MutexLock lock(&mu_);
  auto it = entries_.find(Key(name));
  if (it == entries_.end() || it->second.blocked_until_us <= now_us) {
    return absl::OkStatus();
  }
  const int64_t wait_s =
      (it->second.blocked_until_us - now_us + 999'999) / 1'000'000;
  return absl::ResourceExhaustedError(absl::StrCat(
      "too many failed sign-ins for this name; try again in ", wait_s, " s"));
}

void LoginLimiter::RecordFailure(std::string_view name, int64_t now_us) {
  absl::MutexLock lock(&mu_);
  if (entries_.size() >= options_.max_names) DropStale(now_us);
  if (entries_.size() >= options_.max_names) entries_.clear();
  Entry& entry = entries_[Key(name)];
  if (now_us - entry.last_failure_us > options_.forget_after_us) {
    entry.failures = 0;
  }
  entry.failures++;
  entry.last_failure_us = now_us;
  const int over = entry.failures - options_.free_failures;
  if (over <= 0) return;
  int64_t wait = options_.first_wait_us;
  for (int i = 1; i < over && wait < options_.max_wait_us; ++i) wait *= 2;
  entry.blocked_until_us = now_us + std::min(wait, options_.max_wait_us);
}

void LoginLimiter::RecordSuccess(std::string_view name) {
  absl::MutexLock lock(&mu_);
  entries_.erase(Key(name));
}

void LoginLimiter::DropStale(int64_t now_us) {
  absl::erase_if(entries_, [&](const auto& entry) {
    return now_us - entry.second.last_failure_us > options_.forget_after_us &&
           entry.second.blocked_until_us <= now_us;
  });
}

}  // namespace parley
