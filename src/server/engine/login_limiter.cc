#include "server/engine/login_limiter.h"

#include <array>
#include <cstddef>
#include <span>

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "common/text_rules.h"
#include "store/memory_throttle_table.h"

namespace parley {
namespace {

enum Table : int { kPairs = 0, kAddresses = 1, kNames = 2, kDevices = 3 };

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

std::unique_ptr<store::ThrottleTable> OwnTable(
    const LoginLimiterOptions& options, store::ThrottleTable* shared) {
  if (shared != nullptr) return nullptr;
  return std::make_unique<store::MemoryThrottleTable>(LoginLimiter::kTables,
                                                      options.slots);
}

}  // namespace

// Cells in one array, in table order, and spans of each kind's pair.
struct LoginLimiter::AttemptCells {
  std::array<store::ThrottleCell, 8> all;
  int64_t device_fingerprint = 0;

  std::span<store::ThrottleCell, 2> pair() { return Part(kPairs); }
  std::span<store::ThrottleCell, 2> address() { return Part(kAddresses); }
  std::span<store::ThrottleCell, 2> name() { return Part(kNames); }
  std::span<store::ThrottleCell, 2> device() { return Part(kDevices); }
  std::span<const store::ThrottleCell, 2> device() const {
    return std::span<const store::ThrottleCell, 2>(
        all.data() + ptrdiff_t{2} * kDevices, 2);
  }

 private:
  std::span<store::ThrottleCell, 2> Part(int table) {
    return std::span<store::ThrottleCell, 2>(all.data() + ptrdiff_t{2} * table,
                                             2);
  }
};

LoginLimiter::LoginLimiter(const LoginLimiterOptions& options,
                           store::ThrottleTable* shared)
    : options_(options),
      own_table_(OwnTable(options, shared)),
      table_(shared != nullptr ? shared : own_table_.get()),
      pairs_(options.pair, kPairs, options.slots),
      addresses_(options.address, kAddresses, options.slots),
      names_(options.name, kNames, options.slots) {}

LoginLimiter::~LoginLimiter() = default;

LoginLimiter::AttemptCells LoginLimiter::CellsFor(
    std::string_view name, std::string_view address) const {
  const std::string& secret = table_->secret();
  const std::string name_key = NameKey(name);
  const std::string pair = PairKey(name_key, address);
  AttemptCells attempt;
  const auto copy = [&](std::span<store::ThrottleCell, 2> to,
                        const std::array<store::ThrottleCell, 2>& from) {
    to[0] = from[0];
    to[1] = from[1];
  };
  copy(attempt.pair(), pairs_.Cells(secret, pair));
  copy(attempt.address(), addresses_.Cells(secret, address));
  copy(attempt.name(), names_.Cells(secret, name_key));
  const KeyCells device = CellsOf(secret, kDevices, options_.slots, pair);
  copy(attempt.device(), device.cells);
  attempt.device_fingerprint = device.fingerprint;
  return attempt;
}

// A device cell holds the fingerprint of a (name, address) pair as its tag
// and the time of its last successful sign-in as its value.
bool LoginLimiter::IsKnown(const AttemptCells& attempt, int64_t now_us) const {
  for (const store::ThrottleCell& cell : attempt.device()) {
    if (cell.tag == attempt.device_fingerprint &&
        now_us - cell.value <= options_.known_device_ttl_us) {
      return true;
    }
  }
  return false;
}

absl::Status LoginLimiter::Admit(std::string_view name,
                                 std::string_view address, int64_t now_us) {
  AttemptCells attempt = CellsFor(name, address);
  absl::Status verdict;
  Counter* refused_by = nullptr;
  // Checking and charging in one update makes attempts that begin together,
  // on any server, count against each other.
  absl::Status updated =
      table_->Update(attempt.all, [&](std::span<store::ThrottleCell>) {
        refused_by = nullptr;
        if (const int64_t wait = pairs_.WaitUs(attempt.pair(), now_us);
            wait > 0) {
          verdict = Throttled("for this name from this address", wait);
          refused_by = &refused_pair_;
          return;
        }
        if (const int64_t wait = addresses_.WaitUs(attempt.address(), now_us);
            wait > 0) {
          verdict = Throttled("from this address", wait);
          refused_by = &refused_address_;
          return;
        }
        const bool known = IsKnown(attempt, now_us);
        if (!known) {
          if (const int64_t wait = names_.WaitUs(attempt.name(), now_us);
              wait > 0) {
            verdict = Throttled(
                "for this name from new addresses (a device that has signed "
                "in to it before is not affected)",
                wait);
            refused_by = &refused_name_;
            return;
          }
        }
        verdict = absl::OkStatus();
        pairs_.Charge(attempt.pair(), now_us);
        addresses_.Charge(attempt.address(), now_us);
        // A known device does not spend the name's bucket, so it has nothing
        // to give back either: RecordSuccess refunds the name only when this
        // charged it.
        if (!known) names_.Charge(attempt.name(), now_us);
      });
  if (!updated.ok()) return updated;
  if (refused_by != nullptr) refused_by->Add();
  return verdict;
}

LoginLimiter::Refusals LoginLimiter::refusals() const {
  return Refusals{refused_pair_.value(), refused_address_.value(),
                  refused_name_.value()};
}

void LoginLimiter::RecordSuccess(std::string_view name,
                                 std::string_view address, int64_t now_us) {
  AttemptCells attempt = CellsFor(name, address);
  const absl::Status updated =
      table_->Update(attempt.all, [&](std::span<store::ThrottleCell>) {
        pairs_.Refund(attempt.pair());
        addresses_.Refund(attempt.address());
        if (!IsKnown(attempt, now_us)) names_.Refund(attempt.name());
        // Remember the device: in its own slot if it has one, else in the
        // slot that was used longest ago.
        std::span<store::ThrottleCell, 2> device = attempt.device();
        store::ThrottleCell* slot = &device[0];
        if (device[1].tag == attempt.device_fingerprint ||
            (device[0].tag != attempt.device_fingerprint &&
             device[1].value < device[0].value)) {
          slot = &device[1];
        }
        slot->tag = attempt.device_fingerprint;
        slot->value = now_us;
      });
  if (!updated.ok()) {
    PARLEY_LOG(kWarning) << "could not record a successful sign-in with the "
                            "throttle: "
                         << updated;
  }
}

}  // namespace parley
